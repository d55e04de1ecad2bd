/**
 * The compiled network state: what real Linux nodes, the VPC and the SLBs would hold.
 * Built by `compile`, read by `trace` and the views. Immutable once built; the only
 * state a trace changes (conntrack, marks) lives in the trace's own context.
 */
import type { ParsedCidr } from '../model/cidr';
import type { Pod, Service, ServicePort, Topology, Node, LoadBalancer, External } from '../model';
import type { Table } from './netfilter/table';
import type { IpSets, IpvsTable } from './proxy/ipvs-table';
import type { BackendGroup } from './cloud/backends';

export type NsKind = 'pod' | 'node' | 'vpc' | 'slb' | 'external' | 'internet' | 'router';

export type DeviceKind = 'ether' | 'veth' | 'bridge' | 'vxlan' | 'dummy' | 'loopback' | 'ipip' | 'ipvlan';

export interface Address {
  ip: number;
  bits: number;
}

export interface Device {
  name: string;
  kind: DeviceKind;
  ifindex: number;
  mtu: number;
  mac: string;
  addrs: Address[];
  /** ether: the network its wire reaches. */
  link?: 'vpc' | 'internet';
  /** veth: the other end; `farNs` and `farDev` are that end as handles, kept by the walk once resolved (netns.ts peerAt). */
  peer?: { ns: string; dev: string; farNs?: Netns; farDev?: Device };
  /** A bridge port names its bridge. */
  master?: string;
  /** ipip (tunl0): the local tunnel endpoint. */
  ipip?: { local: number };
  /** ipvlan slave: its master (an ENI) in the node namespace. */
  ipvlanMaster?: { ns: string; dev: string };
  /** An ENI acting as ipvlan master: its slaves by address, namespace and device. */
  ipvlanSlaves?: Map<number, { ns: string; dev: string }>;
  /** vxlan: VNI and UDP port. */
  vxlan?: { vni: number; port: number; local: number };
  up: boolean;
}

export interface Route {
  dst: ParsedCidr;
  dev: string;
  via?: number;
  src?: number;
  type: 'unicast' | 'local' | 'blackhole';
  proto?: 'kernel' | 'boot' | 'bird' | 'static';
  scope?: 'link' | 'host';
  onlink?: boolean;
  /** ECMP: the equal-cost next hops (`via` is the first); the kernel hashes each flow onto one of them. */
  nexthops?: number[];
}

/** A socket that accepts connections. `port` 0 with `any` listens on every port. */
export interface Listener {
  proto: 'TCP' | 'UDP' | 'SCTP';
  port: number;
}

export interface Netns {
  id: string;
  kind: NsKind;
  /** The node this namespace lives on (pods and the node itself). */
  node?: string;
  devices: Map<string, Device>;
  /** Every local address → the device that holds it. */
  local: Map<number, string>;
  routes: Route[];
  /** Routes the CNI installed and a user deleted (faults): named in the reason when they are missed. */
  deletedRoutes?: Route[];
  /** routeLocalnet: net.ipv4.conf.all.route_localnet, which kube-proxy sets for localhost NodePorts. */
  sysctl: { ipForward: boolean; rpFilter: 'off' | 'loose' | 'strict'; bridgeNfCallIptables: boolean; routeLocalnet?: boolean };
  /** Sockets: undefined means "listens on any port". */
  listeners?: Listener[];
  /** Whether netfilter conntrack runs here (nodes; not bare pod namespaces). */
  conntrack: boolean;
  nat?: Table;
  filter?: Table;
  ipvs?: IpvsTable;
  ipsets?: IpSets;
  /**
   * Writes the kube-proxy state that concerns a packet to `ip`:`port` (services with that
   * address or nodePort), if not written yet: iptables rules are written per service on demand,
   * into the rules every node shares (proxy/iptables-state.ts) or, where they differ, the node's
   * own. IPVS state is shared and complete from the start (proxy/ipvs-state.ts): no prepare.
   */
  prepare?: (ip: number, port: number) => void;
  /** Writes every service's state (for views that print everything). */
  prepareAll?: () => void;
  /** Policy routing: `ip rule` entries in priority order, and the tables they select. */
  rules?: { priority: number; from?: ParsedCidr; to?: ParsedCidr; table: number }[];
  tables?: Map<number, Route[]>;
  /** eBPF service load balancing on this namespace's eth0 (tc), as Terway ipvlan-ebpf attaches it. */
  ebpf?: {
    externalIPs: boolean;
    hostRedirect: string;
    hostNs: string;
    /** Terway 1.2.0+: a pod sent to itself through a service is SNATed to this loopback address (Cilium's service loopback) and handed back to its own eth0. */
    hairpinLoopback?: number;
  };
  /** A pod's namespace: its pod, kept by the walk once looked up (policy.ts podBehind). */
  pod?: Pod;
  /**
   * Bridge neighbours: the bridge port `ip` is behind (what ARP and the fdb resolve), by name and as
   * the device itself (what the walk reads: finding it by its veth's name made the name, hashed it
   * with fnv1a and probed the node's devices by it).
   */
  bridgeFdb?: { get(ip: number): string | undefined; port(ip: number): Device | undefined };
  /** vxlan forwarding: the remote VTEP for each overlay next hop. */
  vxlanFdb?: Map<number, number>;
}

