/**
 * How kube-proxy tells traffic from a local pod from the rest (--detect-local-mode), as
 * pkg/proxy/util/localdetector.go and cmd/kube-proxy/app/server_linux.go getLocalDetector do it:
 * ClusterCIDR `-s <cluster-cidr>` (nothing when kube-proxy has no --cluster-cidr), NodeCIDR
 * `-s <node.spec.podCIDR>`, BridgeInterface `-i <bridge>`, InterfaceNamePrefix `-i <prefix>+`.
 * A detector that detects nothing (NewNoOpLocalDetector) is `undefined`.
 */
import { parseCidr, type ParsedCidr } from '../../model/cidr';
import { kubeProxyFlags } from '../../model/defaults';
import type { Cluster } from '../../model';

/** The match of IfLocal(); IfNotLocal() is the same match negated. */
export type LocalDetector = { src: ParsedCidr } | { inIface: string };

export function localDetector(cluster: Cluster, nodeBlock: ParsedCidr | undefined): LocalDetector | undefined {
  const f = kubeProxyFlags(cluster.kubeProxy, cluster.podCIDR);
  switch (f.detectLocalMode) {
    case 'ClusterCIDR': {
      const c = f.clusterCIDR ? parseCidr(f.clusterCIDR) : undefined;
      return c ? { src: c } : undefined;
    }
    case 'NodeCIDR':
      return nodeBlock ? { src: nodeBlock } : undefined;
    case 'BridgeInterface':
      return f.bridgeInterface ? { inIface: f.bridgeInterface } : undefined;
    case 'InterfaceNamePrefix':
      return f.interfaceNamePrefix ? { inIface: `${f.interfaceNamePrefix}+` } : undefined;
  }
}

/** IfLocal(): `-s CIDR` or `-i NAME`. */
export const ifLocal = (d: LocalDetector) => ('src' in d ? { src: d.src } : { inIface: d.inIface });
/** IfNotLocal(): `! -s CIDR` or `! -i NAME`. */
export const ifNotLocal = (d: LocalDetector) => ('src' in d ? { src: d.src, srcNot: true } : { inIface: d.inIface, inIfaceNot: true });
