/**
 * A searchable index of what a person can pick as either end of a trace, for the From and To
 * typeaheads. Nothing per match is built up front: a 1,000-node cluster has 30,000 pods and
 * 3,000 services whose nodePorts make 1.5 million `svc:NS/NAME:PORT@node:NODE` destinations, so
 * those are enumerated only while a search asks for them, and every search stops at `limit`
 * matches. Pure; components memoise the index on the topology object.
 */
import type { Topology } from '../model';
import { podRef } from '../model/topology';
import type { EndpointOption } from './endpoints';
import { externalId, namespaced, nodeId, podId, serviceDestination, viaNodeSuffix } from '../model/element-id';

/** The groups a picker shows, in this order. */
export type EndpointGroup = 'pods' | 'services' | 'lbs' | 'nodes' | 'externals';
export const ENDPOINT_GROUPS: readonly EndpointGroup[] = ['pods', 'services', 'lbs', 'nodes', 'externals'];

export interface EndpointMatch extends EndpointOption {
  group: EndpointGroup;
}

/** Which end of the trace: sources are pods, nodes and externals; destinations are addresses. */
export type EndpointSide = 'from' | 'to';

/** At most this many matches are rendered. */
export const MAX_MATCHES = 50;

interface Entry extends EndpointMatch {
  /** value and label, lower case: what a query is matched against. */
  text: string;
}

interface NodePortSource {
  /** `svc:NS/NAME:PORT`, lower case. */
  svcText: string;
  svcValue: string;
  nodePort: number;
}

export interface EndpointIndex {
  /** Up to `limit` matches for `query` (case-insensitive substring of value or label), spread over the groups. */
  search(query: string, side: EndpointSide, limit?: number): EndpointMatch[];
  /** Whether `value` is a source the document offers exactly (`pod:NS/NAME`, `node:NAME`, `external:NAME`). */
  isSource(value: string): boolean;
}

const entry = (group: EndpointGroup, value: string, label: string): Entry => ({ group, value, label, text: `${value} ${label}`.toLowerCase() });

/**
 * Pods indexed in one step of `ahead`: each makes two entries (~2.5 µs each), a step of ~25 ms on a quiet machine.
 * Built whole on the first keystroke in From, a 1,000-node cluster's index was one task of 593 ms (117 ms of thread
 * time, most of it the index and its garbage) on a loaded machine.
 */
export const PODS_PER_STEP = 5000;

/**
 * The index of `t`, built when first searched or asked, or before that a step at a time (`ahead`): the pickers hold
 * one per document, and building it (60,000 entries at 1,000 nodes, ~150 ms) at load was a long task in the frame
 * that drew the cluster.
 */
export function endpointIndex(t: Topology): EndpointIndex & { readonly built: boolean; ahead(): (() => void)[] } {
  const lists = indexLists(t);
  let index: EndpointIndex | null = null;
  const get = () => (index ??= buildIndex(t, lists));
  return {
    get built() {
      return index !== null;
    },
    search: (query, side, limit) => get().search(query, side, limit),
    isSource: (value) => get().isSource(value),
    /** The steps that build the index, to run while the page is idle: the pods a slice each, then the rest (a search before the last runs what is left). */
    ahead: () => [
      ...Array.from({ length: Math.ceil(t.pods.length / PODS_PER_STEP) }, (_, i) => () => lists.addPods((i + 1) * PODS_PER_STEP)),
      () => void get(),
    ],
  };
}

/** The index's lists, filled with `t`'s pods up to the n-th by `addPods(n)` (the pods first: a pod's address is in `seen` before any service's). */
function indexLists(t: Topology) {
  const from: Entry[][] = [[], [], [], [], []];
  const to: Entry[][] = [[], [], [], [], []];
  const seen = new Set<string>();
  const addTo = (g: EndpointGroup, value: string, label: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    to[gi(g)]!.push(entry(g, value, label));
  };
  const sources = new Set<string>();
  const addFrom = (g: EndpointGroup, value: string, label: string) => {
    sources.add(value);
    from[gi(g)]!.push(entry(g, value, label));
  };
  let podsDone = 0;
  const addPods = (until: number) => {
    for (; podsDone < Math.min(until, t.pods.length); podsDone++) {
      const p = t.pods[podsDone]!;
      const ref = podRef(p);
      addFrom('pods', podId(p), p.ip);
      const ports = p.ports.length ? p.ports.map((x) => x.containerPort) : [80];
      for (const port of ports) addTo('pods', `${p.ip}:${port}`, `pod ${ref}`);
    }
  };
  return { from, to, seen, sources, addTo, addFrom, addPods };
}

const gi = (g: EndpointGroup) => ENDPOINT_GROUPS.indexOf(g);

