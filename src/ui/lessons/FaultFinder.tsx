import { useEffect, useMemo, useRef, useState } from 'react';
import { rewritesOf, type Reason, type Trace } from '../../model/trace';
import { badgeOf } from '../playback/frames';
import type { FaultLesson } from '../../scenarios/lessons';
import {
  selectAnswered,
  selectCulprit,
  selectHideAnswers,
  selectEngineTrace,
  selectTopology,
  selectTrace,
  selectTraceStatus,
  useAppStore,
  useAppStoreApi,
} from '../../store';
import { useReasonText } from '../lib/useReasonText';
import { applyLessonFix } from './fix';
import { culpritElements, formatValue } from './score';
import { useLang } from './useLang';

/** The engine's reason for a failure; for a delivered request whose source changed, the rewrites that changed it. */
function causeOf(trace: Trace): { reason: string; why?: Reason | null } | null {
  if (trace.reason) return { reason: trace.reason, why: trace.why };
  const snat = trace.hops.flatMap(rewritesOf).filter((r) => r.type === 'SNAT' || r.type === 'MASQUERADE');
  return snat.length ? { reason: snat.map((r) => badgeOf(r).text).join('; ') } : null;
}

const field = 'h-8 w-full rounded-md border border-slate-300 bg-white px-2 text-[13px] font-mono';

/**
 * Find the fault: the symptom (what users report, and what the trace shows of it), then the
 * learner points at an element and one of its fields, or gives up; then the cause, the fix, and
 * the fix applied with the trace run again.
 */
export function FaultFinder({ lesson }: { lesson: FaultLesson }) {
  const { t, text } = useLang();
  const reasonText = useReasonText();
  const store = useAppStoreApi();
  const topology = useAppStore(selectTopology);
  const culprit = useAppStore(selectCulprit);
  // Shown: found or given up, or the presenter switched "Hide answers" off.
  const found = useAppStore(selectAnswered);
  const hide = useAppStore(selectHideAnswers);
  const answered = found ?? (hide ? null : 'shown');
  const shown = useAppStore(selectTrace);
  const engine = useAppStore(selectEngineTrace);
  const busy = useAppStore(selectTraceStatus) === 'running';
  const [fixed, setFixed] = useState(false);
  // The cause as the engine gave it for the broken cluster; kept once the fix has healed it.
  const [before, setBefore] = useState<{ reason: string; why?: Reason | null } | null>(null);
  const cause = fixed ? before : engine ? causeOf(engine) : null;
  // The answer appears below the pickers: bring it into the panel's view when it does.
  const answerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (answered) answerRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [answered, fixed]);
  const elements = useMemo(() => (topology ? culpritElements(topology) : []), [topology]);
  const [element, setElement] = useState('');
  const [path, setPath] = useState('');
  const fields = elements.find((e) => e.path === element)?.fields ?? [];

  return (
    <div className="flex flex-col gap-2">
      <section data-testid="fault.symptom" className="rounded-md border border-rose-200 bg-rose-50 px-2 py-1.5 text-[13px] text-rose-900">
        <span className="font-semibold">{t('lessons.faultSymptom')}: </span>
        {text(lesson.symptom)}
      </section>
      {!answered && shown?.reason && (
        <section data-testid="fault.seen" className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 text-[12.5px] text-slate-800">
          <span className="font-semibold">{t('lessons.seen')}: </span>
          {reasonText(shown.reason, shown.why)}
        </section>
      )}
      <p className="text-[12px] text-slate-600">{t('lessons.faultIntro')}</p>
      <label className="flex flex-col gap-1">
        <span className="text-[12px] font-medium text-slate-700">{t('lessons.faultElement')}</span>
        <select
          data-testid="fault.element"
          className={field}
          value={element}
          onChange={(e) => {
            setElement(e.target.value);
            setPath('');
          }}
        >
          <option value="">{t('lessons.pick')}</option>
          {elements.map((e) => (
            <option key={e.path} value={e.path}>
              {e.path === 'cluster' ? t('lessons.cluster') : e.label}
            </option>
          ))}
        </select>
      </label>
      {element && (
        <label className="flex flex-col gap-1">
          <span className="text-[12px] font-medium text-slate-700">
            {t('lessons.faultField')} <span className="font-normal text-slate-500">({t('lessons.faultValue')})</span>
          </span>
          <select data-testid="fault.field" className={field} value={path} onChange={(e) => setPath(e.target.value)}>
            <option value="">{t('lessons.pick')}</option>
            {fields.map((f) => (
              <option key={f.path} value={f.path}>
                {f.path.slice(element.length + 1)} = {formatValue(f.value, 48)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="fault.check"
          disabled={!path}
          onClick={() => store.getState().checkCulprit(path)}
          className="h-8 rounded-md bg-blue-600 px-3 text-[13px] font-semibold text-white hover:bg-blue-700 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {t('lessons.check')}
        </button>
        {!answered && (
          <button
            type="button"
            data-testid="fault.giveUp"
            onClick={() => store.getState().giveUp()}
            className="h-8 rounded-md border border-slate-300 bg-white px-3 text-[13px] text-slate-700 hover:bg-slate-50"
          >
            {t('lessons.giveUp')}
          </button>
        )}
      </div>
      {culprit && (
        <p
          data-testid="fault.result"
          data-correct={culprit.correct}
          role="status"
          className={culprit.correct ? 'text-[13px] font-semibold text-emerald-700' : 'text-[13px] text-rose-700'}
        >
          {culprit.correct ? t('lessons.correct', { path: culprit.path }) : t('lessons.incorrect', { path: culprit.path })}
        </p>
      )}
      <div ref={answerRef} className="flex flex-col gap-2 empty:hidden">
        {answered === 'gaveUp' && (
          <p data-testid="fault.answer" role="status" className="text-[13px] font-semibold text-slate-800">
            {t('lessons.answerWas', { path: lesson.answer.path })}
          </p>
        )}
        {answered && cause && (
          <section data-testid="fault.cause" className="rounded-md border border-amber-200 bg-amber-50 px-2 py-1.5 text-[12.5px] text-amber-950">
            <span className="font-semibold">{t('lessons.cause')}: </span>
            {reasonText(cause.reason, cause.why)}
          </section>
        )}
        {answered && (
          <section
            data-testid="fault.fix"
            className="flex flex-col gap-1.5 rounded-md border border-emerald-200 bg-emerald-50 px-2 py-1.5 text-[13px] text-emerald-900"
          >
            <div>
              <span className="font-semibold">{t('lessons.fix')}: </span>
              <code className="font-mono">{text(lesson.answer.fix)}</code>
            </div>
            {fixed ? (
              <p data-testid="fault.fixed" role="status" className="font-semibold">
                {t('lessons.fixedDelivered', { verdict: engine ? t(`verdict.${engine.verdict}`) : '—' })}
              </p>
            ) : (
              <>
                <button
                  type="button"
                  data-testid="fault.applyFix"
                  disabled={busy}
                  onClick={() => {
                    setBefore(cause);
                    void applyLessonFix(store, lesson).then((ok) => setFixed(ok));
                  }}
                  className="h-8 self-start rounded-md bg-emerald-600 px-3 text-[13px] font-semibold text-white hover:bg-emerald-700 disabled:bg-slate-300"
                >
                  {t('lessons.applyFix')}
                </button>
                <p className="text-[11.5px] text-emerald-800">{t('lessons.fixHint')}</p>
              </>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
