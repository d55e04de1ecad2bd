import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { parseTopology, type Hop, type Trace, type TraceRequest } from '../model';
import { compile, renderView, trace as runTrace } from '../engine';
import { buildFrames, capturePoints, frameCount, iptablesSection, matchedLines, nodePorts, packetFields, parseMatched } from './frames';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const N180 = 'ap-southeast-1.10.0.0.180';

const dp = (() => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return compile(r.topology);
})();
const traceOf = (req: TraceRequest): Trace => runTrace(dp, req);

const A2 = () => traceOf({ from: CENTOS, to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } });
const A3 = () => traceOf({ from: CENTOS, to: '8.219.164.113:80' });
const A5 = () => traceOf({ from: 'external:internet-client', to: '8.219.170.20:80', choice: { pick: ['10.0.0.180:30875', '172.23.96.163:80'] } });

describe('When a pod calls a ClusterIP on another node (A2)', () => {
  const t = A2();
  const frames = buildFrames(t);

  it('plays one frame per hop, the request first and then the reply', () => {
    expect(frames).toHaveLength(t.hops.length + t.reply!.hops.length);
    expect(frameCount(t)).toBe(frames.length);
    expect(frames.map((f) => f.index)).toEqual(frames.map((_, i) => i));
    const legs = frames.map((f) => f.leg);
    expect(legs.indexOf('reply')).toBe(t.hops.length);
    expect(legs.slice(t.hops.length).every((l) => l === 'reply')).toBe(true);
    expect(frames[0]!.at).toBe(CENTOS);
    expect(frames[t.hops.length - 1]!.at).toBe('pod:default/nginx1-76c99b49df-7plsr');
    expect(frames.at(-1)!.at).toBe(CENTOS);
  });

  it('changes the label at the IPVS DNAT and badges the rewrite with what did it', () => {
    const dnat = frames.findIndex((f) => f.badges.some((b) => b.type === 'DNAT'));
    expect(frames[dnat]!.at).toBe(`node:${N180}`);
    expect(frames[dnat]!.hop.device).toBe('cni0');
    expect(frames[dnat]!.badges[0]!.text).toMatch(/^DNAT 192\.168\.13\.23:80 → 172\.23\.96\.163:80 by IPVS 192\.168\.13\.23:80 rr/);
    expect(frames[dnat]!.labelChanged).toBe(true);
    expect(frames[dnat - 1]!.label).toBe('172.23.96.23:41000 → 192.168.13.23:80');
    expect(frames[dnat]!.label).toBe('172.23.96.23:41000 → 172.23.96.163:80');
    expect(frames.slice(0, dnat).every((f) => !f.labelChanged)).toBe(true);
  });

  it('offers the three IPVS backends where the choice happens and knows which was taken', () => {
    const f = frames.find((x) => x.choices);
    expect(f?.choices).toHaveLength(3);
    expect(f?.taken).toBe('172.23.96.163:80');
  });

  it('marks the reply as un-NATed by conntrack on the client node', () => {
    const undnat = frames.find((f) => f.leg === 'reply' && f.badges.some((b) => b.type === 'un-DNAT'));
    expect(undnat?.at).toBe(`node:${N180}`);
    expect(frames.at(-1)!.label).toBe('192.168.13.23:80 → 172.23.96.23:41000');
  });

  it('counts kernel stacks as the request advances, ending at the trace total', () => {
    const req = frames.filter((f) => f.leg === 'request');
    expect(req[0]!.stacks).toBe(1);
    expect(req.map((f) => f.stacks)).toEqual([...req.map((f) => f.stacks)].sort((a, b) => a - b));
    expect(req.at(-1)!.stacks).toBe(t.kernelStacks);
    expect(frames.at(-1)!.stacks).toBe(t.kernelStacks);
  });

  it('puts the devices it used on the node boxes, pod side first, and kube-ipvs0 where IPVS rewrote', () => {
    const ports = nodePorts(t);
    const client = ports.get(`node:${N180}`)!;
    expect(client[0]).toMatch(/^veth/);
    expect(client).toContain('cni0');
    expect(client).toContain('kube-ipvs0');
    expect(client.at(-1)).toBe('eth0');
    expect(ports.get('node:ap-southeast-1.10.0.1.206')).not.toContain('kube-ipvs0');
  });

  it('says where a capture sees the client, the service IP and the backend', () => {
    const groups = capturePoints(t);
    expect(groups.map((g) => [g.address, g.role]).slice(0, 3)).toEqual([
      ['172.23.96.23', 'client'],
      ['192.168.13.23', 'destination'],
      ['172.23.96.163', 'rewritten'],
    ]);
    const svc = groups.find((g) => g.address === '192.168.13.23')!;
    // The ClusterIP is seen only on the client pod's eth0 and the node's veth (and by the reply on the way back).
    const request = svc.points.filter((p) => p.leg === 'request').map((p) => `${p.ns} ${p.device}`);
    expect(request).toEqual([`${CENTOS} eth0`, expect.stringMatching(new RegExp(`^node:${N180} veth`))]);
  });

  it('highlights exactly the iptables-save lines a hop matched', () => {
    const dnat = frames.find((f) => f.badges.some((b) => b.type === 'DNAT'))!;
    const text = renderView(dp, N180, 'iptables');
    const nat = iptablesSection(text, 'nat');
    expect(nat.startsWith('*nat')).toBe(true);
    expect(nat.endsWith('COMMIT')).toBe(true);
    const lines = new Set(nat.split('\n'));
    const rules = matchedLines(dnat.hop, `node:${N180}`, 'nat');
    expect(rules.size).toBeGreaterThan(0);
    for (const r of rules) expect(lines.has(r)).toBe(true);
    expect(matchedLines(dnat.hop, 'node:elsewhere', 'nat').size).toBe(0);
  });
});

