/**
 * The golden trace set: a fixed list of requests over the built-in documents (every lesson's
 * request, and again with `all`, fault lessons with their faults) and over small generated
 * clusters under IPVS and iptables (pod → pod, pod → ClusterIP, external → LB, node → NodePort,
 * VPC host → externalIP, each also with `all`). Their results are committed as JSON in
 * ./golden/ and compared by golden.test.ts, so engine work that must not change behaviour
 * (performance, memory) can prove it did not. `npm run golden:update` rewrites the files.
 */
import { parse } from 'yaml';
import '../wiring-modules-all';
import { validateTopology, type Trace, type TraceRequest } from '../../model';
import { builtins } from '../../scenarios';
import { applyEdits, faultLessons, lessons } from '../../scenarios/lessons';
import { generateFlannelCluster, pickTraceRequests } from '../../scenarios/generate';
import { compile } from '../compile';
import { RequestError, trace } from '../trace';
import { traceV1 } from '../export/format';

export interface GoldenEntry { request: TraceRequest; trace?: Trace; error?: string }
export interface GoldenFile { name: string; entries: GoldenEntry[] }

const withAll = (r: TraceRequest): TraceRequest => ({ ...r, choice: { all: true } });

function run(raw: unknown, requests: TraceRequest[]): GoldenEntry[] {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(`golden document invalid: ${v.problems[0]!.path}: ${v.problems[0]!.message}`);
  const dp = compile(v.topology);
  return requests.map((request) => {
    try {
      return { request, trace: trace(dp, request) };
    } catch (e) {
      if (e instanceof RequestError) return { request, error: e.message };
      throw e;
    }
  });
}

function builtinRaw(id: string): Record<string, unknown> {
  const b = builtins.find((x) => x.id === id)!;
  return parse(b.yaml) as Record<string, unknown>;
}

/** Every golden file's name and its freshly computed entries. */
export function goldenFiles(): GoldenFile[] {
  const files: GoldenFile[] = [];
  for (const b of builtins) {
    const reqs = lessons.filter((l) => l.doc === b.id).flatMap((l) => [l.request, withAll(l.request)]);
    files.push({ name: `builtin-${b.id}`, entries: run(builtinRaw(b.id), reqs) });
  }
  for (const f of faultLessons) {
    files.push({ name: `fault-${f.id}`, entries: run(applyEdits(builtinRaw(f.doc), f.fault), [f.request, withAll(f.request)]) });
  }
  for (const mode of ['ipvs', 'iptables'] as const) {
    const doc = generateFlannelCluster({ nodes: 12, seed: 5, kubeProxyMode: mode, networkPolicies: true });
    const picked = pickTraceRequests(doc, 60, 5).map((x) => x.request);
    const reqs = [...picked, ...picked.slice(0, 20).map(withAll)];
    files.push({ name: `generated-12-${mode}`, entries: run(doc, reqs) });
  }
  return files;
}

/** The stable text of a golden file: trace format 1, so the files written before format 2 still hold byte for byte. */
export const goldenText = (f: GoldenFile): string =>
  `${JSON.stringify(f.entries.map((e) => (e.trace ? { ...e, trace: traceV1(e.trace) } : e)), null, 1)}\n`;
