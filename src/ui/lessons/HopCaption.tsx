import { useCurrentFrame, useFrames } from '../playback/useFrames';
import { cn } from '../lib/cn';
import { useReasonText } from '../lib/useReasonText';
import { useLang } from './useLang';

/** Where the packet is now, in step with playback: the hop, its addresses, what rewrote or dropped it. */
export function HopCaption({ large = false }: { large?: boolean }) {
  const { t } = useLang();
  const reasonText = useReasonText();
  const frames = useFrames();
  const f = useCurrentFrame();
  if (!f) return null;
  const where = [f.at, f.hop.device, f.hop.dir].filter(Boolean).join(' ');
  return (
    <div
      data-testid="lesson.caption"
      data-frame={f.index}
      aria-live="polite"
      className={cn('rounded-md border border-amber-300 bg-amber-50 px-2 py-1.5 text-amber-950', large ? 'text-[22px] leading-snug' : 'text-[12.5px]')}
    >
      <div className={cn('font-semibold', large ? 'text-[18px]' : 'text-[11px]', 'text-amber-800')}>
        {t('lessons.nowAt')} · {t('lessons.hopOf', { n: f.index + 1, total: frames.length })}
        {f.leg === 'reply' && ` · ${t('lessons.reply')}`}
      </div>
      <div className="font-mono break-all">{where}</div>
      <div className="font-mono">{f.label}</div>
      {f.badges.map((b) => (
        <div key={b.text} className="font-mono text-amber-900">
          {b.short}
        </div>
      ))}
      {f.hop.note && <div className="text-amber-900">{reasonText(f.hop.note, f.hop.noteWhy)}</div>}
      {f.drop && <div className="font-semibold text-rose-700">{reasonText(f.drop.reason, f.drop.why)}</div>}
    </div>
  );
}
