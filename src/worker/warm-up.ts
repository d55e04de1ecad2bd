import type { Dataplane } from '../engine/dataplane';
import { podId } from '../model/element-id';
import { trace } from '../engine/trace';

/**
 * A trace whose answer is thrown away, run on a freshly compiled document while the editor's worker is idle: V8
 * compiles the walk's code on its first run, which the person's first trace would otherwise wait for (a 10-node
 * cluster's first trace ran 13.8 ms in Node, the same trace again 0.9 ms). A pod to a service's cluster IP passes
 * routing, netfilter or IPVS, conntrack and a tunnel, as most traces do. Traces share no state but what compile and
 * the nodes' lazily built state hold, so the person's trace answers the same after it.
 */
export function warmUp(dp: Dataplane): void {
  // Every compiled document, not once per worker: a major GC after a replacement collected the hidden classes only the
  // dropped dataplane's objects had, and threw away the optimized code that checks for them (42-58 functions at 1,000
  // nodes, bench/idle-gc.ts --replace); this walk, kept as the new dataplane's lastWalk, keeps them (8-10).
  const pod = dp.podsByRef.values().next().value;
  const sp = dp.servicePorts[0];
  if (!pod || !sp) return;
  try {
    trace(dp, { from: podId(pod), to: `svc:${sp.svc.namespace}/${sp.svc.name}:${sp.port.port}`, protocol: sp.port.protocol === 'UDP' ? 'UDP' : 'TCP' });
  } catch {
    // A request this document refuses warms what it reached.
  }
}
