import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectFrom, selectTopology, selectTraceMenu, useAppStore, useAppStoreApi } from '../../store';
import { elementTargets } from '../../store/endpoints';
import { useClickOutside } from '../lib/useClickOutside';

// The canvas's picks and the menu's key live in trace-pick.ts: the embed uses them without this menu.
export { openMenuOnSelection, refOfElement } from './trace-pick';
export { pickElement } from './pick-element';

/** "Trace from here" / "Trace to here" for one canvas element, with the destinations it really offers. */
export function TraceMenu() {
  const { t } = useTranslation();
  const menu = useAppStore(selectTraceMenu);
  const topology = useAppStore(selectTopology);
  const from = useAppStore(selectFrom);
  const store = useAppStoreApi();
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => store.getState().openTraceMenu(null), [store]);
  useClickOutside(ref, !!menu, close);
  const targets = useMemo(() => (menu && topology ? elementTargets(topology, menu.ref, from) : null), [menu, topology, from]);
  useEffect(() => {
    if (menu) ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu]);
  if (!menu || !targets) return null;
  const onKey = (e: React.KeyboardEvent) => {
    const all = ref.current ? [...ref.current.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowUp') all[(i - 1 + all.length) % all.length]?.focus();
    else if (e.key === 'Home') all[0]?.focus();
    else if (e.key === 'End') all.at(-1)?.focus();
    else if (e.key !== 'Tab') return;
    e.preventDefault();
    e.stopPropagation();
  };
  const setFrom = (v: string) => {
    store.getState().setFrom(v);
    close();
  };
  const setTo = (v: string) => {
    store.getState().setTo(v);
    close();
  };
  // Keep the menu on screen.
  const left = Math.max(4, Math.min(menu.x, window.innerWidth - 340));
  const top = Math.max(4, Math.min(menu.y, window.innerHeight - 40 - 30 * (targets.to.length + 2)));
  const item = 'block w-full cursor-pointer rounded px-2 py-1 text-left text-[12.5px] text-slate-800 hover:bg-blue-50 focus:bg-blue-100 focus:outline-none';
  return (
    <div
      ref={ref}
      role="menu"
      data-testid="tracemenu"
      data-ref={menu.ref}
      aria-label={t('pick.menuLabel', { ref: menu.ref })}
      onKeyDown={onKey}
      onContextMenu={(e) => e.preventDefault()}
      className="fixed z-50 max-h-[70vh] w-[336px] overflow-auto rounded-md border border-slate-300 bg-white p-1 shadow-lg"
      style={{ left, top }}
    >
      <div className="truncate px-2 pt-0.5 pb-1 font-mono text-[11px] text-slate-500" title={menu.ref}>
        {menu.ref}
      </div>
      {menu.only !== 'to' && targets.from && (
        <button type="button" role="menuitem" data-testid="tracemenu.from" className={item} onClick={() => setFrom(targets.from!)}>
          <span className="font-semibold">{t('pick.traceFrom')}</span>
        </button>
      )}
      {menu.only !== 'from' && targets.to.length > 0 && (
        <>
          <div className="px-2 pt-1.5 pb-0.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t('pick.traceTo')}</div>
          {targets.to.map((o) => (
            <button
              key={o.value}
              type="button"
              role="menuitem"
              data-testid="tracemenu.to"
              data-value={o.value}
              data-kind={o.kind}
              className={item}
              onClick={() => setTo(o.value)}
              title={o.value}
            >
              <span className="font-mono text-[12px]">{o.label}</span>
            </button>
          ))}
        </>
      )}
      {!targets.from && targets.to.length === 0 && <div className="px-2 py-1 text-[12px] text-slate-500">{t('pick.nothing')}</div>}
    </div>
  );
}
