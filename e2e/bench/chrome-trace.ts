import type { CDPSession, Page } from '@playwright/test';

/** A Chromium trace event (the fields the benches read). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  /** A thread's name; the elements a style recalculation styled; the layout objects a layout found dirty, of all. */
  args?: { name?: string; data?: { message?: string }; elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number } };
}

/** Starts a timeline trace on `cdp` (the main thread's tasks, with their thread time). */
export const startTrace = (cdp: CDPSession) =>
  cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReturnAsStream' });

/** Ends the trace started by {@link startTrace} and reads its events from the stream Chromium wrote them to. */
export async function endTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const handle = await complete;
  let text = '';
  for (let eof = false; !eof;) {
    const chunk = await cdp.send('IO.read', { handle });
    text += chunk.data;
    eof = chunk.eof;
  }
  await cdp.send('IO.close', { handle });
  const json = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(json) ? json : json.traceEvents;
}

/**
 * The page's clock on the trace's: a mark named `name` made on the page now (while tracing), read on both. The function
 * returned finds it in the trace's events and gives the page's time origin (its navigation) on the trace's clock, µs.
 */
export async function markClock(page: Page, name: string): Promise<(events: TraceEvent[]) => number> {
  const at = await page.evaluate((n) => performance.mark(n).startTime, name);
  return (events) => {
    const mark = events.find((e) => e.name === name);
    if (!mark) throw new Error('the clock mark is not in the trace');
    return mark.ts - at * 1000;
  };
}

/** The page's main thread's complete events, in order (an enclosing event before those inside it); none without one. */
export function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  return events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
}

/** Whether `e` is a task a thread runs (Chromium names it either way, and often nests one in the other). */
export const isTask = (e: Pick<TraceEvent, 'name'>): boolean => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';

/**
 * A thread's outermost tasks (`events` in {@link mainThreadEvents}' order): a RunTask most often holds a
 * ThreadControllerImpl::RunTask of the same time, and counting both doubled a thread's time (a worker that ran its
 * work in a microtask of its module's fetch held none: its time was not doubled, and one that ran it in a posted
 * message's task looked twice as costly).
 */
export function outermostTasks(events: readonly TraceEvent[]): TraceEvent[] {
  let outerEnd = -Infinity;
  return events.filter((e) => {
    if (!isTask(e) || e.ts < outerEnd) return false;
    outerEnd = e.ts + e.dur!;
    return true;
  });
}

/**
 * Time (µs) by kind of work of the `events` (in {@link mainThreadEvents}' order) starting in [from, to): each event's
 * own, less the events inside it; `time` is wall time unless told (thread time: `(e) => e.tdur ?? e.dur!`). V8's
 * many garbage collection phases are one kind of work here.
 */
export function selfTimes(events: TraceEvent[], from = -Infinity, to = Infinity, time = (e: TraceEvent) => e.dur!): Map<string, number> {
  const self = new Map<string, number>();
  const open: { name: string; end: number; own: number }[] = [];
  const close = (until: number) => {
    while (open.length && open[open.length - 1]!.end <= until) {
      const e = open.pop()!;
      self.set(e.name, (self.get(e.name) ?? 0) + e.own);
    }
  };
  for (const e of events) {
    if (e.ts < from || e.ts >= to) continue;
    close(e.ts);
    const t = time(e);
    if (open.length) open[open.length - 1]!.own -= t;
    open.push({ name: e.name.startsWith('V8.GC') ? 'GC' : e.name, end: e.ts + e.dur!, own: t });
  }
  close(Infinity);
  return self;
}

/** V8's CPU profile (Profiler.stop): sample times are on the trace's clock (µs). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The script functions sampled in [from, to) (µs, the trace's clock), by self time: the top `count`, as text. */
export function hotFunctions(p: CpuProfile, from: number, to: number, count = 8): string {
  const name = new Map(
    p.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`]),
  );
  const self = new Map<string, number>();
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i]!;
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (t >= from && t < to) self.set(name.get(id)!, (self.get(name.get(id)!) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([f, us]) => `${f} ${(us / 1000).toFixed(1)}`)
    .join(', ');
}
