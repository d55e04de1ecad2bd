import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ParseResult } from './topology';
import { parseTopology } from './parse';
import { validateTopology } from './validate';
import { MAX_ALIAS_VALUES } from './limits';
import { readYaml } from './yaml-read';
import { FIXTURES, fixture } from './test-helpers';

/** A result is well formed: refused with at least one located problem, or accepted with every address filled. */
function wellFormed(r: ParseResult): void {
  if (!r.ok) {
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) {
      expect(typeof p.path).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
      // The catch-all in validateTopology hides a crash from the user; here it must not fire.
      expect(p.message).not.toMatch(/^the validator failed/);
    }
    return;
  }
  for (const p of r.topology.pods) expect(p.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  for (const s of r.topology.services) expect(s.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
}

/** How many values (mappings, lists, scalars) `v` holds, counting up to `stop` + 1 at most. */
function valuesIn(v: unknown, stop: number): number {
  let n = 0;
  const visit = (x: unknown): void => {
    if (++n > stop) return;
    if (Array.isArray(x)) for (const y of x) visit(y);
    else if (x && typeof x === 'object') for (const y of Object.values(x)) visit(y);
  };
  visit(v);
  return n;
}

/** Every path to a value inside `v`, as key lists. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mutate(doc: any, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  let parent = doc;
  for (const k of path.slice(0, -1)) parent = parent[k];
  // Not empty: the root path returned above.
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return doc;
}

// FUZZ_RUNS=30000 npx vitest run src/model/validate.fuzz.test.ts for a longer hunt.
const TIMEOUT = 600_000;

describe('A bad document never crashes the validator', () => {
  it(
    'survives arbitrary JSON values',
    () => {
      fc.assert(
        fc.property(fc.jsonValue(), (v) => {
          const r = validateTopology(v);
          wellFormed(r);
          expect(r.ok).toBe(false);
        }),
        { numRuns: 500 },
      );
    },
    TIMEOUT,
  );

  it(
    'survives arbitrary objects with the top-level keys',
    () => {
      const key = fc.constantFrom(
        'apiVersion',
        'kind',
        'metadata',
        'cluster',
        'routers',
        'nodes',
        'pods',
        'services',
        'loadBalancers',
        'externals',
        'layout',
        'extra',
      );
      fc.assert(
        fc.property(fc.dictionary(key, fc.jsonValue()), (v) => wellFormed(validateTopology(v))),
        { numRuns: 500 },
      );
    },
    TIMEOUT,
  );

  it(
    'survives arbitrary text',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (s) => wellFormed(parseTopology(s))),
        { numRuns: 500 },
      );
    },
    TIMEOUT,
  );

  it(
    'survives random mutations of the valid documents',
    () => {
      const values = fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.ipV4(),
        fc.constantFrom('10.0.0.0/8', 'eth1', 'default', 'LoadBalancer', 'vxlan', '', 0, -1, 65536, 30000, null),
      );
      fc.assert(
        fc.property(fc.constantFrom(...FIXTURES), fc.nat(), values, fc.boolean(), fc.integer({ min: 1, max: 3 }), (name, pick, value, remove, times) => {
          let doc: unknown = fixture(name);
          for (let t = 0; t < times; t++) {
            const all = paths(doc);
            // paths() always lists the root, so `all` is never empty and the index is in range.
            doc = mutate(doc, all[(pick + t * 7) % all.length]!, structuredClone(value), remove);
          }
          wellFormed(validateTopology(doc));
          if (pick % 5 === 0) wellFormed(parseTopology(stringify(doc ?? null)));
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
      );
    },
    TIMEOUT,
  );

  it(
    'survives hostile YAML: anchors, aliases to themselves and to each other, deep nesting, tags, merge keys, BOMs',
    () => {
      const piece = fc.constantFrom(
        'a: &a [1, 2, *a]',
        'b: &b { k: *b }',
        'c: &c [x, x, x, x, x, x, x, x]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c]',
        'e: [*d, *d, *d, *d, *d, *d, *d, *d]',
        'f: *nope',
        'g: &g',
        '  h: *g',
        'i: [[[[[[[[[[',
        ']]]]]]]]]]',
        `j: ${'['.repeat(200)}${']'.repeat(200)}`,
        'k: !!binary AAAA',
        'l: !custom x',
        '? [a, b]',
        ': c',
        '<<: *c',
        '\ufeffm: 1',
        '%YAML 1.1',
        '---',
        '...',
        '\tn: 1',
        'metadata: &m { name: x, self: *m }',
        'apiVersion: hopscope/v1',
        'kind: Topology',
        'nodes: &n [{ name: a, ip: 10.0.0.1 }, *n]',
        'pods: null',
        'nodes: "abc"',
        '__proto__: { x: 1 }',
        'o: 1e400',
        'p: .nan',
        'q: 0x1F',
        'r: "\u0000"',
      );
      // The bound has teeth: lawful aliases expand these three lines to more values than characters.
      const lawful = ['c: &c [x, x, x, x, x, x, x, x]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d]'].join('\n');
      const expanded = readYaml(lawful);
      const value = expanded.ok && expanded.documents[0]!.ok ? expanded.documents[0]!.value : undefined;
      expect(valuesIn(value, Infinity)).toBeGreaterThan(lawful.length);
      expect(valuesIn(value, Infinity)).toBeLessThanOrEqual(lawful.length + MAX_ALIAS_VALUES);
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
          const text = pieces.join('\n');
          wellFormed(parseTopology(text));
          // Bounded: what is read holds no more values than the text writes plus what aliases may add.
          const read = readYaml(text);
          const bound = text.length + MAX_ALIAS_VALUES;
          if (read.ok) for (const d of read.documents) if (d.ok) expect(valuesIn(d.value, bound)).toBeLessThanOrEqual(bound);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
      );
    },
    TIMEOUT,
  );
});
