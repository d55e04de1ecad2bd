import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { parseTopology, type Topology } from '../model';
import { generateFlannelCluster } from '../scenarios/generate';
import { endpointIndex, MAX_MATCHES, PODS_PER_STEP } from './endpoint-index';
import { toSuggestions } from './endpoints';

const parse = (text: string): Topology => {
  const r = parseTopology(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};
const ack = () => parse(builtins[0]!.yaml);
const generated = (nodes: number) => parse(JSON.stringify(generateFlannelCluster({ nodes })));

describe('the endpoint index', () => {
  it('is built when first searched or asked, not when the document opens', () => {
    const index = endpointIndex(ack());
    expect(index.built).toBe(false);
    expect(index.isSource('pod:default/no-such-pod')).toBe(false);
    expect(index.built).toBe(true);
    const other = endpointIndex(ack());
    expect(other.search('nginx1', 'to').length).toBeGreaterThan(0);
    expect(other.built).toBe(true);
  });

  it('finds every To suggestion the old list held, in its group', () => {
    const t = ack();
    const index = endpointIndex(t);
    for (const o of toSuggestions(t)) {
      const found = index.search(o.value, 'to', 1000).find((m) => m.value === o.value);
      expect(found, o.value).toBeDefined();
    }
    const groupOf = (v: string) => index.search(v, 'to', 1000).find((m) => m.value === v)?.group;
    expect(groupOf('172.23.96.163:80')).toBe('pods');
    expect(groupOf('svc:default/nginx1:80')).toBe('services');
    expect(groupOf('svc:default/nginx1:80@lb')).toBe('lbs');
    expect(groupOf('svc:default/nginx2:80@node:ap-southeast-1.10.0.0.180')).toBe('nodes');
  });

  it('built ahead a step at a time, finds what one built at once finds, searched between steps too', () => {
    const t = generated(200);
    const whole = endpointIndex(t);
    const stepped = endpointIndex(t);
    const steps = stepped.ahead();
    // The pods a slice each (6,000 of them), then the rest.
    expect(steps.length).toBe(Math.ceil(t.pods.length / PODS_PER_STEP) + 1);
    steps[0]!();
    expect(stepped.built).toBe(false);
    const last = t.pods[t.pods.length - 1]!;
    for (const [q, side] of [
      ['', 'from'],
      ['', 'to'],
      [last.name, 'from'],
      [`${last.ip}:`, 'to'],
      [t.services[0]!.name, 'to'],
    ] as const)
      expect(stepped.search(q, side, 20_000), `${side} ${q}`).toEqual(whole.search(q, side, 20_000));
    expect(stepped.built).toBe(true);
    // Steps left over after a search add nothing.
    for (const step of steps.slice(1)) step();
    expect(stepped.search('', 'from', 20_000)).toEqual(whole.search('', 'from', 20_000));
    // Steps alone build it.
    const ahead = endpointIndex(t);
    for (const step of ahead.ahead()) step();
    expect(ahead.built).toBe(true);
    expect(ahead.search('', 'to', 20_000)).toEqual(whole.search('', 'to', 20_000));
  });

  it('offers pods, nodes and externals as sources, and knows them exactly', () => {
    const index = endpointIndex(ack());
    const values = index.search('', 'from', 1000).map((m) => m.value);
    expect(values).toContain('pod:default/centos-67756b6dc8-rmmxt');
    expect(values).toContain('node:ap-southeast-1.10.0.1.206');
    expect(values).toContain('external:internet-client');
    expect(index.isSource('pod:default/centos-67756b6dc8-rmmxt')).toBe(true);
    expect(index.isSource('pod:default/centos')).toBe(false);
  });

  it('matches value or label, case-insensitively', () => {
    const index = endpointIndex(ack());
    expect(index.search('CENTOS', 'from').map((m) => m.value)).toEqual(['pod:default/centos-67756b6dc8-rmmxt']);
    // A pod's address finds the pod as a source (by its label).
    expect(index.search('172.23.96.163', 'from').map((m) => m.group)).toEqual(['pods']);
    expect(index.search('no such thing', 'to')).toEqual([]);
  });

  it('never returns more than the limit, and shares it among the groups', () => {
    const t = generated(100);
    const index = endpointIndex(t);
    const all = index.search('', 'to');
    expect(all.length).toBe(MAX_MATCHES);
    expect(new Set(all.map((m) => m.group))).toEqual(new Set(['pods', 'services', 'lbs', 'nodes', 'externals']));
    const some = index.search('1', 'from');
    expect(some.length).toBe(MAX_MATCHES);
    expect(new Set(some.map((m) => m.group)).size).toBeGreaterThan(1);
  });

  it('enumerates nodePort destinations on demand: a service on a node, named either way', () => {
    const t = generated(100);
    const svc = t.services.find((s) => s.ports.some((p) => p.nodePort !== undefined))!;
    const port = svc.ports.find((p) => p.nodePort !== undefined)!;
    const node = t.nodes[57]!;
    const value = `svc:${svc.namespace}/${svc.name}:${port.port}@node:${node.name}`;
    const index = endpointIndex(t);
    expect(index.search(value, 'to').map((m) => m.value)).toContain(value);
    expect(index.search(`${svc.name}:${port.port}@${node.name}`, 'to').map((m) => m.value)).toContain(value);
    const hit = index.search(value, 'to').find((m) => m.value === value)!;
    expect(hit.label).toBe(`nodePort ${node.ip}:${port.nodePort}`);
  });
});
