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

/**
 * Decorate the laid-out graph with what the person chose and what the trace did.
 * Returns new objects only for elements whose marks are set, so React Flow's memoised nodes
 * do not all re-render.
 */
export function markGraph(g: Graph, from: string, to: string, trace: Trace | null): Graph {
  const toTrim = to.trim();
  const toHost = toTrim.startsWith('svc:') ? '' : hostOf(toTrim);
  const { namespaces, addresses } = pathIds(trace);
  const ports = nodePorts(trace);

  const marksFor = (n: GraphNode): Marks | null => {
    let m: Marks;
    switch (n.type) {
      case 'vpc':
        m = { onPath: namespaces.has('vpc') };
        break;
      case 'pod':
        m = { from: n.id === from, to: toHost === n.data.ip, onPath: namespaces.has(n.id) };
        break;
      case 'clusterNode':
        m = {
          from: n.id === from,
          to: toHost === n.data.ip || toTrim.endsWith(viaNodeSuffix(n.data.name)),
          onPath: namespaces.has(n.id),
        };
        if (ports.has(n.id)) m.devices = ports.get(n.id);
        break;
      case 'service':
        m = {
          to: toTrim.startsWith(`${n.id}:`) || toHost === n.data.clusterIP,
          onPath: addresses.has(n.data.clusterIP),
        };
        break;
      case 'slb':
        m = { to: toHost === n.data.ip, onPath: namespaces.has(n.id) };
        break;
      case 'external':
        m = { from: n.id === from, to: toHost === n.data.ip, onPath: namespaces.has(n.id) };
        break;
      default: {
        const never: never = n;
        return never;
      }
    }
    return m.from || m.to || m.onPath ? m : null;
  };

  const onPath = new Set<string>();
  const nodes = g.nodes.map((n) => {
    const m = marksFor(n);
    if (!m) return n;
    if (m.onPath) onPath.add(n.id);
    return { ...n, data: { ...n.data, ...m } } as GraphNode;
  });
  const edges = g.edges.map((e): GraphEdge =>
    // NOTE: not `animated`: a dash animation repaints the whole canvas every frame, which a big
    // cluster cannot afford; the packet overlay shows the motion.
    onPath.has(e.source) && onPath.has(e.target) ? { ...e, className: 'on-path' } : e,
  );
  return { nodes, edges };
}
