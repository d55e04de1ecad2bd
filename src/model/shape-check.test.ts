import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateFlannelCluster } from '../scenarios/generate';
import { Report } from './report';
import { installSchemaCompiler } from './schema-compiler';
import { readShape } from './shape-check';
import { FIXTURES, fixture } from './test-helpers';
import { validateTopology } from './validate';

/**
 * A long list is parsed with zod's compiled happy path (z.compile), which hands what it refuses to
 * zod's parser: the shape check with every list compiled must give what it gives with none, every
 * parsed element, default and problem, key order included (IPAM writes its addresses back into the
 * document in that order). Returns whether the document passed.
 */
installSchemaCompiler();
function expectSameAsRuntime(doc: unknown): boolean {
  const read = (compiledFrom: number) => {
    const report = new Report();
    const drafts = readShape(report, structuredClone(doc), compiledFrom);
    return { drafts, problems: report.problems, warnings: report.warnings };
  };
  const compiled = read(0);
  const runtime = read(Infinity);
  expect(compiled).toStrictEqual(runtime);
  expect(JSON.stringify(compiled)).toBe(JSON.stringify(runtime));
  return compiled.problems.length === 0 && !('ok' in compiled.drafts);
}

// The fields the fixtures leave out, each stated once, so their parse (and its defaults) is compared too.
function everyField(): unknown {
  const doc = fixture('ack-flannel');
  doc.cluster.kubeProxy = { ...doc.cluster.kubeProxy, detectLocalMode: 'NodeCIDR', nodePortAddresses: ['10.0.0.0/8'], localhostNodePorts: false };
  doc.cluster.vpc.routes = [{ dst: '192.168.0.0/16', node: doc.nodes[0].name }];
  const node = doc.nodes[0];
  node.interfaces = [{ name: 'eth1', ip: '10.9.0.1' }];
  node.routes = [{ dst: '10.8.0.0/16', dev: 'eth1' }];
  node.nat = [{ chain: 'POSTROUTING', proto: 'tcp', dport: 80, action: 'MASQUERADE', outInterface: 'eth1' }];
  node.filter = [{ chain: 'INPUT', proto: 'udp', source: '10.0.0.0/8', action: 'DROP' }];
  node.kernel = { rpFilter: 'strict' };
  doc.pods[0].ports = [{ name: 'http', containerPort: 8080, hostPort: 18080 }];
  doc.pods[0].labels = { 'app.kubernetes.io/name': 'web', tier: '' };
  doc.services[0].ports = [{ name: 'http', port: 80, targetPort: 'http' }];
  doc.namespaces = [{ name: 'default', labels: { team: 'a' } }];
  doc.networkPolicies = [
    {
      name: 'web',
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { namespaceSelector: {} }], ports: [{ port: 80 }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    },
  ];
  doc.layout = { [`node:${node.name}`]: { x: 1, y: 2 } };
  return doc;
}

describe("the shape check's compiled parse", () => {
  it('gives what zod itself gives for the reference documents, a generated cluster and one with every field', () => {
    for (const name of FIXTURES) expect(expectSameAsRuntime(fixture(name))).toBe(true);
    expect(expectSameAsRuntime(generateFlannelCluster({ nodes: 12, seed: 3, networkPolicies: true }))).toBe(true);
    expect(expectSameAsRuntime(everyField())).toBe(true);
  });

  it('gives what zod itself gives for documents with a value changed or left out', () => {
    const leaves = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      Array.isArray(v)
        ? v.flatMap((x, i) => leaves(x, [...at, i]))
        : v && typeof v === 'object'
          ? [at, ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]))]
          : [at];
    const docs = [...FIXTURES.map((n) => fixture(n) as unknown), everyField()];
    const values = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom('10.0.0.0/8', '10.0.0.1', '10.0.0.1/8', 'eth1', 'default', 'Local', 'UDP', '', 0, 1.5, -1, 65536, 30000, true, null, [], {}),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.nat(), values, fc.boolean(), (d, pick, value, remove) => {
        const doc = structuredClone(docs[d]!) as Record<string, unknown>;
        const all = leaves(doc).filter((p) => p.length > 0);
        const path = all[pick % all.length]!;
        let parent = doc as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
        const last = path[path.length - 1]!;
        if (remove && !Array.isArray(parent)) delete parent[last];
        else parent[last] = value;
        if (expectSameAsRuntime(doc)) accepted++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
    // Both ways were compared: documents the change left valid (defaults, optional fields) and ones it broke.
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('reading the value', () => {
  it("reads a document's own keys only, also while Object.prototype has an enumerable key", () => {
    // The copy walks a plain object's keys with for…in, which lists inherited keys too: with one on
    // Object.prototype it must walk the own keys alone, as Object.keys does (a value held there, here
    // one that contains itself, is not the document's), and leave the inherited key to the schemas.
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    (Object.prototype as Record<string, unknown>).inherited = loop;
    try {
      const r = validateTopology(fixture('ack-flannel'));
      expect(r.ok).toBe(false);
      const problems = r.ok ? [] : r.problems;
      expect(problems.map((p) => p.why?.key)).not.toContain('p_circular');
      expect(problems[0]).toMatchObject({ path: 'metadata.inherited', why: { key: 'p_unknownField' } });
    } finally {
      delete (Object.prototype as Record<string, unknown>).inherited;
    }
  });
});