describe('When a pod calls an SLB address with no local endpoint (A3)', () => {
  const t = A3();
  const frames = buildFrames(t);

  it('ends the request on a drop frame with the verdict and the reason, and a half kernel stack', () => {
    const last = frames.filter((f) => f.leg === 'request').at(-1)!;
    expect(last.drop?.verdict).toBe('refused');
    expect(last.drop?.reason).toContain('no real server');
    expect(last.stacks).toBe(1.5);
    expect(last.stacks).toBe(t.kernelStacks);
    expect(frames.filter((f) => f.drop)).toHaveLength(1);
  });

  it('then plays the ICMP port unreachable travelling back to the pod', () => {
    const back = frames.filter((f) => f.leg === 'reply');
    expect(back.length).toBeGreaterThan(0);
    expect(back.at(-1)!.hop.ns).toBe('pod:default/centos-67756b6dc8-rmmxt');
    expect(back[0]!.hop.packet.icmp).toBe('ICMP port unreachable');
    expect(back[0]!.label).toBe('8.219.164.113 → 172.23.96.23 (ICMP port unreachable)');
    expect(back.every((f) => f.stacks === 1.5)).toBe(true);
  });
});

describe('When an internet client comes through the SLB to a node without the pod (A5)', () => {
  const t = A5();
  const frames = buildFrames(t);

  it('badges the SLB DNAT, the IPVS DNAT and the MASQUERADE in order', () => {
    const types = frames.filter((f) => f.leg === 'request').flatMap((f) => f.badges.map((b) => b.type));
    expect(types).toEqual(['DNAT', 'DNAT', 'MASQUERADE']);
    const masq = frames.find((f) => f.badges.some((b) => b.type === 'MASQUERADE'))!;
    expect(masq.badges[0]!.short).toBe('MASQUERADE 47.74.0.10:41000 → 10.0.0.180:41000');
    expect(masq.label).toBe('10.0.0.180:41000 → 172.23.96.163:80');
  });

  it('shows a reply hop that is un-SNATed and un-DNATed at once as two badges', () => {
    const both = frames.find((f) => f.leg === 'reply' && f.badges.length === 2)!;
    expect(both.badges.map((b) => b.type)).toEqual(['un-SNAT', 'un-DNAT']);
  });

  it('does not count the client and the SLB as kernel stacks', () => {
    expect(frames.find((f) => f.at === 'slb:slb-nginx2')!.stacks).toBe(0);
    expect(frames.filter((f) => f.leg === 'request').at(-1)!.stacks).toBe(3);
  });
});

describe('packet fields and matched entries', () => {
  const hop = (packet: Hop['packet']): Hop => ({ seq: 1, ns: 'node:x', device: 'flannel.1', dir: 'out', packet });

  it('lists L3 and L4 fields, and the outer header first when encapsulated', () => {
    const f = packetFields(
      hop({
        src: '10.0.0.1:41000',
        dst: '10.0.0.2:80',
        proto: 'TCP',
        size: 60,
        df: true,
        outer: { src: '192.168.0.1', dst: '192.168.0.2', proto: 'UDP', vni: 1 },
      }),
    );
    expect(f[0]).toEqual({ layer: 'outer', name: 'src', value: '192.168.0.1' });
    expect(f.find((x) => x.name === 'proto' && x.layer === 'outer')?.value).toBe('UDP vni 1');
    expect(f.filter((x) => x.layer === 'L4').map((x) => x.value)).toEqual(['41000', '80']);
    expect(f.find((x) => x.name === 'DF')?.value).toBe('set');
  });

  it('has no L4 ports for ICMP', () => {
    expect(packetFields(hop({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'ICMP' })).some((x) => x.layer === 'L4')).toBe(false);
  });

  it('parses "NS TABLE RULE" and refuses anything else', () => {
    expect(parseMatched('node:a nat -A KUBE-SERVICES -j X')).toEqual({ ns: 'node:a', table: 'nat', rule: '-A KUBE-SERVICES -j X' });
    expect(parseMatched('garbage')).toBeNull();
  });

  it('gives no frames for no trace', () => {
    expect(buildFrames(null)).toEqual([]);
    expect(capturePoints(null)).toEqual([]);
    expect(nodePorts(null).size).toBe(0);
  });
});
