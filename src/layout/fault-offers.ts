/** The faults the inspector offers to switch on a node, and switching one on (the app's alone: see faults.ts). Pure. */
import type { Doc, Item } from '../model/edit';
import { arr, rec, str } from './faults';

export type FaultKind = 'filter' | 'nat' | 'deleteRoute' | 'linkDown' | 'interface' | 'ipForward' | 'mtu';

export interface FaultOffer {
  kind: FaultKind;
  label: string;
  /** Choices the fault needs (a route to delete, a link to set down), if any. */
  options?: string[];
}

const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
const ipToInt = (ip: string) => ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;

/** Addresses the document already uses (nodes, their interfaces and secondary IPs, pods). */
function usedAddresses(doc: Doc): Set<string> {
  const used = new Set<string>();
  for (const n of arr(doc.nodes).map(rec)) {
    used.add(str(n.ip));
    for (const s of arr(n.secondaryIPs)) used.add(str(s));
    for (const x of arr(n.interfaces)) used.add(str(rec(x).ip));
  }
  for (const p of arr(doc.pods).map(rec)) used.add(str(p.ip));
  return used;
}

/** What the inspector offers to break on a node, with the choices each needs. */
export function faultOffers(doc: Doc, node: Item): FaultOffer[] {
  const blocks = arr(doc.nodes)
    .map((n) => str(rec(n).podCIDR))
    .filter(Boolean);
  const vswitches = arr(rec(rec(doc.cluster).vpc).vswitches)
    .map((v) => str(rec(v).cidr))
    .filter(Boolean);
  const deleted = new Set(arr(node.deletedRoutes).map(str));
  const routes = [...new Set([...blocks, ...vswitches, 'default'])].filter((r) => !deleted.has(r));
  const plugin = str(rec(rec(doc.cluster).cni).plugin);
  const mode = str(rec(rec(doc.cluster).cni).mode);
  const devices = [
    'eth0',
    ...(plugin === 'flannel' ? ['cni0'] : []),
    ...(mode === 'vxlan' ? [plugin === 'calico' ? 'vxlan.calico' : 'flannel.1'] : []),
    ...(mode === 'ipip' ? ['tunl0'] : []),
    ...arr(node.interfaces).map((x) => str(rec(x).name)),
  ];
  const down = new Set(arr(node.linksDown).map(str));
  return [
    {
      kind: 'filter',
      label: 'extra filter rule (iptables -A FORWARD … -j DROP)',
      options: ['FORWARD icmp DROP', 'FORWARD tcp DROP', 'INPUT tcp REJECT', 'FORWARD all DROP'],
    },
    { kind: 'nat', label: 'stray nat rule (-A POSTROUTING -j MASQUERADE)', options: ['MASQUERADE pod traffic', 'MASQUERADE everything'] },
    { kind: 'deleteRoute', label: 'delete a route (ip route del …)', options: routes },
    { kind: 'linkDown', label: 'link down (ip link set … down)', options: devices.filter((d) => !down.has(d)) },
    { kind: 'interface', label: 'second interface (eth1 on the node network)' },
    { kind: 'ipForward', label: 'ip_forward=0' },
    { kind: 'mtu', label: 'smaller eth0 MTU', options: ['1400', '1450', '1000'] },
  ];
}

/** The node's fields after switching fault `kind` on with `option`: [field, new value]. */
export function applyFault(doc: Doc, node: Item, kind: FaultKind, option?: string): [string, unknown] {
  switch (kind) {
    case 'filter': {
      const [chain, proto, action] = (option ?? 'FORWARD icmp DROP').split(' ');
      const rule: Item = { chain, action };
      if (proto && proto !== 'all') rule.proto = proto;
      if (proto === 'tcp') rule.dport = 80;
      return ['filter', [...arr(node.filter), rule]];
    }
    case 'nat': {
      const podCIDR = str(rec(doc.cluster).podCIDR) || str(rec(rec(doc.cluster).vpc).cidr);
      const rule: Item =
        option === 'MASQUERADE everything' ? { chain: 'POSTROUTING', action: 'MASQUERADE' } : { chain: 'POSTROUTING', source: podCIDR, action: 'MASQUERADE' };
      return ['nat', [...arr(node.nat), rule]];
    }
    case 'deleteRoute':
      return ['deletedRoutes', [...arr(node.deletedRoutes), option === 'default' ? '0.0.0.0/0' : option]];
    case 'linkDown':
      return ['linksDown', [...arr(node.linksDown), option ?? 'eth0']];
    case 'interface': {
      const used = usedAddresses(doc);
      const names = new Set(arr(node.interfaces).map((x) => str(rec(x).name)));
      let i = 1;
      while (names.has(`eth${i}`)) i++;
      let ip = ipToInt(str(node.ip)) + 100;
      while (used.has(intToIp(ip))) ip++;
      return ['interfaces', [...arr(node.interfaces), { name: `eth${i}`, ip: intToIp(ip), up: true }]];
    }
    case 'ipForward':
      return ['kernel', { ...rec(node.kernel), ipForward: false }];
    case 'mtu':
      return ['kernel', { ...rec(node.kernel), mtu: Number(option ?? 1400) }];
  }
}
