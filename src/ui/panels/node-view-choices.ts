import type { Topology } from '../../model';
import { podId } from '../../model/element-id';

/**
 * Above this many choices (nodes and pods) the node-view picker lists only what is near the view until it is
 * used: one option per pod of a 1,000-node cluster (31,000) took two seconds of layout in the frame that drew a
 * trace, and one per node (1,000) was still the biggest part of the panels' render of a trace.
 */
export const POD_CHOICES = 300;

type Pods = Topology['pods'];
// The pods with a network namespace of their own, and those by node: once per document (30,000 pods at 1,000 nodes).
const ownPods = new WeakMap<Topology, { all: Pods; byNode: Map<string, Pods>; byId: Map<string, Topology['pods'][number]> }>();
function own(t: Topology) {
  let o = ownPods.get(t);
  if (!o) {
    const all = t.pods.filter((p) => !p.hostNetwork);
    const byNode = new Map<string, Pods>();
    for (const p of all) (byNode.get(p.node) ?? byNode.set(p.node, []).get(p.node)!).push(p);
    ownPods.set(t, (o = { all, byNode, byId: new Map(all.map((p) => [podId(p), p])) }));
  }
  return o;
}

/** Makes the picker's index of `t`'s pods now (the page idle before a trace): ~40 ms at 30,000 pods, else in the render that shows the first trace. */
export function preparePodChoices(t: Topology): void {
  own(t);
}

/** The pods the node-view picker offers: every pod with its own network namespace, or on a big cluster those on the node in view (`node`: a node's name or `pod:NS/NAME`). */
export function podChoices(t: Topology, node: string): Pods {
  const o = own(t);
  if (o.all.length <= POD_CHOICES) return o.all;
  const host = node.startsWith('pod:') ? o.byId.get(node)?.node : node;
  return (host !== undefined && o.byNode.get(host)) || [];
}

/**
 * The nodes the picker lists: every node, or on a big cluster (with `pods`, more than {@link POD_CHOICES}) until
 * the picker is used (`all`), only the node in view and the packet's (in the document's order).
 */
export function nodeChoices(t: Topology, pods: number, shown: string | null, following: string | null, all: boolean): Topology['nodes'] {
  if (all || t.nodes.length + pods <= POD_CHOICES) return t.nodes;
  const host = shown?.startsWith('pod:') ? own(t).byId.get(shown)?.node : shown;
  return t.nodes.filter((n) => n.name === host || n.name === following);
}
