import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTopology, validateTopology } from '../model';
import { rewire } from '../model/rewire';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { shopCalicoYaml } from '../scenarios/shop-calico';
import { compile } from './compile';
import { compare, describeDifference } from './compare';

const ack = parseTopology(ackFlannelYaml);
if (!ack.ok) throw new Error('invalid');
const terway = validateTopology(rewire(parse(ackFlannelYaml), { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs', version: '1.5.0' }));
if (!terway.ok) throw new Error(JSON.stringify(terway.problems));

describe('When one workload is compared under Flannel vpc-route + IPVS and Terway ipvlan-ebpf', () => {
  const c = compare(
    compile(ack.topology),
    compile(terway.topology),
    { from: 'pod:default/centos-67756b6dc8-rmmxt', to: 'svc:default/nginx1:80', choice: { pick: ['172.23.96.163:80'] } },
    ['Flannel', 'Terway'],
  );
  it('resolves the service on the node (IPVS) in one and inside the client pod (eBPF) in the other', () => {
    expect(c.a.summary.resolvedAt?.ns).toBe('node:ap-southeast-1.10.0.0.180');
    expect(c.a.summary.resolvedAt?.by).toMatch(/^IPVS/);
    expect(c.b.summary.resolvedAt?.ns).toBe('pod:default/centos-67756b6dc8-rmmxt');
    expect(c.b.summary.resolvedAt?.by).toMatch(/eBPF/);
    expect(c.differences.map(describeDifference).join('\n')).toMatch(/service address resolved at: node:.* → pod:/);
  });
  it('counts fewer kernel stacks with Terway and shows the dialled address on fewer captures', () => {
    expect(c.b.summary.kernelStacks).toBeLessThan(c.a.summary.kernelStacks);
    expect(c.a.summary.dialledSeenOn.length).toBeGreaterThan(c.b.summary.dialledSeenOn.length);
    expect(c.a.summary.clientIpSurvives && c.b.summary.clientIpSurvives).toBe(true);
  });
});

describe('When the same Ingress request gets an HTTP error on one side only', () => {
  const shop = (api: string) => {
    const d = parse(shopCalicoYaml) as { pods: { labels?: Record<string, string>; ports?: unknown }[] };
    for (const p of d.pods) if (p.labels?.app === 'api') p.ports = [{ containerPort: Number(api) }];
    const r = validateTopology(d);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return compile(r.topology);
  };
  // Both transports say "delivered"; one client reads a 502 page (nothing listens on 8080).
  const c = compare(shop('8080'), shop('9090'), { from: 'external:internet-client', to: 'http://shop.example.com/api/items' }, ['listening', 'deaf']);
  it('lists the HTTP status as a difference although the verdicts agree', () => {
    expect(c.a.summary.verdict).toBe(c.b.summary.verdict);
    expect(c.a.summary.httpStatus).toBeNull();
    expect(c.b.summary.httpStatus).toBe(502);
    expect(c.differences.map(describeDifference)).toContain('HTTP status: from the backend → 502');
  });
});
