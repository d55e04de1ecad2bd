/**
 * IPVS mode's per-service state (virtual servers, ipset members, addresses bound on kube-ipvs0),
 * built once for the cluster and referenced by every node instead of copied into each: a
 * 1,000-node, 3,000-service cluster holds one set of it, not a thousand. Only what genuinely
 * differs per node is per node: the virtual servers of a Local-policy service on a node with a
 * local endpoint, the nodePort virtual servers (one per node address), KUBE-LOOP-BACK's members,
 * and the service addresses a node already holds itself (an externalIP on its own interface).
 */
import type { Dataplane, Device, Netns, ServicePortInfo } from '../dataplane';
import { because } from '../said';
import { setId } from '../netfilter/table';
import { categorize, localPolicyPortsOn, minorOf, sourceRangePortsHolding } from './endpoints';
import { SETS, type IpvsOpts } from './ipvs';
import { EndpointTriples, indexSet, vsKey, type IpSets, type IpSet, type IpvsTable, type Members, type RealServer, type VirtualServer } from './ipvs-table';
import { LocalAddresses, servicePortsAt, sharedBlocks } from '../netns';

/** categorize()'s node for "a node without an endpoint of any service" (node names are never empty). */
const NO_NODE = '';

interface SpServers {
  /** clusterIP, externalIP and loadBalancer virtual servers, in the order kube-proxy writes them. */
  fixed: VirtualServer[];
  /** The nodePort virtual server with `ip` 0: each node address gets a copy with its own. */
  nodePort?: VirtualServer;
}

interface Shared {
  /** Sets every node holds the same (all but KUBE-LOOP-BACK and KUBE-IPVS-IPS). */
  sets: Map<string, IpSet>;
  /** Service addresses bound on kube-ipvs0, in binding order, and as a set. */
  bound: Device['addrs'];
  boundSet: Set<number>;
  ipvsIps: IpSet;
  /** The servers of each service port on a node with no local endpoint of it. */
  servers: (SpServers | undefined)[];
  /**
   * The virtual server at a service address, by protocol, address and port as one number (an
   * nftables verdict map): what every node holds there unless a Local policy makes its own differ.
   * Filled as packets ask (null: no virtual server there).
   */
  byAddress: Map<number, VirtualServer | null>;
  /** Each node's local endpoints (KUBE-LOOP-BACK's members), as address, protocol (PROTO_CODE) and port, flat. */
  localEndpoints: Map<string, number[]>;
}

const PROTO_CODE: Record<string, number> = { TCP: 0, UDP: 1, SCTP: 2 };
/** Protocol, address and port as one number (an address needs 32 bits, a port 16, the protocol 2: inside 2^53). */
const addressKey = (proto: string, ip: number, port: number) => (ip * 4 + (PROTO_CODE[proto] ?? 3)) * 65536 + port;

const sharedOf = new WeakMap<Dataplane, Shared>();

/** What `sp` puts in IPVS on `node`: its virtual servers (nodePort as a template). */
function serversFor(sp: ServicePortInfo, node: string, fallback: boolean): SpServers {
  const proto = sp.port.protocol;
  const cat = categorize(sp, node);
  const mk = (eps: typeof cat.cluster): RealServer[] => eps.map((e) => ({ ip: e.ip, port: e.port, weight: 1, pod: `${e.pod.namespace}/${e.pod.name}` }));
  // NOTE: one list of real servers per set of endpoints, shared by the port's virtual servers (clusterIP,
  // externalIPs, LB IPs, nodePort read it, never write it): made per virtual server, it was the cold walk's largest line.
  let cluster: RealServer[] | undefined;
  let local: RealServer[] | undefined;
  const reals = (onlyLocal: boolean) => {
    if (!onlyLocal) return { reals: (cluster ??= mk(cat.cluster)), policy: because('ipvsAllReady') };
    if (cat.local.length > 0) return { reals: (local ??= mk(cat.local)), policy: because('ipvsLocalOnly') };
    if (fallback) return { reals: (cluster ??= mk(cat.cluster)), policy: because('ipvsLocalFallback') };
    return { reals: [], policy: because('ipvsLocalNone') };
  };
  const vs = (ip: number, port: number, kind: VirtualServer['kind'], onlyLocal: boolean, policyName: string): VirtualServer => {
    const r = reals(onlyLocal);
    return {
      proto,
      ip,
      port,
      scheduler: 'rr',
      reals: r.reals,
      service: sp.spn,
      kind,
      ...(sp.svc.sessionAffinity === 'ClientIP' ? { persistent: 10800 } : {}),
      policy: onlyLocal ? because('ipvsLocalPolicy', { name: policyName, policy: r.policy }) : r.policy,
    };
  };
  const fixed = [vs(sp.clusterIP, sp.port.port, 'clusterIP', cat.internalLocal, 'internalTrafficPolicy')];
  for (const eip of sp.externalIPs) fixed.push(vs(eip, sp.port.port, 'externalIP', cat.externalLocal, 'externalTrafficPolicy'));
  // A virtual server per status.loadBalancer.ingress[] IP.
  for (const lbip of sp.lbIPs) fixed.push(vs(lbip, sp.port.port, 'loadBalancer', cat.externalLocal, 'externalTrafficPolicy'));
  const nodePort =
    sp.port.nodePort !== undefined && proto !== 'SCTP' ? vs(0, sp.port.nodePort, 'nodePort', cat.externalLocal, 'externalTrafficPolicy') : undefined;
  return nodePort ? { fixed, nodePort } : { fixed };
}

