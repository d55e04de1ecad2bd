/**
 * kube-proxy's service-independent rules are written once per variant and shared by every node's
 * tables (fixed-tables.ts): each node must still see exactly what writing them into its own
 * tables gives, and what one node adds must stay on that node.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '..';
import { validateTopology } from '../../model';
import { generateFlannelCluster } from '../../scenarios/generate';
import { tableText } from '../netfilter/render';
import { addRule, newTable, rulesOf, type Table } from '../netfilter/table';
import { fixedTables } from './fixed-tables';
import { writeMasqChains } from './iptables';

function dataplane(kubeProxyMode: 'ipvs' | 'iptables') {
  const v = validateTopology(generateFlannelCluster({ nodes: 3, kubeProxyMode }));
  if (!v.ok) throw new Error(v.problems[0]!.message);
  return { dp: compile(v.topology), nodes: v.topology.nodes.map((n) => `node:${n.name}`) };
}

describe('shared fixed kube-proxy rules', () => {
  it('copies print what writing into fresh tables prints, share the rules and own their chain lists', () => {
    const { dp } = dataplane('iptables');
    let writes = 0;
    const write = (nat: Table, filter: Table) => {
      writes++;
      writeMasqChains(nat);
      addRule(filter, 'INPUT', { comment: 'fixed' }, { t: 'ACCEPT' }, 'kube-proxy');
    };
    const direct = { nat: newTable('nat'), filter: newTable('filter') };
    write(direct.nat, direct.filter);
    const a = fixedTables(dp, { variant: 1 }, write);
    const b = fixedTables(dp, { variant: 1 }, write);
    expect(writes).toBe(2); // once directly, once for the variant: the second copy reuses it
    expect(tableText(a.nat)).toBe(tableText(direct.nat));
    expect(tableText(b.filter)).toBe(tableText(direct.filter));
    expect(rulesOf(a.nat, 'KUBE-POSTROUTING')![0]).toBe(rulesOf(b.nat, 'KUBE-POSTROUTING')![0]);
    // A copy holds no chain list of its own until it writes to one: the chains are read from the template.
    expect(a.nat.chains.size + a.filter.chains.size).toBe(0);
    // A rule one node adds (flanneld's, portmap's, a user's) stays on that node.
    addRule(a.nat, 'KUBE-POSTROUTING', { comment: 'only on a' }, { t: 'RETURN' }, 'user');
    expect([...a.nat.chains.keys()]).toEqual(['KUBE-POSTROUTING']);
    expect(rulesOf(a.nat, 'KUBE-POSTROUTING')).toHaveLength(4);
    expect(rulesOf(b.nat, 'KUBE-POSTROUTING')).toHaveLength(3);
    expect(tableText(fixedTables(dp, { variant: 1 }, write).nat)).toBe(tableText(direct.nat));
    fixedTables(dp, { variant: 2 }, write);
    expect(writes).toBe(3);
  });

  for (const mode of ['ipvs', 'iptables'] as const) {
    it(`${mode}: nodes alike share their kube-proxy rules, and a node's own rules stay its own`, () => {
      const { dp, nodes } = dataplane(mode);
      const [a, b] = nodes.map((id) => dp.ns(id)!);
      const kp = (ns: typeof a) => rulesOf(ns!.nat!, 'POSTROUTING')!.filter((r) => r.origin === 'kube-proxy');
      expect(kp(a).length).toBeGreaterThan(0);
      kp(a).forEach((r, i) => expect(kp(b)[i]).toBe(r));
      // flanneld's --ip-masq chain holds the node's own block: each node has its own.
      const masq = (ns: typeof a) => rulesOf(ns!.nat!, 'FLANNEL-POSTRTG')!.map((r) => r.m.src?.base);
      expect(masq(a)).not.toEqual(masq(b));
      // …and one jump to it from POSTROUTING each, not one per node built.
      for (const ns of [a, b]) expect(rulesOf(ns!.nat!, 'POSTROUTING')!.filter((r) => r.origin === 'flanneld')).toHaveLength(1);
    });
  }
});
