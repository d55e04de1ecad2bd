/**
 * A deterministic layout of a topology: the VPC box at the bottom with the cluster nodes in
 * a row and each node's pods stacked inside it; services in a row above; external clients
 * and SLBs in the top row. The same document always gives the same picture.
 */
import type { Pod, Topology } from '../model';
import { podRef } from '../model/topology';
import { podSelector } from '../model/selector';
import type { GraphEdge, GraphNode } from './types';
import { externalId, namespaced, nodeId, podId, serviceDestination, serviceId, slbId, VPC_ID } from '../model/element-id';

/** What a click on a pod fills into To: its first container port, or 80. */
export function podDestination(p: Pick<Pod, 'ip' | 'ports'>): string {
  return `${p.ip}:${p.ports[0]?.containerPort ?? 80}`;
}

export const SIZE = {
  podW: 256,
  podH: 50,
  podGap: 8,
  nodePad: 12,
  nodeHeader: 58,
  nodeGap: 32,
  /** The strip at the bottom of a node box where a playing trace shows the devices it used. */
  portStrip: 28,
  vpcPad: 20,
  vpcHeader: 34,
  svcW: 228,
  svcH: 66,
  svcGap: 28,
  topW: 210,
  topH: 52,
  topGap: 28,
  rowGap: 64,
} as const;

/**
 * Stacking (React Flow runs with zIndexMode="manual"): edges pass over the VPC but under the
 * node boxes, so they do not cross node titles; pods sit above their node box.
 */
export const Z = { vpc: 0, edge: 1, clusterNode: 2, element: 3 } as const;

/** A service's edge to one of its endpoints (a pod, or the collapsed node that stands for its pods: frame.ts). */
export const endpointEdge = (source: string, target: string): GraphEdge => ({
  id: `${source}->${target}`,
  source,
  target,
  zIndex: Z.edge,
  data: { kind: 'endpoint' },
});

/** A collapsed node: its header and a summary line (the pod count) above the port strip. */
export const COLLAPSED_H = SIZE.nodeHeader + 26 + SIZE.portStrip;
/** A ToR router box. */
export const ROUTER_SIZE = { w: 180, h: 52 } as const;

/** The height of a node box holding `pods` pods. */
export const nodeHeight = (pods: number): number =>
  SIZE.nodeHeader + Math.max(1, pods) * (SIZE.podH + SIZE.podGap) - SIZE.podGap + SIZE.nodePad + SIZE.portStrip;

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How many pods each edge stands for, when not one each (buildFrame's edges into nodes): the automatic layout's weights. */
  podsBehind?: ReadonlyMap<GraphEdge, number>;
}

const rowWidth = (n: number, w: number, gap: number) => (n > 0 ? n * w + (n - 1) * gap : 0);

