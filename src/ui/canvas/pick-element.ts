import type { AppStoreApi } from '../../store';
import { elementTargets } from '../../store/endpoints';

// Apart from trace-pick.ts: the ends an element offers (store/endpoints.ts) load only with the app, whose pick
// buttons arm a pick; the embed has none.
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
