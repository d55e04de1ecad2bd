/**
 * flanneld --ip-masq's FLANNEL-POSTRTG is the same on every node but for the node's block: the
 * rules that do not name the block are written once with the tables every node shares, a node
 * adds its three in the places kept for them (flannel.ts writeFlannelMasqShared/Block). Each
 * node's chain must be what flanneld writes (the oracle: the seven rules in one go, as the
 * builder wrote them per node), and the rules not naming a block must be one object for all.
 */
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../../model';
import { parseCidr, type ParsedCidr } from '../../model/cidr';
import { nodeId } from '../../model/element-id';
import { generateFlannelCluster } from '../../scenarios/generate';
import { compile } from '../compile';
import { addRule, newTable, rulesOf, type Rule, type Table } from '../netfilter/table';
import { blockOf } from './flannel';

/** The old per-node writer, kept as the oracle. */
function flanneldMasq(nat: Table, podCidr: ParsedCidr, block: ParsedCidr): void {
  const c = 'flanneld masq';
  addRule(nat, 'POSTROUTING', { comment: c }, { t: 'jump', chain: 'FLANNEL-POSTRTG' }, 'flanneld');
  const ch = 'FLANNEL-POSTRTG';
  addRule(nat, ch, { mark: { value: 0x4000, mask: 0x4000 }, comment: c }, { t: 'RETURN' }, 'flanneld');
  addRule(nat, ch, { src: block, dst: podCidr, comment: c }, { t: 'RETURN' }, 'flanneld');
  addRule(nat, ch, { src: podCidr, dst: block, comment: c }, { t: 'RETURN' }, 'flanneld');
  addRule(nat, ch, { src: podCidr, srcNot: true, dst: block, comment: c }, { t: 'RETURN' }, 'flanneld');
  addRule(nat, ch, { src: podCidr, dst: parseCidr('224.0.0.0/4')!, dstNot: true, comment: c }, { t: 'MASQUERADE', randomFully: true }, 'flanneld');
  addRule(nat, ch, { src: podCidr, srcNot: true, dst: podCidr, comment: c }, { t: 'MASQUERADE', randomFully: true }, 'flanneld');
}

const shown = (rules: Rule[] | undefined) => (rules ?? []).map((r) => ({ m: r.m, target: r.target, origin: r.origin }));

describe("flanneld's masquerade: the shared rules once, each node's block rules its own", () => {
  for (const proxy of ['ipvs', 'iptables'] as const) {
    it(`${proxy}: every node's FLANNEL-POSTRTG and its POSTROUTING jump are flanneld's`, () => {
      const raw = generateFlannelCluster({ nodes: 40, seed: 2, kubeProxyMode: proxy });
      // A node with a filter rule of its own builds its tables itself rather than from the shared ones.
      (raw.nodes[7] as { filter?: unknown[] }).filter = [{ chain: 'INPUT', proto: 'tcp', dport: 2379, action: 'DROP' }];
      const v = validateTopology(raw);
      if (!v.ok) throw new Error(v.problems[0]!.message);
      const dp = compile(v.topology);
      const chains: Rule[][] = [];
      for (const node of v.topology.nodes) {
        const nat = dp.ns(nodeId(node.name))!.nat!;
        const oracle = newTable('nat');
        flanneldMasq(oracle, dp.podCidr!, blockOf(node)!);
        const chain = rulesOf(nat, 'FLANNEL-POSTRTG')!;
        expect(shown(chain)).toEqual(shown(rulesOf(oracle, 'FLANNEL-POSTRTG')));
        expect(shown(rulesOf(nat, 'POSTROUTING')!.filter((r) => r.origin === 'flanneld'))).toEqual(shown(rulesOf(oracle, 'POSTROUTING')));
        chains.push(chain);
      }
      // The rules that name no block are the same objects on every node built from the shared tables.
      const [a, b] = [chains[0]!, chains[1]!];
      for (const i of [0, 4, 5]) expect(a[i]).toBe(b[i]);
      for (const i of [1, 2, 3]) expect(a[i]).not.toBe(b[i]);
    });
  }
});
