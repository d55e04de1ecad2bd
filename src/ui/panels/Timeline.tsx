import { Fragment, memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { selectAnswerMask, selectFollowChoice, selectFrame, selectSeek, useAppStore } from '../../store';
import { cn } from '../lib/cn';
import { formatChoice, formatP } from '../lib/format';
import type { Frame } from '../playback/frames';
import { useReasonText } from '../lib/useReasonText';
import { useFrames } from '../playback/useFrames';

/**
 * Bring a row into its scrolling panel's view, vertically only: scrollIntoView would also
 * scroll the panel sideways (the rows are wider than it) and could scroll the page.
 */
export function scrollIntoViewVertically(el: HTMLElement) {
  const box = el.closest<HTMLElement>('[data-scroll]');
  if (!box) return;
  const top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  // Leave room for the sticky table header.
  const pad = 28;
  if (top - pad < box.scrollTop) box.scrollTop = top - pad;
  else if (top + el.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = top + el.offsetHeight - box.clientHeight + 4;
}

const th = 'sticky top-0 z-10 bg-slate-100 px-2 py-1 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase';

/** Load-balancing alternatives at a hop: the one taken, and the others to follow instead. */
export function ChoiceButtons({ f, testId = 'trace.choice' }: { f: Frame; testId?: string }) {
  const followChoice = useAppStore(selectFollowChoice);
  if (!f.choices) return null;
  const all = f.choices.map((c) => c.to);
  return (
    <div className="mt-0.5 flex flex-wrap gap-1">
      {f.choices.map((c) => {
        const taken = c.to === f.taken;
        return (
          <button
            key={c.to}
            type="button"
            data-testid={testId}
            data-taken={taken}
            disabled={taken}
            title={taken ? `taken: ${formatChoice(c)}` : `follow ${formatChoice(c)} instead`}
            onClick={(e) => {
              e.stopPropagation();
              void followChoice(all, c.to);
            }}
            className={cn(
              'rounded px-1 font-mono text-[11px] whitespace-nowrap',
              taken
                ? 'bg-amber-200 text-amber-950'
                : 'cursor-pointer bg-slate-100 text-slate-600 hover:bg-blue-100 hover:text-blue-800',
            )}
          >
            {c.to} {formatP(c.p * 100)}%{c.via && testId !== 'trace.choice' && <span className="text-slate-400"> {c.via}</span>}
          </button>
        );
      })}
    </div>
  );
}

/**
 * What kind of hop this is, where it is not a plain forward: an ICMP error or reset travelling
 * back, a NetworkPolicy verdict, the L7 proxy (ingress controller) deciding, the second connection.
 */
export function HopTags({ f }: { f: Frame }) {
  const { t } = useTranslation();
  const { icmp } = f.hop.packet;
  const tags: { text: string; tone: string; testId: string }[] = [];
  if (icmp) tags.push({ text: `↩ ${icmp}`, tone: 'bg-rose-600 text-white', testId: 'timeline.icmp' });
  if (f.hop.hook === 'NetworkPolicy')
    tags.push({ text: f.drop ? '⛔ NetworkPolicy denies' : '✓ NetworkPolicy allows', tone: f.drop ? 'bg-rose-100 text-rose-900 ring-1 ring-rose-300' : 'bg-emerald-100 text-emerald-900 ring-1 ring-emerald-300', testId: 'timeline.policy' });
  if (f.hop.httpStatus !== undefined) tags.push({ text: t('timeline.http', { status: f.hop.httpStatus }), tone: 'bg-amber-500 text-white', testId: 'timeline.http' });
  else if (f.hop.hook === 'L7 proxy') tags.push({ text: '⇄ L7 proxy: new connection', tone: 'bg-sky-600 text-white', testId: 'timeline.l7' });
  if (tags.length === 0) return null;
  return (
    <div className="mb-0.5 flex flex-wrap gap-1">
      {tags.map((tag) => (
        <span key={tag.testId} data-testid={tag.testId} className={cn('rounded px-1 font-sans text-[10.5px] font-semibold', tag.tone)}>
          {tag.text}
        </span>
      ))}
    </div>
  );
}

const Row = memo(function Row({ f, current, onSeek }: { f: Frame; current: boolean; onSeek: (i: number) => void }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (current && ref.current) scrollIntoViewVertically(ref.current);
  }, [current]);
  const where = f.at.replace(/^(pod|node):/, '');
  const second = f.hop.leg === 2;
  return (
    <tr
      ref={ref}
      data-testid="timeline.hop"
      data-index={f.index}
      data-leg={f.leg}
      data-connection={second ? 2 : 1}
      data-hook={f.hop.hook ?? undefined}
      aria-current={current ? 'step' : undefined}
      onClick={() => onSeek(f.index)}
      className={cn(
        'cursor-pointer border-b border-slate-100 align-top',
        current ? (f.leg === 'reply' ? 'bg-violet-100' : 'bg-amber-100') : 'hover:bg-slate-50',
        f.drop && 'text-rose-900',
      )}
    >
      <td
        className={cn(
          'border-l-4 px-1.5 py-1 text-right text-slate-400 tabular-nums',
          current ? (f.leg === 'reply' ? 'border-violet-500' : 'border-amber-500') : second ? 'border-sky-300' : 'border-transparent',
        )}
      >
        {f.legIndex + 1}
      </td>
      <td className="truncate px-1.5 py-1 font-mono" title={`${f.at} ${f.hop.device ?? ''} ${f.hop.dir ?? ''}`}>
        <span className="text-slate-400">{f.at.startsWith('pod:') ? 'pod ' : f.at.startsWith('node:') ? 'node ' : ''}</span>
        {where}
        <div className="text-slate-600">
          {f.hop.device ?? '—'} <span className="text-slate-400">{f.hop.dir ?? ''}</span>
        </div>
      </td>
      <td className="px-1.5 py-1 font-mono">
        <HopTags f={f} />
        <div className={cn('truncate', f.labelChanged && 'font-semibold text-amber-900')} title={f.label}>
          {f.label}
        </div>
        {f.badges.map((b, i) => (
          <div key={i} data-testid="timeline.rewrite" title={b.text} className="truncate">
            <span className={cn('font-semibold', b.type.startsWith('un-') ? 'text-violet-800' : 'text-amber-900')}>{b.type}</span>{' '}
            {b.short.slice(b.type.length + 1)}
          </div>
        ))}
      </td>
      <td className="overflow-hidden px-1.5 py-1 text-slate-600">
        <ChoiceButtons f={f} />
        {f.drop && (
          <div data-testid="timeline.drop" title={reasonText(f.drop.reason, f.drop.why)} className="line-clamp-3 font-medium text-rose-700">
            ✕ {t(`verdict.${f.drop.verdict}`)}: <span className="font-normal">{reasonText(f.drop.reason, f.drop.why)}</span>
          </div>
        )}
        {!f.drop && f.hop.note && <div className="line-clamp-2" title={reasonText(f.hop.note, f.hop.noteWhy)}>{reasonText(f.hop.note, f.hop.noteWhy)}</div>}
      </td>
    </tr>
  );
});

