import { describe, expect, it } from 'vitest';
import { compile, trace } from '../index';
import { parseTopology, rewritesOf, type Hop, type Rewrite, type Trace } from '../../model';
import { ackFlannelYaml } from '../../scenarios/ack-flannel';
import { shopCalicoYaml } from '../../scenarios/shop-calico';
import { mdText } from './markdown';
import { capturePackets, traceToJson, traceToMarkdown, traceToPcap, traceToPcapng, traceV1, type TraceV1, type TraceV2 } from './index';

const centos = 'pod:default/centos-67756b6dc8-rmmxt';

function traceOn(yaml: string, req: Parameters<typeof trace>[1]): Trace {
  const p = parseTopology(yaml);
  if (!p.ok) throw new Error(p.problems.map((x) => `${x.path}: ${x.message}`).join('\n'));
  return trace(compile(p.topology), req);
}

const a2 = traceOn(ackFlannelYaml, { from: centos, to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } });

/** The one's-complement sum over a range is 0xffff when the checksum in it is right. */
function sums(b: Uint8Array, start: number, end: number, initial = 0): number {
  let s = initial;
  for (let i = start; i < end; i += 2) s += (b[i]! << 8) | (i + 1 < end ? b[i + 1]! : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

describe('traceToMarkdown', () => {
  it('is a table with a row per hop, the reply, and the verdict lines', () => {
    const md = traceToMarkdown(a2);
    const lines = md.split('\n');
    expect(lines).toContain('| # | namespace | device | dir | packet | rewrite / note |');
    const rows = lines.filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(a2.hops.length + a2.reply!.hops.length);
    expect(md).toMatch(/\*\*DNAT\*\* 192\.168\.13\.23:80 → 172\.23\.96\.163:80/);
    expect(md).toMatch(/\*\*un-DNAT\*\*/);
    expect(md).toContain('- **verdict**: delivered');
    expect(md).toContain('- **source seen by the server**: 172.23.96.23');
    // every row has exactly six cells: pipes inside cells are escaped
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it('escapes pipes and gives the reason of a refused trace', () => {
    const t = traceOn(ackFlannelYaml, { from: centos, to: '8.219.164.113:80' });
    const md = traceToMarkdown({ ...t, hops: t.hops.map((h, i) => (i === 0 ? { ...h, note: 'a | b' } : h)) });
    expect(md).toContain('a \\| b');
    expect(md).toMatch(/- \*\*verdict\*\*: refused\n- \*\*reason\*\*: .*IPVS virtual server 8\.219\.164\.113:80/);
  });

  it('lists outcomes of an all-branches trace', () => {
    const t = traceOn(ackFlannelYaml, { from: centos, to: '192.168.13.23:80', choice: { all: true } });
    expect(traceToMarkdown(t)).toMatch(/\*\*Outcomes\*\*[\s\S]*\| 0\.3333 \| delivered \|/);
  });
});

describe('traceToJson', () => {
  it('round-trips and is stable whatever the key order of the input', () => {
    const json = traceToJson(a2);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(traceV1(a2))));
    const shuffled = JSON.parse(JSON.stringify(a2), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as Trace;
    expect(traceToJson(shuffled)).toBe(json);
    expect(json.startsWith('{\n  "request": {')).toBe(true);
    expect(json.indexOf('"verdict"')).toBeLessThan(json.indexOf('"hops"'));
    expect(json.endsWith('}\n')).toBe(true);
  });

  it("writes format 1 unless asked: a hop's first rewrite as `rewrite`, the list only beside several", () => {
    const hops = [...a2.hops, ...a2.reply!.hops];
    const one = hops.find((h) => h.rewrites?.length === 1)!;
    const v1 = JSON.parse(traceToJson(a2)) as TraceV1;
    const v1hops = [...v1.hops, ...v1.reply!.hops];
    expect(v1hops[hops.indexOf(one)]).toMatchObject({ rewrite: one.rewrites![0] });
    expect(v1hops[hops.indexOf(one)]!.rewrites).toBeUndefined();
    expect(v1hops.filter((h) => h.rewrite).length).toBe(hops.filter((h) => h.rewrites).length);
    expect('traceFormat' in v1).toBe(false);
  });

  it('writes format 2 when asked: said so first, one `rewrites` list per hop and no `rewrite`', () => {
    const json = traceToJson(a2, 2);
    expect(json.startsWith('{\n  "traceFormat": 2,\n  "request": {')).toBe(true);
    const v2 = JSON.parse(json) as TraceV2;
    expect(v2.hops.filter((h) => 'rewrite' in h)).toEqual([]);
    expect(v2.hops.flatMap(rewritesOf)).toEqual(a2.hops.flatMap(rewritesOf));
    expect(v2.hops.flatMap(rewritesOf).length).toBeGreaterThan(0);
  });
});

describe('trace format 1', () => {
  const rw = (type: Rewrite['type']): Rewrite => ({ type, from: 'a', to: 'b', by: type });
  const hop = (rewrites?: Rewrite[]): Hop => ({
    seq: 1,
    ns: 'vpc',
    device: null,
    dir: null,
    packet: { src: 's', dst: 'd', proto: 'TCP' },
    ...(rewrites ? { rewrites } : {}),
    matched: ['m'],
  });
  const traceOf = (hops: Hop[]): Trace => ({
    request: { from: 'x', to: 'y' },
    verdict: 'delivered',
    reason: null,
    deliveredTo: null,
    sourceSeenByServer: null,
    kernelStacks: 0,
    hops,
    conntrack: [],
    reply: { hops },
  });

  it("keeps the hop's keys where they were, `rewrite` (then `rewrites`) where the list stands", () => {
    const t = traceV1(traceOf([hop([rw('un-SNAT'), rw('un-DNAT')]), hop([rw('DNAT')]), hop()]));
    expect(t.hops.map((h) => Object.keys(h))).toEqual([
      ['seq', 'ns', 'device', 'dir', 'packet', 'rewrite', 'rewrites', 'matched'],
      ['seq', 'ns', 'device', 'dir', 'packet', 'rewrite', 'matched'],
      ['seq', 'ns', 'device', 'dir', 'packet', 'matched'],
    ]);
    expect(t.hops[0]!.rewrite).toEqual(rw('un-SNAT'));
    expect(t.hops[0]!.rewrites).toEqual([rw('un-SNAT'), rw('un-DNAT')]);
    expect(t.reply!.hops[1]!.rewrite).toEqual(rw('DNAT'));
  });
});

describe('capture', () => {
  it('records each capture point with the addresses as they are there (A2 via the ClusterIP)', () => {
    const pk = capturePackets(a2);
    const at = (point: RegExp) => pk.filter((p) => point.test(p.point)).map((p) => ipPair(p.data));
    expect(at(/rmmxt eth0$/)).toEqual([
      ['172.23.96.23', '192.168.13.23'],
      ['192.168.13.23', '172.23.96.23'],
    ]);
    // br_netfilter DNATs when the frame enters the bridge port: cni0 never sees the ClusterIP
    expect(at(/10\.0\.0\.180 cni0$/)).toEqual([
      ['172.23.96.23', '172.23.96.163'],
      ['192.168.13.23', '172.23.96.23'],
    ]);
    // eth0's tap sees the reply before conntrack un-DNATs it
    expect(at(/10\.0\.0\.180 eth0$/)).toEqual([
      ['172.23.96.23', '172.23.96.163'],
      ['172.23.96.163', '172.23.96.23'],
    ]);
    // timestamps strictly increase
    for (let i = 1; i < pk.length; i++) expect(pk[i]!.tsMicros).toBeGreaterThan(pk[i - 1]!.tsMicros);
  });

  it('writes valid IPv4 and TCP checksums, a SYN then a SYN-ACK', () => {
    for (const p of capturePackets(a2)) {
      const ip = p.data.subarray(14);
      expect(sums(ip, 0, 20)).toBe(0xffff);
      const len = (ip[2]! << 8) | ip[3]!;
      expect(len).toBe(60);
      const pseudo = sums(ip, 12, 20) + 6 + (len - 20);
      expect(sums(ip, 20, len, pseudo)).toBe(0xffff);
    }
    const flags = capturePackets(a2).map((p) => p.data[14 + 20 + 13]);
    expect(new Set(flags)).toEqual(new Set([0x02, 0x12]));
  });

  it('ICMP echo: request type 8, reply type 0, valid checksums', () => {
    const t = traceOn(ackFlannelYaml, { from: centos, to: '172.23.96.163', protocol: 'ICMP' });
    const pk = capturePackets(t);
    expect(pk.length).toBeGreaterThan(4);
    for (const p of pk) {
      const ip = p.data.subarray(14);
      expect(ip[9]).toBe(1);
      expect(sums(ip, 20, ip.length)).toBe(0xffff);
    }
    expect(new Set(pk.map((p) => p.data[34]))).toEqual(new Set([8, 0]));
  });

  it('an error sent back: ICMP port unreachable quoting the request (A3), valid checksums', () => {
    const t = traceOn(ackFlannelYaml, { from: centos, to: '8.219.164.113:80' });
    expect(t.verdict).toBe('refused');
    const back = capturePackets(t).filter((p) => p.data[14 + 9] === 1);
    expect(back.length).toBeGreaterThan(0);
    const atClient = back.find((p) => /rmmxt eth0$/.test(p.point))!;
    const icmp = atClient.data.subarray(34);
    expect([icmp[0], icmp[1]]).toEqual([3, 3]);
    expect(sums(icmp, 0, icmp.length)).toBe(0xffff);
    // the quoted header: the SYN the client sent, to the LB address
    expect(ipPair(atClient.data.subarray(8 + 20))).toEqual(['172.23.96.23', '8.219.164.113']);
    expect((icmp[8 + 20 + 2]! << 8) | icmp[8 + 20 + 3]!).toBe(80);
  });

  it('a request larger than a SYN is a data segment (PSH+ACK), answered by an ACK', () => {
    const t = traceOn(ackFlannelYaml, { from: centos, to: '172.23.96.163:80', size: 1000 });
    const pk = capturePackets(t);
    const flags = new Set(pk.map((p) => p.data[14 + 20 + 13]));
    expect(flags).toEqual(new Set([0x18]));
    for (const p of pk) {
      const ip = p.data.subarray(14);
      const len = (ip[2]! << 8) | ip[3]!;
      expect(sums(ip, 20, len, sums(ip, 12, 20) + 6 + (len - 20))).toBe(0xffff);
    }
    expect((pk[0]!.data[16]! << 8) | pk[0]!.data[17]!).toBe(1000);
  });

  it('VXLAN: eth0 carries the outer header to UDP 8472, flannel.1 the inner packet', () => {
    const t = traceOn(ackFlannelYaml.replace('mode: vpc-route', 'mode: vxlan'), { from: centos, to: '172.23.96.163:80' });
    const pk = capturePackets(t);
    const wire = pk.find((p) => /10\.0\.0\.180 eth0$/.test(p.point))!;
    expect(ipPair(wire.data)).toEqual(['10.0.0.180', '10.0.1.206']);
    expect(wire.data[14 + 9]).toBe(17);
    expect((wire.data[36]! << 8) | wire.data[37]!).toBe(8472);
    // VXLAN header, inner Ethernet, inner IP
    expect(wire.data[42]).toBe(0x08);
    expect(ipPair(wire.data.subarray(50))).toEqual(['172.23.96.23', '172.23.96.163']);
    const tun = pk.find((p) => /10\.0\.0\.180 flannel\.1$/.test(p.point))!;
    expect(ipPair(tun.data)).toEqual(['172.23.96.23', '172.23.96.163']);
  });

  it('pcapng: a section, one interface per capture point, one packet block per capture', () => {
    const b = traceToPcapng(a2);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const types: number[] = [];
    for (let at = 0; at < b.length;) {
      const type = dv.getUint32(at, true);
      const len = dv.getUint32(at + 4, true);
      expect(len % 4).toBe(0);
      expect(dv.getUint32(at + len - 4, true)).toBe(len);
      types.push(type);
      at += len;
    }
    const points = new Set(capturePackets(a2).map((p) => p.point));
    expect(types[0]).toBe(0x0a0d0d0a);
    expect(types.filter((t) => t === 1)).toHaveLength(points.size);
    expect(types.filter((t) => t === 6)).toHaveLength(capturePackets(a2).length);
  });

  it('pcap: one file per point with the libpcap header', () => {
    const { points } = traceToPcap(a2);
    expect(points.map((p) => p.name)[0]).toBe(`${centos} eth0`);
    for (const p of points) {
      expect(new DataView(p.pcap.buffer).getUint32(0, true)).toBe(0xa1b2c3d4);
      expect(p.pcap.length).toBeGreaterThan(24);
    }
  });

  it('never throws on odd hops (no device, unparsable addresses)', () => {
    const odd: Trace = {
      ...a2,
      hops: [{ seq: 1, ns: 'x', device: 'eth0', dir: 'out', packet: { src: 'nonsense', dst: '::1', proto: 'TCP' } }, ...a2.hops],
      reply: null,
    };
    expect(() => traceToPcapng(odd)).not.toThrow();
    expect(capturePackets(odd).length).toBe(capturePackets({ ...a2, reply: null }).length);
  });
});

function ipPair(frame: Uint8Array): [string, string] {
  const ip = frame.subarray(14);
  return [ip.subarray(12, 16).join('.'), ip.subarray(16, 20).join('.')];
}

describe('traceToMarkdown with hostile text', () => {
  const evil = '`|</td><script>x</script> [link](javascript:alert(1)) **b** _i_';

  it('escapes HTML, table and inline syntax in the title, the notes and the reason', () => {
    const p = parseTopology(shopCalicoYaml);
    if (!p.ok) throw new Error('shop does not validate');
    const t = trace(compile(p.topology), { from: 'external:internet-client', to: `http://shop.example.com/${evil}` });
    const withNote = { ...t, reason: `${t.reason ?? ''} ${evil}`, hops: t.hops.map((h, i) => (i === 0 ? { ...h, note: evil, hook: evil } : h)) };
    const md = traceToMarkdown(withNote);
    expect(md).not.toMatch(/<script|<\/td>/);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(md.split('\n')[0]).toBe(`### Trace external:internet-client → http://shop.example.com/${mdText(evil)}, TCP`);
    // Every row has its six cells: no pipe from the text makes another.
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(md).toContain('&lt;/td&gt;&lt;script&gt;x&lt;/script&gt; \\[link\\](javascript:alert(1)) \\*\\*b\\*\\* \\_i\\_');
    expect(md).toMatch(/- \*\*reason\*\*: .*\\`\\\|&lt;\/td&gt;/);
  });

  it('writes control characters and direction overrides as their code', () => {
    expect(mdText('a\u001b[31mb\u202ec')).toBe('aU+001B\\[31mbU+202Ec');
  });

  it('shows ordinary text as it was', () => {
    expect(mdText('10.0.0.1:80 → 10.0.0.2:80 (rule -A KUBE-SERVICES -j DNAT)')).toBe('10.0.0.1:80 → 10.0.0.2:80 (rule -A KUBE-SERVICES -j DNAT)');
  });
});
