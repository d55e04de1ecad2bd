import { Fragment, memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectAnswerMask, selectFollowChoice, selectSeek, useAppStore } from '../../store';
import { cn } from '../lib/cn';
import { toggleEventsWide } from '../prefs/dock-prefs';
import { useDockPrefs } from '../prefs/useDockPrefs';
import { formatChoice, formatP } from '../lib/format';
import { revealInScrollBox } from '../lib/reveal-in-scroll';
import type { Frame } from '../playback/frames';
import { useReasonText } from '../lib/useReasonText';
import { usePanelPlayback } from '../playback/useFrames';
import { EVENT_FILTERS, frameCategories, headerChanges, matchesFilter, nextEvent, type EventCategory, type HeaderChange } from '../playback/events';

const th = 'bg-slate-100 px-2 py-1 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase';

/** Load-balancing alternatives at a hop: the one taken, and the others to follow instead. */
export function ChoiceButtons({ f, testId = 'trace.choice', compact = false }: { f: Frame; testId?: string; compact?: boolean }) {
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
              'rounded font-mono whitespace-nowrap',
              compact ? 'px-0.5 text-[10px] leading-4' : 'px-1 text-[11px]',
              taken ? 'bg-amber-200 text-amber-950' : 'cursor-pointer bg-slate-100 text-slate-600 hover:bg-blue-100 hover:text-blue-800',
            )}
          >
            {c.to} {compact ? Math.round(c.p * 100) : formatP(c.p * 100)}%
            {c.via && testId !== 'trace.choice' && <span className="text-slate-400"> {c.via}</span>}
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
    tags.push({
      text: f.drop ? '⛔ NetworkPolicy denies' : '✓ NetworkPolicy allows',
      tone: f.drop ? 'bg-rose-100 text-rose-900 ring-1 ring-rose-300' : 'bg-emerald-100 text-emerald-900 ring-1 ring-emerald-300',
      testId: 'timeline.policy',
    });
  if (f.hop.httpStatus !== undefined)
    tags.push({ text: t('timeline.http', { status: f.hop.httpStatus }), tone: 'bg-amber-500 text-white', testId: 'timeline.http' });
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

const CATEGORY_TONE: Record<EventCategory, string> = {
  nat: 'bg-amber-100 text-amber-900 ring-amber-300',
  routing: 'bg-sky-100 text-sky-900 ring-sky-300',
  policy: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  drop: 'bg-rose-100 text-rose-900 ring-rose-300',
  lb: 'bg-violet-100 text-violet-900 ring-violet-300',
};

/** One header before → after this hop; only the after when it did not change here. */
function HeaderLine({ h }: { h: HeaderChange }) {
  return (
    <div data-testid="timeline.header" data-layer={h.layer} data-changed={h.changed || undefined} className="break-words">
      <span className="mr-1 inline-block min-w-7 rounded bg-slate-100 px-0.5 text-center font-sans text-[10px] font-semibold text-slate-500">{h.name}</span>
      {h.changed ? (
        <>
          <span className="text-slate-400 line-through decoration-slate-300">{h.before}</span>
          <span className="text-slate-400"> ⇒ </span>
          <span className="font-semibold text-amber-900">{h.after}</span>
        </>
      ) : (
        <span>{h.after}</span>
      )}
    </div>
  );
}

/** A hop's categories as small tags. */
function Categories({ cats }: { cats: Set<EventCategory> }) {
  const { t } = useTranslation();
  return (
    <span className="inline-flex flex-wrap gap-0.5 align-middle">
      {[...cats].map((c) => (
        <span
          key={c}
          data-testid="timeline.category"
          data-category={c}
          className={cn('rounded px-1 text-[10px] leading-4 font-semibold ring-1', CATEGORY_TONE[c])}
        >
          {t(`events.cat.${c}`)}
        </span>
      ))}
    </span>
  );
}

