/**
 * Pass 1 of validation: the shape. The raw value is copied within bounds (normalize), then every
 * section and every list element is parsed on its own against schema.ts, so a bad pod does not
 * stop the nodes from being checked: an element that fails leaves a hole (undefined) and its
 * problems, worded from zod's issues with a path and what to change.
 */
import * as z from 'zod/mini';
import type { core } from 'zod';
import { MAX_DEPTH, MAX_VALUES } from './limits';
import { closest, described, part, problem, said, type ProblemKey, type Said } from './problem-text';
import { fail, formatPath, type Report } from './report';
import {
  ClusterShape,
  ExternalSchema,
  IngressClassSchema,
  IngressSchema,
  LayoutSchema,
  LoadBalancerSchema,
  MetadataSchema,
  NamespaceSchema,
  NetworkPolicySchema,
  NodeSchema,
  PodSchema,
  RouterSchema,
  ServiceSchema,
  TOP_LEVEL,
  type CniDraft,
  type ExternalDraft,
  type KubeProxySchema,
  type LoadBalancerDraft,
  type NodeDraft,
  type PodDraft,
  type RouterDraft,
  type ServiceDraft,
  type VpcSchema,
} from './schema';
import { API_VERSION, CNI_MODES, type CniMode, type CniPlugin, type ParseResult, type Problem } from './topology';
import type { Reason } from './trace';

function unknownField(key: string, known: readonly string[]): Said {
  const guess = closest(key, known);
  return guess ? said('p_unknownFieldGuess', { key, guess }) : said('p_unknownField', { key, known: known.join(', ') });
}

const EXPECTED: Record<string, ProblemKey> = {
  string: 'p_expText',
  number: 'p_expNumber',
  int: 'p_expInt',
  boolean: 'p_expBoolean',
  object: 'p_expMapping',
  array: 'p_expList',
  record: 'p_expMapping',
};

type AnySchema = core.$ZodType;

/** The schema that judges `path` inside `schema`, unwrapping optional/default wrappers. */
function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = schema;
  let i = 0;
  while (s) {
    const def = s._zod.def as unknown as {
      type: string;
      innerType?: AnySchema;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
      in?: AnySchema;
    };
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      s = def.innerType;
      continue;
    }
    if (def.type === 'pipe' && def.in) {
      s = def.in;
      continue;
    }
    if (i === path.length) return s;
    const seg = path[i++];
    if (def.type === 'object' && def.shape) s = def.shape[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return undefined;
  }
  return undefined;
}

function knownKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  const def = s?._zod.def as { shape?: Record<string, unknown> } | undefined;
  return def?.shape ? Object.keys(def.shape) : [];
}

function issueProblems(issue: core.$ZodIssue, schema: AnySchema, base: string): Problem[] {
  const at = (segs: readonly PropertyKey[]) => {
    const p = formatPath(segs);
    if (!base) return p;
    if (!p) return base;
    return p.startsWith('[') ? base + p : `${base}.${p}`;
  };
  const path = at(issue.path);
  const input = (issue as { input?: unknown }).input;
  const field = String(issue.path[issue.path.length - 1] ?? base);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, issue.path);
      return issue.keys.map((k) => ({ path: at([...issue.path, k]), ...unknownField(k, known) }));
    }
    case 'invalid_type': {
      const key = EXPECTED[issue.expected];
      const expected = key ? part(key) : part('p_expOther', { type: issue.expected });
      if (input === undefined) return [problem(path, 'p_required', { field })];
      const unquoted =
        typeof input === 'string' && (issue.expected === 'number' || issue.expected === 'int') && /^-?\d+(\.\d+)?$/.test(input)
          ? input
          : typeof input === 'string' && issue.expected === 'boolean' && /^(true|false)$/i.test(input)
            ? input.toLowerCase()
            : undefined;
      if (unquoted !== undefined) return [problem(path, 'p_expectedUnquote', { expected, got: described(input), value: unquoted })];
      return [problem(path, 'p_expected', { expected, got: described(input) })];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length === 1) return [problem(path, 'p_mustBe', { value: values[0]!, got: described(input) })];
      const guess = typeof input === 'string' ? closest(input, values) : undefined;
      return [
        guess
          ? problem(path, 'p_notOneOfGuess', { got: described(input), values: values.join(', '), guess })
          : problem(path, 'p_notOneOf', { got: described(input), values: values.join(', ') }),
      ];
    }
    case 'too_small':
      if (issue.origin === 'array') return [problem(path, Number(issue.minimum) === 1 ? 'p_atLeastEntry' : 'p_atLeastEntries', { min: String(issue.minimum) })];
      return [problem(path, 'p_atLeast', { min: String(issue.minimum), got: described(input) })];
    case 'too_big':
      return [problem(path, 'p_atMost', { max: String(issue.maximum), got: described(input) })];
    case 'custom': {
      // text() puts the problem's data in params.
      const why = (issue.params as { why?: Reason } | undefined)?.why;
      return [why ? { path, message: issue.message, why } : { path, message: issue.message }];
    }
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    case 'invalid_format':
      return [{ path, message: issue.message }];
  }
}

