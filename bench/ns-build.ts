/**
 * What one namespace build is made of: builds --count node namespaces (or their pods') of a
 * generated 1,000-node cluster, after one node that writes what nodes share, and reports what
 * they kept per build (bytes and objects, from two heap snapshots' statistics) and a sampled
 * profile of the bytes kept, by allocating function. Counts, not times: what a minor GC copies.
 *
 *   node --expose-gc --import tsx bench/ns-build.ts                        # IPVS nodes
 *   node --expose-gc --import tsx bench/ns-build.ts --proxy iptables --kind pod
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { compile } from '../src/engine';
import { validateTopology } from '../src/model';
import { generateFlannelCluster } from '../src/scenarios/generate';

const { values: opts } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    proxy: { type: 'string', default: 'ipvs' },
    kind: { type: 'string', default: 'node' },
    count: { type: 'string', default: '200' },
    top: { type: 'string', default: '30' },
  },
  strict: true,
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const doc = generateFlannelCluster({ nodes: Number(opts.nodes), seed: 1, kubeProxyMode: opts.proxy as 'ipvs' | 'iptables', networkPolicies: true });
const parsed = validateTopology(doc);
if (!parsed.ok) throw new Error('invalid document');
const topology = parsed.topology;
const count = Number(opts.count);
const nodeIds = topology.nodes.map((n) => `node:${n.name}`);
const podIds = topology.pods.map((p) => `pod:${p.namespace}/${p.name}`);
// Warm the builders' code on another dataplane, so the JIT's work is not in the figures.
{
  const warm = compile(topology);
  for (const id of [...nodeIds.slice(-50), ...podIds.slice(-50)]) warm.ns(id);
}
const dp = compile(topology);
dp.ns(nodeIds[0]!);
dp.ns(podIds[0]!);
const ids = (opts.kind === 'pod' ? podIds : nodeIds).slice(1, 1 + count);

const session = new Session();
session.connect();
/** Objects and bytes on the heap (a snapshot's node count less strings' and code's, and its size). */
async function census(): Promise<{ objects: number; bytes: number }> {
  gc!();
  gc!();
  const chunks: string[] = [];
  const listener = (m: { params: { chunk: string } }) => chunks.push(m.params.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', listener);
  await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  session.off('HeapProfiler.addHeapSnapshotChunk', listener);
  const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [ti, si] = [f.indexOf('type'), f.indexOf('self_size')];
  let objects = 0;
  let bytes = 0;
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const t = types[snap.nodes[i + ti]!];
    if (
      t === 'object' ||
      t === 'array' ||
      t === 'closure' ||
      t === 'string' ||
      t === 'concatenated string' ||
      t === 'number' ||
      t === 'hidden' ||
      t === 'sliced string'
    ) {
      objects++;
      bytes += snap.nodes[i + si]!;
    }
  }
  return { objects, bytes };
}

const before = await census();
await session.post('HeapProfiler.startSampling', { samplingInterval: 64 });
for (const id of ids) dp.ns(id);
gc();
gc();
const profile = (await session.post('HeapProfiler.stopSampling')).profile as { head: ProfileNode };
const after = await census();
console.log(`${opts.nodes} nodes, ${opts.proxy}: ${ids.length} ${opts.kind} namespaces built`);
console.log(
  `kept per build: ${((after.bytes - before.bytes) / ids.length / 1024).toFixed(2)} KB, ${((after.objects - before.objects) / ids.length).toFixed(1)} heap objects (strings and arrays included)`,
);

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}
const bytes = new Map<string, number>();
const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\/(src|bench)\//, '')}:${n.callFrame.lineNumber + 1}`;
const walk = (n: ProfileNode, caller: string) => {
  if (n.selfSize > 0) {
    const key = `${n.callFrame.url ? name(n) : `${n.callFrame.functionName} (builtin)`} <- ${caller}`;
    bytes.set(key, (bytes.get(key) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, n.callFrame.url ? name(n) : caller);
};
walk(profile.head, '');
const total = [...bytes.values()].reduce((a, b) => a + b, 0);
console.log(`\nsampled, kept: ${(total / ids.length / 1024).toFixed(2)} KB a build, by allocating function <- caller (bytes a build):`);
for (const [k, v] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, Number(opts.top))) console.log(`${(v / ids.length).toFixed(0).padStart(6)}  ${k}`);
