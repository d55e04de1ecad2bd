import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import {
  selectReroll,
  selectRunTrace,
  selectSetChoice,
  selectTraceAllOutcomes,
  selectTraceError,
  selectTraceStatus,
  selectTraceStale,
  selectProblems,
  selectFrom,
  selectTo,
  selectChoice,
  useAppStore,
  type MaskedTrace,
} from '../../store';
import { OutcomeHidden } from './OutcomeHidden';
import { formatAddress, formatCovered, formatEndpoint, formatP } from '../lib/format';
import { Timeline } from './Timeline';
import { usePanelPlayback } from '../playback/useFrames';
import { useWording } from '../lib/useWording';
import { useReasonText } from '../lib/useReasonText';
import { VerdictBadge } from './VerdictBadge';
import { SearchStatus } from './SearchStatus';

/** Outcome rows drawn at first, and added per "Show more": a search can list thousands (one per endpoint and path). */
const OUTCOME_ROWS = 100;

const action = 'h-7 rounded-md border border-slate-300 bg-white px-2 text-[12px] font-medium text-slate-700 shadow-xs hover:bg-slate-50 disabled:opacity-40';

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <span className="flex min-w-0 items-baseline gap-1.5">
      <span className="text-[11px] font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase">{label}</span>
      <span data-testid={testId} className="min-w-0 font-mono text-[12px] text-slate-800">
        {value}
      </span>
    </span>
  );
}

