import { useTranslation } from '../../i18n/use-translation';
import { useCurrentFrame, useFrames } from '../playback/useFrames';
import { useReasonText } from '../lib/useReasonText';

/** The embed's caption strip (`caption=0` hides it): where the packet is, what rewrote or dropped it, in step with playback. */
export function EmbedCaption() {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const frames = useFrames();
  const f = useCurrentFrame();
  if (!f) return null;
  const where = [f.at, f.hop.device, f.hop.dir].filter(Boolean).join(' ');
  const said = f.drop ? reasonText(f.drop.reason, f.drop.why) : f.hop.note ? reasonText(f.hop.note, f.hop.noteWhy) : null;
  return (
    <div
      data-testid="embed.caption"
      data-frame={f.index}
      aria-live="polite"
      className="flex flex-wrap items-baseline gap-x-3 border-t border-slate-200 bg-white px-3 py-1 text-[12px] text-slate-800"
    >
      <span className="font-semibold text-slate-600">
        {t('embed.hopOf', { n: f.index + 1, total: frames.length })}
        {f.leg === 'reply' && ` · ${t('embed.reply')}`}
      </span>
      <span className="font-mono">{where}</span>
      <span className="font-mono">{f.label}</span>
      {f.badges.map((b) => (
        <span key={b.text} className="font-mono text-amber-800">
          {b.short}
        </span>
      ))}
      {said && (
        <span data-testid="embed.caption.said" className={f.drop ? 'font-semibold text-rose-700' : 'text-slate-600'}>
          {said}
        </span>
      )}
    </div>
  );
}
