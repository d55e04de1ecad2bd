/**
 * kube-proxy iptables mode's per-service rules, written once for the cluster and shared by every
 * node's nat and filter tables (netfilter/table.ts `base`) instead of copied into each: a
 * 1,000-node, 3,000-service cluster holds one KUBE-SERVICES, not a thousand. A node writes a
 * service port's rules itself only where they differ there: a Local traffic policy with a local
 * endpoint (KUBE-SVL, KUBE-EXT, the "no local endpoints" DROP), or a loadBalancerSourceRange
 * holding the node's IP (KUBE-FW then admits the LB IPs as sources). Rules are written when a packet
 * first needs them (Netns.prepare), in either layer, and keep kube-proxy's order.
 */
import type { Dataplane, Netns } from '../dataplane';
import { newTable, type Table } from '../netfilter/table';
import { servicePortsAt } from '../netns';
import { localPolicyPortsOn, sourceRangePortsHolding } from './endpoints';
import { writeIptablesService, type ProxyOpts } from './iptables';

interface SharedRules {
  nat: Table;
  filter: Table;
  written: Set<number>;
}

/** By the local detector's match: what the shared rules depend on besides the service (NodeCIDR gives each node its own). */
const sharedOf = new WeakMap<Dataplane, Map<string, SharedRules>>();

function sharedRules(dp: Dataplane, o: ProxyOpts): SharedRules {
  let byDetector = sharedOf.get(dp);
  if (!byDetector) sharedOf.set(dp, (byDetector = new Map()));
  const key = `${JSON.stringify(o.local ?? null)} ${o.masqueradeAll}`;
  let s = byDetector.get(key);
  if (!s) byDetector.set(key, (s = { nat: newTable('nat'), filter: newTable('filter'), written: new Set() }));
  return s;
}

/** Puts the shared rules under node `ns`'s tables and gives it `prepare`/`prepareAll` to write services on demand. */
export function attachIptablesState(dp: Dataplane, ns: Netns, nat: Table, filter: Table, o: ProxyOpts): void {
  const s = sharedRules(dp, o);
  const hidden = localPolicyPortsOn(dp, o.node);
  for (const i of sourceRangePortsHolding(dp, o.nodeIP)) hidden.add(i);
  nat.base = { table: s.nat, hidden };
  filter.base = { table: s.filter, hidden };
  const written = new Set<number>();
  const want = (i: number) => {
    if (hidden.has(i)) {
      if (written.has(i)) return;
      written.add(i);
      writeIptablesService(nat, filter, dp.servicePorts[i]!, i, o);
    } else {
      if (s.written.has(i)) return;
      s.written.add(i);
      // A node with no local endpoint of it: what every such node writes.
      writeIptablesService(s.nat, s.filter, dp.servicePorts[i]!, i, { ...o, node: '', nodeIP: undefined });
    }
  };
  ns.prepare = (ip, port) => {
    for (const i of servicePortsAt(dp, ip) ?? []) want(i);
    if (ns.local.has(ip)) for (const i of dp.spsByNodePort.get(port) ?? []) want(i);
  };
  ns.prepareAll = () => dp.servicePorts.forEach((_sp, i) => want(i));
}
