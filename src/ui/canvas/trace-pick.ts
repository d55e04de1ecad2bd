import { elementTargets, type AppStoreApi } from '../../store';
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

/**
 * A click on a canvas element while a pick is armed: sets that end when the element offers exactly one
 * choice for it, or opens the element's menu limited to that end when it offers several. The pick stays
 * armed when the element cannot be that end (a service as From).
 */
export function pickElement(store: AppStoreApi, ref: string, at: { x: number; y: number }) {
  const s = store.getState();
  if (!s.armed || !s.topology) return;
  const targets = elementTargets(s.topology, ref, s.from);
  if (s.armed === 'from') {
    if (!targets.from) return;
    s.setFrom(targets.from);
    s.arm(null);
    return;
  }
  if (targets.to.length === 0) return;
  if (targets.to.length === 1) {
    s.setTo(targets.to[0]!.value);
    s.arm(null);
    return;
  }
  s.arm(null);
  s.openTraceMenu({ ref, ...at, only: 'to' });
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
