import { useEffect } from 'react';
import { selectAnswerMask, selectLesson, selectLessonPhase, useAppStore, useAppStoreApi } from '../../store';
import { READABLE_ZOOM } from '../canvas/camera';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { canvasEditing } from '../canvas/canvas-editing';
import { PlaybackBar } from '../panels/PlaybackBar';
import { FaultFinder } from './FaultFinder';
import { HideAnswersSwitch } from './HideAnswersSwitch';
import { HopCaption } from './HopCaption';
import { OutcomeHidden } from '../panels/OutcomeHidden';
import { neighbourLesson, openLessonById } from './open-lesson';
import { PredictForm } from './PredictForm';
import { ScoreCard } from './ScoreCard';
import './presenter.css';
import { useLang } from './useLang';

/** Labels on a projector: a third larger than the least readable size on a laptop. */
const PRESENTER_ZOOM = READABLE_ZOOM * 1.3;

/**
 * Presenter mode: fullscreen, the canvas and the lesson in large type, driven by keys alone
 * (space and ← → from playback; N / P change lesson; Esc leaves). The canvas takes the projector
 * beside the narration, in large type, and its camera follows the packet hop by hop.
 */
export default function PresenterLayout() {
  const { t, text } = useLang();
  const store = useAppStoreApi();
  const open = useAppStore(selectLesson);
  const phase = useAppStore(selectLessonPhase);
  const outcomeHidden = useAppStore(selectAnswerMask) === 'outcome';

  useEffect(() => {
    const root = document.documentElement;
    // NOTE: fullscreen needs a user gesture; when the browser refuses, the layout still fills the window.
    if (!document.fullscreenElement) root.requestFullscreen?.().catch(() => {});
    const onChange = () => {
      if (!document.fullscreenElement) store.getState().setPresenter(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target;
      if (t instanceof HTMLElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName)) return;
      const id = store.getState().lesson?.lesson.id;
      if (e.key === 'Escape') store.getState().setPresenter(false);
      else if (e.key === 'n' || e.key === 'N' || e.key === 'PageDown')
        void openLessonById(store, neighbourLesson(id, 1)).then(() => store.getState().setPresenter(true));
      else if (e.key === 'p' || e.key === 'P' || e.key === 'PageUp')
        void openLessonById(store, neighbourLesson(id, -1)).then(() => store.getState().setPresenter(true));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      window.removeEventListener('keydown', onKey);
      if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
    };
  }, [store]);

  return (
    <div data-testid="presenter" className="flex h-screen flex-col bg-slate-50 text-slate-900">
      <div className="flex min-h-0 flex-1">
        <div data-testid="presenter.canvas" className="presenter-canvas min-w-0 flex-1">
          <FlowCanvas readable={PRESENTER_ZOOM} follow editing={canvasEditing} />
        </div>
        <aside data-testid="presenter.narration" className="flex w-[30rem] shrink-0 flex-col gap-4 overflow-auto border-l border-slate-200 bg-white p-6">
          {open ? (
            <>
              <div className="flex items-center justify-between gap-3">
                <div className="text-[16px] font-semibold tracking-wide text-slate-500 uppercase">
                  {open.kind === 'fault' ? t('lessons.faults') : t('lessons.lesson', { row: open.lesson.row })}
                </div>
                <HideAnswersSwitch large testId="presenter.hideAnswers" />
              </div>
              <h2 data-testid="presenter.title" className="text-[34px] leading-tight font-bold">
                {text(open.lesson.title)}
              </h2>
              {open.kind === 'lesson' ? (
                <>
                  <p className="text-[22px] leading-relaxed">{text(open.lesson.narrative)}</p>
                  {phase === 'predict' ? (
                    <PredictForm key={open.lesson.id} from={open.lesson.request.from} large />
                  ) : (
                    <>
                      <HopCaption large />
                      {outcomeHidden ? (
                        <div className="text-[18px]">
                          <OutcomeHidden />
                        </div>
                      ) : (
                        <ul className="list-disc pl-6 text-[20px]">
                          {open.lesson.notice.map((n) => (
                            <li key={n.en}>{text(n)}</li>
                          ))}
                        </ul>
                      )}
                      <ScoreCard large />
                    </>
                  )}
                </>
              ) : (
                <div className="text-[18px]">
                  <FaultFinder key={open.lesson.id} lesson={open.lesson} />
                  <div className="mt-4">
                    <HopCaption large />
                  </div>
                </div>
              )}
            </>
          ) : (
            <HopCaption large />
          )}
        </aside>
      </div>
      <div className="text-[16px] [&_button]:h-10 [&_button]:min-w-10">
        <PlaybackBar />
      </div>
      <div className="bg-slate-900 px-4 py-1 text-center text-[14px] text-slate-200 dark:bg-[#020617]">{t('lessons.presenterKeys')}</div>
    </div>
  );
}