/** The outcome of the last trace: verdict, why, where it ended, every outcome, and the timeline of hops there and back. */
export function ResultPanel() {
  const { trace } = usePanelPlayback();
  const error = useAppStore(selectTraceError);
  const status = useAppStore(selectTraceStatus);
  const reroll = useAppStore(selectReroll);
  const traceAll = useAppStore(selectTraceAllOutcomes);
  const busy = status === 'running';
  const choice = useAppStore(selectChoice);
  const searching = busy && !!choice && 'all' in choice;
  const setChoice = useAppStore(selectSetChoice);
  const runTrace = useAppStore(selectRunTrace);
  const stale = useAppStore(selectTraceStale);
  const problems = useAppStore(selectProblems);
  const showProblems = useAppStore((s) => s.setSidebarTab);
  const from = useAppStore(selectFrom);
  const to = useAppStore(selectTo);
  const { t } = useTranslation();
  const word = useWording();
  const reasonText = useReasonText();
  // Rows shown of which answer's outcomes: a new answer starts with its first rows again.
  const [shown, setShown] = useState<{ of: unknown; rows: number }>({ of: null, rows: OUTCOME_ROWS });
  const rows = shown.of === trace?.outcomes ? shown.rows : OUTCOME_ROWS;
  const follow = (path: string[]) => {
    setChoice({ pick: path });
    return runTrace();
  };

  if (error) {
    return (
      <div className="h-full overflow-auto p-4">
        <div data-testid="trace.error" role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-[13px] text-rose-800">
          <span className="font-semibold">{t('result.couldNotRun')}</span>
          {word(error)}
          {typeof error !== 'string' && error.key === 'traceDocInvalid' && problems[0] && (
            <span data-testid="trace.firstProblem" className="mt-1 block font-mono text-[12px]">
              {problems[0].path}: {reasonText(problems[0].message, problems[0].why)}
            </span>
          )}
          {typeof error !== 'string' && error.key === 'traceDocInvalid' && (
            <button type="button" data-testid="trace.showProblems" className={`${action} mt-2`} onClick={() => showProblems('problems')}>
              {t('result.showProblems')}
            </button>
          )}
        </div>
      </div>
    );
  }
  if (!trace) {
    if (searching)
      return (
        <div className="p-3">
          <SearchStatus action={action} />
        </div>
      );
    return <div className="p-4 text-[13px] text-slate-500">{status === 'running' ? t('trace.running') : t('result.empty')}</div>;
  }

  const r = trace.request;
  // A prediction lesson's outcome, not yet revealed (see store/answer-mask.ts).
  const hidden = (trace as MaskedTrace).masked === 'outcome';
  // The request bar above says what was asked; the result repeats it only once the bar says something else.
  const asked = from.trim() === r.from && to.trim() === r.to;
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="trace.result" data-stale={stale || undefined}>
      {stale && (
        <div
          data-testid="trace.stale"
          role="status"
          className="flex shrink-0 flex-wrap items-center gap-2 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-[12.5px] text-amber-900"
        >
          <span className="min-w-0 flex-1">{problems.length ? t('result.staleInvalid') : t('result.stale')}</span>
          {problems.length > 0 ? (
            <button type="button" data-testid="trace.showProblems" className={action} onClick={() => showProblems('problems')}>
              {t('result.showProblems')}
            </button>
          ) : (
            <button type="button" data-testid="trace.retrace" className={action} disabled={busy} onClick={() => void runTrace()}>
              {t('result.retrace')}
            </button>
          )}
        </div>
      )}
      <div className="flex max-h-[55%] shrink-0 flex-col gap-1 overflow-auto border-b border-slate-200 px-3 py-1.5">
        {searching && <SearchStatus action={action} />}
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {hidden ? (
            <OutcomeHidden />
          ) : (
            <>
              <VerdictBadge verdict={trace.verdict} />
              {trace.httpStatus !== undefined && (
                <span
                  data-testid="trace.httpStatus"
                  title={t('result.httpStatusTitle', { status: trace.httpStatus })}
                  className="rounded-full bg-amber-100 px-2 py-0.5 font-mono text-[12px] font-semibold text-amber-900 ring-1 ring-amber-300"
                >
                  {t('result.httpStatus', { status: trace.httpStatus })}
                </span>
              )}
            </>
          )}
          {/* Last in its row: the verdict and the actions share the first line, the request (often long) has its own. */}
          {!asked && (
            <span data-testid="trace.request" className="order-last font-mono text-[12.5px] text-slate-700">
              {r.from} → {r.to} <span className="text-slate-400">{r.protocol ?? 'TCP'}</span>
            </span>
          )}
          {r.choice && 'pick' in r.choice && <span className="text-[12px] text-slate-500">{t('result.following', { pick: r.choice.pick.join(', ') })}</span>}
          {r.choice && 'seed' in r.choice && <span className="text-[12px] text-slate-500">{t('result.seed', { seed: r.choice.seed })}</span>}
          <span className="ml-auto flex gap-1.5">
            <button type="button" data-testid="trace.reroll" className={action} disabled={busy} onClick={() => void reroll()} title={t('result.rerollTitle')}>
              {t('result.reroll')}
            </button>
            <button type="button" data-testid="trace.all" className={action} disabled={busy} onClick={() => void traceAll()} title={t('result.allTitle')}>
              {t('result.all')}
            </button>
          </span>
        </div>
        {!hidden && (
          <div className="flex flex-wrap gap-x-5 gap-y-0.5">
            <Fact label={t('result.deliveredTo')} testId="trace.deliveredTo" value={trace.deliveredTo ? formatEndpoint(trace.deliveredTo) : '—'} />
            <Fact label={t('result.sourceSeen')} testId="trace.sourceSeen" value={trace.sourceSeenByServer ?? '—'} />
            <Fact label={t('result.kernelStacks')} testId="trace.kernelStacks" value={String(trace.kernelStacks)} />
          </div>
        )}
        {trace.reason && !hidden && (
          <p
            data-testid="trace.reason"
            title={reasonText(trace.reason, trace.why)}
            className="line-clamp-3 rounded-md bg-slate-100 px-2 py-1 text-[12.5px] text-slate-800"
          >
            {reasonText(trace.reason, trace.why)}
          </p>
        )}
        {trace.outcomes && trace.outcomes.length > 0 && (
          <section>
            <h3 className="mb-1 text-[12px] font-semibold text-slate-600">{t('result.outcomesHeading', { count: trace.outcomes.length })}</h3>
            {trace.truncated && (
              <p data-testid="trace.outcomesTruncated" className="mb-1 rounded-md bg-amber-50 px-2 py-1 text-[12px] text-amber-900">
                {t('result.truncated', { walked: trace.branchesWalked ?? trace.outcomes.length, covered: formatCovered(trace.covered ?? 0) })}
              </p>
            )}
            {/* NOTE: two lines a row in the panel's width (a cell per fact overflowed it: the place cut off, the rest out of
                sight, ~63 px a row); every fact is still in the row's text, its title holds the long ones whole. */}
            <table data-testid="trace.outcomes" className="w-full table-fixed border-collapse text-[12px]">
              <tbody>
                {trace.outcomes.slice(0, rows).map((o) => {
                  const where = o.deliveredTo ? formatEndpoint(o.deliveredTo) : '—';
                  const source =
                    (o.sourcesSeen ?? 1) > 1
                      ? t('result.sourceMore', { ip: o.sourceSeenByServer ?? '—', count: o.sourcesSeen! - 1 })
                      : t('result.source', { ip: o.sourceSeenByServer ?? '—' });
                  const via = t('result.via', { path: o.path.join(' → ') || '—' });
                  const reason = o.reason ? reasonText(o.reason, o.why) : '';
                  return (
                    <tr
                      key={o.path.join(' ')}
                      data-testid="trace.outcome"
                      title={`${t('result.playBranch')}\n${where}\n${source}\n${via}${reason ? `\n${reason}` : ''}`}
                      tabIndex={0}
                      onClick={() => void follow(o.path)}
                      onKeyDown={(e) => {
                        if (e.key !== 'Enter' && e.key !== ' ') return;
                        e.preventDefault();
                        void follow(o.path);
                      }}
                      className="cursor-pointer border-b border-slate-100 align-top outline-offset-[-2px] hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-500"
                    >
                      <td className="w-20 py-1 pr-1 pl-2 font-mono text-slate-500 tabular-nums">
                        p={formatP(o.p)}
                        {(o.branches ?? 1) > 1 && <div className="text-[11px] whitespace-nowrap">{t('result.branches', { count: o.branches })}</div>}
                      </td>
                      <td className="min-w-0 py-1 pr-2">
                        <div className="flex min-w-0 items-center gap-1.5">
                          <VerdictBadge verdict={o.verdict} testId="trace.outcome.verdict" />
                          {o.deliveredTo ? (
                            <>
                              <span data-testid="trace.outcome.where" className="font-mono whitespace-nowrap">
                                {formatAddress(o.deliveredTo)}
                              </span>
                              <span className="truncate font-mono text-slate-600">
                                {o.deliveredTo.kind} {o.deliveredTo.name}
                              </span>
                            </>
                          ) : (
                            <span className="font-mono">—</span>
                          )}
                        </div>
                        <div className="truncate font-mono text-[11px] text-slate-500">
                          {source} · {via}
                        </div>
                        {reason && <div className="truncate text-[11px] text-slate-600">{reason}</div>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {trace.outcomes.length > rows && (
              <button
                type="button"
                data-testid="trace.moreOutcomes"
                className={`${action} mt-1`}
                onClick={() => setShown({ of: trace.outcomes, rows: rows + OUTCOME_ROWS * 5 })}
              >
                {t('result.moreOutcomes', { count: Math.min(OUTCOME_ROWS * 5, trace.outcomes.length - rows) })}
              </button>
            )}
          </section>
        )}
      </div>
      <div data-scroll className="min-h-0 flex-1 overflow-auto">
        <Timeline />
        {trace.conntrack.length > 0 && !hidden && (
          <section className="p-3">
            <h3 className="mb-1 text-[12px] font-semibold text-slate-600">{t('result.conntrack')}</h3>
            <ul data-testid="trace.conntrack" className="font-mono text-[12px] text-slate-700">
              {trace.conntrack.map((c) => (
                <li key={`${c.ns} ${c.orig}`}>
                  <span className="text-slate-500">{c.ns}</span> {c.proto} {c.orig} ⇄ {c.reply}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
