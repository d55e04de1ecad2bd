/**
 * The faults a document holds, read from the document as written (the canvas badges and the
 * inspector's fault list), and the faults the inspector offers to switch on. Pure.
 */
import { DEFAULT_KERNEL } from '../model/defaults';
import type { Doc, Item } from '../model/edit';

export interface Fault {
  /** The document field that holds it, relative to the element, e.g. "kernel.ipForward" or "deletedRoutes". */
  field: string;
  /** Short, for a badge: "ip_forward=0", "route 10.244.1.0/24 deleted". */
  label: string;
  /** The field's value without this fault (undefined removes the field). */
  without: unknown;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const rec = (v: unknown): Item => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

const withoutKey = (o: Item, k: string): Item | undefined => {
  const next = { ...o };
  delete next[k];
  return Object.keys(next).length ? next : undefined;
};

const ruleText = (r: Item, nat: boolean) =>
  [
    `-A ${str(r.chain)}`,
    r.proto ? `-p ${str(r.proto)}` : '',
    r.source ? `-s ${str(r.source)}` : '',
    r.destination ? `-d ${str(r.destination)}` : '',
    r.outInterface ? `-o ${str(r.outInterface)}` : '',
    r.dport !== undefined ? `--dport ${str(r.dport)}` : '',
    `-j ${str(r.action)}`,
    nat && r.to ? `--to ${str(r.to)}` : '',
  ]
    .filter(Boolean)
    .join(' ');

/** Every fault of a node as written in the document, each with how to take it away. */
export function nodeFaults(node: Item): Fault[] {
  const out: Fault[] = [];
  const kernel = rec(node.kernel);
  if (kernel.ipForward === false) out.push({ field: 'kernel', label: 'ip_forward=0', without: withoutKey(kernel, 'ipForward') });
  if (kernel.rpFilter === 'strict') out.push({ field: 'kernel', label: 'rp_filter=1 (strict)', without: withoutKey(kernel, 'rpFilter') });
  if (typeof kernel.mtu === 'number' && kernel.mtu !== DEFAULT_KERNEL.mtu)
    out.push({ field: 'kernel', label: `eth0 mtu ${kernel.mtu}`, without: withoutKey(kernel, 'mtu') });
  if (kernel.bridgeNfCallIptables === false)
    out.push({ field: 'kernel', label: 'bridge-nf-call-iptables=0', without: withoutKey(kernel, 'bridgeNfCallIptables') });
  const each = (field: string, label: (x: unknown) => string) => {
    const items = arr(node[field]);
    items.forEach((x, i) => {
      const rest = items.filter((_, j) => j !== i);
      out.push({ field, label: label(x), without: rest.length ? rest : undefined });
    });
  };
  each('filter', (r) => `filter ${ruleText(rec(r), false)}`);
  each('nat', (r) => `nat ${ruleText(rec(r), true)}`);
  each('routes', (r) => `route ${str(rec(r).dst)}${rec(r).via ? ` via ${str(rec(r).via)}` : ''}${rec(r).dev ? ` dev ${str(rec(r).dev)}` : ''} added`);
  each('deletedRoutes', (c) => `route ${str(c)} deleted`);
  each('linksDown', (d) => `${str(d)} down`);
  each('interfaces', (x) => `${str(rec(x).name)} ${str(rec(x).ip)}${rec(x).up === false ? ' (down)' : ''}`);
  return out;
}

/** Route-table entries removed from the VPC. */
export function vpcFaults(doc: Doc): string[] {
  return arr(rec(rec(doc.cluster).vpc).deletedRoutes).map(str);
}

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
