import type { Trace } from '../model';
import { nodePorts } from './frames';
import type { Graph } from './graph';
import type { GraphEdge, GraphNode, Marks } from './types';
import { viaNodeSuffix } from '../model/element-id';

const hostOf = (addr: string) => addr.trim().replace(/:\d+$/, '');

/** Canvas ids the trace passed through: hop namespaces, plus services whose cluster IP a packet was addressed to. */
export function pathIds(trace: Trace | null): { namespaces: Set<string>; addresses: Set<string> } {
  const namespaces = new Set<string>();
  const addresses = new Set<string>();
  if (!trace) return { namespaces, addresses };
  for (const h of [...trace.hops, ...(trace.reply?.hops ?? [])]) {
    namespaces.add(h.ns);
    addresses.add(hostOf(h.packet.dst));
    addresses.add(hostOf(h.packet.src));
  }
  return { namespaces, addresses };
}

/** What From, To and a trace say, as each element's marks are read from it. */
export interface MarkContext {
  from: string;
  /** To, trimmed. */
  to: string;
  /** To's address without its port ('' for a service reference). */
  toHost: string;
  namespaces: ReadonlySet<string>;
  addresses: ReadonlySet<string>;
  ports: ReadonlyMap<string, string[]>;
}

export function markContext(from: string, to: string, trace: Trace | null): MarkContext {
  const toTrim = to.trim();
  return { from, to: toTrim, toHost: toTrim.startsWith('svc:') ? '' : hostOf(toTrim), ...pathIds(trace), ports: nodePorts(trace) };
}

/** An element's marks (null: none): the one rule for what From, To and the path light up. */
export function elementMarks(n: GraphNode, c: MarkContext): Marks | null {
  let m: Marks;
  switch (n.type) {
    case 'vpc':
      m = { onPath: c.namespaces.has('vpc') };
      break;
    case 'pod':
      m = { from: n.id === c.from, to: c.toHost === n.data.ip, onPath: c.namespaces.has(n.id) };
      break;
    case 'clusterNode':
      m = {
        from: n.id === c.from,
        to: c.toHost === n.data.ip || c.to.endsWith(viaNodeSuffix(n.data.name)),
        onPath: c.namespaces.has(n.id),
      };
      if (c.ports.has(n.id)) m.devices = c.ports.get(n.id);
      break;
    case 'service':
      m = {
        to: c.to.startsWith(`${n.id}:`) || c.toHost === n.data.clusterIP,
        onPath: c.addresses.has(n.data.clusterIP),
      };
      break;
    case 'slb':
      m = { to: c.toHost === n.data.ip, onPath: c.namespaces.has(n.id) };
      break;
    case 'external':
      m = { from: n.id === c.from, to: c.toHost === n.data.ip, onPath: c.namespaces.has(n.id) };
      break;
    default: {
      const never: never = n;
      return never;
    }
  }
  return m.from || m.to || m.onPath ? m : null;
}

/** A graph's elements by id and by the addresses marks compare (an element's IP, a service's cluster IP). */
export interface MarkIndex {
  byId: ReadonlyMap<string, GraphNode>;
  byAddress: ReadonlyMap<string, readonly GraphNode[]>;
}

const indexes = new WeakMap<Graph, MarkIndex>();
/** `g`'s mark index, built once per graph (the canvas builds its document's while idle, before the first trace). */
export function markIndex(g: Graph): MarkIndex {
  let index = indexes.get(g);
  if (index) return index;
  const filling = emptyMarkIndex();
  indexMarks(filling, g.nodes);
  indexes.set(g, (index = filling));
  return index;
}

type Filling = { byId: Map<string, GraphNode>; byAddress: Map<string, GraphNode[]> };
/** A mark index to fill slice by slice (a big graph arrives from the place worker in slices: each is indexed as it comes). */
export const emptyMarkIndex = (): Filling => ({ byId: new Map(), byAddress: new Map() });
/** Adds `nodes` to `index`. */
export function indexMarks(index: Filling, nodes: readonly GraphNode[]): void {
  const { byId, byAddress } = index;
  for (const n of nodes) {
    byId.set(n.id, n);
    const address = n.type === 'service' ? n.data.clusterIP : n.type === 'vpc' ? undefined : n.data.ip;
    if (address !== undefined) (byAddress.get(address) ?? byAddress.set(address, []).get(address)!).push(n);
  }
}
/** `index`, filled with all of `g`'s nodes in order, is `g`'s mark index. */
export const adoptMarkIndex = (g: Graph, index: MarkIndex): void => void indexes.set(g, index);

/**
 * The marks of each element From, To and `trace` light up, by id (no entry: unmarked). Only the
 * elements they can name are looked at — From's, the path's, those at To's or the path's addresses,
 * the service or node To names — so a trace costs its path, not the cluster's size.
 */
export function traceMarks(index: MarkIndex, from: string, to: string, trace: Trace | null): Map<string, Marks> {
  const c = markContext(from, to, trace);
  const candidates = new Set<GraphNode>();
  const byId = (id: string) => {
    const n = index.byId.get(id);
    if (n) candidates.add(n);
  };
  const byAddress = (address: string) => {
    for (const n of index.byAddress.get(address) ?? []) candidates.add(n);
  };
  byId(c.from);
  for (const id of c.namespaces) byId(id);
  byAddress(c.toHost);
  for (const a of c.addresses) byAddress(a);
  // `svc:NS/NAME:PORT…` names its service; `…@node:NAME` its node.
  const slash = c.to.indexOf('/');
  const colon = slash < 0 ? -1 : c.to.indexOf(':', slash);
  if (colon > 0) byId(c.to.slice(0, colon));
  const via = c.to.lastIndexOf(viaNodeSuffix(''));
  if (via >= 0) byId(c.to.slice(via + 1));
  const out = new Map<string, Marks>();
  for (const n of candidates) {
    const m = elementMarks(n, c);
    if (m) out.set(n.id, m);
  }
  return out;
}

/**
 * `g` with `marks` applied. New objects only for the marked elements and the edges between two
 * elements on the path, so React Flow's memoised nodes do not all re-render; `g` itself when nothing is marked.
 */
export function applyMarks(g: Graph, marks: ReadonlyMap<string, Marks>): Graph {
  if (!marks.size) return g;
  const onPath = new Set<string>();
  for (const [id, m] of marks) if (m.onPath) onPath.add(id);
  const nodes = g.nodes.map((n) => {
    const m = marks.get(n.id);
    return m ? ({ ...n, data: { ...n.data, ...m } } as GraphNode) : n;
  });
  const edges = onPath.size
    ? g.edges.map((e): GraphEdge =>
        // NOTE: not `animated`: a dash animation repaints the whole canvas every frame, which a big
        // cluster cannot afford; the packet overlay shows the motion.
        onPath.has(e.source) && onPath.has(e.target) ? { ...e, className: 'on-path' } : e,
      )
    : g.edges;
  return { nodes, edges };
}

/** Decorate the laid-out graph with what the person chose and what the trace did (see {@link applyMarks}). */
export function markGraph(g: Graph, from: string, to: string, trace: Trace | null): Graph {
  return applyMarks(g, traceMarks(markIndex(g), from, to, trace));
}
