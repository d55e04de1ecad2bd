/**
 * The cluster's ranges, inferred: `podCIDR` (the CIDR a ConfigMap states, else the smallest CIDR
 * holding every node block, widened to /16 where that overlaps nothing), the VPC CIDR (a /16 or
 * wider holding every node, and Terway's pods), `serviceCIDR` (a /16 or /12 holding every cluster
 * IP) and, for Terway, one vSwitch holding every node and pod address (kubectl does not show them).
 */
import { cidrContains, cidrsOverlap, formatCidr, parseCidr, type ParsedCidr } from '../cidr';
import { DEFAULT_SERVICE_CIDR } from '../defaults';
import type { Problem } from '../topology';
import type { CniGuess } from './cni';
import type { ImportContext } from './context';
import { importSaid } from './import-text';
import type { ImportedNode } from './nodes';
import { obj, type Source } from './objects';
import type { ImportedPod } from './pods';
import { covering, ipRange, pickRange, rangeOf, widen } from './ranges';

export interface ClusterRanges {
  podCIDR?: ParsedCidr;
  vpc: ParsedCidr;
  serviceCIDR: ParsedCidr;
  vswitches?: string[];
}

export function inferRanges(
  ctx: ImportContext,
  cni: CniGuess,
  nodes: readonly ImportedNode[],
  blocks: readonly ParsedCidr[],
  allPods: readonly ImportedPod[],
  allClusterIPs: readonly string[],
  configMaps: readonly Source[],
): ClusterRanges | { problem: Problem } {
  const nodeRanges = nodes.map((n) => ipRange(n.ip));
  let podCIDR: ParsedCidr | undefined;
  if (cni.plugin === 'flannel' || cni.plugin === 'calico') {
    const specBlocks = nodes.map((n) => (n.specPodCIDR ? parseCidr(n.specPodCIDR) : undefined)).filter((c): c is ParsedCidr => c !== undefined);
    const source = blocks.length > 0 ? blocks : specBlocks;
    podCIDR = source.length > 0 ? covering(source.map(rangeOf)) : parseCidr(cni.plugin === 'calico' ? '192.168.0.0/16' : '10.244.0.0/16');
    // The cluster's own pod range when a ConfigMap in the input states it (kube-proxy's
    // clusterCIDR, flannel's net-conf.json Network, Calico's CALICO_IPV4POOL_CIDR is not in a
    // ConfigMap); else a cluster pod range is rarely narrower than /16: widen when that overlaps nothing.
    const stated = statedPodCidr(configMaps);
    const fits = (c: ParsedCidr): boolean =>
      source.every((b) => cidrContains(c, b.base) && cidrContains(c, rangeOf(b)[1])) &&
      !nodeRanges.some((r) => cidrContains(c, r[0])) &&
      !allClusterIPs.some((ip) => cidrContains(c, ip));
    const wide = widen(podCIDR!, 16);
    if (stated && fits(stated)) podCIDR = stated;
    else if (fits(wide)) podCIDR = wide;
  }
  const terwayPodRanges = cni.plugin === 'terway' ? allPods.filter((p) => !p.hostNetwork && p.ip !== undefined).map((p) => ipRange(p.ip!)) : [];
  const vpc = pickRange([...nodeRanges, ...terwayPodRanges], [16, 8], (c) => !podCIDR || !cidrsOverlap(c, podCIDR));
  if (!vpc) {
    return {
      problem: importSaid('cluster.vpc.cidr', 'k_vpcOverlaps', { podCidr: podCIDR ? formatCidr(podCIDR) : '' }),
    };
  }
  const others = (c: ParsedCidr): boolean => (!podCIDR || !cidrsOverlap(c, podCIDR)) && !cidrsOverlap(c, vpc);
  let serviceCIDR: ParsedCidr | undefined;
  if (allClusterIPs.length > 0) {
    serviceCIDR = pickRange(allClusterIPs.map(ipRange), [16, 12], others);
    if (!serviceCIDR) {
      return {
        problem: importSaid('cluster.serviceCIDR', 'k_serviceCidrOverlaps', { ips: allClusterIPs.slice(0, 4).join(', ') }),
      };
    }
  } else {
    const dflt = parseCidr(DEFAULT_SERVICE_CIDR)!;
    serviceCIDR = others(dflt) ? dflt : parseCidr('172.30.0.0/16')!;
    ctx.warn('', 'k_serviceCidrAssumed', { cidr: formatCidr(serviceCIDR) });
  }

  let vswitches: string[] | undefined;
  if (cni.plugin === 'terway') {
    const vsw = covering([...nodeRanges, ...terwayPodRanges], 24);
    vswitches = [formatCidr(widen(vsw!, 24))];
    ctx.warn('', 'k_vswitchAssumed', { cidr: vswitches[0]! });
  }
  return { ...(podCIDR ? { podCIDR } : {}), vpc, serviceCIDR, ...(vswitches ? { vswitches } : {}) };
}

/** kube-proxy's `clusterCIDR` or flannel's net-conf.json `Network`, when a ConfigMap in the input states one. */
function statedPodCidr(configMaps: readonly Source[]): ParsedCidr | undefined {
  for (const cm of configMaps.filter((s) => s.namespace === 'kube-system')) {
    for (const v of Object.values(obj(cm.obj.data))) {
      if (typeof v !== 'string') continue;
      const m = /^\s*clusterCIDR:\s*["']?([\d.]+\/\d+)/m.exec(v) ?? /"Network"\s*:\s*"([\d.]+\/\d+)"/.exec(v);
      const c = m ? parseCidr(m[1]!) : undefined;
      if (c) return c;
    }
  }
  return undefined;
}
