/**
 * What the kubectl importer says (its problems and warnings) as a key and its values, worded in English here (the CLI,
 * the tests); the import dialog words the same key in the reader's language (src/i18n/import-zh.ts). Keys start with
 * `k_` so they never collide with the validator's `p_` problems or the engine's reasons in the UI's 'reasons' namespace.
 */
import { clipped, type Params } from '../problem-text';
import { fillReason } from '../reason';
import type { Problem } from '../topology';
import type { Reason } from '../trace';

export const IMPORT_TEXT = {
  // nested values
  k_theInput: '(input)',
  k_aSequence: 'a sequence',
  k_itHoldsNothing: 'it holds no objects',
  k_itHolds: 'it holds {{kinds}}',
  k_noNamedNode: 'no named node',
  k_missingNode: 'node {{node}}, which the input does not hold',
  k_andMore: '{{shown}}, … ({{count}} in all)',
  // why an object was left out
  k_skipFinished: 'finished ({{phase}})',
  k_skipUnscheduled: 'not scheduled to a node',
  k_skipOnMissingNode: 'on a node the input does not hold',
  k_skipIPv6Only: 'IPv6 only',
  k_skipNoIP: 'no IP yet',
  k_skipExternalName: 'ExternalName services (DNS only)',
  k_skipHeadless: 'headless services (no cluster IP)',
  k_skipIPv6Service: 'IPv6-only services',
  k_skipNoClusterIP: 'services without a cluster IP',
  k_skipNoSelector: 'services without a selector (endpoints managed by hand)',
  k_skipNoPorts: 'services without ports',

  // problems: the input is refused
  k_empty: 'the input is empty: paste the output of `kubectl get nodes,pods,services,endpointslices -A -o yaml`',
  k_nestedTooDeep: 'Lists nested more than {{depth}} deep: is this the output of kubectl get -o yaml?',
  k_notObject: 'expected a Kubernetes object or List, got {{got}}',
  k_noKind: '{{where}} has no kind: is this the output of kubectl get -o yaml?',
  k_listNeedsItems: 'a List needs items (a sequence of objects)',
  k_noName: 'a {{kind}} without metadata.name',
  k_namespaceNotText: 'metadata.namespace must be a string',
  k_labelNotText: 'a label value must be a string',
  k_noNodes: 'no Node objects in the input ({{holds}}): run kubectl get nodes,pods,services,endpointslices -A -o yaml',
  k_nodeNoIPv4: 'node {{node}} has no IPv4 InternalIP address',
  k_containerPort: 'a port number 1–65535, got {{got}}',
  k_serviceType: 'unknown service type "{{type}}" (ClusterIP, NodePort, LoadBalancer or ExternalName)',
  k_servicePort: 'a port number, got {{got}}',
  k_cniOption: '--cni takes PLUGIN[:MODE] with PLUGIN one of {{plugins}}; got "{{got}}"',
  k_cniModeOption: '--cni {{plugin}}: the mode is one of {{modes}}; got "{{got}}"',
  k_flannelBackend:
    'flannel\'s backend "{{backend}}" is not modelled (vxlan, host-gw, or a cloud VPC route backend): pass --cni flannel:vxlan|host-gw|vpc-route',
  k_cniUnknown:
    'the CNI plugin could not be inferred (no flannel, calico or terway pods or annotations in the input): pass --cni PLUGIN[:MODE], e.g. --cni flannel:vxlan, --cni calico:ipip or --cni terway:eniip',
  k_vpcOverlaps: 'no CIDR holds every node IP without overlapping the pod range {{podCidr}}: the node and pod addresses overlap',
  k_serviceCidrOverlaps: 'no CIDR holds every cluster IP ({{ips}}…) without overlapping the node or pod ranges',
  k_importerFailed: 'the importer failed on this input ({{error}}): please report it with the input attached',

  // warnings: what was assumed or left out
  k_leftOut: 'left out, {{why}}: {{what}}',
  k_dualStackOne: 'dual-stack: 1 object has IPv6 addresses too; only the IPv4 ones are kept (the document is IPv4)',
  k_dualStack: 'dual-stack: {{count}} objects have IPv6 addresses too; only the IPv4 ones are kept (the document is IPv4)',
  k_twice: '{{kind}} {{name}} appears twice; the first one is used',
  k_ignoredKinds: 'ignored {{kinds}} (only Nodes, Pods, Services, EndpointSlices, Namespaces and the kube-proxy ConfigMap are read)',
  k_hostNetworkIp: "hostNetwork pod {{pod}} reports {{ip}}, not its node's InternalIP {{nodeIp}}; the node's IP is used",
  k_endpointOffNode: 'endpoint {{ip}} of {{service}} (pod {{pod}}) is on {{node}}; left out',
  k_endpointPodMade: "pod {{pod}} (an endpoint of {{service}}) is not in the input: made from the EndpointSlice, with the service's selector as its labels",
  k_proxyVersions: 'the nodes run kube-proxy {{versions}}; the oldest, {{version}}, is used',
  k_proxyModeUnknown: 'kube-proxy mode "{{mode}}" (ConfigMap kube-system/{{configMap}}) is not modelled: iptables is used',
  k_proxyModeAssumed: "kube-proxy's mode is not in the input (add configmaps to kubectl get to read it): iptables, its default, is assumed",
  k_namedPortTwice: '"{{name}}" is port {{ports}} in different pods of {{service}}; {{port}} is used',
  k_namedPortMissing: 'no selected pod of {{service}} names a port "{{name}}" (nor does its EndpointSlice); the service port {{port}} is used',
  k_lbHostname: '{{service}}: the load balancer has a hostname ({{hostname}}), not an IP; no load balancer is made',
  k_flannelBackendAssumed:
    "flannel backend not stated (no flannel.alpha.coreos.com/backend-type annotation): vxlan, flannel's default, is assumed; pass --cni flannel:MODE to choose",
  k_canal: "calico-node runs alongside flannel (Canal): flannel carries the packets; Calico's policy enforcement is not modelled for flannel",
  k_calicoBgp: 'calico: no IPIP or VXLAN tunnel address on the nodes, so BGP without encapsulation (node-to-node mesh) is assumed',
  k_terwayAssumed:
    "no CNI DaemonSet or annotation in the input, but the pods take addresses of the nodes' network: Terway (eniip) is assumed; pass --cni to choose",
  k_podCidrFromPods: "node {{node}} has no spec.podCIDR; its pods' addresses give {{cidr}}",
  k_serviceCidrAssumed: 'no service has a cluster IP: serviceCIDR {{cidr}} is assumed',
  k_vswitchAssumed: 'kubectl does not show vSwitch CIDRs: one vSwitch, {{cidr}}, holding every node and pod address, is assumed',
} as const;

export type ImportKey = keyof typeof IMPORT_TEXT;

/** A nested value of another import text; worded only inside it. */
export const importPart = (key: ImportKey, params?: Params): Reason => (params ? { key, params: clipped(params) } : { key });

/**
 * What the importer says at `path` ('' for the input as a whole): English `message` plus `why`, the same shape as the
 * validator's problems and warnings, so the dialog and the CLI word and print both alike.
 */
export function importSaid(path: string, key: ImportKey, params?: Params): Problem {
  const why = importPart(key, params);
  return { path, message: fillReason(why, IMPORT_TEXT) ?? key, why };
}
