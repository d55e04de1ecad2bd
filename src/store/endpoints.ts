/**
 * What a person can pick as either end of a trace, derived from the document.
 * Pure functions of the topology: components memoise them on the topology object.
 */
import type { Topology } from '../model';
import { podRef } from '../model/topology';

export interface EndpointOption {
  value: string;
  label: string;
}

export interface FromGroups {
  pods: EndpointOption[];
  nodes: EndpointOption[];
  externals: EndpointOption[];
}

/** Sources a trace can start from: pods, node host networks, external clients. */
export function fromOptions(t: Topology): FromGroups {
  return {
    pods: t.pods.map((p) => ({ value: podId(p), label: `${podId(p)} (${p.ip})` })),
    nodes: t.nodes.map((n) => ({ value: nodeId(n.name), label: `${nodeId(n.name)} (${n.ip})` })),
    externals: t.externals.map((x) => ({ value: externalId(x.name), label: `${externalId(x.name)} (${x.ip})` })),
  };
}

// The address a click on a pod fills into To; the canvas layout computes it too.
import { podDestination } from '../layout/graph';
import { externalId, namespaced, nodeId, parseElementId, podId, serviceDestination } from '../model/element-id';
export { podDestination };

/** Suggestions for the To field, in the order a person is likely to want them. */
export function toSuggestions(t: Topology): EndpointOption[] {
  const out: EndpointOption[] = [];
  const seen = new Set<string>();
  const add = (value: string, label: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    out.push({ value, label });
  };
  for (const p of t.pods) {
    const ports = p.ports.length ? p.ports.map((x) => x.containerPort) : [80];
    for (const port of ports) add(`${p.ip}:${port}`, `pod ${podRef(p)}`);
  }
  for (const s of t.services) {
    const ref = namespaced(s);
    for (const sp of s.ports) {
      add(serviceDestination(s, sp.port), `${s.type} ${s.clusterIP}:${sp.port}`);
      add(`${s.clusterIP}:${sp.port}`, `cluster IP of ${ref}`);
      const lb = s.loadBalancer ? t.loadBalancers.find((l) => l.name === s.loadBalancer) : undefined;
      if (lb) {
        add(serviceDestination(s, sp.port, { lb: true }), `SLB ${lb.name} ${lb.ip}:${sp.port}`);
        add(`${lb.ip}:${sp.port}`, `SLB ${lb.name} of ${ref}`);
      }
      for (const ip of s.externalIPs) add(`${ip}:${sp.port}`, `external IP of ${ref}`);
      if (sp.nodePort !== undefined) {
        for (const n of t.nodes) {
          add(serviceDestination(s, sp.port, { node: n.name }), `nodePort ${n.ip}:${sp.nodePort}`);
        }
      }
    }
  }
  for (const ing of t.ingresses ?? []) {
    for (const r of ing.rules) {
      for (const p of r.paths)
        add(
          `http://${r.host?.replace(/^\*\./, 'www.') ?? 'example.com'}${p.path}`,
          `Ingress ${ing.namespace}/${ing.name} → ${p.backend.service}:${p.backend.port}`,
        );
    }
  }
  for (const n of t.nodes) add(n.ip, `node ${n.name} (ICMP)`);
  for (const x of t.externals) add(`${x.ip}:80`, `external ${x.name}`);
  return out;
}

export { selects } from '../model/selector';

/** What a canvas element offers as the ends of a trace: a source (if it can be one) and destinations, best first. */
export interface ElementTargets {
  /** The From value, or null when the element cannot send (a service, a load balancer). */
  from: string | null;
  /** Destinations, in the order to offer them; `kind` says what each one is (for its wording). */
  to: (EndpointOption & { kind: 'pod' | 'clusterIP' | 'lb' | 'nodePort' | 'externalIP' | 'host' })[];
}

