import { useCallback, useRef, useState, type ReactNode } from 'react';
import { cn } from './cn';
import { useClickOutside } from './useClickOutside';
import { useEscape } from './useEscape';

/**
 * Controls a bar shows in line when it has the room (`inline`), and otherwise behind a "⋯" button
 * (a narrow window): the bar keeps one row and every control stays reachable by mouse and keyboard
 * (Tab moves into the open menu, Escape closes it and returns to the button). Rendered once either
 * way, so a control keeps its state and test id.
 */
export function Overflow({
  inline,
  label,
  testId,
  up = false,
  children,
}: {
  inline: boolean;
  label: string;
  testId: string;
  /** Open upwards (a bar at the bottom of the window). */
  up?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useClickOutside(box, open, close);
  useEscape(() => {
    setOpen(false);
    button.current?.focus();
  }, open);
  if (inline) return <>{children}</>;
  return (
    <span ref={box} className="relative flex">
      <button
        ref={button}
        type="button"
        data-testid={testId}
        aria-label={label}
        title={label}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className={cn(
          'h-7 min-w-7 rounded border px-1.5 text-[14px] leading-none font-semibold',
          open ? 'border-blue-600 bg-blue-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50',
        )}
      >
        ⋯
      </button>
      {open && (
        <span
          role="group"
          aria-label={label}
          data-testid={`${testId}.menu`}
          className={cn(
            'absolute right-0 z-50 flex w-max',
            up ? 'bottom-full mb-1' : 'top-full mt-1',
            ' flex-col items-stretch gap-1.5 rounded-md border border-slate-200 bg-white p-2 shadow-lg',
          )}
        >
          {children}
        </span>
      )}
    </span>
  );
}
