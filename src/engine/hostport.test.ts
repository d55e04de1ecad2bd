/**
 * hostPort through the portmap CNI plugin (containernetworking/plugins plugins/meta/portmap):
 * portmap.go genToplevelDnatChain (PREROUTING, OUTPUT: -m addrtype --dst-type LOCAL -j
 * CNI-HOSTPORT-DNAT), genDnatChain/fillDnatRules (per container CNI-DN-<hash>: hairpin and
 * 127.0.0.1 marks to CNI-HOSTPORT-SETMARK, then -p tcp --dport H [-d hostIP] -j DNAT
 * --to-destination podIP:containerPort), genMarkMasqChain (POSTROUTING → CNI-HOSTPORT-MASQ).
 * Terway's default chart (charts/terway/templates/terwayd/configmap.yaml) writes one plugin, no portmap.
 */
import { describe, expect, it } from 'vitest';
import { rewritesOf, validateTopology } from '../model';
import { build, doc, run } from './test/kit';
import { compile } from './compile';
import { renderView } from './views';
import { cniCall } from './cni/call';
import { fixture } from '../model/test-helpers';

const pods = [
  { name: 'client', node: 'node-a', ip: '10.244.1.5' },
  { name: 'web', node: 'node-b', ip: '10.244.2.10', ports: [{ containerPort: 80, hostPort: 8080 }] },
  { name: 'dns', node: 'node-b', ip: '10.244.2.11', ports: [{ containerPort: 53, protocol: 'UDP', hostPort: 5353, hostIP: '10.0.0.12' }] },
];
const nodes = [
  { name: 'node-a', ip: '10.0.0.10', podCIDR: '10.244.1.0/24' },
  { name: 'node-b', ip: '10.0.0.11', podCIDR: '10.244.2.0/24', secondaryIPs: ['10.0.0.12'] },
];
const dp = build(doc({ pods, nodes }));
const dnat = (t: ReturnType<typeof run>) => t.hops.flatMap(rewritesOf).find((r) => r.type === 'DNAT');

