/**
 * The document as written (`Doc`: what is saved, not the validated `Topology`), the reads every page makes of
 * it, its layout, and {@link materialize}. Apart from edit.ts (the editor's edits, re-exported there), so a page
 * that only shows documents (the embed) does not download the editor's.
 */
import { DEFAULT_SERVICE_CIDR } from './defaults';
import { API_VERSION, type Topology } from './topology';
import { KIND_OF, layoutKey as keyOf, type ListKey } from './element-id';

export type Item = Record<string, unknown>;
export type Position = { x: number; y: number };

/** A document as the editor holds it: the shape of the format, every element a plain record. */
export interface Doc {
  apiVersion: string;
  kind: string;
  metadata: Item;
  cluster: Item;
  routers?: Item[];
  nodes?: Item[];
  pods?: Item[];
  services?: Item[];
  loadBalancers?: Item[];
  externals?: Item[];
  layout?: Record<string, Position>;
}

/** The layout key of a document element (see element-id). */
export function layoutKey(list: ListKey, item: Item): string {
  return keyOf({ kind: KIND_OF[list], name: str(item.name), namespace: str(item.namespace) || 'default' });
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const isItem = (v: unknown): v is Item => !!v && typeof v === 'object' && !Array.isArray(v);
/** A list of the document; not an array reads as empty, an item that is not an object as `{}` (a malformed document never throws). */
export const list = (d: Doc, k: ListKey): Item[] => {
  const a: unknown = d[k];
  if (!Array.isArray(a)) return [];
  return a.every(isItem) ? (a as Item[]) : a.map((x) => (isItem(x) ? x : {}));
};

/** An empty Flannel (VXLAN) cluster: what File → New gives. */
export function emptyDoc(name = 'untitled'): Doc {
  return {
    apiVersion: API_VERSION,
    kind: 'Topology',
    metadata: { name },
    cluster: {
      cni: { plugin: 'flannel', mode: 'vxlan' },
      kubeProxy: { mode: 'iptables' },
      podCIDR: '10.244.0.0/16',
      serviceCIDR: DEFAULT_SERVICE_CIDR,
      vpc: { cidr: '10.0.0.0/16' },
    },
    nodes: [],
    pods: [],
    services: [],
    loadBalancers: [],
    externals: [],
  };
}

export const withList = (d: Doc, k: ListKey, items: Item[]): Doc => ({ ...d, [k]: items });

/** Sets layout positions (rounded to whole pixels). */
export function setPositions(d: Doc, positions: Record<string, Position>): Doc {
  const layout = { ...(d.layout ?? {}) };
  for (const [k, p] of Object.entries(positions)) layout[k] = { x: Math.round(p.x), y: Math.round(p.y) };
  return { ...d, layout };
}

/** Drops every layout position: the canvas lays the document out on its own again. */
export function clearLayout(d: Doc): Doc {
  const { layout: _drop, ...rest } = d;
  return rest;
}

/**
 * Writes the addresses IPAM chose into the document where it left them out, so they stay put
 * when other elements are added or removed. `t` must be the validated form of `d` (same order).
 * Returns `d` itself when there was nothing to write.
 */
export function materialize(d: Doc, t: Topology): Doc {
  const original = d;
  let changed = false;
  const fill = <T>(k: ListKey, from: readonly T[], f: (item: Item, v: T) => Item | null): void => {
    const items = list(d, k);
    if (items.length !== from.length) return;
    const out = items.map((item, i) => {
      const r = f(item, from[i]!);
      if (r) changed = true;
      return r ?? item;
    });
    d = withList(d, k, out);
  };
  fill('nodes', t.nodes, (n, v) => {
    const podCIDR = n.podCIDR === undefined && v.podCIDR ? { podCIDR: v.podCIDR } : {};
    const enis =
      Array.isArray(n.enis) && (n.enis as Item[]).some((e) => e.mac === undefined)
        ? { enis: (n.enis as Item[]).map((e, j) => (e.mac === undefined ? { ...e, mac: v.enis[j]?.mac } : e)) }
        : {};
    return Object.keys(podCIDR).length || Object.keys(enis).length ? { ...n, ...podCIDR, ...enis } : null;
  });
  fill('pods', t.pods, (p, v) => {
    const ip = p.ip === undefined && !v.hostNetwork ? { ip: v.ip } : {};
    const eni = p.eni === undefined && v.eni ? { eni: v.eni } : {};
    return Object.keys(ip).length || Object.keys(eni).length ? { ...p, ...ip, ...eni } : null;
  });
  fill('services', t.services, (s, v) => {
    const clusterIP = s.clusterIP === undefined ? { clusterIP: v.clusterIP } : {};
    const ports = Array.isArray(s.ports) ? (s.ports as Item[]) : [];
    const needPort = ports.some((p, j) => p.nodePort === undefined && v.ports[j]?.nodePort !== undefined);
    const out = needPort
      ? { ports: ports.map((p, j) => (p.nodePort === undefined && v.ports[j]?.nodePort !== undefined ? { ...p, nodePort: v.ports[j]!.nodePort } : p)) }
      : {};
    return Object.keys(clusterIP).length || needPort ? { ...s, ...clusterIP, ...out } : null;
  });
  fill('loadBalancers', t.loadBalancers, (l, v) => (l.ip === undefined ? { ...l, ip: v.ip } : null));
  return changed ? d : original;
}

/**
 * Whether two documents (or their views) differ in anything a trace reads: every part but the layout (moving a box
 * on the canvas does not change where a packet goes). Edits copy only what they change, so this
 * compares identities, not contents.
 */
export function sameNetwork(a: object | null, b: object | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  // (Compared in place: every subscriber asks on every store change, each pointer move of a drag among them.)
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (k !== 'layout' && x[k] !== y[k]) return false;
  for (const k in y) if (k !== 'layout' && x[k] !== y[k]) return false;
  return true;
}
