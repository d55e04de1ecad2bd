/**
 * The input of a kubectl import as Kubernetes objects: a `v1 List`, a bare object, or a
 * multi-document YAML (or JSON) stream of objects or Lists, read into one flat list with where
 * each object is in the input; and the small readers every kind's reader shares.
 */
import { MAX_DEPTH, MAX_KUBECTL_SIZE } from '../limits';
import { ipToInt } from '../cidr';
import type { Problem } from '../topology';
import { importPart, importSaid } from './import-text';
import { readYaml } from '../yaml-read';

export type Obj = Record<string, unknown>;

export interface Source {
  obj: Obj;
  /** Where the object is in the input, e.g. "items[4]" or "document 2". */
  at: string;
  kind: string;
  name: string;
  namespace: string;
}

/** The input cannot be imported at all: said as the one problem. */
export class ImportError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const isIPv4 = (s: unknown): s is string => typeof s === 'string' && !Number.isNaN(ipToInt(s));
export const isIPv6 = (s: unknown): s is string => typeof s === 'string' && s.includes(':');

/** Every object of the input, in input order; what cannot be read is a problem. */
export function readObjects(text: string, problems: Problem[]): Source[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ImportError(importSaid('', 'k_empty'));
  }
  // kubectl output, not a document: its own, larger bound (the document made from it gets the usual one).
  const read = readYaml(text, MAX_KUBECTL_SIZE);
  if (!read.ok) {
    problems.push(...read.problems);
    return [];
  }
  const list = read.documents;
  const out: Source[] = [];
  list.forEach((doc, d) => {
    const docAt = list.length > 1 ? `document ${d + 1}` : '';
    if (!doc.ok) {
      for (const p of doc.problems) problems.push({ ...p, path: docAt });
      return;
    }
    const value = doc.value;
    if (value === null || value === undefined) return; // an empty document in a stream (a trailing ---)
    collect(value, docAt, out, problems);
  });
  return out;
}

function collect(value: unknown, at: string, out: Source[], problems: Problem[], depth = 0): void {
  // Lists inside Lists: kubectl never nests them deeper than one; JSON input can, to any depth.
  if (depth > MAX_DEPTH) {
    problems.push(importSaid(at.slice(0, 200), 'k_nestedTooDeep', { depth: MAX_DEPTH }));
    return;
  }
  const where = at === '' ? importPart('k_theInput') : at;
  if (!isObj(value)) {
    const got = Array.isArray(value) ? importPart('k_aSequence') : (JSON.stringify(value)?.slice(0, 40) ?? String(value));
    problems.push(importSaid(at, 'k_notObject', { got }));
    return;
  }
  const kind = str(value.kind);
  if (kind === undefined) {
    problems.push(importSaid(join(at, 'kind'), 'k_noKind', { where }));
    return;
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    if (!Array.isArray(value.items)) {
      problems.push(importSaid(join(at, 'items'), 'k_listNeedsItems'));
      return;
    }
    value.items.forEach((item, i) => {
      const itemAt = join(at, `items[${i}]`);
      if (isObj(item) && item.kind === undefined && kind !== 'List') item = { ...item, kind: kind.slice(0, -4) };
      collect(item, itemAt, out, problems, depth + 1);
    });
    return;
  }
  const md = value.metadata;
  if (!isObj(md) || typeof md.name !== 'string' || md.name === '') {
    problems.push(importSaid(join(at, 'metadata.name'), 'k_noName', { kind }));
    return;
  }
  if (md.namespace !== undefined && typeof md.namespace !== 'string') {
    problems.push(importSaid(join(at, 'metadata.namespace'), 'k_namespaceNotText'));
    return;
  }
  out.push({ obj: value, at, kind, name: md.name, namespace: str(md.namespace) ?? 'default' });
}

/** `at` and a key below it, as a path: items[4].metadata.name. */
export function join(at: string, key: string): string {
  if (at === '') return key;
  return key.startsWith('[') ? `${at}${key}` : `${at}.${key}`;
}

/** `o`'s labels as text: the input's own object when they are all text already (30,000 pods' copies were garbage). */
export const labelsOf = (o: Obj, problems: Problem[], at: string): Record<string, string> => {
  const raw = obj(obj(o.metadata).labels);
  let out: Record<string, string> | null = null;
  for (const k in raw) if (typeof raw[k] !== 'string') out = {};
  if (!out) return raw as Record<string, string>;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else problems.push(importSaid(join(at, `metadata.labels["${k}"]`), 'k_labelNotText'));
  }
  return out;
};
export const annotationsOf = (o: Obj): Record<string, unknown> => obj(obj(o.metadata).annotations);

/** Kinds not warned of: those a reader reads, and Endpoints (EndpointSlices, which are read, say the same). */
const READ_KINDS = new Set(['Node', 'Pod', 'Service', 'EndpointSlice', 'Namespace', 'ConfigMap', 'Endpoints']);

/**
 * The objects by kind, each once (the same object twice, e.g. two outputs concatenated, is
 * warned of and the first kept); kinds no reader reads are warned of together.
 */
export function groupByKind(sources: readonly Source[], warnings: Problem[]): Map<string, Source[]> {
  // (Names by kind and namespace, not a key joined from the three: a string made for each of 40,000 objects.)
  const seen = new Map<string, Map<string, Set<string>>>();
  const byKind = new Map<string, Source[]>();
  const ignoredKinds = new Map<string, number>();
  for (const s of sources) {
    let inKind = seen.get(s.kind);
    if (!inKind) seen.set(s.kind, (inKind = new Map()));
    let names = inKind.get(s.namespace);
    if (!names) inKind.set(s.namespace, (names = new Set()));
    if (names.has(s.name)) {
      warnings.push(importSaid(s.at, 'k_twice', { kind: s.kind, name: `${s.namespace}/${s.name}` }));
      continue;
    }
    names.add(s.name);
    if (!READ_KINDS.has(s.kind)) ignoredKinds.set(s.kind, (ignoredKinds.get(s.kind) ?? 0) + 1);
    const list = byKind.get(s.kind);
    if (list) list.push(s);
    else byKind.set(s.kind, [s]);
  }
  if (ignoredKinds.size > 0) {
    warnings.push(importSaid('', 'k_ignoredKinds', { kinds: [...ignoredKinds].map(([k, n]) => `${n} ${k}${n > 1 ? 's' : ''}`).join(', ') }));
  }
  return byKind;
}
