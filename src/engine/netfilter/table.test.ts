/**
 * Long chains are dispatched the way nftables verdict maps do it (by destination address, then
 * by destination port), and a node's chains are its own rules merged with the cluster's shared
 * kube-proxy rules. Both must give exactly the rules a linear walk of the merged chain could
 * match, in chain order.
 */
import { describe, expect, it } from 'vitest';
import { addRule, candidates, chainView, copyTable, newTable, rulesOf, serviceOrder, viewRules, type Rule, type Table } from './table';

const host = (ip: number) => ({ base: ip, bits: 32 });
const IP = (i: number) => 0x0a600000 + i;

/** KUBE-SERVICES / KUBE-NODEPORTS-like chains: one rule per service by address, one by port, and two generic ones. */
function serviceRules(t: Table, services: number[]): void {
  for (const i of services) {
    addRule(t, 'KUBE-SERVICES', { dst: host(IP(i)), proto: 'tcp', dport: 80 }, { t: 'jump', chain: `SVC-${i}` }, 'kube-proxy', serviceOrder(i, 0));
    addRule(t, 'KUBE-NODEPORTS', { proto: 'tcp', dport: 30000 + i }, { t: 'jump', chain: `EXT-${i}` }, 'kube-proxy', serviceOrder(i, 1));
    addRule(t, `SVC-${i}`, { comment: `svc ${i}` }, { t: 'jump', chain: `SEP-${i}` }, 'kube-proxy', serviceOrder(i, 2));
  }
}

/** What a linear walk could match: the merged chain, filtered by the same address and port tests. */
function linear(t: Table, chain: string, dst: number, dport: number): Rule[] {
  return (rulesOf(t, chain) ?? []).filter((r) => (!r.m.dst || r.m.dst.bits !== 32 || r.m.dst.base === dst) && (r.m.dport === undefined || r.m.dport === dport));
}

describe('verdict-map dispatch of long chains', () => {
  it('gives the rules that can match, in chain order, and keeps up with rules added after it was built', () => {
    const t = newTable('nat');
    serviceRules(
      t,
      Array.from({ length: 30 }, (_, i) => 2 * i),
    );
    addRule(t, 'KUBE-SERVICES', { dstType: 'LOCAL' }, { t: 'jump', chain: 'KUBE-NODEPORTS' }, 'kube-proxy');
    expect(candidates(t, 'KUBE-SERVICES', IP(4), 80)!.map((r) => r.target)).toEqual([
      { t: 'jump', chain: 'SVC-4' },
      { t: 'jump', chain: 'KUBE-NODEPORTS' },
    ]);
    // Written on demand later (a service a trace reaches first): lands in the index at its place.
    serviceRules(t, [5, 3]);
    for (const ip of [IP(3), IP(5), IP(4), IP(99)]) expect(candidates(t, 'KUBE-SERVICES', ip, 80)).toEqual(linear(t, 'KUBE-SERVICES', ip, 80));
    expect(candidates(t, 'KUBE-NODEPORTS', IP(1), 30005)!.map((r) => r.target)).toEqual([{ t: 'jump', chain: 'EXT-5' }]);
    expect(candidates(t, 'KUBE-NODEPORTS', IP(1), 31999)).toEqual([]);
  });

  it("merges a node's own rules with the shared ones, leaving out the services it writes itself", () => {
    const shared = newTable('nat');
    serviceRules(shared, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    const node = newTable('nat');
    node.base = { table: shared, hidden: new Set([7]) };
    // The node's own variant of service 7 (say, a Local policy with a local endpoint), and its fixed tail.
    addRule(node, 'KUBE-SERVICES', { dst: host(IP(7)), proto: 'tcp', dport: 80 }, { t: 'jump', chain: 'SVL-7' }, 'kube-proxy', serviceOrder(7, 0));
    addRule(node, 'SVL-7', { comment: 'local' }, { t: 'jump', chain: 'SEP-7' }, 'kube-proxy', serviceOrder(7, 2));
    addRule(node, 'KUBE-SERVICES', { dstType: 'LOCAL' }, { t: 'jump', chain: 'KUBE-NODEPORTS' }, 'kube-proxy');
    const chain = rulesOf(node, 'KUBE-SERVICES')!;
    expect(chain.map((r) => (r.target.t === 'jump' ? r.target.chain : r.target.t))).toEqual([
      ...Array.from({ length: 26 }, (_, i) => (i === 7 ? 'SVL-7' : `SVC-${i}`)),
      'KUBE-NODEPORTS',
    ]);
    expect(rulesOf(node, 'SVC-7')).toBeUndefined();
    expect(rulesOf(node, 'SVC-6')).toBe(shared.chains.get('SVC-6'));
    for (const i of [6, 7, 8]) expect(candidates(node, 'KUBE-SERVICES', IP(i), 80)).toEqual(linear(node, 'KUBE-SERVICES', IP(i), 80));
    expect(candidates(node, 'KUBE-NODEPORTS', IP(0), 30007)).toEqual([]);
  });
});

describe('chain views over a shared base', () => {
  it('keep a view of a chain the base lacks while the base writes other chains, and make it again once the base writes that one', () => {
    const shared = newTable('nat');
    const node = newTable('nat');
    node.base = { table: shared, hidden: new Set() };
    addRule(node, 'KUBE-POSTROUTING', { mark: { value: 0x4000, mask: 0x4000 } }, { t: 'MASQUERADE' }, 'kube-proxy');
    const before = chainView(node, 'KUBE-POSTROUTING');
    // Services written as traces first reach them: chains of their own, not this one.
    serviceRules(shared, [1, 2]);
    expect(chainView(node, 'KUBE-POSTROUTING')).toBe(before);
    // The base writes this chain too: the view is made again and holds the base's rule as well.
    addRule(shared, 'KUBE-POSTROUTING', { comment: 'shared' }, { t: 'RETURN' }, 'kube-proxy');
    const after = chainView(node, 'KUBE-POSTROUTING');
    expect(after).not.toBe(before);
    expect(viewRules(node, after)!.map((r) => r.target.t)).toEqual(rulesOf(node, 'KUBE-POSTROUTING')!.map((r) => r.target.t));
    expect(viewRules(node, after)).toHaveLength(2);
  });
});

describe('chain views of a copy', () => {
  it("reads its template's view of a chain it has not written, keeping none of its own, and its own once it writes the chain", () => {
    const template = newTable('filter');
    addRule(template, 'INPUT', { comment: 'shared' }, { t: 'jump', chain: 'KUBE-FIREWALL' }, 'kube-proxy');
    const [a, b] = [copyTable(template), copyTable(template)];
    const shared = chainView(template, 'INPUT');
    expect(chainView(a!, 'INPUT')).toBe(shared);
    expect(chainView(b!, 'KUBE-FIREWALL')).toBe(chainView(template, 'KUBE-FIREWALL'));
    expect(a!.views.size + b!.views.size).toBe(0);
    addRule(a!, 'INPUT', { comment: 'own' }, { t: 'ACCEPT' }, 'user');
    const own = chainView(a!, 'INPUT');
    expect(own).not.toBe(shared);
    expect(viewRules(a!, own)!.map((r) => r.m.comment)).toEqual(['shared', 'own']);
    expect(chainView(b!, 'INPUT')).toBe(shared);
  });
});
