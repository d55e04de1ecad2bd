/**
 * The walk keeps what it shows from one hop to the next (a packet's view, an address's text, a
 * rule's "NS TABLE -A …" line) instead of making it again. Each memo must give exactly what
 * making it afresh gives, whatever changed in between.
 */
import { describe, expect, it } from 'vitest';
import { intToIp } from '../model/cidr';
import { mulberry32 } from '../model/rng';
import { newAcc, newAffinity } from './hop';
import { NetfilterHooks } from './netfilter/hooks';
import { addRule, newTable } from './netfilter/table';
import { newNetns } from './netns';
import { view, ViewMemo, type Pkt } from './packet';
import { build, doc, run } from './test/kit';

/** The dotted quad from the address's bits, independently of intToIp. */
const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

describe('intToIp', () => {
  it('gives each address its own text when addresses share a memo slot, in any order', () => {
    const rand = mulberry32(7);
    // Addresses that differ only above bit 20 or in bits 10..19 and 20..29 together land in one slot.
    const colliding = [0x0a000001, 0x0a000001 ^ (1 << 30) ^ (1 << 20) ^ (1 << 10), 0xc0a80001, 0xc0a80001 ^ (1 << 21) ^ (1 << 11)].map((n) => n >>> 0);
    const many = Array.from({ length: 5000 }, () => Math.floor(rand() * 2 ** 32));
    for (let round = 0; round < 3; round++) {
      for (const n of [...colliding, ...many, ...colliding.reverse()]) expect(intToIp(n)).toBe(dotted(n));
    }
  });
});

const pkt = (over: Partial<Pkt> = {}): Pkt => ({
  src: 0x0a000001,
  sport: 41000,
  dst: 0x0a000002,
  dport: 80,
  proto: 'TCP',
  size: 60,
  df: true,
  mark: 0,
  ttl: 64,
  ...over,
});

describe('ViewMemo', () => {
  it('shares a view while the packet shows the same, and makes a new one for any shown field that changed', () => {
    const memo = new ViewMemo();
    const p = pkt();
    const first = memo.of(p);
    expect(first).toEqual(view(p));
    // The mark and TTL are not shown: the same view.
    p.mark = 0x4000;
    p.ttl = 63;
    expect(memo.of(p)).toBe(first);
    const changes: Partial<Pkt>[] = [
      { src: 0x0a000009 },
      { sport: 41001 },
      { dst: 0x0a000003 },
      { dport: 8080 },
      { proto: 'UDP' },
      { size: 1500 },
      { df: false },
      { err: 'rst' },
      { inner: pkt() },
      { inner: pkt({ dst: 0x0a000004 }) },
      { inner: pkt({ dst: 0x0a000004, dport: 81 }) },
      { inner: pkt({ dst: 0x0a000004, dport: 81, size: 100 }) },
      { inner: undefined },
    ];
    let prev = first;
    let now = pkt({ mark: 0x4000, ttl: 63 });
    for (const c of changes) {
      now = { ...now, ...c };
      const v = memo.of(now);
      expect(v, JSON.stringify(c)).not.toBe(prev);
      expect(v, JSON.stringify(c)).toEqual(view(now));
      expect(memo.of({ ...now }), JSON.stringify(c)).toBe(v);
      prev = v;
    }
  });
});

describe('rules matched, as hops name them', () => {
  it('names the namespace that matched a rule each time, when namespaces share the rule', () => {
    const nat = newTable('nat');
    addRule(nat, 'POSTROUTING', { proto: 'tcp' }, { t: 'MASQUERADE' }, 'kube-proxy');
    const hooks = new NetfilterHooks(() => 0, newAffinity());
    const [a, b] = ['node:a', 'node:b'].map((id) => Object.assign(newNetns(id, 'node', id.slice(5)), { nat }));
    const seen = [a!, b!, a!, a!, b!].map((ns) => {
      const acc = newAcc();
      hooks.run(ns, 'nat', 'POSTROUTING', pkt(), true, acc);
      return acc.matched;
    });
    const line = '-A POSTROUTING -p tcp -j MASQUERADE';
    expect(seen).toEqual([[`node:a nat ${line}`], [`node:b nat ${line}`], [`node:a nat ${line}`], [`node:a nat ${line}`], [`node:b nat ${line}`]]);
  });
});

describe("A request's start", () => {
  // The pod `client` on node-a in one document, on node-b with another address in the other.
  const moved = doc({
    pods: [
      { name: 'client', node: 'node-b', ip: '10.244.2.5', labels: { app: 'client' } },
      { name: 'web-a', node: 'node-a', ip: '10.244.1.10', labels: { app: 'web' } },
    ],
  });

  it("is its own dataplane's, the same `from` text traced on another document's", () => {
    const before = build();
    const after = build(moved);
    for (let round = 0; round < 2; round++) {
      expect(run(before, 'pod:default/client', '10.244.1.10:80').hops[0]).toMatchObject({ ns: 'pod:default/client', packet: { src: '10.244.1.5:41000' } });
      expect(run(after, 'pod:default/client', '10.244.1.10:80').hops[0]).toMatchObject({ ns: 'pod:default/client', packet: { src: '10.244.2.5:41000' } });
      expect(run(before, '10.244.1.5', '10.244.1.10:80').hops[0]?.packet.src).toBe('10.244.1.5:41000');
      expect(run(after, '10.244.1.5', '10.244.1.10:80').hops[0]?.ns).toBe('external:10.244.1.5');
    }
  });
});
