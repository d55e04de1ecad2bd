import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { parseTopology, type Topology } from '../model';
import { elementTargets, fromOptions, podDestination, selects, toSuggestions } from './endpoints';

const ack = (): Topology => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};

describe('endpoint choices for the ACK Flannel document', () => {
  it('offers every pod, node and external as a source', () => {
    const g = fromOptions(ack());
    expect(g.pods.map((o) => o.value)).toContain('pod:default/centos-67756b6dc8-rmmxt');
    expect(g.nodes.map((o) => o.value)).toContain('node:ap-southeast-1.10.0.1.206');
    expect(g.externals.map((o) => o.value)).toEqual(['external:internet-client']);
  });

  it('suggests pod addresses, service references, SLB addresses and nodePorts as destinations', () => {
    const values = toSuggestions(ack()).map((o) => o.value);
    expect(values).toContain('172.23.96.163:80');
    expect(values).toContain('svc:default/nginx1:80');
    expect(values).toContain('192.168.13.23:80');
    expect(values).toContain('svc:default/nginx1:80@lb');
    expect(values).toContain('8.219.164.113:80');
    expect(values).toContain('svc:default/nginx2:80@node:ap-southeast-1.10.0.0.180');
    expect(new Set(values).size).toBe(values.length);
  });

  it('sends a click on a pod to its first port, or 80', () => {
    expect(podDestination({ ip: '10.0.0.5', ports: [] })).toBe('10.0.0.5:80');
    expect(podDestination({ ip: '10.0.0.5', ports: [{ containerPort: 8080, protocol: 'TCP' }] })).toBe('10.0.0.5:8080');
  });

  it('matches selectors like Kubernetes: all labels equal, empty selects nothing', () => {
    expect(selects({ app: 'a' }, { app: 'a', tier: 'x' })).toBe(true);
    expect(selects({ app: 'a', tier: 'y' }, { app: 'a', tier: 'x' })).toBe(false);
    expect(selects({}, { app: 'a' })).toBe(false);
  });
});

describe('what a canvas element offers as the ends of a trace', () => {
  it('a service offers its ClusterIP first from inside, its load balancer and NodePorts first from outside', () => {
    const inside = elementTargets(ack(), 'svc:default/nginx1', 'pod:default/centos-67756b6dc8-rmmxt');
    expect(inside.from).toBeNull();
    expect(inside.to[0]).toMatchObject({ value: 'svc:default/nginx1:80', kind: 'clusterIP' });
    expect(inside.to.map((o) => o.value)).toContain('svc:default/nginx1:80@lb');
    const outside = elementTargets(ack(), 'svc:default/nginx1', 'external:internet-client');
    expect(outside.to[0]).toMatchObject({ value: 'svc:default/nginx1:80@lb', kind: 'lb' });
    expect(outside.to.at(-1)?.kind).toBe('clusterIP');
  });

  it('a node offers itself as a source and the NodePorts it serves', () => {
    const n = elementTargets(ack(), 'node:ap-southeast-1.10.0.0.180', '');
    expect(n.from).toBe('node:ap-southeast-1.10.0.0.180');
    expect(n.to.map((o) => o.value)).toContain('svc:default/nginx2:80@node:ap-southeast-1.10.0.0.180');
    expect(n.to.every((o) => !o.value.includes('@node:') || o.value.endsWith('@node:ap-southeast-1.10.0.0.180'))).toBe(true);
  });

  it('a pod is both ends; a load balancer only a destination', () => {
    expect(elementTargets(ack(), 'pod:default/nginx1-76c99b49df-7plsr', '')).toMatchObject({
      from: 'pod:default/nginx1-76c99b49df-7plsr',
      to: [{ value: '172.23.96.163:80' }],
    });
    const lb = elementTargets(ack(), 'slb:slb-nginx1', 'external:internet-client');
    expect(lb.from).toBeNull();
    expect(lb.to.map((o) => o.value)).toEqual(['svc:default/nginx1:80@lb']);
  });
});
