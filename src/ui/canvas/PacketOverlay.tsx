import { memo, useMemo } from 'react';
import { useStore as useFlowStore } from '@xyflow/react';
import { HOP_MS, selectFrame, selectSeek, selectSpeed, useAppStore } from '../../store';
import { cn } from '../lib/cn';
import type { Frame } from '../playback/frames';
import { useReasonText } from '../lib/useReasonText';
import type { Spot } from './geometry';

const zoomOf = (s: { transform: [number, number, number] }) => s.transform[2];

/** The path there and back, with a dot per hop to jump to. Redrawn only when the trace changes. */
const PathLayer = memo(function PathLayer({ frames, spots, onSeek }: { frames: Frame[]; spots: Spot[]; onSeek: (i: number) => void }) {
  const line = (leg: Frame['leg']) =>
    spots
      .filter((_, i) => frames[i]!.leg === leg)
      .map((s) => `${s.x},${s.y}`)
      .join(' ');
  return (
    <svg className="pointer-events-none absolute top-0 left-0 overflow-visible" width={1} height={1}>
      <polyline points={line('request')} fill="none" stroke="#f59e0b" strokeWidth={3} strokeLinejoin="round" opacity={0.75} />
      <polyline points={line('reply')} fill="none" stroke="#8b5cf6" strokeWidth={2.5} strokeDasharray="7 5" strokeLinejoin="round" opacity={0.8} />
      {spots.map((s, i) => (
        <circle
          key={i}
          data-testid="canvas.hop"
          data-index={i}
          cx={s.x}
          cy={s.y}
          r={5}
          className="pointer-events-auto cursor-pointer"
          fill={frames[i]!.drop ? '#e11d48' : frames[i]!.leg === 'reply' ? '#8b5cf6' : '#f59e0b'}
          stroke="white"
          strokeWidth={1.5}
          onClick={(e) => {
            e.stopPropagation();
            onSeek(i);
          }}
        >
          <title>{`#${i + 1} ${frames[i]!.at} ${frames[i]!.hop.device ?? ''} ${frames[i]!.label}`}</title>
        </circle>
      ))}
    </svg>
  );
});

/**
 * The packet on the canvas: a marker that moves hop to hop along the real path (a CSS
 * transform transition, so the motion runs off the main thread), the element it is in lit
 * up, its current src → dst, the NAT badge where a rewrite happened, a red mark where it died.
 * Drawn in flow coordinates inside React Flow's viewport portal.
 */
