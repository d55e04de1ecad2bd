import { describe, expect, it } from 'vitest';
import { parseTopology, validateTopology } from './index';
import { rewire } from './rewire';
import { ackFlannelYaml } from '../scenarios/ack-flannel';

const ack = parseTopology(ackFlannelYaml);
if (!ack.ok) throw new Error('built-in invalid');

describe('When the built-in Flannel cluster is rewired', () => {
  for (const w of [
    { plugin: 'terway', mode: 'ipvlan-ebpf', kubeProxy: 'ipvs' },
    { plugin: 'terway', mode: 'eniip' },
    { plugin: 'calico', mode: 'ipip' },
    { plugin: 'calico', mode: 'vxlan', kubeProxy: 'iptables' },
    { plugin: 'flannel', mode: 'vxlan' },
  ] as const) {
    it(`to ${w.plugin} ${w.mode} it stays valid, keeps every pod and service, and re-addresses by the new IPAM`, () => {
      const r = validateTopology(rewire(ack.topology, w));
      if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
      expect(r.topology.cluster.cni.plugin).toBe(w.plugin);
      expect(r.topology.pods.map((p) => p.name)).toEqual(ack.topology.pods.map((p) => p.name));
      expect(r.topology.services.map((s) => s.clusterIP)).toEqual(ack.topology.services.map((s) => s.clusterIP));
      if (w.plugin === 'terway') expect(r.topology.pods.every((p) => p.eni === 'eth1' && p.ip.startsWith('10.0.'))).toBe(true);
      if (w.plugin === 'flannel') expect(r.topology.pods.map((p) => p.ip)).toEqual(ack.topology.pods.map((p) => p.ip));
    });
  }
});