describe('hostPort via portmap (flannel chains it)', () => {
  it('an external client reaching nodeIP:hostPort is DNATed to podIP:containerPort in CNI-DN-…', () => {
    const t = run(dp, 'external:office', '10.0.0.11:8080');
    expect(t.deliveredTo?.ip).toBe('10.244.2.10');
    expect(dnat(t)).toMatchObject({ from: '10.0.0.11:8080', to: '10.244.2.10:80' });
    expect(
      t.hops
        .flatMap((h) => h.matched ?? [])
        .some((m) => /^node:node-b nat -A CNI-DN-[0-9a-f]{21} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10\.244\.2\.10:80$/.test(m)),
    ).toBe(true);
  });
  it('a pod on another node reaching that node’s hostPort is DNATed on the pod’s node', () => {
    const t = run(dp, 'pod:default/client', '10.0.0.11:8080');
    expect(t.deliveredTo?.ip).toBe('10.244.2.10');
    expect(dnat(t)).toMatchObject({ to: '10.244.2.10:80' });
  });
  it('the node itself (nat OUTPUT) reaches the pod through its own hostPort', () => {
    const t = run(dp, 'node:node-b', '10.0.0.11:8080');
    expect(t.deliveredTo?.ip).toBe('10.244.2.10');
    expect(dnat(t)).toMatchObject({ to: '10.244.2.10:80' });
  });
  it('hostIP restricts the mapping to that address (-d): the other address is not DNATed', () => {
    const on = run(dp, 'external:office', '10.0.0.12:5353', { protocol: 'UDP' });
    expect(on.deliveredTo?.ip).toBe('10.244.2.11');
    const off = run(dp, 'external:office', '10.0.0.11:5353', { protocol: 'UDP' });
    expect(off.deliveredTo?.ip).not.toBe('10.244.2.11');
    expect(dnat(off)).toBeUndefined();
  });
  it('a node without hostPort pods has no CNI-HOSTPORT chains; iptables-save shows them where portmap ran', () => {
    const b = renderView(dp, 'node-b', 'iptables');
    expect(b).toContain('-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT');
    expect(b).toContain('-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT');
    expect(b).toMatch(/-A CNI-DN-[0-9a-f]{21} -s 10\.244\.2\.10\/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK/);
    expect(b).toMatch(/-A CNI-DN-[0-9a-f]{21} -s 10\.244\.2\.11\/32 -d 10\.0\.0\.12\/32 -p udp -m udp --dport 5353 -j CNI-HOSTPORT-SETMARK/);
    expect(b).toContain('-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE');
    expect(renderView(dp, 'node-a', 'iptables')).not.toContain('CNI-HOSTPORT');
  });
  it('the CNI ADD passes the mappings to portmap and says what it wrote', () => {
    const r = validateTopology(doc({ pods, nodes }));
    if (!r.ok) throw new Error('invalid');
    const c = cniCall(r.topology, { name: 'web', namespace: 'default', node: 'node-b', ip: '10.244.2.10' }, 'ADD');
    const pm = c.steps.find((s) => s.plugin === 'portmap')!;
    expect(pm.stdin.runtimeConfig).toEqual({ portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    expect(c.effects.some((e) => /CNI-HOSTPORT-DNAT → CNI-DN-[0-9a-f]{21}: tcp \*:8080 DNAT to 10\.244\.2\.10:80/.test(e))).toBe(true);
  });
  it('a node first touched reads none of its pods’ port lists when none maps a hostPort or shares the host’s network', () => {
    // Compile notes which nodes have such pods in its one pass over them; a 1,000-node cluster's
    // node read its 30 pods' lists at its first touch to find that it had none.
    const r = validateTopology(doc({ pods, nodes }));
    if (!r.ok) throw new Error('invalid');
    let reads = 0;
    for (const p of r.topology.pods) {
      const ports = p.ports;
      Object.defineProperty(p, 'ports', {
        get: () => {
          reads++;
          return ports;
        },
      });
    }
    const dp = compile(r.topology);
    reads = 0;
    dp.ns('node:node-a');
    expect(reads).toBe(0);
    // node-b's pods map hostPorts: portmap's rules are written from them.
    expect(renderView(dp, 'node-b', 'iptables')).toContain('CNI-HOSTPORT-DNAT');
    expect(reads).toBeGreaterThan(0);
  });
});

describe('hostPort on Terway (no portmap in its default conflist)', () => {
  const terway = fixture('terway-ipvlan-ebpf');
  const target = terway.pods.find((p: { hostNetwork?: boolean }) => !p.hostNetwork);
  target.ports = [{ containerPort: 80, hostPort: 8080 }];
  const node = terway.nodes.find((n: { name: string }) => n.name === target.node);
  it('nodeIP:hostPort is not DNATed, and validation says why', () => {
    const r = validateTopology(terway);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toContainEqual(expect.stringMatching(/^pods\[0\]\.ports\[0\]\.hostPort: .*no portmap/));
    const t = run(build(terway), `node:${terway.nodes.find((n: { name: string }) => n.name !== target.node).name}`, `${node.ip}:8080`);
    expect(dnat(t)).toBeUndefined();
    expect(t.deliveredTo?.ip).not.toBe(target.ip);
  });
});

describe('hostPort validation', () => {
  const v = (p: Record<string, unknown>[]) => validateTopology(doc({ pods: p }));
  const problems = (r: ReturnType<typeof v>) => (r.ok ? [] : r.problems.map((x) => `${x.path}: ${x.message}`));
  it('out of range names the field', () => {
    expect(problems(v([{ name: 'a', node: 'node-a', ports: [{ containerPort: 80, hostPort: 70000 }] }]))).toContainEqual(
      expect.stringMatching(/^pods\[0\]\.ports\[0\]\.hostPort/),
    );
  });
  it('the same hostPort/protocol on one node conflicts unless the hostIPs differ', () => {
    const a = { name: 'a', node: 'node-a', ports: [{ containerPort: 80, hostPort: 8080 }] };
    expect(problems(v([a, { name: 'b', node: 'node-a', ports: [{ containerPort: 81, hostPort: 8080 }] }]))).toContainEqual(
      expect.stringMatching(/^pods\[1\]\.ports\[0\]\.hostPort: hostPort 8080\/TCP on node node-a is already taken by pods\[0\]/),
    );
    expect(v([a, { name: 'b', node: 'node-b', ports: [{ containerPort: 81, hostPort: 8080 }] }]).ok).toBe(true);
    expect(v([a, { name: 'b', node: 'node-a', ports: [{ containerPort: 81, protocol: 'UDP', hostPort: 8080 }] }]).ok).toBe(true);
    const ipA = { name: 'a', node: 'node-a', ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.10' }] };
    expect(v([ipA, { name: 'b', node: 'node-a', ports: [{ containerPort: 81, hostPort: 8080, hostIP: '10.0.0.99' }] }]).ok).toBe(true);
  });
});
