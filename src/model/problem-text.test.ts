import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REASONS } from '../engine/said';
import { builtins } from '../scenarios';
import { PROBLEMS } from './problem-text';
import { fillReason } from './reason';
import type { Problem } from './topology';
import { parseTopology } from './parse';
import { validateTopology } from './validate';

type Path = (string | number)[];

function paths(v: unknown, pre: Path = [], acc: Path[] = []): Path[] {
  if (pre.length) acc.push(pre);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...pre, i], acc));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...pre, k], acc);
  return acc;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy: unknown = structuredClone(root);
  let o = copy as Record<string | number, unknown>;
  for (const s of path.slice(0, -1)) o = o[s] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

// Bad values of every kind the validator words: wrong types, bad names, bad addresses and blocks, clashes.
const BAD: unknown[] = [
  undefined,
  'x',
  '',
  -1,
  70000,
  1.5,
  true,
  '42',
  'true',
  {},
  [],
  '10.0.0.0/33',
  '10.0.0.1/24',
  '10.0.0.1',
  '::1',
  'fe80::/64',
  'Bad_Name!',
  'eth0',
  'vxlan',
  'Local',
  'LoadBalancer',
  'ebpf',
  'eni',
  '10.0.0.0/8',
  '/x',
];

/** Every problem and warning over the built-ins with each field given each bad value. */
function corpus(): Problem[] {
  const out: Problem[] = [];
  for (const b of builtins) {
    const doc: unknown = parse(b.yaml);
    for (const p of paths(doc)) {
      for (const bad of BAD) {
        const r = validateTopology(setAt(doc, p, bad));
        out.push(...(r.ok ? r.warnings : r.problems));
      }
    }
    const r = validateTopology(setAt(doc, ['extraField'], 1));
    out.push(...(r.ok ? r.warnings : r.problems));
    // IPAM running out: the load balancer pool, and the service range.
    const lbs = Array.from({ length: 260 }, (_, i) => ({ name: `lb-${i}` }));
    const full = setAt(setAt(doc, ['loadBalancers'], lbs), ['cluster', 'serviceCIDR'], '10.250.0.0/30') as { services?: { clusterIP?: string }[] };
    for (const svc of full.services ?? []) delete svc.clusterIP;
    const f = validateTopology(full);
    out.push(...(f.ok ? f.warnings : f.problems));
  }
  return out;
}

describe('validator problems as data', () => {
  const problems = corpus();

  it('word to the English message from their data', () => {
    expect(problems.length).toBeGreaterThan(1000);
    expect(problems.some((p) => p.why?.key === 'p_lbPoolUsedUp')).toBe(true);
    expect(problems.some((p) => p.why?.key === 'p_noFreeClusterIP')).toBe(true);
    for (const p of problems) if (p.why) expect(fillReason(p.why, PROBLEMS)).toBe(p.message);
  });

  it('include the reading of the text (YAML syntax, several documents, none)', () => {
    for (const text of ['', 'a: [1, 2', 'x: 1\n---\ny: 2', 'a: *nope', '\tkey: 1', '- 1']) {
      const r = parseTopology(text);
      const found = r.ok ? [] : r.problems;
      expect(found.length).toBeGreaterThan(0);
      for (const p of found) expect(p.why && fillReason(p.why, PROBLEMS)).toBe(p.message);
    }
  });

  it('nearly all carry their data', () => {
    const withWhy = problems.filter((p) => p.why).length;
    expect(withWhy / problems.length).toBeGreaterThan(0.9);
  });

  it('use keys of their own, apart from the engine reasons (they share a namespace)', () => {
    const reasons = new Set(Object.keys(REASONS));
    expect(Object.keys(PROBLEMS).filter((k) => reasons.has(k))).toEqual([]);
  });
});
