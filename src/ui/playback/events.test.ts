import { describe, expect, it } from 'vitest';
import type { Hop } from '../../model/trace';
import type { Frame } from './frames';
import { categoriesOf, frameCategories, headerChanges, matchesFilter, nextEvent } from './events';

const hop = (over: Partial<Hop> = {}, packet: Partial<Hop['packet']> = {}): Hop => ({
  seq: 1,
  ns: 'node:a',
  device: 'eth0',
  dir: 'out',
  packet: { src: '10.0.0.1:4000', dst: '10.96.0.1:80', proto: 'TCP', ...packet },
  ...over,
});
const frame = (h: Hop, over: Partial<Frame> = {}): Frame =>
  ({
    index: 0,
    leg: 'request',
    legIndex: 0,
    hop: h,
    at: h.ns,
    node: null,
    label: '',
    labelChanged: false,
    badges: [],
    drop: null,
    choices: null,
    taken: null,
    stacks: 1,
    ...over,
  }) as Frame;

describe('event categories come from the trace data', () => {
  it('a rewrite is NAT, a route reason is routing, a NetworkPolicy verdict is policy, a drop and a choice are theirs', () => {
    expect([...categoriesOf(frame(hop(), { badges: [{ type: 'DNAT', text: '', short: '' }] }), undefined)]).toEqual(['nat']);
    expect([...categoriesOf(frame(hop({ noteWhy: { key: 'both', params: { a: { key: 'route' }, b: { key: 'x' } } } })), undefined)]).toEqual(['routing']);
    expect([...categoriesOf(frame(hop({ hook: 'NetworkPolicy' })), undefined)]).toEqual(['policy']);
    expect([...categoriesOf(frame(hop(), { drop: { verdict: 'refused', reason: 'r' } }), undefined)]).toEqual(['drop']);
    expect([...categoriesOf(frame(hop(), { choices: [{ to: 'a', p: 1 }] }), undefined)]).toEqual(['lb']);
    expect(categoriesOf(frame(hop()), undefined).size).toBe(0);
    // Entering a tunnel is a routing decision.
    const plain = frame(hop());
    const tunnelled = frame(hop({}, { outer: { src: '1.1.1.1', dst: '2.2.2.2', proto: 'IPIP' } }), { index: 1 });
    expect(categoriesOf(tunnelled, plain).has('routing')).toBe(true);
  });

  it('filters and the next / previous decision skip plain hops', () => {
    const fs = [
      frame(hop()),
      frame(hop(), { index: 1 }),
      frame(hop({ hook: 'NetworkPolicy' }), { index: 2 }),
      frame(hop(), { index: 3 }),
      frame(hop(), { index: 4, drop: { verdict: 'dropped', reason: 'x' } }),
    ];
    const cats = frameCategories(fs);
    expect(cats.map((c) => matchesFilter(c, 'decision'))).toEqual([false, false, true, false, true]);
    expect(nextEvent(fs, 0, 1)).toBe(2);
    expect(nextEvent(fs, 2, 1)).toBe(4);
    expect(nextEvent(fs, 4, 1)).toBeNull();
    expect(nextEvent(fs, 4, -1)).toBe(2);
    expect(nextEvent(fs, 0, 1, 'drop')).toBe(4);
  });

  it('each header before ⇒ after, the outer one named by its encapsulation', () => {
    const a = frame(hop());
    const b = frame(hop({}, { dst: '10.244.1.5:8080', outer: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'UDP', vni: 1 } }), { index: 1 });
    const [l3, l4, outer] = headerChanges(b, a);
    expect(l3).toMatchObject({ before: '10.0.0.1 → 10.96.0.1', after: '10.0.0.1 → 10.244.1.5', changed: true });
    expect(l4).toMatchObject({ before: '4000 → 80', after: '4000 → 8080', changed: true });
    expect(outer).toMatchObject({ name: 'VXLAN', before: '—', changed: true });
    expect(headerChanges(a, undefined)[2]).toMatchObject({ name: 'none', before: null, changed: false });
  });
});
