/**
 * A rule's compiled match is made the first time the walk tests the rule (table.ts testOf), not
 * when the rule is written: a first touch on an iptables node writes a service's every KUBE-SEP
 * chain and tests one. Traces must be what they are when every rule is compiled as it is written
 * (the old builder, kept here as the oracle), and the rules not tested must stay uncompiled.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import '../wiring-modules-all';
import { validateTopology, type TraceRequest } from '../../model';
import { builtins } from '../../scenarios';
import { generateFlannelCluster, pickTraceRequests } from '../../scenarios/generate';
import { compile } from '../compile';
import type { Dataplane } from '../dataplane';
import { trace } from '../trace';
import { chainNames, CompiledMatch, rulesOf, type Rule, type Table } from './table';

function compiled(raw: unknown): Dataplane {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(v.problems[0]!.message);
  return compile(v.topology);
}

/** Every rule of every namespace's tables (each node's full state written, as the views write it). */
function allRules(dp: Dataplane): Rule[] {
  const rules = new Set<Rule>();
  const add = (t: Table | undefined) => {
    if (!t) return;
    for (const c of chainNames(t)) for (const r of rulesOf(t, c) ?? []) rules.add(r);
  };
  for (const id of dp.nsIds()) {
    const ns = dp.ns(id)!;
    ns.prepareAll?.();
    add(ns.nat);
    add(ns.filter);
  }
  return [...rules];
}

/** The traces of `requests` on a fresh dataplane of `raw`, with every rule compiled before the first one (eager) or as tested (lazy). */
function traces(raw: unknown, requests: TraceRequest[], eager: boolean): { out: string[]; rules: Rule[] } {
  const dp = compiled(raw);
  if (eager) for (const r of allRules(dp)) r.test = new CompiledMatch(r.m);
  const out = requests.map((r) => {
    try {
      return JSON.stringify(trace(dp, r));
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  });
  return { out, rules: allRules(dp) };
}

/** Checks the lazy traces against the eager ones; returns how many rules were compiled on demand. */
function check(raw: unknown, requests: TraceRequest[]): number {
  const lazy = traces(raw, requests, false);
  expect(lazy.out).toEqual(traces(raw, requests, true).out);
  // What was compiled on demand is what the eager builder makes.
  const tested = lazy.rules.filter((r) => r.test);
  for (const r of tested) expect(r.test).toEqual(new CompiledMatch(r.m));
  return tested.length;
}

describe('rules compiled when first tested', () => {
  for (const b of builtins) {
    it(`built-in ${b.id}: traces equal the eagerly compiled rules'`, () => {
      const raw = parse(b.yaml);
      const v = validateTopology(raw);
      if (!v.ok) throw new Error(v.problems[0]!.message);
      const pods = v.topology.pods.filter((p) => !p.hostNetwork);
      const to = [...pods.slice(-2).map((q) => `${q.ip}:80`), ...v.topology.services.flatMap((s) => s.ports.map((p) => `${s.clusterIP}:${p.port}`))];
      check(
        raw,
        pods.slice(0, 3).flatMap((p) => to.map((t) => ({ from: `pod:${p.namespace}/${p.name}`, to: t }))),
      );
    });
  }
  it('generated 40-node cluster under iptables: traces equal, and most rules are never compiled', () => {
    const doc = generateFlannelCluster({ nodes: 40, seed: 3, kubeProxyMode: 'iptables', networkPolicies: true });
    const requests = pickTraceRequests(doc, 120, 3).map((x) => x.request);
    expect(check(doc, requests)).toBeGreaterThan(0);
    const { rules } = traces(doc, requests, false);
    expect(rules.filter((r) => !r.test).length).toBeGreaterThan(rules.length / 2);
  }, 30_000); // compiles and traces a 40-node cluster twice: seconds on a busy machine
});
