import { useMemo, useState } from 'react';
import type { FaultLesson } from '../../scenarios/lessons';
import { selectCulprit, selectTopology, useAppStore, useAppStoreApi } from '../../store';
import { culpritElements, formatValue } from './score';
import { useLang } from './useLang';

const field = 'h-8 w-full rounded-md border border-slate-300 bg-white px-2 text-[13px] font-mono';

/** Find the fault: the symptom, then the learner points at an element and one of its fields; the fix once found. */
export function FaultFinder({ lesson }: { lesson: FaultLesson }) {
  const { t, text } = useLang();
  const store = useAppStoreApi();
  const topology = useAppStore(selectTopology);
  const culprit = useAppStore(selectCulprit);
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
      <button
        type="button"
        data-testid="fault.check"
        disabled={!path}
        onClick={() => store.getState().checkCulprit(path)}
        className="h-8 self-start rounded-md bg-blue-600 px-3 text-[13px] font-semibold text-white hover:bg-blue-700 disabled:cursor-not-allowed disabled:bg-slate-300"
      >
        {t('lessons.check')}
      </button>
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
      {culprit?.correct && (
        <section data-testid="fault.fix" className="rounded-md border border-emerald-200 bg-emerald-50 px-2 py-1.5 text-[13px] text-emerald-900">
          <span className="font-semibold">{t('lessons.fix')}: </span>
          <code className="font-mono">{text(lesson.answer.fix)}</code>
        </section>
      )}
    </div>
  );
}
