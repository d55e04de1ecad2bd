/**
 * The validator's problems as a key and its values. The validator words them in English here
 * (the CLI, the tests, the "file refused" dialog in English); the UI may word the same key in
 * another language (src/i18n/problems-zh.ts). Keys start with `p_` so they never collide with
 * the engine's reasons, which share the UI's 'reasons' namespace.
 * Each template is a whole sentence: conditional wording is a key of its own. The helpers at the
 * end word what a value is (`described`) and guess the word a typo meant (`closest`).
 */
import { fillReason } from './reason';
import type { Problem } from './topology';
import type { Reason } from './trace';

export const PROBLEMS = {
  // what a value is (nested in other problems)
  p_descNothing: 'nothing',
  p_descNull: 'null',
  p_descList: 'a list',
  p_descMapping: 'a mapping',
  p_descText: "the text '{{text}}'",
  p_descNumber: 'number {{value}}',
  p_descBoolean: 'boolean {{value}}',
  p_descValue: '{{type}} {{value}}',
  // what a field expects (nested)
  p_expText: 'text',
  p_expNumber: 'a number',
  p_expInt: 'a whole number',
  p_expBoolean: 'true or false',
  p_expMapping: 'a mapping',
  p_expList: 'a list',
  p_expOther: '{{type}}',
  p_expPortOrName: 'a port number or a port name',
  // what a name names (nested)
  p_whatName: 'name',
  p_whatNamespace: 'namespace',
  p_whatPortName: 'port name',
  p_whatServiceName: 'service name',
  p_ruleDns1035: "lowercase letters, digits and '-', starting with a letter",
  p_ruleSubdomain: "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
  p_ruleDnsLabel: "lowercase letters, digits and '-', starting and ending with a letter or digit",
  p_ruleIanaSvcName: "at most 15 lowercase letters, digits and '-', with a letter, starting and ending with a letter or digit, no '--'",
  // kinds of element (nested)
  p_kindRouter: 'router',
  p_kindNode: 'node',
  p_kindLoadBalancer: 'load balancer',
  p_kindExternal: 'external',
  p_kindPod: 'pod',
  p_kindService: 'service',
  // who holds an address (nested)
  p_ownerNode: 'node {{name}}',
  p_ownerNodeSecondary: 'node {{name}} (secondary IP)',
  p_ownerPod: 'pod {{name}}',
  p_ownerService: 'service {{name}}',
  p_ownerLoadBalancer: 'load balancer {{name}}',
  p_ownerExternal: 'external {{name}}',
  p_ownerRouter: 'router {{name}}',

  // shape
  p_unknownFieldGuess: "unknown field '{{key}}': did you mean '{{guess}}'?",
  p_unknownField: "unknown field '{{key}}': remove it (known fields here: {{known}})",
  p_required: "required field '{{field}}' is missing: add it",
  p_expected: 'expected {{expected}}, got {{got}}',
  p_expectedUnquote: 'expected {{expected}}, got {{got}}: write {{value}} without quotes',
  p_mustBe: "must be '{{value}}', got {{got}}",
  p_notOneOf: '{{got}} is not one of {{values}}',
  p_notOneOfGuess: "{{got}} is not one of {{values}}: did you mean '{{guess}}'?",
  p_atLeastEntry: 'needs at least {{min}} entry',
  p_atLeastEntries: 'needs at least {{min}} entries',
  p_atLeast: 'must be at least {{min}}, got {{got}}',
  p_atMost: 'must be at most {{max}}, got {{got}}',
  p_nameEmpty: '{{what}} must not be empty',
  p_nameTooLong: "'{{value}}' is longer than {{max}} characters",
  p_nameInvalid: "'{{value}}' is not a valid {{what}}: use {{rule}}",
  p_metadataName: "'{{value}}' is not a valid metadata.name: use lowercase letters, digits and '-' (e.g. 'my-cluster')",
  p_cniVersion: '\'{{value}}\' is not a version: write it like "1.2.1"',
  p_k8sVersion: '\'{{value}}\' is not a Kubernetes version: write the minor version, e.g. "1.28"',
  p_ifname: "'{{value}}' is not an interface name: use up to 15 letters, digits, '-', '_' or '.', e.g. eth1",
  p_natTo: "'{{value}}' is not IP or IP:PORT",
  p_mac: "'{{value}}' is not a MAC address: write six hex pairs, e.g. 00:16:3e:04:08:3a",
  p_host: "'{{value}}' is not a host name: use e.g. shop.example.com",
  p_httpPath: "'{{value}}' must start with '/'",
  p_controllerService: "'{{value}}' is not namespace/name of a Service, e.g. ingress-nginx/ingress-nginx-controller",
  p_ipv6Address: "'{{value}}' is an IPv6 address: only IPv4 is supported so far, use an IPv4 address such as 10.0.0.10",
  p_ipIsCidr: "'{{value}}' is a CIDR block, not an address: drop the '/{{bits}}'",
  p_notIpv4: "'{{value}}' is not an IPv4 address: write four numbers 0-255 separated by dots, e.g. 10.0.0.10",
  p_noPrefix: "'{{value}}' has no prefix length: write a block such as {{value}}/24",
  p_notCidr: "'{{value}}' is not a CIDR block: write address/prefix, e.g. 10.0.0.0/16",
  p_ipv6Block: "'{{value}}' is an IPv6 block: only IPv4 is supported so far",
  p_cidrBadAddress: "'{{value}}' is not a CIDR block: '{{address}}' is not an IPv4 address",
  p_cidrBadPrefix: "'{{value}}' is not a CIDR block: the prefix length must be 0-32",
  p_hostBits: "'{{value}}' has host bits set: did you mean {{cidr}}?",
  p_labelPrefix: "label key '{{key}}' has an invalid prefix '{{prefix}}': use a DNS name such as app.kubernetes.io",
  p_labelKey: "label key '{{key}}' is not valid: use up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
  p_labelValue:
    "label value '{{value}}' is not valid: use up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or leave it empty)",
  p_internal: 'the validator failed on this document ({{error}}): please report it with the document attached',

  // the document
  p_notText: "expected the document's text, got {{got}}",
  p_emptyDocument: 'the document is empty: start with apiVersion: hopscope/v1 and kind: Topology',
  p_manyDocuments: "the text holds {{count}} YAML documents (separated by '---'): a topology is a single document",
  p_yamlSyntax: 'YAML syntax error at line {{line}}, column {{col}}: {{what}}',
  p_yamlSyntaxSomewhere: 'YAML syntax error at an unknown position: {{what}}',
  p_yamlUnreadable: 'the YAML could not be read: {{error}}',
  p_tooLarge: 'the document is {{size}}, more than the {{max}} Hopscope reads: remove what the simulation does not need, or split the cluster',
  p_yamlCircular:
    'the YAML alias *{{anchor}} at line {{line}} is inside the value &{{anchor}} names, so that value would contain itself without end: write the fields out instead of the alias',
  p_yamlAliasBlowup:
    'the YAML aliases expand to more than {{max}} values (at *{{anchor}}, line {{line}}): a few lines of aliases can name billions of values; write the repeated parts out',
  p_yamlTooDeep: 'the YAML is nested more than {{max}} levels deep (line {{line}}): a topology is about ten levels deep; close the open lists and mappings',
  p_yamlKeyNotText: 'a mapping key at line {{line}} is {{got}}: keys of a topology are plain text',
  p_tooDeep: 'the value is nested more than {{max}} levels deep: a topology is about ten levels deep',
  p_circular: 'the value contains itself (a circular reference): a topology is a tree; copy the value instead of referring to it',
  p_tooManyValues: 'the document holds more than {{max}} values: remove what the simulation does not need',
  p_notDocument: 'expected a topology document (a mapping with apiVersion, kind, metadata, cluster, nodes, …), got {{got}}',
  p_apiVersionMissing: "required field 'apiVersion' is missing: add apiVersion: {{version}}",
  p_apiVersionFuture: "{{value}} is not supported by this version of Hopscope: the supported apiVersion is '{{version}}'",
  p_apiVersionBad: "{{got}} is not a Hopscope apiVersion: the supported apiVersion is '{{version}}'",
  p_kindMissing: "required field 'kind' is missing: add kind: Topology",
  p_metadataMissing: "required field 'metadata' is missing: add metadata: { name: my-cluster }",
  p_clusterMissing: "required field 'cluster' is missing: add cluster with cni, podCIDR, serviceCIDR and vpc",
  p_cniMissing: "required field 'cni' is missing: add cni: { plugin: flannel, mode: vxlan }",
  p_vpcMissing: "required field 'vpc' is missing: add vpc: { cidr: 10.0.0.0/16 }",

  // namespaces, policies, ingresses, node faults
  p_dupNamespace: 'namespace {{name}} is already listed at namespaces[{{first}}]',
  p_dupNetworkPolicy: 'NetworkPolicy {{name}} is already defined by networkPolicies[{{first}}]',
  p_dupIngress: 'Ingress {{name}} is already defined by ingresses[{{first}}]',
  p_dupIngressClass: 'IngressClass {{name}} is already defined by ingressClasses[{{first}}]',
  p_noControllerService: 'no service {{service}}: name the Service (namespace/name) in front of the ingress controller pods',
  p_noIngressClass: "no IngressClass '{{name}}': add it to ingressClasses",
  p_noIngressClassUse: "no IngressClass '{{name}}': add it to ingressClasses or use {{classes}}",
  p_ingressNoController: "an Ingress needs a controller: add ingressClasses with the controller's Service",
  p_ingressClassAmbiguous: 'several IngressClasses exist: set ingressClassName',
  p_noBackendService: 'no service {{service}} in namespace {{namespace}}: an Ingress backend must be a Service of its own namespace',
  p_noBackendPort: 'service {{service}} has no port {{port}} (ports: {{ports}})',
  p_dupInterface: 'interface {{name}} is listed twice',
  p_interfaceEth0: "eth0 is the node's primary interface and is implicit: list the others (eth1, …)",
  p_noDevice: "node {{node}} has no interface '{{dev}}': use one of {{devices}}, or add it to the node's interfaces",
  p_routeNoHop: 'a route needs via (a next hop) or dev (an interface)',
  p_snatNeedsTo: "SNAT needs 'to' (the new source IP)",
  p_dnatNeedsTo: "DNAT needs 'to' (IP or IP:PORT)",
  p_natDportProto: 'a destination port needs proto tcp or udp: set proto',
  p_outInterfaceChain: 'outInterface (-o) applies to POSTROUTING only',

  // the cluster
  p_badMode: "'{{mode}}' is not a {{plugin}} mode: use one of {{modes}}",
  p_badModeGuess: "'{{mode}}' is not a {{plugin}} mode: use one of {{modes}} (did you mean '{{guess}}'?)",
  p_badModeOwner: "'{{mode}}' is not a {{plugin}} mode: use one of {{modes}}, or set cluster.cni.plugin to {{owner}}",
  p_badModeGuessOwner: "'{{mode}}' is not a {{plugin}} mode: use one of {{modes}} (did you mean '{{guess}}'?), or set cluster.cni.plugin to {{owner}}",
  p_bgpNotCalico: 'bgp peering applies to calico in bgp mode only: remove cluster.cni.bgp',
  p_bgpNotBgpMode: 'bgp peering applies to calico in bgp mode only: remove cluster.cni.bgp or set cluster.cni.mode to bgp',
  p_routersNeedTor:
    'routers are BGP peers for calico bgp with ToR peering only: remove routers, or set cluster.cni to { plugin: calico, mode: bgp, bgp: { peering: tor } }',
  p_torNoRouters:
    "calico bgp peers with a top-of-rack router but routers is empty: no node learns another node's pod routes; add a router or use peering: mesh",
  p_detectLocalNeeds:
    'detectLocalMode {{mode}} needs the name in cluster.kubeProxy.detectLocal.{{field}} (e.g. {{example}}), as kube-proxy refuses to start without it',
  p_primaryAlone: "nodePortAddresses: 'primary' must be the only entry (kube-proxy refuses it beside CIDRs): write [primary] or a list of CIDRs",
  p_localhostNodePortsIptables: 'localhostNodePorts is an iptables-mode flag: kube-proxy in {{mode}} mode ignores it',
  p_noEbpf: 'kube-proxy has no ebpf mode; eBPF service handling comes with terway ipvlan-ebpf: use iptables or ipvs',
  p_noEbpfTerway:
    'kube-proxy has no ebpf mode; eBPF service handling comes with terway ipvlan-ebpf: use iptables or ipvs, or set cluster.cni.mode to ipvlan-ebpf',
  p_podCidrNeeded: '{{plugin}} needs a pod address range: add cluster.podCIDR, e.g. 172.20.0.0/16',
  p_terwayPodCidr: 'terway pods take VPC addresses from the vSwitches: remove cluster.podCIDR',
  p_terwayNoVswitch: 'terway pods take their addresses from vSwitches: add one, e.g. vswitches: [{ name: vsw-a, cidr: 10.0.3.0/24 }]',
  p_dupVswitch: "vSwitch name '{{name}}' is already used by cluster.vpc.vswitches[{{first}}]: give each vSwitch its own name",
  p_vswitchOutsideVpc: '{{cidr}} is outside cluster.vpc.cidr {{vpc}}: a vSwitch must be a block of its VPC',
  p_vswitchOverlap: '{{cidr}} overlaps cluster.vpc.vswitches[{{other}}] ({{otherCidr}}): vSwitches of a VPC must not overlap',
  p_vswitchTooSmall: '{{cidr}} is too small: a vSwitch is /29 or larger (four of its addresses are reserved)',
  p_rangesOverlap: '{{cidr}} overlaps {{otherPath}} {{other}}: the pod, service and VPC ranges must be disjoint, or packets are routed to the wrong place',

  // names and references
  p_dupName: "{{what}} name '{{name}}' is already used by {{section}}[{{first}}]: give each {{what}} its own name",
  p_dupNamespaced: '{{what}} {{name}} is already defined by {{section}}[{{first}}]: {{what}} names must be unique within a namespace',
  p_noNodeGuess: "no node is named '{{name}}': did you mean '{{guess}}'?",
  p_noNodeName: "no node is named '{{name}}': name a node of nodes",
  p_noNodeUse: "no node is named '{{name}}': use one of {{nodes}}",
  p_noNodeAdd: "no node is named '{{name}}': add the node to nodes",
  p_nodePeersTwice: 'node {{node}} already peers with router {{router}}: a node peers with one top-of-rack router',
  p_nodeNoRouter: "node {{node}} peers with no router: its pods are unreachable from other nodes; add it to a router's nodes",
  p_enisTerwayOnly: 'secondary ENIs are used by terway only; {{plugin}} pods do not use them: remove {{path}}',
  p_terwayNodeBlock: 'terway pods take vSwitch addresses, not a node block: remove podCIDR',
  p_dupEni: 'ENI {{name}} is already defined by {{path}}: give each ENI its own name',
  p_eniEth0: "eth0 is the node's primary ENI and is implicit: list secondary ENIs only (eth1, eth2, …)",
  p_dupMac: 'MAC {{mac}} is already used by {{other}}: each ENI has its own MAC',
  p_filterDportProto: 'a destination port needs proto tcp or udp (iptables: --dport requires -p): set proto',
  p_dupContainerPort: 'container port {{port}} is listed twice: remove one',
  p_dupContainerPortName: 'container port name {{name}} is used twice: a service targetPort must name one port',
  p_hostPortTaken:
    'hostPort {{port}} on node {{node}} is already taken by {{other}} (the scheduler would not place both): change hostPort, or give each a different hostIP',
  p_hostPortHostNetwork: 'a hostNetwork pod listens on the node itself: hostPort must equal containerPort {{port}} (or leave it out)',
  p_hostPortNoPortmap: "terway's default CNI config (10-terway.conf) chains no portmap plugin: hostPort {{port}} is not forwarded to the pod",
  p_eniTerwayOnly: 'only terway places pods on ENIs: remove eni (the cluster uses {{plugin}})',
  p_eniHostNetwork: "a hostNetwork pod uses its node's own address, not an ENI: remove eni",
  p_noEniUse: "node {{node}} has no ENI named '{{eni}}': use one of {{enis}} or leave eni out",
  p_noEniAdd: "node {{node}} has no ENI named '{{eni}}': add it to the node's enis or leave eni out",

  // services and load balancers
  p_etpClusterIP:
    'externalTrafficPolicy applies to traffic from outside the cluster (NodePort, LoadBalancer, externalIPs): it has no effect on this ClusterIP service',
  p_sourceRangesNoLb: 'loadBalancerSourceRanges only filter traffic to a load balancer: it has no effect unless type is LoadBalancer',
  p_allocNodePortsLbOnly: 'allocateLoadBalancerNodePorts applies to type LoadBalancer only: remove it or set type: LoadBalancer',
  p_lbNeedsType: 'only a service of type LoadBalancer has a load balancer: set type: LoadBalancer or remove loadBalancer',
  p_noLbGuess: "no load balancer is named '{{name}}': did you mean '{{guess}}'?",
  p_noLbAdd: "no load balancer is named '{{name}}': add it to loadBalancers",
  p_lbPending: 'no load balancer is attached, so the service has no external address (EXTERNAL-IP <pending>): name an entry of loadBalancers',
  p_portNeedsName: 'a service with several ports must name each one: add name',
  p_dupPortName: "port name '{{name}}' is already used by {{path}}: give each port its own name",
  p_dupPort: 'port {{port}} is already exposed by {{path}}: each port and protocol pair once',
  p_clusterIPNodePort: 'a ClusterIP service has no nodePort: set type: NodePort (or LoadBalancer) or remove nodePort',
  p_nodePortRange: '{{port}} is outside the nodePort range {{first}}-{{last}}: pick a port in it or leave nodePort out to have one assigned',
  p_nodePortTaken: 'nodePort {{port}} is already used by {{path}}: pick another or leave nodePort out to have one assigned',
  p_hcNodePortNeedsLocal: 'healthCheckNodePort is only for type LoadBalancer with externalTrafficPolicy Local: remove it or change those',
  p_lbListener: 'load balancer {{lb}} already listens on {{port}} for {{other}}: use another port or another load balancer',
  p_eniBackend: "backend 'eni' sends traffic straight to pod IPs on ENIs, which needs terway (the cluster uses {{plugin}}): use backend nodeport or vip",
  p_lbUnused: "no service uses load balancer {{name}}: set a LoadBalancer service's loadBalancer: {{name}}",
  p_layoutUnknown: "no {{kind}} '{{ref}}' in this document: the position is ignored (remove it)",

  // addresses
  p_addressTaken: '{{ip}} is already used by {{owner}} ({{path}}): give each element its own address',
  p_nodeOutsideVpc: '{{ip}} is outside cluster.vpc.cidr {{vpc}}: use an address of the VPC for the node',
  p_secondaryOutsideVpc: '{{ip}} is outside cluster.vpc.cidr {{vpc}}: the VPC routes secondary IPs to the node, so they must be VPC addresses',
  p_routerOutsideVpc: '{{ip}} is outside cluster.vpc.cidr {{vpc}}: a top-of-rack router sits on the node network',
  p_clusterIPOutside: '{{ip}} is outside cluster.serviceCIDR {{cidr}}: use an address in that range or leave clusterIP out to have one assigned',
  p_clusterIPNetwork: '{{ip}} is the network address of cluster.serviceCIDR: use another address or leave clusterIP out',
  p_clusterIPBroadcast: '{{ip}} is the broadcast address of cluster.serviceCIDR: use another address or leave clusterIP out',
  p_externalIPNoNode: "no node holds {{ip}} (as ip or secondaryIPs), so traffic to it reaches no node: add it to a node's secondaryIPs",
  p_externalIPTaken: '{{ip}} is already used by {{owner}} ({{path}}): an externalIP must be an address routed to a node',
  p_nodeBlockOutside: '{{cidr}} is outside cluster.podCIDR {{podCidr}}: use a block of it or leave podCIDR out to have one assigned',
  p_nodeBlockOverlap: "{{cidr}} overlaps node {{node}}'s podCIDR {{other}} ({{path}}): each node needs its own block",
  p_hostNetworkIp: "a hostNetwork pod uses its node's address: set ip to {{ip}} (node {{node}}) or leave ip out",
  p_podOutsideBlock: "{{ip}} is outside node {{node}}'s podCIDR {{cidr}}: use an address in that block or leave ip out to have one assigned",
  p_podNetworkAddress: "{{ip}} is the network address of node {{node}}'s podCIDR {{cidr}}: use another address or leave ip out",
  p_podGateway: '{{ip}} is the cni0 bridge (gateway) address of node {{node}}: flannel gives pods addresses from {{from}}; use another or leave ip out',
  p_podBroadcast: "{{ip}} is the broadcast address of node {{node}}'s podCIDR {{cidr}}: use another address or leave ip out",
  p_podNoVswitch: '{{ip}} is in no vSwitch ({{vswitches}}): terway pods take vSwitch addresses; use one or leave ip out to have one assigned',
  p_podNoVswitchNone: '{{ip}} is in no vSwitch (none defined): terway pods take vSwitch addresses; use one or leave ip out to have one assigned',
  p_podVswitchReserved:
    '{{ip}} is reserved by the VPC in vSwitch {{vswitch}} ({{cidr}}): the first and the last three addresses of a vSwitch cannot be used; use another or leave ip out',
  p_eniFullExclusive:
    'ENI {{eni}} of node {{node}} ({{path}}) would hold {{count}} pod addresses but in eni-exclusive mode a pod owns its ENI, so an ENI holds one pod: move pods to another ENI, leave eni out, or raise maxIPs',
  p_eniFull:
    'ENI {{eni}} of node {{node}} ({{path}}) would hold {{count}} pod addresses but its maxIPs is {{max}}: move pods to another ENI, leave eni out, or raise maxIPs',

  // IPAM: what the document leaves out does not fit
  p_noFreeBlock: 'cluster.podCIDR {{podCidr}} has no free /{{bits}} block left for node {{node}}: widen cluster.podCIDR or remove a node',
  p_noFreeVswitchAddress: 'no vSwitch has a free address left for pod {{pod}}: add a vSwitch to cluster.vpc.vswitches or widen one',
  p_noFreePodAddress: "node {{node}}'s podCIDR {{cidr}} has no free address left for pod {{pod}}: move the pod to another node or give the node a larger block",
  p_noSecondaryEni: 'node {{node}} has no ENI besides eth0 for pod {{pod}}: add an ENI to {{path}}',
  p_noSpareEni: 'node {{node}} has no ENI with spare capacity for pod {{pod}}: add an ENI to {{path}} or raise maxIPs',
  p_noFreeClusterIP: 'cluster.serviceCIDR {{cidr}} has no free address left for service {{service}}: widen cluster.serviceCIDR',
  p_noFreeNodePort: 'every nodePort in {{first}}-{{last}} is taken: remove a NodePort service or make this one ClusterIP',
  p_lbPoolUsedUp: 'the pool {{pool}} for load balancers without an ip is used up: give {{path}} an ip',
} as const;

