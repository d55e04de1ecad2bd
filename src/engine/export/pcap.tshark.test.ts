/**
 * The pcapng export read back by tshark, as a user would in Wireshark. tshark must be
 * installed (.ci/run installs Debian's package): this test fails, it does not skip, without it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, trace } from '../index';
import { parseTopology } from '../../model';
import { ackFlannelYaml } from '../../scenarios/ack-flannel';
import { traceToPcap, traceToPcapng, pcapFileName } from './index';

const dir = mkdtempSync(join(tmpdir(), 'hopscope-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(args: string[]): string {
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  if (r.error) {
    throw new Error(`tshark could not run (${r.error.message}): install it with \`apt-get install -y --no-install-recommends tshark\` (.ci/run does)`);
  }
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const p = parseTopology(ackFlannelYaml);
if (!p.ok) throw new Error('the built-in ACK document is invalid');
const dp = compile(p.topology);

describe('tshark reads the pcap export (A2: centos → ClusterIP 192.168.13.23:80 → nginx1 on ECS 206)', () => {
  const t = trace(dp, { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } });

  it('pcapng: the addresses at each capture point, request and reply', () => {
    const file = join(dir, 'a2.pcapng');
    writeFileSync(file, traceToPcapng(t, { topology: p.topology }));
    const out = tshark([
      '-r',
      file,
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-e',
      'frame.interface_name',
      '-e',
      'ip.src',
      '-e',
      'ip.dst',
      '-e',
      'tcp.flags.syn',
      '-e',
      'tcp.flags.ack',
    ]);
    const rows = out
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const byPoint = (re: RegExp, flagsAck: string) => rows.filter((r) => re.test(r[0]!) && r[4] === flagsAck).map((r) => `${r[1]} > ${r[2]}`);
    const syn = (re: RegExp) => byPoint(re, '0');
    const synAck = (re: RegExp) => byPoint(re, '1');
    const client = /^pod:default\/centos-67756b6dc8-rmmxt eth0$/;
    const n180veth = /^node:ap-southeast-1\.10\.0\.0\.180 veth[0-9a-f]{8}$/;
    const n180cni0 = /^node:ap-southeast-1\.10\.0\.0\.180 cni0$/;
    const n180eth0 = /^node:ap-southeast-1\.10\.0\.0\.180 eth0$/;
    const n206eth0 = /^node:ap-southeast-1\.10\.0\.1\.206 eth0$/;
    const n206cni0 = /^node:ap-southeast-1\.10\.0\.1\.206 cni0$/;
    const server = /^pod:default\/nginx1-76c99b49df-7plsr eth0$/;
    // the ClusterIP exists only in the client pod and on its veth
    expect(syn(client)).toEqual(['172.23.96.23 > 192.168.13.23']);
    expect(syn(n180veth)).toEqual(['172.23.96.23 > 192.168.13.23']);
    expect(syn(n180cni0)).toEqual(['172.23.96.23 > 172.23.96.163']);
    expect(syn(n180eth0)).toEqual(['172.23.96.23 > 172.23.96.163']);
    expect(syn(n206eth0)).toEqual(['172.23.96.23 > 172.23.96.163']);
    expect(syn(n206cni0)).toEqual(['172.23.96.23 > 172.23.96.163']);
    expect(syn(server)).toEqual(['172.23.96.23 > 172.23.96.163']);
    // the reply: from the pod IP until ECS 180's conntrack un-DNATs it after eth0
    expect(synAck(server)).toEqual(['172.23.96.163 > 172.23.96.23']);
    expect(synAck(n206eth0)).toEqual(['172.23.96.163 > 172.23.96.23']);
    expect(synAck(n180eth0)).toEqual(['172.23.96.163 > 172.23.96.23']);
    expect(synAck(n180cni0)).toEqual(['192.168.13.23 > 172.23.96.23']);
    expect(synAck(client)).toEqual(['192.168.13.23 > 172.23.96.23']);
    // every frame is on a named interface; there are no others
    expect(rows.every((r) => [client, n180veth, n180cni0, n180eth0, n206eth0, n206cni0, server].some((re) => re.test(r[0]!)) || /206 veth/.test(r[0]!))).toBe(
      true,
    );
  });

  it('pcapng: checksums verify and time increases', () => {
    const file = join(dir, 'a2-check.pcapng');
    writeFileSync(file, traceToPcapng(t));
    const out = tshark([
      '-r',
      file,
      '-o',
      'ip.check_checksum:TRUE',
      '-o',
      'tcp.check_checksum:TRUE',
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-e',
      'ip.checksum.status',
      '-e',
      'tcp.checksum.status',
      '-e',
      'frame.time_epoch',
    ]);
    const rows = out
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows.length).toBe(16); // 8 capture points see the SYN, the same 8 the SYN-ACK
    for (const r of rows) expect([r[0], r[1]]).toEqual(['1', '1']); // 1 = good
    const times = rows.map((r) => Number(r[2]));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
  });

  it('classic pcap per capture point: the node eth0 file holds the SYN and SYN-ACK with the pod IPs', () => {
    const point = traceToPcap(t).points.find((x) => x.name === 'node:ap-southeast-1.10.0.0.180 eth0')!;
    const file = join(dir, pcapFileName(point.name));
    writeFileSync(file, point.pcap);
    const out = tshark(['-r', file, '-T', 'fields', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'tcp.srcport', '-e', 'tcp.dstport']);
    expect(out.trim().split('\n')).toEqual(['172.23.96.23\t172.23.96.163\t41000\t80', '172.23.96.163\t172.23.96.23\t80\t41000']);
  });

  it('A3 refused: tshark decodes the ICMP port unreachable and the SYN it quotes', () => {
    const t3 = trace(dp, { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '8.219.164.113:80' });
    const file = join(dir, 'a3.pcapng');
    writeFileSync(file, traceToPcapng(t3));
    const out = tshark([
      '-r',
      file,
      '-Y',
      'icmp',
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-E',
      'occurrence=a',
      '-e',
      'frame.interface_name',
      '-e',
      'icmp.type',
      '-e',
      'icmp.code',
      '-e',
      'ip.src',
      '-e',
      'ip.dst',
      '-e',
      'icmp.checksum.status',
    ]);
    const rows = out.trim().split('\n');
    // ip.src/ip.dst list the outer header, then the quoted one (tshark joins them with its aggregator)
    expect(
      rows.filter((r) => /^pod:default\/centos-67756b6dc8-rmmxt eth0,3,3,8\.219\.164\.113\W172\.23\.96\.23,172\.23\.96\.23\W8\.219\.164\.113,1$/.test(r)),
    ).toHaveLength(1);
    expect(rows).toHaveLength(3); // cni0, the veth, the pod's eth0
  });

  it('VXLAN: on eth0 the outer header between the nodes, VNI 1, the inner packet inside', () => {
    const v = parseTopology(ackFlannelYaml.replace('mode: vpc-route', 'mode: vxlan'));
    if (!v.ok) throw new Error('invalid');
    const tv = trace(compile(v.topology), { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '172.23.96.163:80' });
    const file = join(dir, 'vxlan.pcapng');
    writeFileSync(file, traceToPcapng(tv));
    const out = tshark([
      '-r',
      file,
      '-d',
      'udp.port==8472,vxlan',
      '-Y',
      'vxlan',
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-E',
      'occurrence=a',
      '-e',
      'frame.interface_name',
      '-e',
      'ip.src',
      '-e',
      'ip.dst',
      '-e',
      'vxlan.vni',
    ]);
    const rows = out.trim().split('\n');
    expect(rows).toContain('node:ap-southeast-1.10.0.0.180 eth0,10.0.0.180,172.23.96.23,10.0.1.206,172.23.96.163,1');
    expect(rows).toContain('node:ap-southeast-1.10.0.1.206 eth0,10.0.1.206,172.23.96.163,10.0.0.180,172.23.96.23,1');
  });
});