/** Where the hop is: the pod or node (default namespace left out; in the dock without the pod/node word) and the device and direction. */
function Where({ f, wide }: { f: Frame; wide: boolean }) {
  const where = f.at.replace(/^(pod|node):/, '').replace(/^default\//, '');
  return (
    <span data-testid="timeline.where" title={`${f.at} ${f.hop.device ?? ''} ${f.hop.dir ?? ''}`} className="font-mono">
      {wide && <span className="text-slate-400">{f.at.startsWith('pod:') ? 'pod ' : f.at.startsWith('node:') ? 'node ' : ''}</span>}
      <span className="break-all">{where}</span>
      {wide ? ' · ' : ' '}
      <span className="whitespace-nowrap text-slate-600">
        {f.hop.device ?? '—'} <span className="text-slate-400">{f.hop.dir ?? ''}</span>
      </span>
    </span>
  );
}

/** A hop's rewrites, each whole (the address and port it rewrote, and to what); how and by which rule in the tooltip. */
function Rewrites({ f }: { f: Frame }) {
  return f.badges.map((b, i) => (
    <div key={i} data-testid="timeline.rewrite" title={b.text} className="font-mono break-words">
      <span className={cn('font-semibold', b.type.startsWith('un-') ? 'text-violet-800' : 'text-amber-900')}>{b.type}</span> {b.short.slice(b.type.length + 1)}
    </div>
  ));
}

/** The rewrites, load-balancing choices, drop and note of a hop. */
function Outcome({ f, compact }: { f: Frame; compact: boolean }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  return (
    <>
      <ChoiceButtons f={f} compact={compact} />
      {f.drop && (
        <div data-testid="timeline.drop" title={reasonText(f.drop.reason, f.drop.why)} className="line-clamp-3 font-medium text-rose-700">
          ✕ {t(`verdict.${f.drop.verdict}`)}: <span className="font-normal">{reasonText(f.drop.reason, f.drop.why)}</span>
        </div>
      )}
      {!f.drop && f.hop.note && (
        <div data-testid="timeline.note" className="line-clamp-1 text-slate-600" title={reasonText(f.hop.note, f.hop.noteWhy)}>
          {reasonText(f.hop.note, f.hop.noteWhy)}
        </div>
      )}
    </>
  );
}

const Row = memo(function Row({
  f,
  cats,
  headers,
  current,
  wide,
  onSeek,
}: {
  f: Frame;
  cats: Set<EventCategory>;
  headers: HeaderChange[];
  current: boolean;
  wide: boolean;
  onSeek: (i: number) => void;
}) {
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => (current && ref.current ? revealInScrollBox(ref.current) : undefined), [current]);
  const second = f.hop.leg === 2;
  const [ip, l4, outer] = headers as [HeaderChange, HeaderChange, HeaderChange];
  const cells = wide ? (
    <>
      <td className="px-1.5 py-1">
        <Where f={f} wide />
      </td>
      <td className="px-1 py-1">
        <Categories cats={cats} />
      </td>
      <td className="px-1.5 py-1 font-mono">
        <HopTags f={f} />
        <HeaderLine h={ip} />
      </td>
      <td className="px-1.5 py-1 font-mono">
        <HeaderLine h={l4} />
      </td>
      <td className="px-1.5 py-1 font-mono">
        <HeaderLine h={outer} />
      </td>
      <td className="overflow-hidden px-1.5 py-1 text-slate-600">
        <Rewrites f={f} />
        <Outcome f={f} compact={false} />
      </td>
    </>
  ) : (
    // The dock is narrow: one cell per hop, where and what it did on the first line, then each header whole.
    <td className="py-0.5 pr-2 pl-1 leading-[14px]" title={f.label}>
      <div className="flex flex-wrap items-baseline gap-x-1.5 gap-y-0.5 text-[10.5px]">
        <Where f={f} wide={false} />
        <Categories cats={cats} />
      </div>
      <div className="font-mono text-[11.5px]">
        <HopTags f={f} />
        <HeaderLine h={ip} />
        <HeaderLine h={l4} />
        {(outer.after !== '—' || outer.changed) && <HeaderLine h={outer} />}
        <Rewrites f={f} />
      </div>
      <Outcome f={f} compact />
    </td>
  );
  return (
    <tr
      ref={ref}
      data-testid="timeline.hop"
      data-index={f.index}
      data-leg={f.leg}
      data-connection={second ? 2 : 1}
      data-hook={f.hop.hook ?? undefined}
      data-categories={[...cats].join(' ') || undefined}
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
          'border-l-4 px-1 py-1 text-right text-slate-400 tabular-nums',
          current ? (f.leg === 'reply' ? 'border-violet-500' : 'border-amber-500') : second ? 'border-sky-300' : 'border-transparent',
        )}
      >
        {f.legIndex + 1}
      </td>
      {cells}
    </tr>
  );
});

const tool = 'h-[22px] rounded border px-1.5 text-[11px] font-medium disabled:opacity-40';
const toolOff = 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50';
const toolOn = 'border-blue-600 bg-blue-600 text-white';

