import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTopology } from './parse';
import { rewire } from './rewire';
import { remapRequest } from './remap';
import { ackFlannelYaml } from '../scenarios/ack-flannel';

const flannel = () => {
  const r = parseTopology(ackFlannelYaml);
  if (!r.ok) throw new Error('built-in invalid');
  return r.topology;
};

describe('When a request is carried to a rewired document', () => {
  it('moves a pod IP to the same pod’s new address and keeps everything else', () => {
    const a = flannel();
    const raw = rewire(parse(ackFlannelYaml), { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' });
    const b = parseTopology(JSON.stringify(raw));
    if (!b.ok) throw new Error(b.problems.map((p) => p.message).join('; '));
    const pod = a.pods.find((p) => p.name.startsWith('nginx1'))!;
    const moved = b.topology.pods.find((p) => p.name === pod.name)!;
    expect(moved.ip).not.toBe(pod.ip);
    const r = remapRequest({ from: 'pod:default/x', to: `${pod.ip}:80` }, a, b.topology);
    expect(r).toEqual({ from: 'pod:default/x', to: `${moved.ip}:80` });
    expect(remapRequest({ from: a.pods[0]!.ip, to: 'svc:default/nginx1:80' }, a, b.topology).to).toBe('svc:default/nginx1:80');
  });
});
