import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { cn } from '../lib/cn';
import { LINE_PX, lineWindow, scrollToLine } from './line-window';

/**
 * What a node's tool printed, a line each, the lines the current hop matched highlighted and the first of them
 * brought into view. A long text (`ipvsadm -Ln` at 1,000 nodes: 67,000 lines) draws only the lines in sight and a
 * margin (line-window.ts): a line each for all of them was seconds of layout, and again at every step of the packet.
 */
export function NodeViewText({ text, hits, error, placeholder }: { text: string | null; hits: ReadonlySet<string>; error: boolean; placeholder: ReactNode }) {
  const box = useRef<HTMLPreElement | null>(null);
  const lines = useMemo(() => (text === null ? null : text.split('\n')), [text]);
  const count = lines?.length ?? 0;
  const firstHit = useMemo(() => (lines && hits.size ? lines.findIndex((l) => hits.has(l)) : -1), [lines, hits]);
  // The box's height, told by a ResizeObserver (never measured while rendering); its first guess is the dock's h-96.
  const [height, setHeight] = useState(384);
  const [top, setTop] = useState(0);
  const setBox = useCallback((el: HTMLPreElement | null) => {
    box.current = el;
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const seen = new ResizeObserver(([e]) => e && setHeight(e.contentRect.height));
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  // Bring the first highlighted rule into view (vertically; long rules run off to the right): its place is known from its index.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || firstHit < 0) return;
    const to = scrollToLine(firstHit, height);
    el.scrollTop = to;
    setTop(to);
    // Only when the text or the hop's rules change, not when the box is resized.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lines, firstHit]);
  const { first, end } = lineWindow(top, height, count);
  const onScroll = useCallback(() => {
    const el = box.current;
    if (el) setTop(el.scrollTop);
  }, []);
  return (
    <pre
      ref={setBox}
      onScroll={onScroll}
      data-testid="nodeview.text"
      data-lines={count || undefined}
      className="relative min-h-24 flex-1 overflow-auto rounded-md bg-slate-900 px-2 py-1.5 font-mono text-[11px] leading-4 text-slate-200"
    >
      {lines === null ? (
        placeholder
      ) : (
        <>
          {first > 0 && <div style={{ height: first * LINE_PX }} />}
          {lines.slice(first, end).map((line, j) => {
            const hit = hits.has(line);
            return (
              <div
                key={first + j}
                data-testid="nodeview.line"
                data-matched={hit || undefined}
                className={cn('whitespace-pre', hit && '-mx-2 bg-amber-400/25 px-2 text-amber-100', error && 'text-rose-300')}
              >
                {line || ' '}
              </div>
            );
          })}
          {end < count && <div style={{ height: (count - end) * LINE_PX }} />}
        </>
      )}
    </pre>
  );
}