/** What makes a schema's happy path: zod's compiler (z.compile), or none. */
export type SchemaCompiler = (schema: AnySchema) => AnySchema;

/**
 * The schema's happy path as zod compiles it (z.compile: one generated function per schema, which
 * reads the value and builds the output without zod's payload and issue objects at each field, and
 * hands anything it does not accept to zod's own parser): a list's elements parse in about half
 * the time. Compiling costs more than it saves on a short list (a pod's schema 4 ms, a node's
 * 15 ms on a first load, where a pod parses about 3 µs faster), so only lists of at least
 * COMPILED_FROM elements are parsed with it. The compiler is 7.5 KB (gzip) that a small document
 * would download for nothing, so it is installed from outside (schema-compiler.ts): the worker
 * loads it only for a document that {@link wantsCompiler}; without it every list takes the plain path.
 */
export const COMPILED_FROM = 2000;
let compiler: SchemaCompiler | undefined;
const compiledOf = new WeakMap<AnySchema, AnySchema>();
/** Long lists are parsed with `compile`'s happy path from now on. */
export function installCompiler(compile: SchemaCompiler): void {
  compiler = compile;
}
function compiled(schema: AnySchema): AnySchema {
  if (!compiler) return schema;
  let c = compiledOf.get(schema);
  if (!c) compiledOf.set(schema, (c = compiler(schema)));
  return c;
}

/**
 * How many elements the document's section `key` holds, as the compiled path counts them: a list's length; the
 * layout's entries (one for each element placed by hand or by an auto-layout: as long as the lists).
 */
function sectionSize(key: string, value: unknown): number {
  return Array.isArray(value) ? value.length : key === 'layout' && isRecord(value) ? Object.keys(value).length : 0;
}

/** Whether `input` has a list (or a layout) long enough for the compiled path while no compiler is installed. */
export function wantsCompiler(input: unknown): boolean {
  if (compiler || !isRecord(input)) return false;
  for (const k in input) if (sectionSize(k, input[k]) >= COMPILED_FROM) return true;
  return false;
}

/**
 * `index`: the element's place in the list at `base`; its path is worded only for a problem (30,000 pods pass).
 * `fast`: the schema or its compiled happy path.
 */
function parseWith<S extends AnySchema>(
  report: Report,
  schema: S,
  value: unknown,
  base: string,
  index?: number,
  fast: AnySchema = schema,
): core.output<S> | undefined {
  // Most elements are valid, and asking zod for each issue's input makes every parse slower
  // (a third of the pods' parse at 30,000 pods), so a failed element is parsed again, with it,
  // by the schema itself: its problems are worded as they always were.
  const first = z.safeParse(fast, value);
  if (first.success) return first.data as core.output<S>;
  const r = z.safeParse(schema, value, { reportInput: true });
  if (r.success) return r.data;
  const at = index === undefined ? base : `${base}[${index}]`;
  for (const issue of r.error.issues) report.problems.push(...issueProblems(issue, schema, at));
  return undefined;
}

