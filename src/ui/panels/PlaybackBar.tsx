import { useTranslation } from '../../i18n/use-translation';
import {
  SPEEDS,
  selectFrame,
  selectLoop,
  selectPlaying,
  selectSeek,
  selectSetSpeed,
  selectSpeed,
  selectStep,
  selectToggleLoop,
  selectTogglePlay,
  selectTrace,
  useAppStore,
  type Speed,
  type MaskedTrace,
} from '../../store';
import { cn } from '../lib/cn';
import { Icon } from '../lib/Icon';
import { useCurrentFrame, useFrames } from '../playback/useFrames';
import { useRoomy } from '../lib/useMediaQuery';
import { Overflow } from '../lib/Overflow';

const shape = 'flex h-7 min-w-7 items-center justify-center rounded-md border px-2 text-[13px] shadow-xs disabled:opacity-40';
// NOTE: colours are chosen, not stacked: two Tailwind bg classes on one element follow stylesheet order.
const plain = 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50';
const btn = cn(shape, plain);

/** Play, pause, step, jump, speed and loop for the traced packet; the hop counter and the kernel stacks so far. */
export function PlaybackBar() {
  const trace = useAppStore(selectTrace);
  const frames = useFrames();
  const current = useCurrentFrame();
  const frame = useAppStore(selectFrame);
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const loop = useAppStore(selectLoop);
  const togglePlay = useAppStore(selectTogglePlay);
  const step = useAppStore(selectStep);
  const seek = useAppStore(selectSeek);
  const setSpeed = useAppStore(selectSetSpeed);
  const toggleLoop = useAppStore(selectToggleLoop);
  const openShortcuts = useAppStore((s) => s.setShortcutsOpen);
  const { t } = useTranslation();
  // Below 1280 px (the bar shares its row with the canvas's zoom bar): play as an icon, speed and loop behind ⋯.
  const roomy = useRoomy();
  const none = frames.length === 0;
  const replyAt = frames.findIndex((f) => f.leg === 'reply');
  // NOTE: placed once: at the bar's end when there is room, else in the ⋯ menu with speed and loop.
  const shortcuts = (
    <button
      type="button"
      data-testid="playback.shortcuts"
      className={cn(btn, roomy && !(trace && current) && 'ml-auto')}
      onClick={() => openShortcuts(true)}
      title={t('keys.title')}
      aria-keyshortcuts="?"
    >
      {roomy ? <span className="hidden 2xl:inline">{t('playback.keys')}&nbsp;</span> : <span>{t('keys.title')}&nbsp;</span>}?
    </button>
  );

  return (
    <div data-testid="playback" className="flex flex-wrap items-center gap-x-1.5 gap-y-1 border-b border-slate-200 bg-white px-3 py-1.5">
      <button type="button" data-testid="playback.first" className={btn} disabled={none} onClick={() => seek(0)} title={t('playback.first')}>
        <Icon name="first" />
      </button>
      <button type="button" data-testid="playback.back" className={btn} disabled={none || frame === 0} onClick={() => step(-1)} title={t('playback.back')}>
        <Icon name="back" />
      </button>
      <button
        type="button"
        data-testid="playback.play"
        data-playing={playing}
        className={cn(shape, roomy && 'w-20', 'font-semibold', playing ? plain : 'border-blue-600 bg-blue-600 text-white hover:bg-blue-700')}
        disabled={none}
        onClick={togglePlay}
        title={t('playback.playTitle')}
        aria-label={roomy ? undefined : playing ? t('playback.pause') : t('playback.play')}
      >
        <span className="flex items-center justify-center gap-1.5">
          <Icon name={playing ? 'pause' : 'play'} />
          {roomy && (playing ? t('playback.pause') : t('playback.play'))}
        </span>
      </button>
      <button
        type="button"
        data-testid="playback.forward"
        className={btn}
        disabled={none || frame >= frames.length - 1}
        onClick={() => step(1)}
        title={t('playback.forward')}
      >
        <Icon name="forward" />
      </button>
      <button type="button" data-testid="playback.last" className={btn} disabled={none} onClick={() => seek(frames.length - 1)} title={t('playback.last')}>
        <Icon name="last" />
      </button>
      <input
        type="range"
        data-testid="playback.scrub"
        aria-label={t('playback.scrub')}
        className="mx-1 w-10 min-w-10 flex-1 accent-amber-500 xl:w-28 xl:flex-none"
        min={0}
        max={Math.max(0, frames.length - 1)}
        value={Math.min(frame, Math.max(0, frames.length - 1))}
        disabled={none}
        onChange={(e) => seek(Number(e.target.value))}
      />
      <span data-testid="playback.position" className="font-mono text-[12px] whitespace-nowrap text-slate-600 tabular-nums xl:min-w-36">
        {none
          ? t('playback.noTrace')
          : current?.leg !== 'reply'
            ? t('playback.position', { n: frame + 1, total: frames.length })
            : roomy
              ? `${t('playback.position', { n: frame + 1, total: frames.length })}${t('playback.replyPosition', { n: frame - replyAt + 1 })}`
              : // Narrow: the reply's own count alone, so the bar keeps one row on the way back too.
                t('playback.replyOf', { n: frame - replyAt + 1, total: frames.length - replyAt })}
      </span>
      <Overflow inline={roomy} label={t('playback.more')} testId="playback.more" up>
        <label className="flex items-center gap-1 text-[12px] text-slate-600">
          {t('playback.speed')}
          <select
            data-testid="playback.speed"
            className="h-7 rounded-md border border-slate-300 bg-white px-1 text-[12px]"
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value) as Speed)}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-[12px] text-slate-600">
          <input type="checkbox" data-testid="playback.loop" checked={loop} onChange={toggleLoop} className="accent-amber-500" />
          {t('playback.loop')}
        </label>
        {!roomy && shortcuts}
      </Overflow>
      {trace && current && (
        <span className="ml-auto flex items-center gap-3 text-[12px] text-slate-600">
          <span title={t('playback.stacksTitle')} className="whitespace-nowrap">
            {roomy ? t('playback.stacks') : t('playback.stacksShort')}{' '}
            <span data-testid="playback.stacks" className="font-mono font-semibold text-slate-900">
              {current.stacks}
            </span>
            {(trace as MaskedTrace).masked !== 'outcome' && <span className="font-mono text-slate-400"> / {trace.kernelStacks}</span>}
          </span>
        </span>
      )}
      {roomy && shortcuts}
    </div>
  );
}
