import { useEffect, useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { TFunction } from '../../i18n/translator';
import type { Hop, KubeProxyMode } from '../../model';
import { rewritesOf } from '../../model/trace';
import { builtins } from '../../scenarios';
import {
  selectCompareStatus,
  selectCompareWith,
  selectComparison,
  selectFrom,
  selectProtocol,
  selectSummary,
  selectTo,
  useAppStore,
  useAppStoreApi,
} from '../../store';
import type { CompareResult, CompareWith, Difference, WiringSummary } from '../../worker/protocol';
import { cn } from '../lib/cn';
import { useEscape } from '../lib/useEscape';
import { useReasonText } from '../lib/useReasonText';
import { proxyModes, WIRINGS, wiringKey } from './wirings';

/** One difference in the reader's language. */
function differenceText(d: Difference, t: TFunction): string {
  const key = `compare.changes.${d.key}` as const;
  switch (d.key) {
    case 'verdict':
      return t(key, { a: t(`verdict.${d.a}`), b: t(`verdict.${d.b}`) });
    case 'httpStatus':
      return t(key, { a: d.a ?? t('compare.fromBackend'), b: d.b ?? t('compare.fromBackend') });
    case 'resolvedAt':
      return t(key, { a: d.a ?? t('compare.nowhere'), b: d.b ?? t('compare.nowhere') });
    case 'clientIpSurvives':
      return t(key, { a: t(d.a ? 'compare.yes' : 'compare.no'), b: t(d.b ? 'compare.yes' : 'compare.no') });
    case 'dialledSeenOn':
      return t(key, { a: d.a.length, b: d.b.length, list: d.b.join(', ') || t('compare.none') });
    default:
      return t(key, { a: d.a, b: d.b });
  }
}

/** How side B is written in the picker's value: "wiring:PLUGIN/MODE/PROXY" or "doc:ID". */
const valueOf = (w: CompareWith) => ('wiring' in w ? `wiring:${wiringKey(w.wiring)}/${w.wiring.kubeProxy ?? ''}` : `doc:${w.label ?? ''}`);

function parseValue(v: string): CompareWith {
  if (v.startsWith('doc:')) {
    const b = builtins.find((x) => x.id === v.slice(4))!;
    return { text: b.yaml, label: b.id };
  }
  const [plugin, mode, proxy] = v.slice('wiring:'.length).split('/');
  return { wiring: { plugin: plugin as 'flannel' | 'calico' | 'terway', mode: mode!, ...(proxy ? { kubeProxy: proxy as KubeProxyMode } : {}) } };
}

const verdictTone: Record<string, string> = {
  delivered: 'bg-emerald-100 text-emerald-900',
  refused: 'bg-amber-100 text-amber-900',
  unreachable: 'bg-orange-100 text-orange-900',
  dropped: 'bg-rose-100 text-rose-900',
};

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId: string }) {
  return (
    <div className="grid grid-cols-[10.5rem_1fr] gap-2 border-b border-slate-100 py-1 text-[12px]">
      <dt className="text-slate-500">{label}</dt>
      <dd data-testid={testId} className="min-w-0 font-mono break-words">
        {children}
      </dd>
    </div>
  );
}

