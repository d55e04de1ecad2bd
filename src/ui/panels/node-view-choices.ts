import type { Topology } from '../../model';
import { podId } from '../../model/element-id';

/**
 * Above this many pods the node-view picker lists only the pods on the node in view: one option per
 * pod of a 1,000-node cluster (31,000) took two seconds of layout in the frame that drew a trace.
 */
export const POD_CHOICES = 300;

/** The pods the node-view picker offers: every pod with its own network namespace, or on a big cluster those on the node in view (`node`: a node's name or `pod:NS/NAME`). */
export function podChoices(t: Topology, node: string): Topology['pods'] {
  const own = t.pods.filter((p) => !p.hostNetwork);
  if (own.length <= POD_CHOICES) return own;
  const host = node.startsWith('pod:') ? own.find((p) => podId(p) === node)?.node : node;
  return own.filter((p) => p.node === host);
}
