/**
 * The faults a document holds, read from the document as written (the canvas badges and the
 * inspector's fault list). Pure. What the inspector offers to switch on is fault-offers.ts: the app's alone, so
 * the embed's canvas, which draws the badges, does not download it.
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

/** (shared with fault-offers.ts) */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const rec = (v: unknown): Item => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {});
export const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

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
