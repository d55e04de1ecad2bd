import {
  selectAnswerMask,
  selectFrame,
  selectLesson,
  selectLessonPhase,
  selectPlaying,
  selectPrediction,
  selectTrace,
  useAppStore,
  useAppStoreApi,
} from '../../store';
import { cn } from '../lib/cn';
import { useFrames } from '../playback/useFrames';
import { FaultFinder } from './FaultFinder';
import { HideAnswersSwitch } from './HideAnswersSwitch';
import { HopCaption } from './HopCaption';
import { PredictForm } from './PredictForm';
import { ScoreCard } from './ScoreCard';
import { useLang } from './useLang';

/** Guided mode: the lesson's narrative and what to notice, the prediction, the hop being played, the score. */
export function GuidedPanel() {
  const { t, text } = useLang();
  const store = useAppStoreApi();
  const open = useAppStore(selectLesson);
  const prediction = useAppStore(selectPrediction);
  const trace = useAppStore(selectTrace);
  const phase = useAppStore(selectLessonPhase);
  const frame = useAppStore(selectFrame);
  const playing = useAppStore(selectPlaying);
  const frames = useFrames();
  // What to notice often states the outcome: it waits while the outcome is hidden.
  const outcomeHidden = useAppStore(selectAnswerMask) === 'outcome';
  if (!open) return null;
  const l = open.lesson;
  const ended = !!trace && !playing && frame >= frames.length - 1;

  return (
    <aside data-testid="lesson.panel" data-lesson={l.id} className="flex min-h-0 flex-1 flex-col overflow-hidden bg-white">
      <header className="flex items-start gap-2 border-b border-slate-200 px-3 py-2">
        <div className="min-w-0 flex-1">
          <div className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
            {open.kind === 'fault' ? t('lessons.faults') : t('lessons.lesson', { row: l.row })}
          </div>
          <h2 data-testid="lesson.title" className="text-[14px] leading-snug font-semibold">
            {text(l.title)}
          </h2>
          <HideAnswersSwitch />
        </div>
        <button
          type="button"
          data-testid="lesson.present"
          title={t('lessons.presenterTitle')}
          onClick={() => store.getState().setPresenter(true)}
          className="h-7 rounded-md border border-slate-300 px-2 text-[12px] text-slate-700 hover:bg-slate-50"
        >
          {t('lessons.presenter')}
        </button>
        <button
          type="button"
          data-testid="lesson.close"
          aria-label={t('lessons.exit')}
          title={t('lessons.exit')}
          onClick={() => store.getState().closeLesson()}
          className="px-1 text-slate-500 hover:text-slate-900"
        >
          ×
        </button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-auto p-3">
        {open.kind === 'lesson' ? (
          <>
            <section>
              <h3 className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t('lessons.narrative')}</h3>
              <p data-testid="lesson.narrative" className="text-[13px] leading-relaxed text-slate-800">
                {text(open.lesson.narrative)}
              </p>
            </section>
            {phase === 'predict' ? (
              <PredictForm key={l.id} from={l.request.from} />
            ) : (
              <>
                <ScoreCard />
                <HopCaption />
                {!outcomeHidden && (
                  <section>
                    <h3 className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t('lessons.notice')}</h3>
                    <ul className="list-disc pl-5 text-[13px] text-slate-800">
                      {open.lesson.notice.map((n) => (
                        <li key={n.en} data-testid="lesson.notice" className={cn(ended && 'marker:text-amber-500')}>
                          {text(n)}
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
                {!prediction && (
                  <button
                    type="button"
                    data-testid="lesson.predictAgain"
                    className="self-start text-[12px] text-blue-700 underline"
                    onClick={() => store.getState().predictAgain()}
                  >
                    {t('lessons.tryAgain')}
                  </button>
                )}
              </>
            )}
          </>
        ) : (
          <>
            <FaultFinder key={l.id} lesson={open.lesson} />
            {trace && <HopCaption />}
          </>
        )}
      </div>
    </aside>
  );
}