/** Element-by-element parse of a list section: an invalid element leaves a hole, not a failed section. */
function parseList<S extends AnySchema>(report: Report, schema: S, value: unknown, base: string, compiledFrom: number): (core.output<S> | undefined)[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(base, said('p_expected', { expected: part('p_expList'), got: described(value) }));
    return [];
  }
  const fast = value.length >= compiledFrom ? compiled(schema) : schema;
  return value.map((v, i) => parseWith(report, schema, v, base, i, fast));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why normalize stopped: the value is too deep, too big or contains itself. */
class Unreadable {
  constructor(
    readonly path: string,
    readonly said: Said,
  ) {}
}

/**
 * The value with keys whose value is null dropped (YAML writes an empty field as null;
 * Kubernetes treats null as absent). Copy on write: an array or plain object is copied only
 * when something inside it changes (the shape check builds its own objects anyway, so sharing
 * the rest is safe, and copying 30,000 pods was a tenth of the validation); any other object
 * (a Date, a Map, one without a prototype) becomes a plain copy of its own enumerable keys. A copy uses defineProperty
 * for "__proto__" so it stays an ordinary (unknown) field. Bounded, since the value may come
 * from anywhere (a postMessage can carry shared and circular objects): nesting deeper than
 * MAX_DEPTH, more than MAX_VALUES values, or a value inside itself throws Unreadable.
 */
function normalize(input: unknown): unknown {
  // The values being copied, outermost first (at most MAX_DEPTH: a short scan beats a Set's hashing).
  const open: object[] = [];
  const at: PropertyKey[] = [];
  let budget = MAX_VALUES;
  const tooMany = (last: PropertyKey) => new Unreadable(formatPath([...at, last]), said('p_tooManyValues', { max: MAX_VALUES }));
  const inheritsKeys = Object.keys(Object.prototype).length > 0;
  // The `n`th key of `v`; returns the copy of `v` once something in it changed (`map`, or a new one).
  const field = (v: Record<string, unknown>, k: string, n: number, map: Record<string, unknown> | undefined) => {
    const x = v[k];
    let c: unknown = x;
    if (typeof x === 'object' && x !== null) {
      at.push(k);
      c = copy(x);
      at.pop();
    } else if (x !== null && --budget < 0) throw tooMany(k);
    if ((x === null || c !== x) && !map) map = copyKeys(v, Object.keys(v), n);
    if (map && x !== null) setKey(map, k, c);
    return map;
  };
  const copy = (v: unknown): unknown => {
    if (--budget < 0) throw new Unreadable(formatPath(at), said('p_tooManyValues', { max: MAX_VALUES }));
    if (typeof v !== 'object' || v === null) return v;
    if (open.includes(v)) throw new Unreadable(formatPath(at), said('p_circular'));
    if (at.length >= MAX_DEPTH) throw new Unreadable(formatPath(at), said('p_tooDeep', { max: MAX_DEPTH }));
    open.push(v);
    let out: unknown;
    if (Array.isArray(v)) {
      let list: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        // A scalar is counted and kept without a call (most of a document's values are scalars).
        if (typeof x !== 'object' || x === null) {
          if (--budget < 0) throw tooMany(i);
          if (list) list[i] = x;
          continue;
        }
        at.push(i);
        const c = copy(x);
        at.pop();
        if (c !== x && !list) list = v.slice(0, i) as unknown[];
        if (list) list[i] = c;
      }
      out = list ?? v;
    } else if (isRecord(v)) {
      let map: Record<string, unknown> | undefined = Object.getPrototypeOf(v) === Object.prototype ? undefined : {};
      let n = 0;
      // NOTE: a plain object's keys walked with for…in, which allocates nothing (Object.keys made a list for each of
      // 100,000 objects: a first validation at 1,000 nodes spent 27 ms of CPU here, now 10); for…in lists
      // inherited keys too, so only while Object.prototype has none.
      if (!map && !inheritsKeys) for (const k in v) map = field(v, k, n++, map);
      else for (const k of Object.keys(v)) map = field(v, k, n++, map);
      out = map ?? v;
    }
    open.pop();
    return out;
  };
  return copy(input);
}

/** A plain object with the first `n` of `keys` of `v` (their values as they are). */
function copyKeys(v: Record<string, unknown>, keys: readonly string[], n: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) if (v[keys[i]!] !== null) setKey(map, keys[i]!, v[keys[i]!]);
  return map;
}

