/**
 * Pure edits of a topology document as the canvas editor makes them. The document here is
 * the user's own (`Doc`: what is saved), not the validated `Topology`: fields the user left
 * out stay out, except addresses, which {@link materialize} writes back once IPAM chose them
 * so that they stay put when other elements come and go.
 *
 * Every function returns a new document and leaves its input untouched (undo keeps the old
 * ones). Nothing here validates: the validator runs on the result.
 */
import { blockSize, cidrContains, intToIp, parseCidr } from './cidr';
import { message, type Message } from './message';
import type { Topology } from './topology';
import { ELEMENT_KINDS, KIND_OF, LIST_OF, LISTS, type ElementKind, type ListKey } from './element-id';

export { KIND_OF, LIST_OF, LISTS, type ElementRef, type ListKey } from './element-id';
import type { ElementRef } from './element-id';
// The document's shape, its reads and its layout (every page needs them: the embed too) live in doc.ts; a failed
// connection's hint (the canvas says it) in connect-hint.ts. Re-exported: edit.ts stays the editor's one import.
import { layoutKey, list, setPositions, str, withList, type Doc, type Item, type Position } from './doc';
import { connectHint } from './connect-hint';
export { clearLayout, emptyDoc, layoutKey, list, materialize, setPositions, str, type Doc, type Item, type Position } from './doc';
export { connectHint } from './connect-hint';

/** An element of the document: its list and index, e.g. `{ list: 'pods', index: 3 }` (path `pods[3]`). */
/** What the palette offers: every kind of element. */
export const PALETTE_KINDS = ELEMENT_KINDS;
export type PaletteKind = ElementKind;

