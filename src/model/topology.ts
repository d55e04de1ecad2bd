/**
 * The topology document, format v1 (see docs/topology-format.md).
 * These are the types after validation: every default filled in and every address
 * assigned by IPAM. Raw input is `unknown` until `parseTopology` accepts it.
 */
import type { Reason } from './trace';

export const API_VERSION = 'hopscope/v1' as const;

/** A dotted-quad IPv4 address, e.g. "10.0.0.180". */
export type IPv4 = string;
/** An IPv4 CIDR, e.g. "172.23.96.0/26". */
export type Cidr = string;

export type CniPlugin = 'flannel' | 'calico' | 'terway';
export type FlannelMode = 'vpc-route' | 'host-gw' | 'vxlan';
export type CalicoMode = 'bgp' | 'ipip' | 'vxlan';
export type TerwayMode = 'eniip' | 'ipvlan-ebpf' | 'eni-exclusive';
export type CniMode = FlannelMode | CalicoMode | TerwayMode;

/** The modes each CNI plugin has (a constant the UI may load without the validator). */
export const CNI_MODES: Record<CniPlugin, readonly CniMode[]> = {
  flannel: ['vpc-route', 'host-gw', 'vxlan'],
  calico: ['bgp', 'ipip', 'vxlan'],
  terway: ['eniip', 'ipvlan-ebpf', 'eni-exclusive'],
};
export type KubeProxyMode = 'iptables' | 'ipvs' | 'ebpf';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type RpFilter = 'off' | 'loose' | 'strict';
export type TrafficPolicy = 'Cluster' | 'Local';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';
export type SlbBackend = 'nodeport' | 'vip' | 'eni';

export interface Metadata {
  name: string;
  title?: string;
  description?: string;
}

export interface Cni {
  plugin: CniPlugin;
  mode: CniMode;
  version?: string;
  /** MTU of the pod network (pod eth0); vxlan overlays default to 1450. */
  mtu: number;
  /** flannel --ip-masq / calico natOutgoing: masquerade pod traffic leaving the pod network. */
  ipMasq: boolean;
  bgp?: CalicoBgp;
}

/** Calico's BGP: how nodes peer, and (BGPConfiguration spec) which service ranges they advertise to their peers. */
export interface CalicoBgp {
  peering: 'tor' | 'mesh';
  /** Every node advertises these CIDRs; a Local-policy service's cluster IP also as a /32 from nodes with its endpoints. */
  serviceClusterIPs?: { cidr: Cidr }[];
  /** The same for services' externalIPs inside these CIDRs. */
  serviceExternalIPs?: { cidr: Cidr }[];
  /** The same for load balancer ingress IPs inside these CIDRs. */
  serviceLoadBalancerIPs?: { cidr: Cidr }[];
}

export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';

/** kube-proxy's settings; the optional flags' defaults are kubeProxyFlags in defaults.ts. */
export interface KubeProxy {
  mode: KubeProxyMode;
  masqueradeAll: boolean;
  /**
   * kube-proxy minor version, e.g. "1.20" or "1.28". Where behaviour changed between
   * releases the engine follows this; unset means the articles' clusters (before 1.21:
   * an IPVS virtual server for externalTrafficPolicy=Local lists only local endpoints).
   */
  version?: string;
  /** How kube-proxy tells pod traffic from the rest (--detect-local-mode). */
  detectLocalMode?: DetectLocalMode;
  /** --cluster-cidr when it differs from cluster.podCIDR; "" means kube-proxy runs without one. */
  clusterCIDR?: Cidr | '';
  detectLocal?: { bridgeInterface?: string; interfaceNamePrefix?: string };
  /** --nodeport-addresses: CIDRs (or "primary") of the local addresses that accept NodePorts; empty: all. */
  nodePortAddresses?: string[];
  /** --iptables-localhost-nodeports: 127.0.0.1:NodePort works (route_localnet=1). iptables mode only. */
  localhostNodePorts?: boolean;
}

