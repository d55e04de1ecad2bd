import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTopology, validateTopology } from '../model';
import { rewire } from '../model/rewire';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
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