/** The sets, bound addresses and node index every node shares (built once, in service-port order). */
export function shareIpvsState(dp: Dataplane): Shared {
  let s = sharedOf.get(dp);
  if (s) return s;
  const members = new Map(SETS.map(([name]) => [name, new Set<string>()]));
  const add = (set: string, key: string) => members.get(set)!.add(key);
  const bound: Device['addrs'] = [];
  const boundSet = new Set<number>();
  const bind = (ip: number) => {
    if (boundSet.has(ip)) return;
    boundSet.add(ip);
    bound.push({ ip, bits: 32 });
  };
  const localEndpoints = new Map<string, number[]>();
  dp.servicePorts.forEach((sp) => {
    const proto = sp.port.protocol;
    const l4 = proto.toLowerCase();
    const externalLocal = categorize(sp, NO_NODE).externalLocal;
    // NOTE: gathered here, where every endpoint is read anyway: a node's first packet out read its
    // 30 local endpoints from among ~300 of its service ports', a cache miss each (~100-300 µs per node).
    const code = PROTO_CODE[proto]!;
    for (const e of sp.endpoints) {
      const l = localEndpoints.get(e.node);
      if (l) l.push(e.ip, code, e.port);
      else localEndpoints.set(e.node, [e.ip, code, e.port]);
    }
    bind(sp.clusterIP);
    add('KUBE-CLUSTER-IP', `${sp.clusterIP},${l4}:${sp.port.port}`);
    for (const eip of sp.externalIPs) {
      bind(eip);
      add(externalLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', `${eip},${l4}:${sp.port.port}`);
    }
    for (const lbip of sp.lbIPs) {
      bind(lbip);
      add('KUBE-LOAD-BALANCER', `${lbip},${l4}:${sp.port.port}`);
      if (externalLocal) add('KUBE-LOAD-BALANCER-LOCAL', `${lbip},${l4}:${sp.port.port}`);
      if (sp.svc.loadBalancerSourceRanges.length > 0) {
        add('KUBE-LOAD-BALANCER-FW', `${lbip},${l4}:${sp.port.port}`);
        for (const r of sp.svc.loadBalancerSourceRanges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${lbip},${l4}:${sp.port.port},${r}`);
      }
    }
    if (sp.port.nodePort !== undefined && proto !== 'SCTP') {
      add(`KUBE-NODE-PORT-${proto}`, `${sp.port.nodePort}`);
      if (externalLocal) add(`KUBE-NODE-PORT-LOCAL-${proto}`, `${sp.port.nodePort}`);
    }
    if (sp.svc.healthCheckNodePort !== undefined) add('KUBE-HEALTH-CHECK-NODE-PORT', `${sp.svc.healthCheckNodePort}`);
  });
  for (const a of bound) add('KUBE-IPVS-IPS', `${a.ip}`);
  const sets = new Map<string, IpSet>(SETS.map(([name, type, comment]) => [name, { name, type, comment, entries: members.get(name)! }]));
  const ipvsIps = sets.get('KUBE-IPVS-IPS')!;
  sets.delete('KUBE-IPVS-IPS');
  sets.delete('KUBE-LOOP-BACK');
  // Parsed for lookups by number here, with the sets, rather than by the first packet tested against each.
  for (const set of sets.values()) indexSet(set);
  indexSet(ipvsIps);
  s = { sets, bound, boundSet, ipvsIps, servers: [], byAddress: new Map(), localEndpoints };
  sharedOf.set(dp, s);
  // The bound addresses' /16 blocks too, with the sets, rather than by the first node touched.
  sharedBlocks(boundSet);
  return s;
}

/** One node's view of the shared state: its own servers where a Local policy makes them differ. */
class NodeIpvs implements IpvsTable {
  // NOTE: the two maps are made when first written: most nodes a trace reaches never write one (of
  // 857 a cold loop builds, 766 no own servers, 430 no own virtual server), and an empty Map is ~190 bytes kept.
  /** The servers of the service ports whose servers differ here, worked out when first asked for. */
  private own: Map<number, SpServers> | undefined;
  private readonly hidden: ReadonlySet<number>;
  /** This node's own virtual servers (its addresses' nodePorts, its Local-policy services), by addressKey. */
  private cache: Map<number, VirtualServer | null> | undefined;

  /** `nodePortIPs`: the node's one or two addresses, searched as a list (no set per node). */
  constructor(
    private readonly dp: Dataplane,
    private readonly s: Shared,
    private readonly node: string,
    private readonly fallback: boolean,
    private readonly nodePortIPs: number[],
  ) {
    this.hidden = localPolicyPortsOn(dp, node);
  }

  private serversOf(i: number): SpServers {
    if (this.hidden.has(i)) {
      const own = (this.own ??= new Map());
      let sv = own.get(i);
      if (!sv) own.set(i, (sv = serversFor(this.dp.servicePorts[i]!, this.node, this.fallback)));
      return sv;
    }
    let sv = this.s.servers[i];
    if (!sv) this.s.servers[i] = sv = serversFor(this.dp.servicePorts[i]!, NO_NODE, this.fallback);
    return sv;
  }

  /** Service port `i`'s virtual servers on this node, in writing order. */
  private each(i: number, f: (vs: VirtualServer) => void): void {
    const sv = this.serversOf(i);
    for (const vs of sv.fixed) f(vs);
    if (sv.nodePort) for (const ip of this.nodePortIPs) f(Object.assign({}, sv.nodePort, { ip }));
  }

  get(proto: string, ip: number, port: number): VirtualServer | undefined {
    const byAddr = servicePortsAt(this.dp, ip);
    const atNode = this.nodePortIPs.includes(ip);
    const own = atNode || (this.hidden.size > 0 && byAddr !== undefined && byAddr.some((i) => this.hidden.has(i)));
    // Not one of this node's own: the cluster's verdict map answers, the same for every node.
    const cache = own ? (this.cache ??= new Map()) : this.s.byAddress;
    const key = addressKey(proto, ip, port);
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    // The service ports that can own this address: by address, and by nodePort on a node address.
    const byPort = atNode ? (this.dp.spsByNodePort.get(port) ?? []) : [];
    const sps = [...new Set([...(byAddr ?? []), ...byPort])].sort((a, b) => a - b);
    let found: VirtualServer | undefined;
    // The last one written wins, as a later `ipvs.vs.set` of the same key replaced an earlier one.
    for (const i of sps) this.each(i, (vs) => vs.proto === proto && vs.ip === ip && vs.port === port && (found = vs));
    cache.set(key, found ?? null);
    return found;
  }

  all(): Iterable<VirtualServer> {
    const m = new Map<string, VirtualServer>();
    this.dp.servicePorts.forEach((_sp, i) => this.each(i, (vs) => m.set(vsKey(vs.proto, vs.ip, vs.port), vs)));
    return m.values();
  }
}

/**
 * Gives node `ns` its IPVS state: the virtual servers, the ipsets (the shared ones referenced,
 * KUBE-LOOP-BACK its own) and the service addresses on kube-ipvs0 and among its local ones.
 */
export function attachIpvsState(dp: Dataplane, ns: Netns, o: IpvsOpts, nodePortIPs: number[], ipvsIpsSet: boolean): void {
  const s = shareIpvsState(dp);
  const own: number[] = [];
  for (const ip of ns.local.keys()) if (s.boundSet.has(ip)) own.push(ip);
  const dummy = ns.devices.get('kube-ipvs0')!;
  // A service address the node holds itself stays where it is: not bound, not in KUBE-IPVS-IPS.
  if (own.length === 0) dummy.addrs = s.bound;
  else {
    // Listed when a view reads them (nothing on a trace's path reads kube-ipvs0's addresses).
    let addrs: Device['addrs'] | undefined;
    Object.defineProperty(dummy, 'addrs', { enumerable: true, get: () => (addrs ??= s.bound.filter((a) => !own.includes(a.ip))) });
  }
  const ipvsIps = own.length === 0 ? s.ipvsIps : Object.assign({}, s.ipvsIps, { entries: without(s.ipvsIps.entries, new Set(own.map((ip) => `${ip}`))) });
  // Every local endpoint of every service port, whatever its traffic policy (syncProxyRules:
  // "Handle traffic that loops back to the originator with SNAT", `if !ep.IsLocal() { continue }`).
  // A literal in the shared sets' property order (not a spread with more properties), so it has their hidden class.
  const loopBack: IpSet = {
    name: LOOP_BACK.name,
    type: LOOP_BACK.type,
    comment: LOOP_BACK.comment,
    entries: new EndpointTriples(s.localEndpoints.get(o.node) ?? NO_ENDPOINTS),
  };
  // A node inside a loadBalancerSourceRange lets its own requests in with the LB IP as source
  // (the node's request to a VIP bound locally carries the VIP; see iptables' KUBE-FW).
  const admitted = sourceRangePortsHolding(dp, o.nodeIP);
  const sourceIP: IpSet | undefined =
    admitted.length === 0
      ? undefined
      : Object.assign({}, SETS_BY_NAME.get('KUBE-LOAD-BALANCER-SOURCE-IP')!, {
          entries: once(() => {
            const members = new Set<string>();
            for (const i of admitted) {
              const sp = dp.servicePorts[i]!;
              const l4 = sp.port.protocol.toLowerCase();
              for (const lbip of sp.lbIPs) members.add(`${lbip},${l4}:${sp.port.port},${lbip}`);
            }
            return members;
          }),
        });
  // By index, not `for (const [name] of SETS)`: this runs once per node, in the interpreter, where
  // each destructured tuple was an iterator and its results.
  const sets: IpSets = (ns.ipsets = []);
  for (let i = 0; i < SETS.length; i++) {
    const name = SETS[i]![0];
    const id = setId(name);
    if (name === 'KUBE-IPVS-IPS') {
      if (ipvsIpsSet) sets[id] = ipvsIps;
    } else if (name === 'KUBE-LOOP-BACK') sets[id] = loopBack;
    else if (name === 'KUBE-LOAD-BALANCER-SOURCE-IP' && sourceIP) sets[id] = sourceIP;
    else sets[id] = s.sets.get(name);
  }
  ns.local = new LocalAddresses(ns.local, { set: s.boundSet, dev: 'kube-ipvs0' });
  ns.ipvs = new NodeIpvs(dp, s, o.node, minorOf(o.version, 20) >= 21, nodePortIPs);
}

const SETS_BY_NAME = new Map(SETS.map(([name, type, comment]) => [name, { name, type, comment }]));
const LOOP_BACK = SETS_BY_NAME.get('KUBE-LOOP-BACK')!;
/** KUBE-LOOP-BACK's list on a node without a local endpoint. */
const NO_ENDPOINTS: readonly number[] = [];

/** `members` without `gone`, read through rather than copied. */
function without(members: Members, gone: ReadonlySet<string>): Members {
  return {
    has: (k) => members.has(k) && !gone.has(k),
    *[Symbol.iterator]() {
      for (const k of members) if (!gone.has(k)) yield k;
    },
  };
}

/** Members listed the first time they are read. */
function once(list: () => Set<string>): Members {
  let members: Set<string> | undefined;
  const get = () => (members ??= list());
  return {
    has: (k) => get().has(k),
    [Symbol.iterator]: () => get()[Symbol.iterator](),
  };
}
