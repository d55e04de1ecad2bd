import { useDeferredValue, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { ENDPOINT_GROUPS, MAX_MATCHES, type EndpointGroup, type EndpointIndex, type EndpointMatch, type EndpointSide } from '../../store/endpoint-index';
import { cn } from '../lib/cn';

const GROUP_LABEL: Record<EndpointSide, Record<EndpointGroup, string>> = {
  from: { pods: 'trace.pods', services: 'trace.groupServices', lbs: 'trace.groupLbs', nodes: 'trace.nodes', externals: 'trace.externals' },
  to: { pods: 'trace.pods', services: 'trace.groupServices', lbs: 'trace.groupLbs', nodes: 'trace.groupNodesTo', externals: 'trace.externals' },
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

interface Props {
  testId: string;
  side: EndpointSide;
  /** The store's value. */
  value: string;
  /**
   * Called with what the person chose or typed. To takes any text as typed (a free address);
   * From takes a source the document has, or an IPv4 address, and keeps other text as a draft.
   */
  onChange(value: string): void;
  index: EndpointIndex | null;
  placeholder: string;
  className?: string;
}

/**
 * A typeahead over the endpoint index (ARIA combobox): at most MAX_MATCHES matches rendered,
 * grouped; ↑/↓ move, Enter picks (or submits the form when nothing is highlighted), Escape closes.
 */
export function EndpointPicker({ testId, side, value, onChange, index, placeholder, className }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const text = draft ?? value;
  // Typing stays responsive on a big cluster: the search runs on the deferred text.
  const query = useDeferredValue(text);
  const matches = useMemo(() => (open && index ? index.search(query, side) : []), [open, index, query, side]);
  // A field holding exactly its only match has nothing left to offer.
  const shown = matches.length === 1 && matches[0]!.value === text ? [] : matches;
  const expanded = open && shown.length > 0;

  const commitText = (v: string) => {
    if (side === 'to' || v === '' || index?.isSource(v) || IPV4.test(v.trim())) onChange(v);
  };
  const pick = (m: EndpointMatch) => {
    onChange(m.value);
    setDraft(null);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
          return;
        }
        if (!shown.length) return;
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a < 0 ? (step > 0 ? 0 : shown.length - 1) : (a + step + shown.length) % shown.length));
        return;
      }
      case 'Enter':
        if (expanded && active >= 0 && shown[active]) {
          e.preventDefault();
          pick(shown[active]);
        } else setOpen(false); // the form submits: Trace
        return;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (draft !== null) setDraft(null);
        return;
      default:
    }
  };

  const optionId = (i: number) => `${listId}-o${i}`;
  let i = 0;
  return (
    <div className="relative">
      <input
        ref={input}
        data-testid={testId}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        className={className}
        value={text}
        placeholder={placeholder}
        disabled={!index}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setDraft(e.target.value);
          setOpen(true);
          setActive(-1);
          commitText(e.target.value);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
          setDraft(null);
        }}
        onKeyDown={onKeyDown}
      />
      {expanded && (
        <div
          id={listId}
          role="listbox"
          data-testid={`${testId}.list`}
          aria-label={placeholder}
          className="absolute top-full left-0 z-50 mt-1 max-h-96 w-[32rem] overflow-y-auto rounded-md border border-slate-300 bg-white py-1 text-[12px] shadow-lg"
          // Keeps the focus in the field while an option is clicked.
          onMouseDown={(e) => e.preventDefault()}
        >
          {ENDPOINT_GROUPS.map((g) => {
            const ms = shown.filter((m) => m.group === g);
            if (!ms.length) return null;
            const headId = `${listId}-${g}`;
            return (
              <div key={g} role="group" aria-labelledby={headId}>
                <div id={headId} role="presentation" className="px-2 pt-1 pb-0.5 text-[10px] font-semibold tracking-wide text-slate-400 uppercase">
                  {t(GROUP_LABEL[side][g])}
                </div>
                {ms.map((m) => {
                  const at = i++;
                  return (
                    <div
                      key={m.value}
                      id={optionId(at)}
                      role="option"
                      aria-selected={at === active}
                      data-testid={`${testId}.option`}
                      data-value={m.value}
                      className={cn('flex cursor-pointer items-baseline gap-2 px-2 py-0.5', at === active ? 'bg-blue-100' : 'hover:bg-slate-100')}
                      onMouseEnter={() => setActive(at)}
                      onClick={() => pick(m)}
                    >
                      <span className="truncate font-mono text-slate-800" title={m.value}>
                        {m.value}
                      </span>
                      <span className="ml-auto shrink-0 truncate text-slate-500">{m.label}</span>
                    </div>
                  );
                })}
              </div>
            );
          })}
          {shown.length >= MAX_MATCHES && <div className="px-2 pt-1 text-[11px] text-slate-400 italic">{t('trace.moreMatches', { count: MAX_MATCHES })}</div>}
        </div>
      )}
    </div>
  );
}