/**
 * The choices a context menu or a one-shot pick offers for the element `ref` (`pod:NS/NAME`,
 * `node:NAME`, `external:NAME`, `svc:NS/NAME`, `slb:NAME`). For a service every port is offered as
 * ClusterIP, load balancer and NodePort; when the current From is outside the cluster (an external
 * client) the load balancer and NodePorts come first, since a ClusterIP is not reachable from there.
 */
export function elementTargets(t: Topology, ref: string, from: string): ElementTargets {
  const e = parseElementId(ref);
  if (!e) return { from: null, to: [] };
  const name = e.namespace === undefined ? e.name : namespaced({ namespace: e.namespace, name: e.name });
  const outside = parseElementId(from)?.kind === 'external';
  const to: ElementTargets['to'] = [];
  const servicePorts = (s: Topology['services'][number], only?: { lb?: string; node?: string }) => {
    const sref = namespaced(s);
    const lb = s.loadBalancer ? t.loadBalancers.find((l) => l.name === s.loadBalancer) : undefined;
    const inside: ElementTargets['to'] = [];
    const edge: ElementTargets['to'] = [];
    for (const sp of s.ports) {
      if (!only)
        inside.push({ value: serviceDestination(s, sp.port), label: `ClusterIP ${s.clusterIP}:${sp.port}/${sp.protocol} (${sref})`, kind: 'clusterIP' });
      if (lb && (!only || only.lb === lb.name))
        edge.push({ value: serviceDestination(s, sp.port, { lb: true }), label: `SLB ${lb.name} ${lb.ip}:${sp.port}/${sp.protocol} (${sref})`, kind: 'lb' });
      if (sp.nodePort !== undefined && (!only || only.node)) {
        for (const n of t.nodes) {
          if (only?.node && n.name !== only.node) continue;
          edge.push({
            value: serviceDestination(s, sp.port, { node: n.name }),
            label: `NodePort ${n.ip}:${sp.nodePort}/${sp.protocol} (${sref})`,
            kind: 'nodePort',
          });
        }
      }
      if (!only)
        for (const ip of s.externalIPs)
          edge.push({ value: `${ip}:${sp.port}`, label: `externalIP ${ip}:${sp.port}/${sp.protocol} (${sref})`, kind: 'externalIP' });
    }
    return outside ? [...edge, ...inside] : [...inside, ...edge];
  };
  switch (e.kind) {
    case 'pod': {
      const p = t.pods.find((x) => podRef(x) === name);
      if (!p) return { from: null, to };
      const ports = p.ports.length ? p.ports.map((x) => `${x.containerPort}`) : ['80'];
      for (const port of ports) to.push({ value: `${p.ip}:${port}`, label: `pod ${p.ip}:${port} (${name})`, kind: 'pod' });
      return { from: ref, to };
    }
    case 'node': {
      const n = t.nodes.find((x) => x.name === name);
      if (!n) return { from: null, to };
      for (const s of t.services) to.push(...servicePorts(s, { node: n.name }));
      to.push({ value: `${n.ip}:80`, label: `host ${n.ip}:80 (${n.name})`, kind: 'host' });
      return { from: ref, to };
    }
    case 'external': {
      const x = t.externals.find((e) => e.name === name);
      if (!x) return { from: null, to };
      to.push({ value: `${x.ip}:80`, label: `host ${x.ip}:80 (${x.name})`, kind: 'host' });
      return { from: ref, to };
    }
    case 'service': {
      const s = t.services.find((x) => namespaced(x) === name);
      if (s) to.push(...servicePorts(s));
      return { from: null, to };
    }
    case 'loadBalancer': {
      const lb = t.loadBalancers.find((l) => l.name === name);
      if (!lb) return { from: null, to };
      for (const s of t.services) if (s.loadBalancer === lb.name) to.push(...servicePorts(s, { lb: lb.name }));
      if (to.length === 0) to.push({ value: `${lb.ip}:80`, label: `SLB ${lb.name} ${lb.ip}:80`, kind: 'lb' });
      return { from: null, to };
    }
    default:
      return { from: null, to };
  }
}