export interface EndpointInfo {
  pod: Pod;
  ip: number;
  port: number;
  node: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** One service port with its endpoints, as kube-proxy sees it from EndpointSlices. */
export interface ServicePortInfo {
  svc: Service;
  port: ServicePort;
  /** "ns/name:portname" (or "ns/name" when the port has no name), kube-proxy's ServicePortName. */
  spn: string;
  clusterIP: number;
  externalIPs: number[];
  lbIP?: number;
  /** Every address of the load balancer (status.loadBalancer.ingress[]): lbIP first, then its secondaryIPs. */
  lbIPs: number[];
  lb?: LoadBalancer;
  endpoints: EndpointInfo[];
}

export interface SlbListener {
  port: number;
  proto: string;
  sp: ServicePortInfo;
  /** The backend servers the cloud controller configured in the vServer group (worked out on first use). */
  readonly group: BackendGroup;
}

export interface Slb {
  lb: LoadBalancer;
  ip: number;
  listeners: SlbListener[];
}

/**
 * A VPC route entry, one shape for every entry. An 'instance' entry keeps who holds its next hop and
 * that holder's namespace and device once a packet has been routed by it (cloud/hops.ts), as fields
 * of its own: a packet the VPC routes to a node read them there instead of probing the address owners
 * and the namespaces (31,000 entries each at 1,000 nodes), and as fields, not a target object, a kept
 * record and the property store holding it, three objects fewer a VPC hop reads, each last read a
 * thousand traces earlier. Sound because a dataplane never changes who holds an address nor replaces
 * a namespace or device.
 */
export interface VpcRoute {
  dst: ParsedCidr;
  /** 'local': the vSwitch delivers to whoever holds the address; 'instance': a custom entry to node `node` at `ip`; 'internet'. */
  target: 'local' | 'instance' | 'internet';
  node: string;
  ip: number;
  kind: 'system' | 'custom';
  /** Who holds `ip` (null: nobody), once looked up. */
  owner: string | null | undefined;
  /** The holder's namespace and the device that receives the packet, once reached. */
  ns: Netns | undefined;
  dev: Device | undefined;
}

export interface Dataplane {
  topology: Topology;
  podCidr?: ParsedCidr;
  serviceCidr: ParsedCidr;
  vpcCidr: ParsedCidr;
  nodesByName: Map<string, Node>;
  podsByRef: Map<string, Pod>;
  externalsByName: Map<string, External>;
  /** Who holds each address: the namespace id that owns it. */
  owners: Map<number, string>;
  servicePorts: ServicePortInfo[];
  /** Service-port indexes by clusterIP / externalIP / LB IP, and by nodePort. */
  spsByAddr: Map<number, number[]>;
  spsByNodePort: Map<number, number[]>;
  /** Nodes that host at least one endpoint of some service. */
  nodesWithEndpoints: Set<string>;
  vpcRoutes: VpcRoute[];
  slbs: Map<number, Slb>;
  /** Router addresses on the node network (document's, or the first free ones). */
  routerIps: Map<string, number>;
  /**
   * The last walk traced on it, kept reachable with its objects: a hidden class lives only while some object
   * has it, and a major GC while no trace ran (a worker idle between traces) collected the walk's classes and
   * threw away the optimized code of every function that reads them, so the next thousand traces ran slower
   * while V8 compiled ~50 of them again (hop.ts kept does the same for the Acc each namespace makes).
   */
  lastWalk: object | undefined;
  /** Namespaces are compiled when first needed (a 1,000-node cluster compiles in ms). */
  ns(id: string): Netns | undefined;
  /** Every namespace id the dataplane can hold. */
  nsIds(): string[];
}
