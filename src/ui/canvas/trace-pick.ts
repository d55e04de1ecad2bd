import type { AppStoreApi } from '../../store';
import { parseElementId, type ElementKind } from '../../model/element-id';
import { KINDS } from './kinds';

/** The element kinds that may be an end of a trace (each kind's module says). */
const TRACE_ENDS = new Set<ElementKind>(Object.values(KINDS).flatMap((k) => (k.traceEnd && k.element ? [k.element] : [])));

/** The trace reference of a canvas element (`data-ref` of its box), or null for what cannot be an end (the VPC, a router). */
export function refOfElement(el: Element | null): string | null {
  const box = el?.closest('[data-testid="canvas.node"]');
  const ref = box?.getAttribute('data-ref') ?? null;
  const kind = ref ? parseElementId(ref)?.kind : undefined;
  return kind && TRACE_ENDS.has(kind) ? ref : null;
}

/** Opens the menu of the selected canvas element beside it (the ContextMenu key, Shift+F10). */
export function openMenuOnSelection(store: AppStoreApi): boolean {
  const el = document.querySelector('[data-testid="canvas"] .react-flow__node.selected [data-testid="canvas.node"]');
  const ref = refOfElement(el);
  if (!el || !ref) return false;
  const r = el.getBoundingClientRect();
  store.getState().openTraceMenu({ ref, x: r.left + Math.min(24, r.width / 2), y: r.top + Math.min(24, r.height / 2) });
  return true;
}