export interface Cluster {
  cni: Cni;
  kubeProxy: KubeProxy;
  /** Flannel/Calico pod range; undefined for Terway (pods take vSwitch addresses). */
  podCIDR?: Cidr;
  serviceCIDR: Cidr;
  vpc: {
    cidr: Cidr;
    vswitches: { name: string; cidr: Cidr }[];
    /** Route-table entries removed from the VPC (a fault: e.g. a node block's custom entry). */
    deletedRoutes: Cidr[];
    /** Static route entries to a node, as an operator adds them (a ToR's static route works the same way). */
    routes?: { dst: Cidr; node: string }[];
    /** The largest IP packet the VPC forwards (default 1500); a node's eth0 MTU may be larger (jumbo frames). */
    mtu?: number;
    /** The VPC answers a packet over `mtu` with DF set by ICMP "fragmentation needed" (default true); false: a silent drop. */
    icmpFragNeeded?: boolean;
  };
}

export interface Router {
  name: string;
  asn: number;
  nodes: string[];
  ip?: IPv4;
}

export interface Eni {
  name: string;
  mac: string;
  maxIPs: number;
}

export interface Kernel {
  ipForward: boolean;
  rpFilter: RpFilter;
  mtu: number;
  bridgeNfCallIptables: boolean;
}

export type FilterChain = 'INPUT' | 'FORWARD' | 'OUTPUT';
export type FilterAction = 'DROP' | 'REJECT' | 'ACCEPT';

/** An extra iptables filter rule a user adds (troubleshooting lessons). */
export interface FilterRule {
  chain: FilterChain;
  proto?: 'tcp' | 'udp' | 'icmp';
  source?: Cidr;
  destination?: Cidr;
  dport?: number;
  action: FilterAction;
}

/** A second interface of the node (another ENI with its own address), for asymmetric-path lessons. */
export interface NodeInterface {
  name: string;
  ip: IPv4;
  up: boolean;
}

/** A route a user added with `ip route add` (troubleshooting). */
export interface StaticRoute {
  dst: Cidr;
  via?: IPv4;
  dev?: string;
}

/** An extra nat rule a user (or a misbehaving tool) added, e.g. a stray MASQUERADE. */
export interface NatRule {
  chain: 'PREROUTING' | 'OUTPUT' | 'POSTROUTING';
  proto?: 'tcp' | 'udp' | 'icmp';
  source?: Cidr;
  destination?: Cidr;
  outInterface?: string;
  dport?: number;
  action: 'MASQUERADE' | 'SNAT' | 'DNAT' | 'RETURN';
  /** SNAT: the new source IP; DNAT: IP or IP:PORT. */
  to?: string;
}

export interface Node {
  name: string;
  ip: IPv4;
  secondaryIPs: IPv4[];
  /** More interfaces than eth0 on the node network (faults and asymmetric paths). */
  interfaces: NodeInterface[];
  /** Routes added by hand, and routes removed from what the CNI installed (faults). */
  routes: StaticRoute[];
  deletedRoutes: Cidr[];
  /** Interfaces set down (`ip link set DEV down`). */
  linksDown: string[];
  /** Extra nat rules (troubleshooting). */
  nat: NatRule[];
  /** Flannel/Calico pod block; undefined for Terway. */
  podCIDR?: Cidr;
  enis: Eni[];
  kernel: Kernel;
  filter: FilterRule[];
}

export interface ContainerPort {
  /** A name a service's targetPort may use (IANA_SVC_NAME). */
  name?: string;
  containerPort: number;
  protocol: Protocol;
  /** The node port the portmap CNI plugin DNATs to containerPort (kubelet passes it as portMappings). */
  hostPort?: number;
  /** Restricts the mapping to one node address (portmap's `-d hostIP`); absent: every local address. */
  hostIP?: IPv4;
}

export interface Pod {
  name: string;
  namespace: string;
  node: string;
  ip: IPv4;
  eni?: string;
  labels: Record<string, string>;
  ready: boolean;
  terminating: boolean;
  hostNetwork: boolean;
  /**
   * The declared container ports. They resolve a named targetPort, and the engine takes them as
   * what the pod listens on (when empty, any port a request reaches). They do not decide whether
   * the pod is an endpoint of a numeric targetPort.
   */
  ports: ContainerPort[];
}