export function PacketOverlay({ frames, spots }: { frames: Frame[]; spots: Spot[] }) {
  const reasonText = useReasonText();
  const index = useAppStore(selectFrame);
  const speed = useAppStore(selectSpeed);
  const seek = useAppStore(selectSeek);
  // Keep the labels readable when the view is zoomed out (up to 2.5×), without growing them when zoomed in.
  const zoom = useFlowStore(zoomOf);
  const scale = Math.min(2.5, Math.max(1, 1 / zoom));
  const i = Math.min(index, frames.length - 1);
  const f = frames[i];
  const s = spots[i];
  const move = useMemo(() => ({ transition: `transform ${Math.round((HOP_MS * 0.6) / speed)}ms ease-in-out` }), [speed]);
  if (!f || !s) return null;
  const reply = f.leg === 'reply';
  const tone = f.drop ? 'rose' : reply ? 'violet' : 'amber';
  const c = s.callout;
  return (
    // NOTE: its own compositing layer, so a hop change repaints the overlay, not the nodes beneath it.
    <div className="pointer-events-none absolute top-0 left-0 will-change-transform" data-testid="canvas.playback">
      <PathLayer frames={frames} spots={spots} onSeek={seek} />
      <div
        data-testid="canvas.current"
        data-at={f.at}
        data-device={f.hop.device ?? ''}
        data-leg={f.leg}
        className={cn(
          'absolute rounded-md ring-4 will-change-transform',
          tone === 'rose' ? 'ring-rose-500/70' : tone === 'violet' ? 'ring-violet-500/60' : 'ring-amber-400/80',
        )}
        style={{ transform: `translate(${s.rect.x}px, ${s.rect.y}px)`, width: s.rect.w, height: s.rect.h }}
      />
      <div
        data-testid="playback.marker"
        data-index={i}
        data-leg={f.leg}
        className="absolute top-0 left-0 will-change-transform"
        style={{ ...move, transform: `translate(${s.x}px, ${s.y}px)` }}
      >
        <div style={{ transform: `scale(${scale})`, transformOrigin: '0 0' }}>
          <div
            className={cn(
              '-mt-2 -ml-2 h-4 w-4 rounded-full border-2 border-white shadow-md',
              tone === 'rose' ? 'bg-rose-600' : tone === 'violet' ? 'bg-violet-600' : 'bg-amber-500',
            )}
          />
        </div>
      </div>
      {/* Hung under the box the packet is in (geometry.ts): the box's port and pod names stay readable. */}
      <div
        data-testid="canvas.callout"
        data-leftward={c.leftward}
        className="absolute top-0 left-0 will-change-transform"
        style={{ ...move, transform: `translate(${c.x}px, ${c.y}px)` }}
      >
        <div style={{ transform: `scale(${scale})`, transformOrigin: '0 0' }}>
          <div className={cn('absolute top-0 flex w-max max-w-[26rem] flex-col gap-1', c.leftward ? 'right-0 items-end' : 'left-0 items-start')}>
            <div
              data-testid="playback.label"
              className={cn(
                'rounded px-1.5 py-0.5 font-mono text-[11px] whitespace-nowrap text-white shadow',
                reply ? 'bg-violet-700' : 'bg-slate-800',
                f.labelChanged && 'ring-2 ring-amber-300',
              )}
            >
              {reply && <span className="mr-1 text-violet-200">{f.hop.packet.icmp ? 'error back' : 'reply'}</span>}
              {f.hop.leg === 2 && <span className="mr-1 text-sky-300">conn 2</span>}
              {f.label}
            </div>
            {f.hop.packet.icmp && (
              <div data-testid="canvas.icmp" className="rounded bg-rose-600 px-1.5 py-0.5 text-[11px] font-semibold whitespace-nowrap text-white shadow">
                ↩ {f.hop.packet.icmp}
              </div>
            )}
            {f.hop.hook && (
              <div
                data-testid="canvas.hook"
                className={cn(
                  'rounded px-1.5 py-0.5 text-[11px] font-semibold whitespace-nowrap shadow',
                  f.hop.hook === 'L7 proxy' ? 'bg-sky-600 text-white' : f.drop ? 'bg-rose-100 text-rose-900' : 'bg-emerald-100 text-emerald-900',
                )}
              >
                {f.hop.hook === 'L7 proxy' ? '⇄ L7 proxy: new connection' : f.drop ? '⛔ NetworkPolicy' : '✓ NetworkPolicy'}
              </div>
            )}
            {f.badges.map((b, k) => (
              <div
                key={k}
                data-testid="canvas.natBadge"
                title={b.text}
                className={cn(
                  'max-w-full truncate rounded border px-1.5 py-0.5 font-mono text-[10.5px] shadow-sm',
                  b.type.startsWith('un-') ? 'border-violet-300 bg-violet-50 text-violet-900' : 'border-amber-300 bg-amber-50 text-amber-950',
                )}
              >
                <span className="font-semibold">{b.type}</span> {b.text.slice(b.type.length + 1)}
              </div>
            ))}
            {f.drop && (
              <div
                data-testid="canvas.drop"
                className="max-w-[24rem] rounded border border-rose-300 bg-rose-50 px-1.5 py-1 text-[11px] leading-snug whitespace-normal text-rose-900 shadow"
              >
                <span className="mr-1 font-bold text-rose-700">✕ {f.drop.verdict}</span>
                {reasonText(f.drop.reason, f.drop.why)}
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