/** `base-1`, `base-2`, … the first not taken. */
export function uniqueName(taken: Iterable<string>, base: string): string {
  const set = new Set(taken);
  for (let i = 1; ; i++) if (!set.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Every address the document states (for choosing new ones that do not collide). */
function usedAddresses(d: Doc): Set<string> {
  const used = new Set<string>();
  for (const n of list(d, 'nodes')) {
    used.add(str(n.ip));
    if (Array.isArray(n.secondaryIPs)) for (const s of n.secondaryIPs) used.add(str(s));
  }
  for (const p of list(d, 'pods')) used.add(str(p.ip));
  for (const s of list(d, 'services')) used.add(str(s.clusterIP));
  for (const l of list(d, 'loadBalancers')) used.add(str(l.ip));
  for (const x of list(d, 'externals')) used.add(str(x.ip));
  for (const r of list(d, 'routers')) used.add(str(r.ip));
  used.delete('');
  return used;
}

/** The lowest free address of `cidr` from its `skip`-th address on (VPC: .10 up, leaving the gateway range alone). */
export function freeAddress(d: Doc, cidr: string, skip = 10): string | undefined {
  const c = parseCidr(cidr);
  if (!c) return undefined;
  const used = usedAddresses(d);
  const last = c.base + blockSize(c.bits) - 2;
  for (let n = c.base + Math.min(skip, Math.max(1, blockSize(c.bits) - 2)); n <= last; n++) {
    const ip = intToIp(n);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

const vpcCidr = (d: Doc): string => str((d.cluster.vpc as Item | undefined)?.cidr) || '10.0.0.0/16';

/**
 * A new element of `kind` with a unique name and whatever the format requires; addresses
 * IPAM can choose are left out. A pod goes on `node` (required for a pod).
 */
export function newElement(d: Doc, kind: PaletteKind, node?: string): Item {
  const k = LIST_OF[kind];
  const names = list(d, k).map((x) => str(x.name));
  switch (kind) {
    case 'node': {
      const node: Item = { name: uniqueName(names, 'node'), ip: freeAddress(d, vpcCidr(d)) ?? '' };
      // Terway pods need a secondary ENI to hold their addresses.
      if (str((d.cluster.cni as Item | undefined)?.plugin) === 'terway') node.enis = [{ name: 'eth1' }];
      return node;
    }
    case 'pod':
      return { name: uniqueName(names, 'pod'), namespace: 'default', node: node ?? '' };
    case 'service':
      return { name: uniqueName(names, 'svc'), namespace: 'default', type: 'ClusterIP', selector: {}, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] };
    case 'loadBalancer':
      return { name: uniqueName(names, 'slb'), backend: 'nodeport' };
    case 'external': {
      const ip = freeAddress(d, '198.51.100.0/24', 10) ?? '198.51.100.10';
      return { name: uniqueName(names, 'client'), ip, network: 'internet' };
    }
    case 'router':
      return { name: uniqueName(names, 'tor'), asn: 65001, nodes: [] };
  }
}

/** Adds an element (at `at` on the canvas when given); returns the new document and where it went. */
export function addElement(d: Doc, kind: PaletteKind, at?: Position, node?: string): { doc: Doc; ref: ElementRef } {
  const k = LIST_OF[kind];
  const item = newElement(d, kind, node);
  const items = [...list(d, k), item];
  let doc = withList(d, k, items);
  if (at && kind !== 'pod') doc = setPositions(doc, { [layoutKey(k, item)]: at });
  return { doc, ref: { list: k, index: items.length - 1 } };
}

/**
 * Removes elements. A node takes its pods with it; references to removed elements (a service's
 * loadBalancer, a router's nodes) are dropped, and so are their layout positions.
 */
export function removeElements(d: Doc, refs: readonly ElementRef[]): Doc {
  const gone = new Map<ListKey, Set<number>>();
  const mark = (k: ListKey, i: number) => (gone.get(k) ?? gone.set(k, new Set()).get(k)!).add(i);
  for (const r of refs) mark(r.list, r.index);
  const goneNodes = new Set([...(gone.get('nodes') ?? [])].map((i) => str(list(d, 'nodes')[i]?.name)));
  list(d, 'pods').forEach((p, i) => goneNodes.has(str(p.node)) && mark('pods', i));
  const goneLbs = new Set([...(gone.get('loadBalancers') ?? [])].map((i) => str(list(d, 'loadBalancers')[i]?.name)));

  const layout = { ...(d.layout ?? {}) };
  let out: Doc = { ...d };
  for (const k of LISTS) {
    const drop = gone.get(k);
    if (!drop || !Array.isArray(d[k])) continue;
    list(d, k).forEach((item, i) => drop.has(i) && delete layout[layoutKey(k, item)]);
    out = withList(
      out,
      k,
      list(d, k).filter((_, i) => !drop.has(i)),
    );
  }
  if (goneLbs.size) {
    out.services = list(out, 'services').map((s) => (goneLbs.has(str(s.loadBalancer)) ? omit(s, 'loadBalancer') : s));
  }
  if (goneNodes.size && Array.isArray(out.routers)) {
    out.routers = list(out, 'routers').map((r) =>
      Array.isArray(r.nodes) && r.nodes.some((n) => goneNodes.has(str(n))) ? { ...r, nodes: r.nodes.filter((n) => !goneNodes.has(str(n))) } : r,
    );
  }
  if (d.layout) out.layout = layout;
  return out;
}

const omit = (o: Item, ...keys: string[]): Item => {
  const c = { ...o };
  for (const k of keys) delete c[k];
  return c;
};

/** Fields IPAM fills: a copy drops them so the copy gets fresh addresses instead of duplicates. */
function forCopy(k: ListKey, item: Item): Item {
  switch (k) {
    case 'pods':
      return omit(item, 'ip', 'eni');
    case 'nodes':
      return omit(item, 'podCIDR', 'ip', 'secondaryIPs');
    case 'services':
      return {
        ...omit(item, 'clusterIP', 'loadBalancer'),
        ...(Array.isArray(item.ports) ? { ports: (item.ports as Item[]).map((p) => omit(p, 'nodePort')) } : {}),
      };
    case 'loadBalancers':
    case 'routers':
      return omit(item, 'ip');
    case 'externals':
      return omit(item, 'ip');
  }
}

const clone = (x: Item): Item => JSON.parse(JSON.stringify(x)) as Item;

/** What copy/paste carries: elements with their canvas positions. */
export interface Clip {
  items: { list: ListKey; item: Item; at?: Position }[];
}

export function copyElements(d: Doc, refs: readonly ElementRef[]): Clip {
  return {
    items: refs
      .filter((r) => list(d, r.list)[r.index])
      .map((r) => {
        const item = list(d, r.list)[r.index]!;
        const at = d.layout?.[layoutKey(r.list, item)];
        return { list: r.list, item: clone(item), ...(at ? { at } : {}) };
      }),
  };
}

/**
 * Pastes copies with new names (`-copy`, `-copy-2`, …) and fresh addresses, offset on the canvas.
 * A copied node takes a new VPC address; pods copied with it run on the copy.
 */
export function pasteElements(d: Doc, clip: Clip, offset: Position = { x: 32, y: 32 }): { doc: Doc; refs: ElementRef[] } {
  let doc = d;
  const refs: ElementRef[] = [];
  const renamedNodes = new Map<string, string>();
  const order = [...clip.items].sort((a, b) => (a.list === 'nodes' ? -1 : 0) - (b.list === 'nodes' ? -1 : 0));
  for (const { list: k, item, at } of order) {
    const names = new Set(list(doc, k).map((x) => str(x.name)));
    const base = `${str(item.name) || KIND_OF[k]}-copy`;
    let name = base;
    for (let i = 2; names.has(name); i++) name = `${base}-${i}`;
    const copy: Item = { ...forCopy(k, clone(item)), name };
    if (k === 'nodes') {
      copy.ip = freeAddress(doc, vpcCidr(doc)) ?? '';
      renamedNodes.set(str(item.name), name);
    }
    if (k === 'externals') copy.ip = freeAddress(doc, '198.51.100.0/24') ?? '';
    if (k === 'pods' && renamedNodes.has(str(item.node))) copy.node = renamedNodes.get(str(item.node));
    const items = [...list(doc, k), copy];
    doc = withList(doc, k, items);
    if (at) doc = setPositions(doc, { [layoutKey(k, copy)]: { x: at.x + offset.x, y: at.y + offset.y } });
    refs.push({ list: k, index: items.length - 1 });
  }
  return { doc, refs };
}

/** Copies of the elements next to the originals. */
export function duplicateElements(d: Doc, refs: readonly ElementRef[]) {
  return pasteElements(d, copyElements(d, refs));
}

/**
 * Sets (or with `undefined`, removes) one field of an element. Renaming keeps references
 * intact: a node's pods and routers follow it, services follow their load balancer, and the
 * layout position moves to the new key.
 */
export function setField(d: Doc, ref: ElementRef, field: string, value: unknown): Doc {
  const items = list(d, ref.list);
  const old = items[ref.index];
  if (!old) return d;
  const next = value === undefined ? omit(old, field) : { ...old, [field]: value };
  let doc = withList(
    d,
    ref.list,
    items.map((x, i) => (i === ref.index ? next : x)),
  );
  if (field === 'name' || field === 'namespace') {
    const was = str(old[field]);
    const now = str(value);
    if (field === 'name' && ref.list === 'nodes') {
      doc.pods = list(doc, 'pods').map((p) => (str(p.node) === was ? { ...p, node: now } : p));
      if (Array.isArray(doc.routers)) {
        doc.routers = list(doc, 'routers').map((r) => (Array.isArray(r.nodes) ? { ...r, nodes: r.nodes.map((n) => (str(n) === was ? now : n)) } : r));
      }
    }
    if (field === 'name' && ref.list === 'loadBalancers') {
      doc.services = list(doc, 'services').map((s) => (str(s.loadBalancer) === was ? { ...s, loadBalancer: now } : s));
    }
    const oldKey = layoutKey(ref.list, old);
    const pos = doc.layout?.[oldKey];
    if (pos) {
      const layout = { ...doc.layout };
      delete layout[oldKey];
      layout[layoutKey(ref.list, next)] = pos;
      doc = { ...doc, layout };
    }
  }
  return doc;
}

/** Sets a field of the cluster section by path, e.g. `['cni', 'mode']`; `undefined` removes it. */
export function setClusterField(d: Doc, path: readonly string[], value: unknown): Doc {
  const put = (o: Item, i: number): Item => {
    const k = path[i]!;
    if (i === path.length - 1) return value === undefined ? omit(o, k) : { ...o, [k]: value };
    const inner = o[k] && typeof o[k] === 'object' ? (o[k] as Item) : {};
    return { ...o, [k]: put(inner, i + 1) };
  };
  return { ...d, cluster: put(d.cluster, 0) };
}

export function setMetadata(d: Doc, field: string, value: string | undefined): Doc {
  return { ...d, metadata: value === undefined || value === '' ? omit(d.metadata, field) : { ...d.metadata, [field]: value } };
}

/** Moves a pod to another node: its address (and ENI) are left for IPAM to choose on the new node. */
export function movePod(d: Doc, index: number, node: string): Doc {
  const pod = list(d, 'pods')[index];
  if (!pod || str(pod.node) === node) return d;
  return withList(
    d,
    'pods',
    list(d, 'pods').map((p, i) => (i === index ? { ...omit(p, 'ip', 'eni'), node } : p)),
  );
}

export type Connection = { doc: Doc; message: Message } | { doc: null; message: Message };

const labelsOf = (x: unknown): Record<string, string> =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Item).map(([k, v]) => [k, str(v)])) : {};

/**
 * What drawing an edge from `source` to `target` means:
 * service → pod: the service selects the pod (its selector takes the pod's `app` label, or the
 * pod gets the selector's labels, or both get `app: <service>`); load balancer → service: the
 * service becomes type LoadBalancer behind it; router → node: the router peers with the node.
 */
export function connect(d: Doc, source: ElementRef, target: ElementRef): Connection {
  const s = list(d, source.list)[source.index];
  const t = list(d, target.list)[target.index];
  if (!s || !t) return { doc: null, message: message('nothingToConnect') };
  if (source.list === 'services' && target.list === 'pods') {
    const selector = labelsOf(s.selector);
    const labels = labelsOf(t.labels);
    const sName = str(s.name);
    const pName = str(t.name);
    if ((str(s.namespace) || 'default') !== (str(t.namespace) || 'default')) {
      return { doc: null, message: message('otherNamespace', { svc: sName, pod: pName }) };
    }
    if (Object.keys(selector).length === 0) {
      const key = 'app' in labels ? 'app' : Object.keys(labels)[0];
      if (key) {
        const doc = setField(d, source, 'selector', { [key]: labels[key]! });
        return { doc, message: message('selectsLabel', { svc: sName, label: `${key}=${labels[key]}`, pod: pName }) };
      }
      const value = sName;
      const doc = setField(setField(d, source, 'selector', { app: value }), target, 'labels', { ...labels, app: value });
      return { doc, message: message('labelledApp', { pod: pName, value, svc: sName }) };
    }
    const missing = Object.entries(selector).filter(([k, v]) => labels[k] !== v);
    if (missing.length === 0) return { doc: null, message: message('alreadySelects', { svc: sName, pod: pName }) };
    const doc = setField(d, target, 'labels', { ...labels, ...selector });
    return { doc, message: message('gotLabels', { pod: pName, count: missing.length, labels: missing.map(([k, v]) => `${k}=${v}`).join(', '), svc: sName }) };
  }
  if (source.list === 'loadBalancers' && target.list === 'services') {
    let doc = setField(d, target, 'loadBalancer', str(s.name));
    const wasType = str(t.type) || 'ClusterIP';
    if (wasType !== 'LoadBalancer') doc = setField(doc, target, 'type', 'LoadBalancer');
    return {
      doc,
      message:
        wasType !== 'LoadBalancer'
          ? message('behindLbRetyped', { svc: str(t.name), lb: str(s.name), was: wasType })
          : message('behindLb', { svc: str(t.name), lb: str(s.name) }),
    };
  }
  if (source.list === 'routers' && target.list === 'nodes') {
    const nodes = Array.isArray(s.nodes) ? s.nodes.map(str) : [];
    if (nodes.includes(str(t.name))) return { doc: null, message: message('alreadyPeers', { router: str(s.name), node: str(t.name) }) };
    return { doc: setField(d, source, 'nodes', [...nodes, str(t.name)]), message: message('nowPeers', { router: str(s.name), node: str(t.name) }) };
  }
  return { doc: null, message: connectHint(source.list) };
}

/**
 * A cluster change that moves addresses: the document with every address that depended on the
 * changed field left for IPAM, and in words what will be re-assigned. `null` when nothing moves.
 */
export function readdress(d: Doc, path: readonly string[], value: unknown): { doc: Doc; changes: Message[] } | null {
  const key = path.join('.');
  let doc = setClusterField(d, path, value);
  const changes: Message[] = [];
  const pods = list(d, 'pods');
  const podsWithIp = pods.filter((p) => p.ip !== undefined && p.hostNetwork !== true).length;
  const clearPods = () => {
    doc.pods = list(doc, 'pods').map((p) => (p.hostNetwork === true ? p : omit(p, 'ip', 'eni')));
    if (podsWithIp) changes.push(message('podIpsReassigned', { count: podsWithIp }));
  };
  const clearBlocks = () => {
    const n = list(d, 'nodes').filter((x) => x.podCIDR !== undefined).length;
    doc.nodes = list(doc, 'nodes').map((x) => omit(x, 'podCIDR'));
    if (n) changes.push(message('podBlocksReassigned', { count: n }));
  };
  if (key === 'podCIDR') {
    clearBlocks();
    clearPods();
  } else if (key === 'cni.plugin') {
    clearBlocks();
    clearPods();
    const nodesWithEnis = list(d, 'nodes').filter((n) => Array.isArray(n.enis) && n.enis.length > 0).length;
    if (value === 'terway') {
      doc = setClusterField(doc, ['podCIDR'], undefined);
      doc.nodes = list(doc, 'nodes').map((n) => (Array.isArray(n.enis) && n.enis.length ? n : { ...n, enis: [{ name: 'eth1' }] }));
      changes.push(message('podCidrRemoved'));
    } else {
      if (!str(d.cluster.podCIDR)) doc = setClusterField(doc, ['podCIDR'], '10.244.0.0/16');
      if (nodesWithEnis) {
        doc.nodes = list(doc, 'nodes').map((n) => omit(n, 'enis'));
        changes.push(message('enisRemoved', { count: nodesWithEnis }));
      }
    }
    const modes: Record<string, string> = { flannel: 'vxlan', calico: 'ipip', terway: 'eniip' };
    doc = setClusterField(doc, ['cni', 'mode'], modes[str(value)] ?? 'vxlan');
    doc = setClusterField(doc, ['cni', 'bgp'], undefined);
    doc = setClusterField(doc, ['cni', 'mtu'], undefined);
    changes.push(message('modeBecomes', { mode: modes[str(value)] ?? 'vxlan' }));
  } else if (key === 'serviceCIDR') {
    const n = list(d, 'services').filter((s) => s.clusterIP !== undefined).length;
    doc.services = list(doc, 'services').map((s) => omit(s, 'clusterIP'));
    if (n) changes.push(message('clusterIpsReassigned', { count: n }));
  } else if (key === 'vpc.cidr') {
    const cidr = str(value);
    const outside = list(d, 'nodes').filter((n) => !cidrContains(cidr, str(n.ip)));
    if (outside.length) {
      const nodes = list(doc, 'nodes').map((n) => (cidrContains(cidr, str(n.ip)) ? n : { ...n, ip: '' }));
      doc = { ...doc, nodes };
      for (const n of nodes) if (n.ip === '') n.ip = freeAddress(doc, cidr) ?? '';
      changes.push(message('nodeIpsOutside', { count: outside.length, cidr }));
    }
  } else return null;
  return changes.length ? { doc, changes } : null;
}

/** Every address of a validated document, by element: for telling people what moved. */
export function addressesOf(t: Topology): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of t.nodes) {
    m.set(`node ${n.name}`, n.ip);
    if (n.podCIDR) m.set(`node ${n.name} pod block`, n.podCIDR);
  }
  for (const p of t.pods) m.set(`pod ${p.namespace}/${p.name}`, p.ip);
  for (const s of t.services) m.set(`service ${s.namespace}/${s.name}`, s.clusterIP);
  for (const l of t.loadBalancers) m.set(`load balancer ${l.name}`, l.ip);
  return m;
}

/** What moved between two validated documents, as sentences (`pod default/a: 10.0.0.2 → 10.0.1.2`). */
export function addressChanges(before: Topology, after: Topology): string[] {
  const a = addressesOf(before);
  const out: string[] = [];
  for (const [k, v] of addressesOf(after)) {
    const was = a.get(k);
    if (was !== undefined && was !== v) out.push(`${k}: ${was} → ${v}`);
  }
  return out;
}