export interface ServicePort {
  name?: string;
  port: number;
  /** A port number, or the name of a container port (pods without that name are not endpoints of this port). */
  targetPort: number | string;
  nodePort?: number;
  protocol: Protocol;
}

export interface Service {
  name: string;
  namespace: string;
  type: ServiceType;
  clusterIP: IPv4;
  externalIPs: IPv4[];
  selector: Record<string, string>;
  ports: ServicePort[];
  externalTrafficPolicy: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  sessionAffinity: 'None' | 'ClientIP';
  loadBalancerSourceRanges: Cidr[];
  loadBalancer?: string;
  /**
   * LoadBalancer + externalTrafficPolicy Local: the node port where kube-proxy answers the cloud
   * load balancer's health check (200 with local ready endpoints, else 503). Assigned when absent.
   */
  healthCheckNodePort?: number;
  /** LoadBalancer only: false leaves ports without a nodePort (as Kubernetes does); an explicit nodePort is kept. */
  allocateLoadBalancerNodePorts?: boolean;
}

export interface LoadBalancer {
  name: string;
  ip: IPv4;
  /**
   * More frontend addresses of the same load balancer: the services using it list them after `ip`
   * in status.loadBalancer.ingress[], and kube-proxy writes its rules for every one.
   */
  secondaryIPs?: IPv4[];
  backend: SlbBackend;
  preserveClientIP: boolean;
}

export interface External {
  name: string;
  ip: IPv4;
  network: 'internet' | 'vpc';
}

/** A namespace's labels, for NetworkPolicy namespaceSelector. */
export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
}

/** matchLabels only (every label must match); an empty selector selects everything. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: Cidr; except: Cidr[] };
}

export interface PolicyRule {
  /** Absent or empty peers allow every peer. */
  peers: PolicyPeer[];
  /** Absent or empty ports allow every port. */
  ports: { protocol: Protocol; port?: number }[];
}

export interface NetworkPolicy {
  name: string;
  namespace: string;
  podSelector: LabelSelector;
  policyTypes: ('Ingress' | 'Egress')[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

export interface IngressPath {
  path: string;
  pathType: 'Prefix' | 'Exact';
  backend: { service: string; port: number };
}

export interface Ingress {
  name: string;
  namespace: string;
  ingressClassName?: string;
  rules: { host?: string; paths: IngressPath[] }[];
}

/** Which Service fronts an ingress controller ("namespace/name"): requests for its hosts reach it. */
export interface IngressClass {
  name: string;
  controllerService: string;
}

export interface Topology {
  apiVersion: typeof API_VERSION;
  kind: 'Topology';
  metadata: Metadata;
  cluster: Cluster;
  routers: Router[];
  nodes: Node[];
  pods: Pod[];
  services: Service[];
  loadBalancers: LoadBalancer[];
  externals: External[];
  namespaces: NamespaceInfo[];
  networkPolicies: NetworkPolicy[];
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  /** Canvas positions keyed by element reference (e.g. "node:NAME"); optional, UI only. */
  layout?: Record<string, { x: number; y: number }>;
}

/** One validation problem: where it is and what to change. */
export interface Problem {
  /** Path into the document, e.g. "pods[3].ip". Empty for the document itself. */
  path: string;
  /** English; the CLI prints it and the UI shows it when the language cannot word `why`. */
  message: string;
  /** The message as data (src/model/problem-text.ts), for the UI to word in the reader's language. */
  why?: Reason;
  /** The Kubernetes object the problem's element was imported from (kubectl import), as `message` ends with it. */
  from?: string;
}

export type ParseResult = { ok: true; topology: Topology; warnings: Problem[] } | { ok: false; problems: Problem[] };

export const podRef = (p: Pick<Pod, 'namespace' | 'name'>): string => `${p.namespace}/${p.name}`;
