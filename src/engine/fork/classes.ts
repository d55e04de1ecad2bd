/**
 * Equivalence classes of a load balancer's choices, for `choice: {all: true}`: options whose
 * branches provably continue the same way from modelled state, up to the renaming of one node
 * for another. `all` walks one representative per class (its first option) and lets it stand
 * for the class (fork/explore.ts). Here: an SLB's backends and a multipath route's next hops
 * (nodes); a service's endpoints are in endpoint-classes.ts.
 *
 * Two SLB backends are equivalent when the packet after the choice differs only in the node it
 * reaches (same port; an SLB's backends are equally likely; the backend's address is its node's address) and the walk
 * past the choice cannot tell the two nodes apart. It reads of a node: its settings and faults
 * (kernel, interfaces, routes and deleted routes, links down, nat and filter rules, ENIs: all
 * equal), the pods it hosts when the packet can reach them (so a node hosting an endpoint of the
 * listener's service, a hostNetwork pod or a hostPort is a class of its own; under
 * externalTrafficPolicy Local, nodes hosting one identical endpoint each are one class), the routers that
 * peer with it, and how every CIDR the document names classifies its address (NetworkPolicy
 * ipBlocks, loadBalancerSourceRanges, routes, the VPC's). A node whose name or address the
 * document names anywhere else (a VPC route to it, a route via it, a rule matching it) is a
 * class of its own. Whatever the walk then writes about the representative's node (its address
 * as the source the server sees, its name in a reason) is checked in explore.ts.
 */
import { intToIp, ipToInt } from '../../model/cidr';
import type { Dataplane, EndpointInfo, SlbListener } from '../dataplane';
import type { OptionClasses } from '../hop';
import { census, nodeAddresses } from './census';
import { enteredNodes, type WalkSoFar } from './endpoint-classes';
import type { ChoiceOption } from '../../model';

const slbClasses = new WeakMap<SlbListener, OptionClasses>();

/**
 * The classes of an SLB listener's backends (each option is one backend, in order; all equally
 * likely). Under externalTrafficPolicy Local a node's kube-proxy balances over its own endpoints
 * only, so nodes that each host one endpoint of the service, identical but for name and address,
 * continue the same way up to renaming the node and the pod together.
 */
export function slbBackendClasses(dp: Dataplane, l: SlbListener): OptionClasses {
  let c = slbClasses.get(l);
  if (c) return c;
  const group = l.group;
  const hosted = new Map<string, EndpointInfo[]>();
  for (const e of l.sp.endpoints) (hosted.get(e.node) ?? hosted.set(e.node, []).get(e.node)!).push(e);
  const local = l.sp.svc.externalTrafficPolicy === 'Local';
  const backends = Array.from({ length: group.length }, (_, k) => ({ node: dp.nodesByName.get(group.node(k)), ip: group.ip(k), port: group.port(k) }));
  // Only nodes that may share a class: with fewer than two, the document is not read.
  const open = backends.filter((b) => b.node !== undefined && (local || !hosted.has(b.node.name))).length;
  const keys = open > 1 ? census(dp.topology) : undefined;
  const firstOf = new Map<string, number>();
  const repOf: number[] = [];
  const identity: OptionClasses['identity'][number][] = [];
  backends.forEach(({ node, ip: at, port }, k) => {
    const ip = intToIp(at);
    const eps = node ? (hosted.get(node.name) ?? []) : [];
    // A node with an endpoint is renamed with it (Local), else it is a class of its own.
    const ep = local && eps.length === 1 ? eps[0]! : undefined;
    const podRef = ep ? `${ep.pod.namespace}/${ep.pod.name}` : '';
    const epKey = ep ? keys?.pods.get(podRef) : undefined;
    const nodeKey = node && at === ipToInt(node.ip) && keys ? keys.nodes.get(node.name) : undefined;
    const key =
      nodeKey === undefined || (eps.length > 0 && epKey === undefined)
        ? undefined
        : eps.length === 0
          ? nodeKey
          : `${nodeKey} ${epKey} ${ep!.port} ${ep!.ready} ${ep!.serving} ${ep!.terminating}`;
    const full = key === undefined ? undefined : `${port} ${key}`;
    const rep = full === undefined ? k : (firstOf.get(full) ?? k);
    if (full !== undefined && rep === k) firstOf.set(full, k);
    repOf.push(rep);
    const others = node ? [node.name, ...nodeAddresses(node).filter((x) => x !== ip)] : [];
    identity.push(ep ? { words: [ip, intToIp(ep.ip), podRef], others: [...others, ep.pod.name] } : { words: [ip], others });
  });
  slbClasses.set(l, (c = { repOf, identity }));
  return c;
}

const hopClasses = new WeakMap<Dataplane, Map<string, OptionClasses>>();

/**
 * The classes of a multipath route's next hops (a ToR's ECMP route to the service range the nodes
 * advertise), for a packet to `dst`: next hops that are nodes, identical but for name and address
 * (census.ts), that hold no pod or address `dst` names and no endpoint of a service at `dst` (such a
 * node delivers locally: a class of its own), and that the connection has not entered yet.
 */
export function nexthopClassesAt(w: WalkSoFar, options: readonly ChoiceOption[], dst: number): OptionClasses {
  const dp = w.dp;
  const entered = enteredNodes(w);
  const text = `${dst} ${[...entered].join(',')} ${options.map((o) => o.to).join(' ')}`;
  const seen = hopClasses.get(dp) ?? hopClasses.set(dp, new Map()).get(dp)!;
  let c = seen.get(text);
  if (c) return c;
  const own = new Set(entered);
  const owner = dp.owners.get(dst);
  if (owner?.startsWith('node:')) own.add(owner.slice(5));
  if (owner?.startsWith('pod:')) own.add(dp.podsByRef.get(owner.slice(4))?.node ?? '');
  for (const i of dp.spsByAddr.get(dst) ?? []) for (const e of dp.servicePorts[i]!.endpoints) own.add(e.node);
  const nodes = options.map((o) => {
    const id = dp.owners.get(ipToInt(o.to));
    return id?.startsWith('node:') ? dp.nodesByName.get(id.slice(5)) : undefined;
  });
  const keys = nodes.filter((n) => n && !own.has(n.name)).length > 1 ? census(dp.topology) : undefined;
  const firstOf = new Map<string, number>();
  const repOf: number[] = [];
  const identity: OptionClasses['identity'][number][] = [];
  nodes.forEach((node, k) => {
    const key = node && !own.has(node.name) && ipToInt(node.ip) === ipToInt(options[k]!.to) ? keys?.nodes.get(node.name) : undefined;
    const rep = key === undefined ? k : (firstOf.get(key) ?? k);
    if (key !== undefined && rep === k) firstOf.set(key, k);
    repOf.push(rep);
    identity.push({ words: [options[k]!.to], others: node ? [node.name, ...nodeAddresses(node).filter((x) => x !== options[k]!.to)] : [] });
  });
  seen.set(text, (c = { repOf, identity }));
  return c;
}