/** One wiring's side: the facts a review asks about, then the hops as a compact list. */
function Side({ side, s, hops, resolvedSeq }: { side: 'a' | 'b'; s: WiringSummary; hops: Hop[]; resolvedSeq: number | null }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  return (
    <section data-testid={`compare.side.${side}`} className="flex min-h-0 flex-col rounded-lg border border-slate-200 bg-white">
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
        <span className={cn('rounded px-1.5 text-[11px] font-bold', side === 'a' ? 'bg-blue-600 text-white' : 'bg-fuchsia-600 text-white')}>
          {side.toUpperCase()}
        </span>
        <h3 data-testid="compare.label" className="font-mono text-[13px] font-semibold">
          {s.label}
        </h3>
        <span data-testid="compare.verdict" className={cn('ml-auto rounded px-1.5 text-[12px] font-semibold', verdictTone[s.verdict])}>
          {t(`verdict.${s.verdict}`)}
        </span>
        {s.httpStatus !== null && (
          <span data-testid="compare.httpStatus" className="rounded bg-amber-100 px-1.5 text-[12px] font-semibold text-amber-900">
            {t('result.httpStatus', { status: s.httpStatus })}
          </span>
        )}
      </header>
      <dl className="px-3 py-1">
        {s.reason && (
          <Fact label={t('compare.reason')} testId="compare.reason">
            <span className="font-sans text-rose-800">{reasonText(s.reason, s.why)}</span>
          </Fact>
        )}
        <Fact label={t('compare.deliveredTo')} testId="compare.deliveredTo">
          {s.deliveredTo ?? '—'}
        </Fact>
        <Fact label={t('compare.kernelStacks')} testId="compare.stacks">
          {s.kernelStacks}
        </Fact>
        <Fact label={t('compare.resolvedAt')} testId="compare.resolved">
          {s.resolvedAt ? (
            <>
              {s.resolvedAt.ns}
              {s.resolvedAt.device ? `/${s.resolvedAt.device}` : ''}
              <div className="text-[11px] text-slate-500">{s.resolvedAt.by}</div>
            </>
          ) : (
            t('compare.nowhere')
          )}
        </Fact>
        <Fact label={t('compare.clientIp')} testId="compare.clientIp">
          <span className={s.clientIpSurvives ? 'text-emerald-700' : 'text-rose-700'}>{t(s.clientIpSurvives ? 'compare.yes' : 'compare.no')}</span>{' '}
          {t('compare.serverSees', { seen: s.sourceSeenByServer ?? '—', client: s.clientIp })}
        </Fact>
        <Fact label={t('compare.dialledSeen')} testId="compare.dialledSeen">
          {s.dialledSeenOn.length ? s.dialledSeenOn.join(', ') : t('compare.none')}
        </Fact>
        <Fact label={t('compare.clientSeen')} testId="compare.clientSeen">
          {s.clientSeenOn.length ? s.clientSeenOn.join(', ') : t('compare.none')}
        </Fact>
      </dl>
      <h4 className="px-3 pt-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t('compare.path', { n: s.hops })}</h4>
      <ol data-testid="compare.hops" className="min-h-0 flex-1 overflow-auto px-3 pb-2 font-mono text-[11.5px]">
        {hops.map((h) => {
          const rw = rewritesOf(h);
          return (
            <li
              key={h.seq}
              data-testid="compare.hop"
              className={cn(
                'grid grid-cols-[1.6rem_minmax(0,1fr)_minmax(0,1.1fr)] gap-1.5 border-b border-slate-100 py-0.5',
                h.seq === resolvedSeq && 'bg-amber-50',
                h.drop && 'text-rose-800',
              )}
            >
              <span className="text-right text-slate-400">{h.seq}</span>
              <span className="truncate" title={`${h.ns} ${h.device ?? ''} ${h.dir ?? ''}`}>
                {h.ns.replace(/^(pod|node):/, '')}
                {h.device && <span className="text-slate-500"> {h.device}</span>}
                {h.hook && <span className="ml-1 rounded bg-indigo-100 px-1 text-[10px] text-indigo-800">{h.hook}</span>}
              </span>
              <span className="truncate" title={`${h.packet.src} → ${h.packet.dst}`}>
                {h.packet.src} → {h.packet.dst}
                {rw.map((r, i) => (
                  <span key={i} className="ml-1 rounded bg-amber-100 px-1 text-[10px] text-amber-900" title={`${r.type} ${r.from} → ${r.to} by ${r.by}`}>
                    {r.type}
                  </span>
                ))}
                {h.drop && <span className="ml-1 font-sans font-semibold">✕ {h.drop.verdict}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * Why the comparison could not be made, in the reader's language: a heading, then each problem of
 * the side that has them (worded from its data), or the engine's own sentence.
 */
function CompareFailed({ result, withB }: { result: Extract<CompareResult, { ok: false }>; withB: CompareWith }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const why = result.why;
  const label =
    'wiring' in withB
      ? `${withB.wiring.plugin} ${withB.wiring.mode}${withB.wiring.kubeProxy ? ` + kube-proxy ${withB.wiring.kubeProxy}` : ''}`
      : (withB.label ?? '');
  return (
    <div data-testid="compare.error" data-key={why?.key ?? 'engine'} className="rounded border border-rose-200 bg-rose-50 px-2 py-1 text-[13px] text-rose-900">
      <p className="font-semibold">{t(`compare.failed.${why?.key ?? 'engine'}`, { label, ref: why && 'ref' in why ? why.ref : '' })}</p>
      {why && 'problems' in why ? (
        <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5 text-[12.5px]">
          {why.problems.map((p, i) => (
            <li key={i} data-testid="compare.problem">
              {p.path && <span className="font-mono">{p.path}: </span>}
              {reasonText(p.message, p.why)}
            </li>
          ))}
        </ul>
      ) : why && 'ref' in why ? null : (
        <p className="mt-0.5 font-mono text-[12px] break-words">{why && 'detail' in why ? why.detail : result.error}</p>
      )}
    </div>
  );
}

/**
 * The compare view for architecture reviews: the current request traced on the loaded document
 * and on another wiring of the same workload (rewired, or another built-in document), side by side,
 * with what differs, in the reader's language.
 */
export default function CompareView() {
  const { t } = useTranslation();
  const store = useAppStoreApi();
  const comparison = useAppStore(selectComparison);
  const status = useAppStore(selectCompareStatus);
  const withB = useAppStore(selectCompareWith);
  const summary = useAppStore(selectSummary);
  const from = useAppStore(selectFrom);
  const to = useAppStore(selectTo);
  const protocol = useAppStore(selectProtocol);
  const options = useMemo(
    () => WIRINGS.flatMap((w) => proxyModes(w).map((p) => ({ value: `wiring:${wiringKey(w)}/${p}`, label: `${w.label}, kube-proxy ${p}` }))),
    [],
  );

  // Run at once on opening, and whenever side B changes.
  useEffect(() => {
    void store.getState().runCompare();
  }, [store, withB]);

  useEscape(() => store.getState().setCompareOpen(false));

  const resolvedSeq = (side: 'a' | 'b') => {
    if (!comparison?.ok) return null;
    const t = comparison.comparison[side].trace;
    return t.hops.find((h) => rewritesOf(h).some((r) => r.type === 'DNAT'))?.seq ?? null;
  };

  return (
    <div role="dialog" aria-modal="true" aria-label={t('compare.title')} data-testid="compare" className="fixed inset-0 z-50 flex flex-col bg-slate-900/40 p-4">
      <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-hidden rounded-xl bg-slate-50 p-4 shadow-2xl">
        <header className="flex flex-wrap items-center gap-3">
          <h2 className="text-[16px] font-bold">{t('compare.title')}</h2>
          <span className="text-[12px] text-slate-600">
            <span className="rounded bg-blue-600 px-1.5 font-bold text-white">A</span>{' '}
            {t('compare.thisDocument', { cni: summary?.cni, kubeProxy: summary?.kubeProxy })}
          </span>
          <label className="flex items-center gap-1.5 text-[12px] text-slate-600">
            <span className="rounded bg-fuchsia-600 px-1.5 font-bold text-white">B</span>
            <select
              data-testid="compare.with"
              className="h-7 rounded border border-slate-300 bg-white px-1 text-[12px]"
              value={valueOf(withB)}
              onChange={(e) => store.getState().setCompareWith(parseValue(e.target.value))}
            >
              <optgroup label={t('compare.rewired')}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('compare.otherDocument')}>
                {builtins.map((b) => (
                  <option key={b.id} value={`doc:${b.id}`}>
                    {b.title}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <button
            type="button"
            data-testid="compare.run"
            onClick={() => void store.getState().runCompare()}
            className="h-7 rounded bg-blue-600 px-3 text-[12px] font-semibold text-white hover:bg-blue-700"
          >
            {status === 'running' ? t('compare.running') : t('compare.run')}
          </button>
          <button
            type="button"
            data-testid="compare.close"
            onClick={() => store.getState().setCompareOpen(false)}
            className="ml-auto h-7 rounded border border-slate-300 bg-white px-3 text-[12px] hover:bg-slate-100"
          >
            {t('compare.close')}
          </button>
        </header>
        <p data-testid="compare.request" className="font-mono text-[12px] text-slate-700">
          {from || t('compare.noFrom')} → {to || t('compare.noTo')} {protocol}
          {comparison?.ok && comparison.requests[1].to !== comparison.requests[0].to && (
            <span className="ml-2 font-sans text-slate-500">{t('compare.otherAddress', { ip: comparison.requests[1].to })}</span>
          )}
        </p>
        {status === 'needsRequest' && (
          <p data-testid="compare.error" className="rounded border border-rose-200 bg-rose-50 px-2 py-1 text-[13px] text-rose-900">
            {t('compare.needsRequest')}
          </p>
        )}
        {comparison && !comparison.ok && <CompareFailed result={comparison} withB={withB} />}
        {comparison?.ok && (
          <>
            <section data-testid="compare.differences" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2">
              <h3 className="text-[12px] font-semibold text-amber-900">{t('compare.differences', { count: comparison.comparison.differences.length })}</h3>
              {comparison.comparison.differences.length === 0 ? (
                <p className="text-[12px] text-amber-900">{t('compare.noDifferences')}</p>
              ) : (
                <ul className="list-disc pl-5 text-[12.5px] text-amber-950">
                  {comparison.comparison.differences.map((d) => (
                    <li key={d.key} data-testid="compare.difference" className="font-mono">
                      {differenceText(d, t)}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <div className="grid min-h-0 flex-1 grid-cols-2 gap-3">
              <Side side="a" s={comparison.comparison.a.summary} hops={comparison.comparison.a.trace.hops} resolvedSeq={resolvedSeq('a')} />
              <Side side="b" s={comparison.comparison.b.summary} hops={comparison.comparison.b.trace.hops} resolvedSeq={resolvedSeq('b')} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
