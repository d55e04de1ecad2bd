import type { Topology } from '../../model';
import { podId } from '../../model/element-id';

/**
 * Above this many choices (nodes and pods) the node-view picker offers only the pods of the node in view, and
 * lists the nodes only once it is used: one option per pod of a 1,000-node cluster (31,000) took two seconds of
 * layout in the frame that drew a trace, and one per node (1,000) was still the biggest part of the panels' render of a trace.
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

/** Whether `t` is small enough for the picker to list every node and pod once the page is idle, not only once it is used. */
export const listsAllWhenIdle = (t: Topology): boolean => t.nodes.length + own(t).all.length <= POD_CHOICES;

/**
 * The nodes and pods the picker lists: until it is used (`all`) only what it shows (`shown`: a node's name or
 * `pod:NS/NAME`) and the packet's node (`following`), in the document's order; once used, every node and
 * {@link podChoices}' pods. NOTE: a `<select>` of 300 options (a 10-node cluster) was ~15 ms of style and layout in
 * the frame that drew a trace's panels, for a list nobody had opened.
 */
export function pickerChoices(t: Topology, shown: string, following: string | null, all: boolean): { nodes: Topology['nodes']; pods: Pods } {
  const pods = podChoices(t, shown);
  if (all) return { nodes: t.nodes, pods };
  const host = shown.startsWith('pod:') ? own(t).byId.get(shown)?.node : shown;
  return { nodes: t.nodes.filter((n) => n.name === host || n.name === following), pods: pods.filter((p) => podId(p) === shown) };
}