/** Filters, previous / next decision and the full-width switch above the event list. */
function EventToolbar({ frames, frame, shown, wide }: { frames: Frame[]; frame: number; shown: number; wide: boolean }) {
  const { t } = useTranslation();
  const filter = useAppStore((s) => s.eventFilter);
  const setFilter = useAppStore((s) => s.setEventFilter);
  const seek = useAppStore(selectSeek);
  const prev = nextEvent(frames, frame, -1, filter);
  const next = nextEvent(frames, frame, 1, filter);
  return (
    <div data-testid="events.toolbar" className="sticky top-0 z-20 flex flex-wrap items-center gap-1 border-b border-slate-200 bg-white px-2 py-0.5">
      <span role="group" aria-label={t('events.filterLabel')} className="flex flex-wrap gap-0.5">
        {EVENT_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            data-testid="events.filter"
            data-filter={f}
            aria-pressed={filter === f}
            className={cn(tool, 'px-1', filter === f ? toolOn : toolOff)}
            onClick={() => setFilter(f)}
          >
            {t(`events.filter.${f}`)}
          </button>
        ))}
      </span>
      <span data-testid="events.count" className="px-1 text-[11px] text-slate-500 tabular-nums">
        {t('events.count', { shown, total: frames.length })}
      </span>
      <span className="ml-auto flex gap-1">
        <button
          type="button"
          data-testid="events.prev"
          className={cn(tool, toolOff)}
          disabled={prev === null}
          onClick={() => prev !== null && seek(prev)}
          title={t('events.prevTitle')}
          aria-label={wide ? undefined : t('events.prevTitle')}
        >
          {wide ? t('events.prev') : '‹'}
        </button>
        <button
          type="button"
          data-testid="events.next"
          className={cn(tool, toolOff)}
          disabled={next === null}
          onClick={() => next !== null && seek(next)}
          title={t('events.nextTitle')}
          aria-label={wide ? undefined : t('events.nextTitle')}
        >
          {wide ? t('events.next') : '›'}
        </button>
        <button
          type="button"
          data-testid="events.wide"
          aria-pressed={wide}
          className={cn(tool, wide ? toolOn : toolOff)}
          onClick={toggleEventsWide}
          title={t('events.wideTitle')}
        >
          {wide ? t('events.narrow') : t('events.wide')}
        </button>
      </span>
    </div>
  );
}

/** Every hop there and back as an event list, in step with the animation: a click jumps the packet there. */
export function Timeline() {
  const { t } = useTranslation();
  const { frames: all, frame } = usePanelPlayback();
  const seek = useAppStore(selectSeek);
  const filter = useAppStore((s) => s.eventFilter);
  const wide = useDockPrefs().eventsWide;
  // A prediction lesson's outcome not yet revealed: the hops still ahead of the packet stay hidden.
  const ahead = useAppStore(selectAnswerMask) === 'outcome';
  const frames = ahead ? all.slice(0, frame + 1) : all;
  const cats = useMemo(() => frameCategories(frames), [frames]);
  const headers = useMemo(() => frames.map((f, i) => headerChanges(f, frames[i - 1])), [frames]);
  if (frames.length === 0) return null;
  const replyAt = frames.findIndex((f) => f.leg === 'reply');
  const dropped = frames.some((f) => f.leg === 'request' && f.drop);
  const secondAt = frames.findIndex((f) => f.leg === 'request' && f.hop.leg === 2);
  const icmpBack = frames.find((f) => f.leg === 'reply' && f.hop.packet.icmp)?.hop.packet.icmp;
  const cols = wide ? 7 : 2;
  const shown = frames.filter((_, i) => matchesFilter(cats[i]!, filter)).length;
  const head = (title: string, testId: string, tone: string) => (
    <tr data-testid={testId}>
      <td colSpan={cols} className={cn('px-2 pt-2 pb-1 text-[12px] font-semibold', tone)}>
        {title}
      </td>
    </tr>
  );
  return (
    <div data-testid="events" data-wide={wide || undefined}>
      <EventToolbar frames={frames} frame={frame} shown={shown} wide={wide} />
      <table data-testid="timeline" className="w-full table-fixed border-collapse text-[12px]">
        {wide ? (
          <thead>
            <tr>
              <th className={cn(th, 'w-8 text-right')}>#</th>
              <th className={cn(th, 'w-[21%]')}>{t('timeline.where')}</th>
              <th className={cn(th, 'w-[4.5rem]')}>{t('events.type')}</th>
              {/* Sized to what they hold: two addresses; two ports; a tunnel's two addresses and VNI. */}
              <th className={cn(th, 'w-[25%]')}>IP</th>
              <th className={cn(th, 'w-32')}>L4</th>
              <th className={cn(th, 'w-[13%]')}>{t('events.outer')}</th>
              <th className={th}>{t('timeline.choices')}</th>
            </tr>
          </thead>
        ) : (
          <colgroup>
            <col className="w-7" />
            <col />
          </colgroup>
        )}
        <tbody>
          {head(t('timeline.request', { n: replyAt < 0 ? frames.length : replyAt }), 'timeline.request', 'text-amber-800')}
          {frames.map((f, i) => (
            <Fragment key={f.index}>
              {f.index === secondAt && head(t('timeline.connection2'), 'timeline.connection2', 'text-sky-800')}
              {f.index === replyAt &&
                head(
                  icmpBack
                    ? t('timeline.replyIcmp', { n: frames.length - replyAt, icmp: icmpBack })
                    : t(dropped ? 'timeline.replyError' : 'timeline.replyNat', { n: frames.length - replyAt }),
                  'timeline.reply',
                  'text-violet-800',
                )}
              {matchesFilter(cats[i]!, filter) && <Row f={f} cats={cats[i]!} headers={headers[i]!} current={f.index === frame} wide={wide} onSeek={seek} />}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