function buildIndex(t: Topology, lists: ReturnType<typeof indexLists>): EndpointIndex {
  const { from, to, seen, sources, addTo, addFrom } = lists;
  lists.addPods(Infinity);
  for (const n of t.nodes) addFrom('nodes', nodeId(n.name), n.ip);
  for (const x of t.externals) addFrom('externals', externalId(x.name), x.ip);

  const lbByName = new Map(t.loadBalancers.map((l) => [l.name, l]));
  const nodePorts: NodePortSource[] = [];
  for (const s of t.services) {
    const ref = namespaced(s);
    for (const sp of s.ports) {
      addTo('services', serviceDestination(s, sp.port), `${s.type} ${s.clusterIP}:${sp.port}`);
      addTo('services', `${s.clusterIP}:${sp.port}`, `cluster IP of ${ref}`);
      for (const ip of s.externalIPs) addTo('services', `${ip}:${sp.port}`, `external IP of ${ref}`);
      const lb = s.loadBalancer ? lbByName.get(s.loadBalancer) : undefined;
      if (lb) {
        addTo('lbs', serviceDestination(s, sp.port, { lb: true }), `SLB ${lb.name} ${lb.ip}:${sp.port}`);
        addTo('lbs', `${lb.ip}:${sp.port}`, `SLB ${lb.name} of ${ref}`);
      }
      if (sp.nodePort !== undefined)
        nodePorts.push({ svcValue: serviceDestination(s, sp.port), svcText: serviceDestination(s, sp.port).toLowerCase(), nodePort: sp.nodePort });
    }
  }
  for (const ing of t.ingresses ?? []) {
    for (const r of ing.rules) {
      for (const p of r.paths)
        addTo(
          'services',
          `http://${r.host?.replace(/^\*\./, 'www.') ?? 'example.com'}${p.path}`,
          `Ingress ${ing.namespace}/${ing.name} → ${p.backend.service}:${p.backend.port}`,
        );
    }
  }
  for (const n of t.nodes) addTo('nodes', n.ip, `node ${n.name} (ICMP)`);
  for (const x of t.externals) addTo('externals', `${x.ip}:80`, `external ${x.name}`);
  const nodeTexts = t.nodes.map((n) => ({ name: n.name, ip: n.ip, text: `${nodeId(n.name)} ${n.ip}`.toLowerCase() }));

  /**
   * nodePort destinations (`svc:…:PORT@node:NODE`, group nodes) matching q, at most `limit`: the
   * part before `@` picks services, the part after picks nodes; a query without `@` matches either.
   */
  function nodePortMatches(q: string, limit: number): EndpointMatch[] {
    const out: EndpointMatch[] = [];
    if (!nodePorts.length || !q) return out;
    const at = q.indexOf('@');
    const qs = at >= 0 ? q.slice(0, at) : q;
    const qn = at >= 0 ? q.slice(at + 1).replace(/^node:?/, '') : q;
    const push = (s: NodePortSource, n: (typeof nodeTexts)[number]) => {
      const value = `${s.svcValue}${viaNodeSuffix(n.name)}`;
      if (!seen.has(value)) out.push({ group: 'nodes', value, label: `nodePort ${n.ip}:${s.nodePort}` });
    };
    if (at >= 0) {
      for (const s of nodePorts) {
        if (!s.svcText.includes(qs)) continue;
        for (const n of nodeTexts) {
          if (!n.text.includes(qn)) continue;
          push(s, n);
          if (out.length >= limit) return out;
        }
      }
      return out;
    }
    // Without `@`: the services the query names, on each node; then the nodes it names, with each service.
    for (const s of nodePorts) {
      if (!s.svcText.includes(qs)) continue;
      for (const n of nodeTexts) {
        push(s, n);
        if (out.length >= limit) return out;
      }
    }
    for (const n of nodeTexts) {
      if (!n.text.includes(qn)) continue;
      for (const s of nodePorts) {
        if (s.svcText.includes(qs)) continue;
        push(s, n);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  return {
    isSource: (value) => sources.has(value),
    search(query, side, limit = MAX_MATCHES) {
      const q = query.trim().toLowerCase();
      const lists = side === 'from' ? from : to;
      // Each group's first `limit` matches (a scan stops there), then the groups share the limit.
      const found: EndpointMatch[][] = lists.map((list) => {
        const out: EndpointMatch[] = [];
        for (const e of list) {
          if (q && !e.text.includes(q)) continue;
          out.push({ group: e.group, value: e.value, label: e.label });
          if (out.length >= limit) break;
        }
        return out;
      });
      if (side === 'to') {
        const nodes = found[gi('nodes')]!;
        if (nodes.length < limit) nodes.push(...nodePortMatches(q, limit - nodes.length));
      }
      // Round robin over the groups, so a query matching 30,000 pods still shows its one service.
      const taken = found.map(() => 0);
      let total = 0;
      for (let more = true; more && total < limit;) {
        more = false;
        for (let g = 0; g < found.length && total < limit; g++) {
          if (taken[g]! < found[g]!.length) {
            taken[g]!++;
            total++;
            more = true;
          }
        }
      }
      return found.flatMap((list, g) => list.slice(0, taken[g]));
    },
  };
}
