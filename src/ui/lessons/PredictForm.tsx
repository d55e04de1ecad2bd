import { useMemo, useState } from 'react';
import type { Verdict } from '../../model/trace';
import { selectTopology, selectTraceStatus, useAppStore, useAppStoreApi, type Prediction } from '../../store';
import { sourceOptions, STACK_OPTIONS, VERDICTS } from './score';
import { useLang } from './useLang';

const NONE = '-';
const fieldSmall = 'h-8 w-full rounded-md border border-slate-300 bg-white px-2 text-[13px]';
const fieldLarge = 'h-11 w-full rounded-md border border-slate-300 bg-white px-2 text-[20px]';

/** "Predict, then play": three questions; locking in traces the lesson's request and plays it. */
export function PredictForm({ from, large = false }: { from: string; large?: boolean }) {
  const { t } = useLang();
  const store = useAppStoreApi();
  const topology = useAppStore(selectTopology);
  const busy = useAppStore(selectTraceStatus) === 'running';
  const sources = useMemo(() => (topology ? sourceOptions(topology, from) : []), [topology, from]);
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [source, setSource] = useState('');
  const [stacks, setStacks] = useState('');
  const complete = verdict !== '' && source !== '' && stacks !== '';
  const field = large ? fieldLarge : fieldSmall;
  const label = large ? 'text-[18px] font-medium' : 'text-[12px] font-medium text-slate-700';

  const submit = () => {
    if (!complete) return;
    const p: Prediction = { verdict, source: source === NONE ? null : source, stacks: Number(stacks) };
    void store.getState().playLesson(p);
  };

  return (
    <form
      data-testid="predict"
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 className={large ? 'text-[24px] font-semibold' : 'text-[13px] font-semibold'}>{t('lessons.predictHeading')}</h3>
      <p className={large ? 'text-[18px] text-slate-600' : 'text-[12px] text-slate-600'}>{t('lessons.predictIntro')}</p>
      <label className="flex flex-col gap-1">
        <span className={label}>{t('lessons.qVerdict')}</span>
        <select data-testid="predict.verdict" className={field} value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict)}>
          <option value="">{t('lessons.pick')}</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {t(`verdict.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className={label}>{t('lessons.qSource')}</span>
        <select data-testid="predict.source" className={`${field} font-mono`} value={source} onChange={(e) => setSource(e.target.value)}>
          <option value="">{t('lessons.pick')}</option>
          <option value={NONE}>{t('lessons.notDelivered')}</option>
          {sources.map((o) => (
            <option key={o.ip} value={o.ip}>
              {o.ip} ({o.label})
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className={label}>{t('lessons.qStacks')}</span>
        <select data-testid="predict.stacks" className={field} value={stacks} onChange={(e) => setStacks(e.target.value)}>
          <option value="">{t('lessons.pick')}</option>
          {STACK_OPTIONS.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
        <span className="text-[11px] text-slate-500">{t('lessons.qStacksHint')}</span>
      </label>
      <div className="flex gap-2">
        <button
          type="submit"
          data-testid="predict.submit"
          disabled={!complete || busy}
          className="h-8 rounded-md bg-blue-600 px-3 text-[13px] font-semibold text-white hover:bg-blue-700 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {t('lessons.lockIn')}
        </button>
        <button
          type="button"
          data-testid="predict.skip"
          disabled={busy}
          onClick={() => void store.getState().playLesson(null)}
          className="h-8 rounded-md border border-slate-300 bg-white px-3 text-[13px] text-slate-700 hover:bg-slate-50"
        >
          {t('lessons.skip')}
        </button>
      </div>
    </form>
  );
}
