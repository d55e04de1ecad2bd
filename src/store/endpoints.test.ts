import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { parseTopology, type Topology } from '../model';
import { fromOptions, podDestination, selects, toSuggestions } from './endpoints';

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