export type ProblemKey = keyof typeof PROBLEMS;
export type Params = Record<string, string | number | Reason>;

/** A problem's English text and the data to word it in another language. */
export interface Said {
  message: string;
  why: Reason;
}

/** The most of one value a problem quotes: a 5 MB name is quoted by its first characters. */
const MAX_QUOTED = 200;

/** `params` with any over-long text cut to its first characters (a quoted value, not the whole input). */
export function clipped(params: Params): Params {
  let out: Params | undefined;
  // for…in, not Object.entries: every owner of 30,000 pods' addresses passes here.
  for (const k in params) {
    const v = params[k];
    if (typeof v === 'string' && v.length > MAX_QUOTED) (out ??= { ...params })[k] = `${v.slice(0, MAX_QUOTED - 80)}… (${v.length} characters)`;
  }
  return out ?? params;
}

/** `key` with `params` as data, worded in English. */
export function said(key: ProblemKey, params?: Params): Said {
  const why: Reason = params ? { key, params: clipped(params) } : { key };
  return { message: fillReason(why, PROBLEMS) ?? key, why };
}

/** A nested reason (a value of another problem); worded only inside it. */
export const part = (key: ProblemKey, params?: Params): Reason => (params ? { key, params: clipped(params) } : { key });

/** A problem at `path`: English `message` plus `why`. */
export function problem(path: string, key: ProblemKey, params?: Params): Problem {
  return { path, ...said(key, params) };
}

// ---- wording helpers: what a value is, which known word was meant -------------------------

function levenshtein(a: string, b: string): number {
  // `row` has b.length + 1 entries and every index read below is within 0..b.length.
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The known word closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const k of known) {
    const d = levenshtein(w, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** A value as a problem names it (`a list`, `null`, `number 3`), as data to nest in the problem. */
export function described(v: unknown): Reason {
  if (v === undefined) return part('p_descNothing');
  if (v === null) return part('p_descNull');
  if (Array.isArray(v)) return part('p_descList');
  if (typeof v === 'object') return part('p_descMapping');
  if (typeof v === 'string') return part('p_descText', { text: v.length > 40 ? `${v.slice(0, 40)}…` : v });
  if (typeof v === 'number') return part('p_descNumber', { value: String(v) });
  if (typeof v === 'boolean') return part('p_descBoolean', { value: String(v) });
  return part('p_descValue', { type: typeof v, value: String(v) });
}
