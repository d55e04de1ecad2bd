import type { CDPSession } from '@playwright/test';

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
  args?: { name?: string; elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number } };
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
