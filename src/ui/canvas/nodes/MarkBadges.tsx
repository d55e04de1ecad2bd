import type { Marks } from '../types';
import { cn } from '../../lib/cn';

/**
 * Classes for an element: its own colours (`base`), replaced by amber when the trace passed
 * through it, plus a ring when it is an end of the request.
 * NOTE: the colours are swapped, not stacked: with two Tailwind border/bg classes on one
 * element the stylesheet order decides, not the class order.
 */
export function markClass(m: Marks, base: string): string {
  return cn(
    m.onPath ? 'border-amber-400 bg-amber-50' : base,
    m.from && 'ring-2 ring-blue-500 ring-offset-1',
    !m.from && m.to && 'ring-2 ring-emerald-500 ring-offset-1',
  );
}

/** Small FROM / TO tags in the top-right corner of a canvas element. */
export function MarkBadges({ from, to }: Marks) {
  if (!from && !to) return null;
  return (
    <div className="absolute -top-2.5 right-2 flex gap-1">
      {from && <span className="rounded bg-blue-600 px-1.5 text-[10px] leading-4 font-semibold text-white">FROM</span>}
      {to && <span className="rounded bg-emerald-600 px-1.5 text-[10px] leading-4 font-semibold text-white">TO</span>}
    </div>
  );
}
