/**
 * The names of an element, in one place. One element is named four ways, each with its own job:
 *
 * - its **id**: the canvas element, the trace's network namespace (`Hop.ns`), a From value and a
 *   picture's element: `node:N`, `pod:NS/N`, `svc:NS/N`, `slb:N`, `external:N`, `router:N`, `vpc`;
 * - its **layout key**, under which the document stores its position (docs/topology-format.md):
 *   `node:N`, `pod:NS/N`, `service:NS/N`, `loadBalancer:N`, `external:N`, `router:N`;
 * - its **list ref**, its place in the document (selection, problem paths): `services[3]`;
 * - a service port as a **destination** (To): `svc:NS/N:PORT`, `…@lb`, `…@node:N`.
 *
 * Build and read them here, never by hand: a scheme then changes in one place. Pure.
 */
import { podRef } from './topology';

export const ELEMENT_KINDS = ['node', 'pod', 'service', 'loadBalancer', 'external', 'router'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

/** The document list each kind lives in. */
export const LIST_OF = {
  node: 'nodes',
  pod: 'pods',
  service: 'services',
  loadBalancer: 'loadBalancers',
  external: 'externals',
  router: 'routers',
} as const satisfies Record<ElementKind, string>;
export type ListKey = (typeof LIST_OF)[ElementKind];
export const LISTS = ['routers', 'nodes', 'pods', 'services', 'loadBalancers', 'externals'] as const satisfies readonly ListKey[];
export const KIND_OF: Record<ListKey, ElementKind> = {
  nodes: 'node',
  pods: 'pod',
  services: 'service',
  loadBalancers: 'loadBalancer',
  externals: 'external',
  routers: 'router',
};

/** An id's prefix per kind (a service and a load balancer are shorter than their layout keys). */
const ID_PREFIX: Record<ElementKind, string> = { node: 'node', pod: 'pod', service: 'svc', loadBalancer: 'slb', external: 'external', router: 'router' };
const KIND_OF_ID_PREFIX = new Map(ELEMENT_KINDS.map((k) => [ID_PREFIX[k], k]));
const KIND_OF_LAYOUT_PREFIX = new Map<string, ElementKind>(ELEMENT_KINDS.map((k) => [k, k]));
const NAMESPACED: ReadonlySet<ElementKind> = new Set(['pod', 'service']);

/** What names an element: its kind, its name and (pods and services) its namespace. */
export interface ElementName {
  kind: ElementKind;
  name: string;
  namespace?: string;
}
type Namespaced = { namespace: string; name: string };

/** The VPC box of the canvas and the VPC's hops in a trace. */
export const VPC_ID = 'vpc';

/** `NS/NAME`: how pods and services are referred to in requests, messages and pictures. */
export const namespaced: (x: Namespaced) => string = podRef;

const qualified = (kind: ElementKind, name: string, namespace = 'default') => (NAMESPACED.has(kind) ? `${namespace}/${name}` : name);

/** The id of any element. */
export const elementId = (e: ElementName): string => `${ID_PREFIX[e.kind]}:${qualified(e.kind, e.name, e.namespace)}`;
export const nodeId = (name: string): string => elementId({ kind: 'node', name });
export const podId = (p: Namespaced): string => elementId({ kind: 'pod', name: p.name, namespace: p.namespace });
export const serviceId = (s: Namespaced): string => elementId({ kind: 'service', name: s.name, namespace: s.namespace });
export const slbId = (name: string): string => elementId({ kind: 'loadBalancer', name });
export const externalId = (name: string): string => elementId({ kind: 'external', name });
export const routerId = (name: string): string => elementId({ kind: 'router', name });

function split(text: string, kindOf: ReadonlyMap<string, ElementKind>): ElementName | null {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? kindOf.get(text.slice(0, colon)) : undefined;
  if (!kind) return null;
  const rest = text.slice(colon + 1);
  if (!NAMESPACED.has(kind)) return rest ? { kind, name: rest } : null;
  const slash = rest.indexOf('/');
  return slash > 0 && slash < rest.length - 1 ? { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) } : null;
}

/** What an id names; null for the VPC and for what is no element id. */
export const parseElementId = (id: string): ElementName | null => split(id, KIND_OF_ID_PREFIX);

/** The layout key of any element. */
export const layoutKey = (e: ElementName): string => `${e.kind}:${qualified(e.kind, e.name, e.namespace)}`;

/** What a layout key names; null for what is no layout key. */
export const parseLayoutKey = (key: string): ElementName | null => split(key, KIND_OF_LAYOUT_PREFIX);

/** The layout key of an element id (`svc:ns/a` → `service:ns/a`); null for pods (placed by their node) and the VPC. */
export function layoutKeyOfId(id: string): string | null {
  const e = parseElementId(id);
  return e && e.kind !== 'pod' ? layoutKey(e) : null;
}

/** An element's place in the document: `services[3]`. */
export const listRef = (list: ListKey, index: number): string => `${list}[${index}]`;

/** A document element, by place. */
export interface ElementRef {
  list: ListKey;
  index: number;
}

/** The element a document path belongs to: `pods[3].ip` → pods[3]; null for cluster-wide paths. */
export function parseListRef(path: string): ElementRef | null {
  const m = /^(routers|nodes|pods|services|loadBalancers|externals)\[(\d+)\]/.exec(path);
  return m ? { list: m[1] as ListKey, index: Number(m[2]) } : null;
}

/** How a destination reaches a service port: its cluster IP, its load balancer, or a node's nodePort. */
export type ServiceVia = { lb: true } | { node: string } | null;

/** A service port as a destination: `svc:NS/N:PORT`, `svc:NS/N:PORT@lb`, `svc:NS/N:PORT@node:N`. */
export function serviceDestination(s: Namespaced, port: number | string, via: ServiceVia = null): string {
  const base = `${serviceId(s)}:${port}`;
  if (!via) return base;
  return 'lb' in via ? `${base}@lb` : `${base}@${nodeId(via.node)}`;
}

/** The suffix a destination through node N ends with (`@node:N`). */
export const viaNodeSuffix = (node: string): string => `@${nodeId(node)}`;