function setKey(map: Record<string, unknown>, k: string, value: unknown): void {
  // NOTE: defineProperty only where assignment would set the prototype instead (it is slow).
  if (k === '__proto__') Object.defineProperty(map, k, { value, enumerable: true, writable: true, configurable: true });
  else map[k] = value;
}

function namesIn(raw: unknown): Set<string> {
  const names = new Set<string>();
  if (Array.isArray(raw)) for (const e of raw) if (isRecord(e) && typeof e.name === 'string') names.add(e.name);
  return names;
}

/** The cluster section, read key by key so one bad key does not hide the others. */
export interface ClusterDraft {
  cni?: CniDraft;
  kubeProxy?: z.output<typeof KubeProxySchema>;
  podCIDR?: string;
  serviceCIDR?: string;
  vpc?: z.output<typeof VpcSchema>;
  /** The podCIDR key itself failed to parse (so "required" would be a duplicate problem). */
  podCIDRBroken: boolean;
}

function parseCluster(report: Report, value: unknown): ClusterDraft {
  const out: ClusterDraft = { podCIDRBroken: false };
  if (value === undefined) {
    report.error('cluster', said('p_clusterMissing'));
    return out;
  }
  if (!isRecord(value)) {
    report.error('cluster', said('p_expected', { expected: part('p_expMapping'), got: described(value) }));
    return out;
  }
  const known = Object.keys(ClusterShape);
  for (const k of Object.keys(value))
    if (!known.includes(k)) report.error(`cluster${formatPath([k]).startsWith('[') ? '' : '.'}${formatPath([k])}`, unknownField(k, known));
  out.cni =
    value.cni === undefined ? (report.error('cluster.cni', said('p_cniMissing')), undefined) : parseWith(report, ClusterShape.cni, value.cni, 'cluster.cni');
  out.kubeProxy = parseWith(report, ClusterShape.kubeProxy, value.kubeProxy, 'cluster.kubeProxy');
  const before = report.problems.length;
  out.podCIDR = parseWith(report, ClusterShape.podCIDR, value.podCIDR, 'cluster.podCIDR');
  out.podCIDRBroken = report.problems.length > before;
  out.serviceCIDR = parseWith(report, ClusterShape.serviceCIDR, value.serviceCIDR, 'cluster.serviceCIDR');
  out.vpc =
    value.vpc === undefined ? (report.error('cluster.vpc', said('p_vpcMissing')), undefined) : parseWith(report, ClusterShape.vpc, value.vpc, 'cluster.vpc');
  return out;
}

/** The sections beyond nodes, pods and services: namespaces, NetworkPolicies, Ingresses and their classes. */
export interface Extras {
  namespaces: (z.output<typeof NamespaceSchema> | undefined)[];
  networkPolicies: (z.output<typeof NetworkPolicySchema> | undefined)[];
  ingresses: (z.output<typeof IngressSchema> | undefined)[];
  ingressClasses: (z.output<typeof IngressClassSchema> | undefined)[];
}

/** Parses the sections of {@link Extras}. */
function parseExtras(report: Report, raw: Record<string, unknown>, compiledFrom: number): Extras {
  return {
    namespaces: parseList(report, NamespaceSchema, raw.namespaces, 'namespaces', compiledFrom),
    networkPolicies: parseList(report, NetworkPolicySchema, raw.networkPolicies, 'networkPolicies', compiledFrom),
    ingresses: parseList(report, IngressSchema, raw.ingresses, 'ingresses', compiledFrom),
    ingressClasses: parseList(report, IngressClassSchema, raw.ingressClasses, 'ingressClasses', compiledFrom),
  };
}

