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
    pods: t.pods.map((p) => ({ value: `pod:${podRef(p)}`, label: `pod:${podRef(p)} (${p.ip})` })),
    nodes: t.nodes.map((n) => ({ value: `node:${n.name}`, label: `node:${n.name} (${n.ip})` })),
    externals: t.externals.map((x) => ({ value: `external:${x.name}`, label: `external:${x.name} (${x.ip})` })),
  };
}

// The address a click on a pod fills into To; the canvas layout computes it too.
import { podDestination } from '../layout/graph';
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
    const ref = `${s.namespace}/${s.name}`;
    for (const sp of s.ports) {
      add(`svc:${ref}:${sp.port}`, `${s.type} ${s.clusterIP}:${sp.port}`);
      add(`${s.clusterIP}:${sp.port}`, `cluster IP of ${ref}`);
      const lb = s.loadBalancer ? t.loadBalancers.find((l) => l.name === s.loadBalancer) : undefined;
      if (lb) {
        add(`svc:${ref}:${sp.port}@lb`, `SLB ${lb.name} ${lb.ip}:${sp.port}`);
        add(`${lb.ip}:${sp.port}`, `SLB ${lb.name} of ${ref}`);
      }
      for (const ip of s.externalIPs) add(`${ip}:${sp.port}`, `external IP of ${ref}`);
      if (sp.nodePort !== undefined) {
        for (const n of t.nodes) {
          add(`svc:${ref}:${sp.port}@node:${n.name}`, `nodePort ${n.ip}:${sp.nodePort}`);
        }
      }
    }
  }
  for (const ing of t.ingresses ?? []) {
    for (const r of ing.rules) {
      for (const p of r.paths) add(`http://${r.host?.replace(/^\*\./, 'www.') ?? 'example.com'}${p.path}`, `Ingress ${ing.namespace}/${ing.name} → ${p.backend.service}:${p.backend.port}`);
    }
  }
  for (const n of t.nodes) add(n.ip, `node ${n.name} (ICMP)`);
  for (const x of t.externals) add(`${x.ip}:80`, `external ${x.name}`);
  return out;
}

export { selects } from '../model/selector';
