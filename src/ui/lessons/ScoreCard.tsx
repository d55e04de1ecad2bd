import { selectFrame, selectPlaying, selectPrediction, selectRevealed, selectEngineTrace, useAppStore, useAppStoreApi } from '../../store';
import { cn } from '../lib/cn';
import { useFrames } from '../playback/useFrames';
import { scorePrediction, type ScoreItem } from './score';
import { useLang } from './useLang';

/** The prediction against the engine's trace, shown once the packet has finished its trip (or on request). */
export function ScoreCard({ large = false }: { large?: boolean }) {
  const { t } = useLang();
  const store = useAppStoreApi();
  const prediction = useAppStore(selectPrediction);
  const trace = useAppStore(selectEngineTrace);
  const revealed = useAppStore(selectRevealed);
  const frame = useAppStore(selectFrame);
  const playing = useAppStore(selectPlaying);
  const frames = useFrames();
  if (!prediction || !trace) return null;
  const ended = !playing && frame >= frames.length - 1;
  if (!revealed && !ended) {
    return (
      <div className="flex items-center gap-2 text-[12px] text-slate-600">
        <span>{t('lessons.waiting')}</span>
        <button type="button" data-testid="score.reveal" className="underline hover:text-slate-900" onClick={() => store.getState().revealScore()}>
          {t('lessons.revealNow')}
        </button>
      </div>
    );
  }
  const s = scorePrediction(prediction, trace);
  const show = (i: ScoreItem): [string, string, string] => {
    switch (i.kind) {
      case 'verdict':
        return [t('lessons.qVerdict'), t(`verdict.${i.predicted}`), t(`verdict.${i.actual}`)];
      case 'source':
        return [t('lessons.qSource'), i.predicted ?? t('lessons.notDelivered'), i.actual ?? t('lessons.notDelivered')];
      case 'stacks':
        return [t('lessons.qStacks'), String(i.predicted), String(i.actual)];
    }
  };
  return (
    <section data-testid="score" data-right={s.right} data-total={s.total} className="flex flex-col gap-1.5 rounded-md border border-slate-200 bg-slate-50 p-2">
      <h3 className={cn('font-semibold', large ? 'text-[24px]' : 'text-[13px]')}>
        {t('lessons.scoreHeading')}: <span data-testid="score.total">{t('lessons.score', { right: s.right, total: s.total })}</span>
      </h3>
      <ul className="flex flex-col gap-1">
        {s.items.map((i) => {
          const [q, mine, actual] = show(i);
          return (
            <li key={i.kind} data-testid="score.item" data-kind={i.kind} data-right={i.right} className={cn('text-[12px]', large && 'text-[18px]')}>
              <span className={cn('mr-1 font-bold', i.right ? 'text-emerald-700' : 'text-rose-700')}>{i.right ? '✓' : '✗'}</span>
              <span className="text-slate-700">{q}</span> <span className="font-mono text-slate-600">{t('lessons.yourAnswer', { answer: mine })}</span>
              {!i.right && <span className="font-mono text-slate-900"> · {t('lessons.actual', { answer: actual })}</span>}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        data-testid="score.again"
        className="self-start text-[12px] text-blue-700 underline"
        onClick={() => store.getState().predictAgain()}
      >
        {t('lessons.tryAgain')}
      </button>
    </section>
  );
}
