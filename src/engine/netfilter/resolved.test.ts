/**
 * The walk reads chains and ipsets through references resolved ahead of it: a chain through its
 * table's view (table.ts chainView: the rules of the table, its template and the shared base,
 * merged once), an ipset through its number (table.ts setId, ipvs-table.ts IpSets) with a
 * test of the member's /16 block first. Each must say exactly what the lookups by name say, on
 * every built-in document and on generated 40-node clusters under both proxies, and still after
 * traces have written more of the shared kube-proxy rules under views already made (iptables
 * writes a service's rules when a packet first needs them).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import '../wiring-modules-all';
import { validateTopology, type TraceRequest } from '../../model';
import { builtins } from '../../scenarios';
import { generateFlannelCluster, pickTraceRequests } from '../../scenarios/generate';
import { compile } from '../compile';
import type { Dataplane } from '../dataplane';
import { inSet, setDims } from '../proxy/ipvs-table';
import { trace } from '../trace';
import { chainNames, chainView, rulesOf, setId, viewRules, type Table } from './table';

function compiled(raw: unknown): Dataplane {
  const v = validateTopology(raw);
  if (!v.ok) throw new Error(v.problems[0]!.message);
  return compile(v.topology);
}

/** Every built namespace's chains, as views, against rulesOf by name; returns how many chains were compared. */
function checkChains(dp: Dataplane): number {
  let checked = 0;
  const same = (t: Table, chain: string) => {
    const byName = rulesOf(t, chain);
    const viewed = viewRules(t, chainView(t, chain));
    expect(viewed?.length, `${chain}`).toBe(byName?.length);
    // The same rule objects in the same order (not deep-equal copies).
    expect(
      viewed?.every((r, i) => r === byName![i]),
      chain,
    ).not.toBe(false);
    expect(chainView(t, chain).policy).toBe(t.builtins.find((b) => b.name === chain)?.policy);
    checked++;
  };
  for (const id of dp.nsIds()) {
    const ns = dp.ns(id)!;
    for (const t of [ns.nat, ns.filter]) if (t) for (const c of chainNames(t)) same(t, c);
  }
  return checked;
}

/** Every namespace's ipsets by number against by name, and the set tests (with their block filter) against the members as written. */
function checkSets(dp: Dataplane): number {
  let checked = 0;
  for (const id of dp.nsIds()) {
    const sets = dp.ns(id)!.ipsets;
    if (!sets) continue;
    for (const [i, set] of sets.entries()) {
      if (!set) continue;
      expect(setId(set.name)).toBe(i);
      if (set.type !== 'hash:ip,port' && set.type !== 'hash:ip') continue;
      for (const e of set.entries) {
        const [ip, proto, port] =
          set.type === 'hash:ip'
            ? [Number(e), 'tcp', 0]
            : (/^(\d+),(\w+):(\d+)$/.exec(e)!.slice(1) as [string, string, string]).map((x, i) => (i === 1 ? x : Number(x)));
        const p = { src: 1, dst: Number(ip), dport: Number(port), proto: String(proto) };
        expect(inSet(set, setDims('dst,dst'), p)).toBe(true);
        // Neighbours of a member, in its block and in the next blocks over: a member only where written.
        for (const dst of [p.dst + 1, p.dst + 0x10000, p.dst - 0x10000]) {
          const key = set.type === 'hash:ip' ? `${dst}` : `${dst},${p.proto}:${p.dport}`;
          expect(inSet(set, setDims('dst,dst'), { ...p, dst })).toBe(set.entries.has(key));
        }
        checked++;
      }
    }
  }
  return checked;
}

/** Traces `requests` in two halves, checking after each: the second half writes shared rules under the views the first check made. */
function traceAndCheck(dp: Dataplane, requests: TraceRequest[]): { chains: number; sets: number } {
  const half = Math.ceil(requests.length / 2);
  for (const r of requests.slice(0, half)) trace(dp, r);
  checkChains(dp);
  for (const r of requests.slice(half)) trace(dp, r);
  return { chains: checkChains(dp), sets: checkSets(dp) };
}

describe('resolved chains and ipsets agree with the lookups by name', () => {
  for (const b of builtins) {
    it(`built-in ${b.id}`, () => {
      const dp = compiled(parse(b.yaml));
      const pods = dp.topology.pods.filter((p) => !p.hostNetwork);
      const services = dp.servicePorts.map((sp) => `svc:${sp.svc.namespace}/${sp.svc.name}:${sp.port.port}`);
      const requests: TraceRequest[] = [
        ...pods.slice(0, 3).flatMap((p) => pods.slice(-2).map((q) => ({ from: `pod:${p.namespace}/${p.name}`, to: `${q.ip}:80` }))),
        ...pods.slice(0, 2).flatMap((p) => services.map((to) => ({ from: `pod:${p.namespace}/${p.name}`, to }))),
      ];
      expect(traceAndCheck(dp, requests).chains).toBeGreaterThan(0);
    });
  }
  for (const mode of ['ipvs', 'iptables'] as const) {
    it(`generated 40-node cluster under ${mode}`, () => {
      const doc = generateFlannelCluster({ nodes: 40, seed: 3, kubeProxyMode: mode, networkPolicies: true });
      const dp = compiled(doc);
      const { chains, sets } = traceAndCheck(
        dp,
        pickTraceRequests(doc, 160, 3).map((x) => x.request),
      );
      expect(chains).toBeGreaterThan(40 * 5);
      if (mode === 'ipvs') expect(sets).toBeGreaterThan(100);
    }, 30_000); // compiles and traces a 40-node cluster twice: seconds on a busy machine
  }
});
