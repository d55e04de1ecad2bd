/**
 * A node's tables are copies of the cluster's fixed tables (copyTable); every copy starts with the
 * same empty chain and index maps until its first write. A write to one copy (a chain declared,
 * a rule added, a long chain indexed) must land in that copy alone: never in the template, never in
 * a sibling copy.
 */
import { describe, expect, it } from 'vitest';
import { addRule, candidates, chainNames, chainView, copyTable, ensureChain, newTable, rulesOf, viewRules } from './table';

const host = (ip: number) => ({ base: ip, bits: 32 });

describe('table copies', () => {
  it("keep each copy's chains, rules and indexes to itself", () => {
    const template = newTable('nat');
    addRule(template, 'POSTROUTING', { comment: 'fixed' }, { t: 'jump', chain: 'KUBE-POSTROUTING' }, 'kube-proxy');
    const [a, b] = [copyTable(template), copyTable(template)];

    ensureChain(a, 'A-ONLY');
    addRule(a, 'POSTROUTING', { src: host(1), comment: 'a' }, { t: 'RETURN' }, 'flanneld');
    // A long chain (past the index threshold) is indexed when first looked up.
    for (let i = 0; i < 30; i++) addRule(a, 'A-LONG', { dst: host(100 + i), proto: 'tcp', dport: 80 }, { t: 'ACCEPT' }, 'kube-proxy');
    expect(candidates(a, 'A-LONG', 105, 80)!.map((r) => r.m.dst?.base)).toEqual([105]);

    for (const other of [b, template]) {
      expect(chainNames(other)).not.toContain('A-ONLY');
      expect(chainNames(other)).not.toContain('A-LONG');
      expect(rulesOf(other, 'POSTROUTING')!.map((r) => r.m.comment)).toEqual(['fixed']);
    }
    expect(rulesOf(a, 'POSTROUTING')!.map((r) => r.m.comment)).toEqual(['fixed', 'a']);

    // The sibling writes its own long chain of the same name: indexed from its rules, not from a's.
    for (let i = 0; i < 30; i++) addRule(b, 'A-LONG', { dst: host(200 + i), proto: 'tcp', dport: 80 }, { t: 'ACCEPT' }, 'kube-proxy');
    expect(candidates(b, 'A-LONG', 105, 80)).toEqual([]);
    expect(candidates(b, 'A-LONG', 205, 80)!.map((r) => r.m.dst?.base)).toEqual([205]);
    expect(candidates(a, 'A-LONG', 205, 80)).toEqual([]);
  });

  it("read a chain their shared base does not hold through their template's one view, and their own once the base writes it", () => {
    const template = newTable('nat');
    addRule(template, 'POSTROUTING', { comment: 'fixed' }, { t: 'jump', chain: 'KUBE-POSTROUTING' }, 'kube-proxy');
    const base = newTable('nat');
    addRule(base, 'KUBE-SERVICES', { dst: host(7), comment: 'svc 0' }, { t: 'jump', chain: 'KUBE-SVC-0' }, 'kube-proxy', 0);
    // Two nodes under the same base, each writing a different service itself (iptables-state.ts).
    const [a, b] = [copyTable(template), copyTable(template)];
    a.base = { table: base, hidden: new Set([1]) };
    b.base = { table: base, hidden: new Set([2]) };
    expect(chainView(a, 'POSTROUTING')).toBe(chainView(b, 'POSTROUTING'));
    expect(chainView(a, 'POSTROUTING')).toBe(chainView(template, 'POSTROUTING'));
    expect(chainView(a, 'KUBE-SERVICES')).not.toBe(chainView(b, 'KUBE-SERVICES'));
    // The base comes to hold the chain (a service written there first reached): each node's view merges it.
    addRule(base, 'POSTROUTING', { dst: host(8), comment: 'svc 3' }, { t: 'RETURN' }, 'kube-proxy', 30000);
    expect(viewRules(a, chainView(a, 'POSTROUTING'))!.map((r) => r.m.comment)).toEqual(['svc 3', 'fixed']);
    expect(viewRules(template, chainView(template, 'POSTROUTING'))!.map((r) => r.m.comment)).toEqual(['fixed']);
  });
});