/** Every hop there and back, in step with the animation: a click jumps the packet there. */
export function Timeline() {
  const { t } = useTranslation();
  const all = useFrames();
  const frame = useAppStore(selectFrame);
  const seek = useAppStore(selectSeek);
  // A prediction lesson's outcome not yet revealed: the hops still ahead of the packet stay hidden.
  const ahead = useAppStore(selectAnswerMask) === 'outcome';
  const frames = ahead ? all.slice(0, frame + 1) : all;
  if (frames.length === 0) return null;
  const replyAt = frames.findIndex((f) => f.leg === 'reply');
  const dropped = frames.some((f) => f.leg === 'request' && f.drop);
  const secondAt = frames.findIndex((f) => f.leg === 'request' && f.hop.leg === 2);
  const icmpBack = frames.find((f) => f.leg === 'reply' && f.hop.packet.icmp)?.hop.packet.icmp;
  const head = (title: string, testId: string, tone: string) => (
    <tr data-testid={testId}>
      <td colSpan={4} className={cn('px-2 pt-2 pb-1 text-[12px] font-semibold', tone)}>
        {title}
      </td>
    </tr>
  );
  return (
    <table data-testid="timeline" className="w-full table-fixed border-collapse text-[12px]">
      <thead>
        <tr>
          <th className={cn(th, 'w-8 text-right')}>#</th>
          <th className={cn(th, 'w-[29%]')}>{t('timeline.where')}</th>
          <th className={cn(th, 'w-[43%]')}>{t('timeline.packet')}</th>
          <th className={th}>{t('timeline.choices')}</th>
        </tr>
      </thead>
      <tbody>
        {head(t('timeline.request', { n: replyAt < 0 ? frames.length : replyAt }), 'timeline.request', 'text-amber-800')}
        {frames.map((f) => (
          <Fragment key={f.index}>
            {f.index === secondAt &&
              head(t('timeline.connection2'), 'timeline.connection2', 'text-sky-800')}
            {f.index === replyAt &&
              head(
                icmpBack
                  ? t('timeline.replyIcmp', { n: frames.length - replyAt, icmp: icmpBack })
                  : t(dropped ? 'timeline.replyError' : 'timeline.replyNat', { n: frames.length - replyAt }),
                'timeline.reply',
                'text-violet-800',
              )}
            <Row f={f} current={f.index === frame} onSeek={seek} />
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