export function buildGraph(t: Topology): Graph {
  const S = SIZE;
  const nodeW = S.podW + 2 * S.nodePad;
  const podsByNode = new Map<string, Topology['pods']>();
  for (const n of t.nodes) podsByNode.set(n.name, []);
  for (const p of t.pods) podsByNode.get(p.node)?.push(p);
  let maxPods = 1;
  for (const ps of podsByNode.values()) maxPods = Math.max(maxPods, ps.length);
  const nodeH = nodeHeight(maxPods);

  const vpcW = Math.max(2 * S.vpcPad + rowWidth(t.nodes.length, nodeW, S.nodeGap), 320);
  const vpcH = S.vpcHeader + nodeH + S.vpcPad;

  const lbOrder = new Map<string, number>();
  t.services.forEach((s, i) => {
    if (s.loadBalancer && !lbOrder.has(s.loadBalancer)) lbOrder.set(s.loadBalancer, i);
  });
  // NOTE: each load balancer's first service by a map, not a search of the services for each: 750 searches of 3,000
  // services at 1,000 nodes were ~100 ms of each graph (a big cluster's first picture makes one, then the whole graph).
  const firstUser = new Map<string, Topology['services'][number]>();
  for (const s of t.services) if (s.loadBalancer !== undefined && !firstUser.has(s.loadBalancer)) firstUser.set(s.loadBalancer, s);
  const lbs = [...t.loadBalancers].sort((a, b) => (lbOrder.get(a.name) ?? Infinity) - (lbOrder.get(b.name) ?? Infinity));
  const topCount = t.externals.length + lbs.length;

  const svcRowW = rowWidth(t.services.length, S.svcW, S.svcGap);
  const topRowW = rowWidth(topCount, S.topW, S.topGap);
  const cx = Math.max(vpcW, svcRowW, topRowW) / 2;

  const topY = 0;
  const svcY = topCount ? S.topH + S.rowGap : 0;
  const vpcY = svcY + (t.services.length ? S.svcH + S.rowGap : 0);

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  // Pods by namespace and label, so matching 300 selectors against 3,000 pods does not try every pair.
  const select = podSelector(t.pods);

  let x = cx - topRowW / 2;
  for (const e of t.externals) {
    nodes.push({
      id: externalId(e.name),
      type: 'external',
      zIndex: Z.element,
      position: { x, y: topY },
      width: S.topW,
      height: S.topH,
      data: { name: e.name, ip: e.ip, network: e.network },
    });
    x += S.topW + S.topGap;
  }
  for (const lb of lbs) {
    const svc = firstUser.get(lb.name);
    nodes.push({
      id: slbId(lb.name),
      type: 'slb',
      zIndex: Z.element,
      position: { x, y: topY },
      width: S.topW,
      height: S.topH,
      data: { name: lb.name, ip: lb.ip, backend: lb.backend, destination: `${lb.ip}:${svc?.ports[0]?.port ?? 80}` },
    });
    x += S.topW + S.topGap;
  }

  x = cx - svcRowW / 2;
  for (const s of t.services) {
    const ref = namespaced(s);
    const id = serviceId(s);
    nodes.push({
      id,
      type: 'service',
      zIndex: Z.element,
      position: { x, y: svcY },
      width: S.svcW,
      height: S.svcH,
      data: {
        ref,
        name: s.name,
        namespace: s.namespace,
        clusterIP: s.clusterIP,
        ports: s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(', '),
        type: s.type,
        etp: s.externalTrafficPolicy,
        destination: serviceDestination(s, s.ports[0]?.port ?? 80),
      },
    });
    if (s.loadBalancer) {
      edges.push({ id: `${slbId(s.loadBalancer)}->${id}`, source: slbId(s.loadBalancer), target: id, zIndex: Z.edge, data: { kind: 'lb' } });
    }
    for (const p of select(s.namespace, s.selector)) edges.push(endpointEdge(id, podId(p)));
    x += S.svcW + S.svcGap;
  }

  nodes.push({
    id: VPC_ID,
    type: 'vpc',
    zIndex: Z.vpc,
    position: { x: cx - vpcW / 2, y: vpcY },
    width: vpcW,
    height: vpcH,
    selectable: false,
    data: { cidr: t.cluster.vpc.cidr, title: 'VPC' },
  });

  t.nodes.forEach((n, i) => {
    const id = nodeId(n.name);
    nodes.push({
      id,
      type: 'clusterNode',
      zIndex: Z.clusterNode,
      parentId: 'vpc',
      position: { x: S.vpcPad + i * (nodeW + S.nodeGap), y: S.vpcHeader },
      width: nodeW,
      height: nodeHeight(podsByNode.get(n.name)?.length ?? 0),
      data: { name: n.name, ip: n.ip, podCIDR: n.podCIDR, enis: n.enis.map((e) => e.name), pods: podsByNode.get(n.name)?.length ?? 0 },
    });
    (podsByNode.get(n.name) ?? []).forEach((p, j) => {
      const ref = podRef(p);
      nodes.push({
        id: podId(p),
        type: 'pod',
        zIndex: Z.element,
        parentId: id,
        position: { x: S.nodePad, y: S.nodeHeader + j * (S.podH + S.podGap) },
        width: S.podW,
        height: S.podH,
        data: {
          ref,
          name: p.name,
          namespace: p.namespace,
          ip: p.ip,
          ready: p.ready,
          hostNetwork: p.hostNetwork,
          destination: podDestination(p),
        },
      });
    });
  });

  return { nodes, edges };
}