/** Every section as parsed (a hole where an element failed), and what the raw value says besides. */
export interface Drafts {
  metadata: z.output<typeof MetadataSchema> | undefined;
  cluster: ClusterDraft;
  routers: (RouterDraft | undefined)[];
  nodes: (NodeDraft | undefined)[];
  pods: (PodDraft | undefined)[];
  services: (ServiceDraft | undefined)[];
  loadBalancers: (LoadBalancerDraft | undefined)[];
  externals: (ExternalDraft | undefined)[];
  layout: Record<string, { x: number; y: number }> | undefined;
  extras: Extras;
  /**
   * Names a reference may resolve to, including elements that failed to parse, so one bad
   * node does not also produce "unknown node" for each of its pods.
   */
  nodeNames: Set<string>;
  lbNames: Set<string>;
  /** routers lists at least one entry, parsed or not. */
  routersListed: boolean;
  /** nodes is absent or a list, so a pod's node can be looked up in nodeNames. */
  nodesReadable: boolean;
}

/**
 * The document's shape checked section by section, or the result when the value cannot be read at all.
 * `compiledFrom`: the length from which a list is parsed with its schema's compiled happy path (a test sets it to compare the two).
 */
export function readShape(report: Report, input: unknown, compiledFrom = COMPILED_FROM): Drafts | ParseResult {
  let raw: unknown;
  try {
    raw = normalize(input);
  } catch (e) {
    if (e instanceof Unreadable) return fail(e.path, e.said);
    throw e;
  }
  if (!isRecord(raw)) {
    return fail('', said('p_notDocument', { got: described(raw) }));
  }
  for (const k of Object.keys(raw)) if (!TOP_LEVEL.includes(k)) report.error(formatPath([k]), unknownField(k, TOP_LEVEL));

  if (raw.apiVersion === undefined) report.error('apiVersion', said('p_apiVersionMissing', { version: API_VERSION }));
  else if (raw.apiVersion !== API_VERSION) {
    const v = raw.apiVersion;
    const future = typeof v === 'string' && /^hopscope\/v\d+/.test(v);
    report.error(
      'apiVersion',
      future ? said('p_apiVersionFuture', { value: v, version: API_VERSION }) : said('p_apiVersionBad', { got: described(v), version: API_VERSION }),
    );
  }
  if (raw.kind === undefined) report.error('kind', said('p_kindMissing'));
  else if (raw.kind !== 'Topology') report.error('kind', said('p_mustBe', { value: 'Topology', got: described(raw.kind) }));

  const metadata =
    raw.metadata === undefined ? (report.error('metadata', said('p_metadataMissing')), undefined) : parseWith(report, MetadataSchema, raw.metadata, 'metadata');
  const cluster = parseCluster(report, raw.cluster);
  const routers = parseList(report, RouterSchema, raw.routers, 'routers', compiledFrom);
  const nodes = parseList(report, NodeSchema, raw.nodes, 'nodes', compiledFrom);
  const pods = parseList(report, PodSchema, raw.pods, 'pods', compiledFrom);
  const services = parseList(report, ServiceSchema, raw.services, 'services', compiledFrom);
  const loadBalancers = parseList(report, LoadBalancerSchema, raw.loadBalancers, 'loadBalancers', compiledFrom);
  const externals = parseList(report, ExternalSchema, raw.externals, 'externals', compiledFrom);
  const layout =
    raw.layout === undefined
      ? undefined
      : parseWith(
          report,
          LayoutSchema,
          raw.layout,
          'layout',
          undefined,
          sectionSize('layout', raw.layout) >= compiledFrom ? compiled(LayoutSchema) : LayoutSchema,
        );
  const extras = parseExtras(report, raw, compiledFrom);
  return {
    metadata,
    cluster,
    routers,
    nodes,
    pods,
    services,
    loadBalancers,
    externals,
    layout,
    extras,
    nodeNames: namesIn(raw.nodes),
    lbNames: namesIn(raw.loadBalancers),
    routersListed: Array.isArray(raw.routers) && raw.routers.length > 0,
    nodesReadable: raw.nodes === undefined || Array.isArray(raw.nodes),
  };
}

/** The CNI plugin, and its mode when the mode is one of the plugin's. */
export function cniOf(cluster: ClusterDraft): { plugin: CniPlugin | undefined; mode: CniMode | undefined } {
  const plugin = cluster.cni?.plugin;
  const mode = cluster.cni && plugin && (CNI_MODES[plugin] as readonly string[]).includes(cluster.cni.mode) ? (cluster.cni.mode as CniMode) : undefined;
  return { plugin, mode };
}
