import { useId, useState, type ReactNode } from 'react';
import type { Problem } from '../../model';
import { cn } from '../lib/cn';
import { useReasonText } from '../lib/useReasonText';

export type FieldKind =
  | { type: 'text'; optional?: boolean; placeholder?: string }
  | { type: 'number'; optional?: boolean; placeholder?: string }
  | { type: 'bool'; dflt: boolean }
  | { type: 'select'; options: readonly string[]; optional?: boolean; dflt?: string }
  /** `key=value, key=value` */
  | { type: 'labels' }
  /** comma-separated list */
  | { type: 'list' }
  /** anything else, as JSON */
  | { type: 'json' };

const input =
  'w-full rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-[12px] focus:border-blue-500 focus:ring-2 focus:ring-blue-200 focus:outline-none';

/** How a value is shown in a text box. */
export function toText(kind: FieldKind, v: unknown): string {
  if (v === undefined || v === null) return '';
  switch (kind.type) {
    case 'labels':
      return typeof v === 'object'
        ? Object.entries(v as Record<string, unknown>)
            .map(([k, x]) => `${k}=${String(x)}`)
            .join(', ')
        : String(v);
    case 'list':
      return Array.isArray(v) ? v.join(', ') : String(v);
    case 'json':
      return JSON.stringify(v);
    default:
      return String(v);
  }
}

/** What typed text means; `{ error }` when it cannot be read at all (kept out of the document). */
export function fromText(kind: FieldKind, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  switch (kind.type) {
    case 'text':
      return { value: t === '' && kind.optional ? undefined : t };
    case 'number':
      if (t === '') return { value: kind.optional ? undefined : 0 };
      return /^-?\d+(\.\d+)?$/.test(t) ? { value: Number(t) } : { value: t };
    case 'labels': {
      if (t === '') return { value: {} };
      const out: Record<string, string> = {};
      for (const part of t.split(',')) {
        const p = part.trim();
        if (!p) continue;
        const eq = p.indexOf('=');
        if (eq <= 0) return { error: `'${p}' is not key=value` };
        out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
      }
      return { value: out };
    }
    case 'list':
      return {
        value:
          t === ''
            ? []
            : t
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
      };
    case 'json':
      if (t === '') return { value: undefined };
      try {
        return { value: JSON.parse(t) as unknown };
      } catch {
        return { error: 'not valid JSON' };
      }
    default:
      return { value: t };
  }
}

interface Props {
  label: string;
  testId: string;
  kind: FieldKind;
  value: unknown;
  problems: readonly Problem[];
  onChange(value: unknown): void;
  hint?: ReactNode;
}

/** One field of an element: commits on Enter or leaving the box; the validator's problems for it below. */
export function Field({ label, testId, kind, value, problems, onChange, hint }: Props) {
  const id = useId();
  const reasonText = useReasonText();
  const shown = toText(kind, value);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bad = problems.length > 0 || !!error;
  const commit = () => {
    if (draft === null) return;
    const r = fromText(kind, draft);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    setError(null);
    setDraft(null);
    if (draft.trim() !== shown) onChange(r.value);
  };
  let control: ReactNode;
  if (kind.type === 'bool') {
    control = (
      <input
        id={id}
        data-testid={testId}
        type="checkbox"
        checked={typeof value === 'boolean' ? value : kind.dflt}
        onChange={(e) => onChange(e.target.checked)}
        className="h-4 w-4"
      />
    );
  } else if (kind.type === 'select') {
    const cur = value === undefined ? '' : String(value);
    const opts = kind.options.includes(cur) || cur === '' ? kind.options : [cur, ...kind.options];
    control = (
      <select
        id={id}
        data-testid={testId}
        value={cur}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        className={cn(input, 'font-sans', bad && 'border-rose-400')}
      >
        {(kind.optional || cur === '') && <option value="">{kind.dflt ? `(default: ${kind.dflt})` : '(none)'}</option>}
        {opts.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        data-testid={testId}
        value={draft ?? shown}
        placeholder={'placeholder' in kind ? kind.placeholder : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
        aria-invalid={bad}
        className={cn(input, bad && 'border-rose-400 bg-rose-50')}
      />
    );
  }
  return (
    <div className={cn('grid grid-cols-[7.5rem_1fr] items-start gap-x-2 py-0.5', kind.type === 'bool' && 'items-center')}>
      <label htmlFor={id} className="pt-0.5 text-[11px] text-slate-600">
        {label}
      </label>
      <div className="min-w-0">
        {control}
        {hint && <div className="text-[10px] text-slate-400">{hint}</div>}
        {error && <div className="text-[11px] text-rose-700">{error}</div>}
        {problems.map((p, i) => (
          <div key={i} data-testid="inspector.problem" className="text-[11px] leading-4 text-rose-700">
            {reasonText(p.message, p.why)}
          </div>
        ))}
      </div>
    </div>
  );
}
