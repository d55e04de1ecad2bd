import type { Dataplane } from './dataplane';
import { nodeId } from '../model/element-id';

/** The namespace of node `nodeName` (or of any namespace id, e.g. "pod:default/x"), every table compiled; throws naming the nodes there are. */
export function namespaceOf(dp: Dataplane, nodeName: string) {
  const id = nodeName.includes(':') ? nodeName : nodeId(nodeName);
  const ns = dp.ns(id);
  if (!ns) throw new Error(`no node ${nodeName} in the topology (nodes: ${dp.topology.nodes.map((n) => n.name).join(', ')})`);
  ns.prepareAll?.();
  return { id, ns };
}
