/**
 * Nodes: `metadata.name`; `status.addresses[type=InternalIP]` (IPv4) → `ip`; `spec.podCIDR(s)`
 * (IPv4); the annotations (the CNI's evidence) and `status.nodeInfo.kubeProxyVersion`. Once the
 * CNI is known, each becomes a document node: Flannel's block is its `spec.podCIDR`; Calico's
 * IPAM ignores that, so a Calico node's block is the /26 (or the smallest aligned block, /26 or
 * wider) holding its pods' IPs; Terway nodes get ENIs (`eth1`, `eth2`, …) enough for their pods.
 */
import { formatCidr, parseCidr, type ParsedCidr } from '../cidr';
import { DEFAULT_ENI_MAX_IPS } from '../defaults';
import type { ImportContext } from './context';
import { annotationsOf, arr, isIPv4, isIPv6, isObj, join, obj, str, type Source } from './objects';
import type { ImportedPod } from './pods';
import { covering, ipRange, widen } from './ranges';
import type { CniGuess } from './cni';

export interface ImportedNode {
  name: string;
  ip: string;
  specPodCIDR?: string;
  annotations: Record<string, unknown>;
  kubeProxyVersion?: string;
  /** The object it came from, to name in a problem. */
  from: string;
}

export function readNodes(ctx: ImportContext, nodesIn: readonly Source[]): ImportedNode[] {
  const nodes: ImportedNode[] = [];
  for (const s of nodesIn) {
    const addresses = arr(obj(s.obj.status).addresses).filter(isObj);
    const internal = addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address);
    const ip = internal.find(isIPv4);
    if (internal.some(isIPv6)) ctx.dualStack++;
    if (ip === undefined) {
      ctx.problem(join(s.at, 'status.addresses'), 'k_nodeNoIPv4', { node: s.name });
      continue;
    }
    const spec = obj(s.obj.spec);
    const cidrs = [spec.podCIDR, ...arr(spec.podCIDRs)].filter((c): c is string => typeof c === 'string');
    const v4 = cidrs.find((c) => parseCidr(c) !== undefined && !c.includes(':'));
    const kpv = str(obj(obj(s.obj.status).nodeInfo).kubeProxyVersion);
    nodes.push({ name: s.name, ip, specPodCIDR: v4, annotations: annotationsOf(s.obj), kubeProxyVersion: kpv, from: `${s.at} (Node ${s.name})` });
  }
  return nodes;
}

/** The document's nodes under `cni`, and the pod blocks they were given (Flannel, Calico). */
export function nodeDocuments(
  ctx: ImportContext,
  nodes: readonly ImportedNode[],
  allPods: readonly ImportedPod[],
  cni: CniGuess,
): { nodeDocs: Record<string, unknown>[]; blocks: ParsedCidr[] } {
  const nodeDocs: Record<string, unknown>[] = [];
  const blocks: ParsedCidr[] = [];
  // Each node's own-address pods, grouped once (not a scan of every pod per node).
  const podsOn = new Map<string, ImportedPod[]>();
  for (const p of allPods) {
    if (p.hostNetwork || p.ip === undefined) continue;
    const list = podsOn.get(p.node);
    if (list) list.push(p);
    else podsOn.set(p.node, [p]);
  }
  for (const n of nodes) {
    const d: Record<string, unknown> = { name: n.name, ip: n.ip };
    const mine = podsOn.get(n.name) ?? [];
    if (cni.plugin === 'flannel') {
      let block = n.specPodCIDR ? parseCidr(n.specPodCIDR) : undefined;
      if (!block && mine.length > 0) {
        block = widen(covering(mine.map((p) => ipRange(p.ip!)))!, 24);
        ctx.warn('', 'k_podCidrFromPods', { node: n.name, cidr: formatCidr(block) });
      }
      if (block) {
        d.podCIDR = formatCidr(block);
        blocks.push(block);
      }
    } else if (cni.plugin === 'calico') {
      const tunnel = [n.annotations['projectcalico.org/IPv4IPIPTunnelAddr'], n.annotations['projectcalico.org/IPv4VXLANTunnelAddr']].filter(isIPv4);
      const addrs = [...mine.map((p) => p.ip!), ...tunnel];
      if (addrs.length > 0) {
        const block = widen(covering(addrs.map(ipRange))!, 26);
        d.podCIDR = formatCidr(block);
        blocks.push(block);
      }
    } else {
      const perEni = cni.mode === 'eni-exclusive' ? 1 : DEFAULT_ENI_MAX_IPS;
      const count = Math.max(1, Math.ceil(mine.length / perEni));
      d.enis = Array.from({ length: count }, (_, i) => ({ name: `eth${i + 1}`, maxIPs: perEni }));
    }
    nodeDocs.push(d);
  }
  return { nodeDocs, blocks };
}
