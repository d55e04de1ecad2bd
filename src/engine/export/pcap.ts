/**
 * The traced packets as each capture point would record them: one pcapng with an interface
 * per capture point (namespace + device, e.g. "node:ap-southeast-1.10.0.0.180 eth0"), or one
 * classic pcap per capture point. Pure: bytes are built by hand (no DOM, no Node).
 *
 * What "as tcpdump there would record them" means here (see docs/engine.md, "Conventions"):
 * - A hop without a device (vpc, slb:…) or without a direction (a frame a bridge forwards
 *   between two ports never reaches the bridge device's tap) is no capture point.
 * - An outgoing hop shows the packet after the namespace's processing (POSTROUTING, tc
 *   egress run before the tap), so it is written as the hop shows it.
 * - An arriving hop shows the packet after ingress processing; the tap sees it before, so the
 *   hop's rewrites (DNAT, un-DNAT, un-SNAT …) are undone. Exception: the bridge device
 *   (cni0) with br_netfilter on — PREROUTING already ran when the frame entered the bridge
 *   port, which is why a ClusterIP is never seen on cni0.
 * - A tunnel device (flannel.1, vxlan.calico, tunl0) carries the inner packet; the wire
 *   below it (eth0) the outer one: VXLAN (UDP, outer checksum 0 as Linux sends it) or IP-in-IP.
 * - Consecutive hops on the same device and direction (a decapsulation then a route lookup)
 *   are one captured packet.
 * - TCP is the SYN and, on the reply path, the SYN-ACK; a request larger than a SYN (a `size`
 *   above 60) is a data segment and its reply an ACK with data. UDP is a datagram, ICMP an echo
 *   request and its echo reply. An error sent back (`packet.icmp`) is a RST+ACK, or an ICMP
 *   error (port/net/host unreachable, fragmentation needed with the MTU, time exceeded)
 *   quoting the request's header as the receiver would see it. The IP total length is the
 *   hop's `size`. A router-like visit (a packet arriving, routed, leaving) takes one off
 *   the TTL. MAC addresses are made up, stable per device.
 */
import { concat } from '../bytes';
import { rewritesOf, type Hop, type PacketView, type Trace } from '../../model/trace';
import type { Topology } from '../../model/topology';

export interface PcapOptions {
  /** Capture time of the first packet, in milliseconds since 1970 (default 2024-01-01T00:00:00Z). */
  startMs?: number;
  /** Microseconds between consecutive hops (default 20); the reply starts 1 ms after the request ends. */
  hopMicros?: number;
  /** The document the trace ran on: read for each node's bridge-nf-call-iptables (default on). */
  topology?: Pick<Topology, 'nodes'>;
}

/** One packet as recorded at one capture point. */
export interface CapturedPacket {
  /** "NAMESPACE DEVICE", e.g. "pod:default/centos eth0". */
  point: string;
  linkType: LinkType;
  /** Microseconds since 1970. */
  tsMicros: number;
  data: Uint8Array;
  /** "request hop 4" / "reply hop 6", with the hop's rewrite if any. */
  comment: string;
}

/** LINKTYPE_ETHERNET, or LINKTYPE_RAW (bare IP) on an IP-in-IP tunnel device. */
export type LinkType = 1 | 101;

const DEFAULT_START_MS = Date.UTC(2024, 0, 1);
const TUNNEL_DEVICES = /^(flannel\.\d+|vxlan\.calico|vxlan-v6\.calico|tunl\d+|cilium_vxlan)$/;
const IPIP_DEVICES = /^tunl\d+$/;
const BRIDGE_DEVICES = /^(cni\d+|docker\d+|br-.*)$/;

// ---- small byte helpers ------------------------------------------------------------------

function ipBytes(ip: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const b = [m[1], m[2], m[3], m[4]].map(Number);
  return b.every((x) => x <= 255) ? b : null;
}

/** "1.2.3.4:80" → ["1.2.3.4", 80]; "1.2.3.4" → ["1.2.3.4", 0]. */
function splitAddr(a: string): { ip: string; port: number } {
  const i = a.lastIndexOf(':');
  if (i < 0) return { ip: a, port: 0 };
  const port = Number(a.slice(i + 1));
  return { ip: a.slice(0, i), port: Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 0 };
}

/** FNV-1a, 32 bits: stable made-up numbers (MACs, sequence numbers, IP IDs). */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A locally administered unicast MAC, stable for a name. */
function macFor(name: string): number[] {
  const a = fnv(name);
  const b = fnv(`mac ${name}`);
  return [0x02, (a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, b & 0xff];
}

function checksum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  for (let i = start; i < end; i += 2) {
    sum += (bytes[i]! << 8) | (i + 1 < end ? bytes[i + 1]! : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function pseudoHeaderSum(src: number[], dst: number[], proto: number, length: number): number {
  return ((src[0]! << 8) | src[1]!) + ((src[2]! << 8) | src[3]!) + ((dst[0]! << 8) | dst[1]!) + ((dst[2]! << 8) | dst[3]!) + proto + length;
}

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function put32(b: Uint8Array, at: number, v: number): void {
  put16(b, at, (v >>> 16) & 0xffff);
  put16(b, at + 2, v & 0xffff);
}

// ---- packet building ---------------------------------------------------------------------

interface Segment {
  /** IP protocol number: 6 TCP, 17 UDP, 1 ICMP, 4 IP-in-IP. */
  proto: number;
  bytes: Uint8Array;
}

function ipv4(src: number[], dst: number[], seg: Segment, opts: { id: number; ttl: number; df: boolean }): Uint8Array {
  const len = 20 + seg.bytes.length;
  const b = new Uint8Array(len);
  b[0] = 0x45;
  put16(b, 2, len);
  put16(b, 4, opts.id & 0xffff);
  put16(b, 6, opts.df ? 0x4000 : 0);
  b[8] = Math.max(1, Math.min(255, opts.ttl));
  b[9] = seg.proto;
  b.set(src, 12);
  b.set(dst, 16);
  put16(b, 10, checksum(b, 0, 20));
  b.set(seg.bytes, 20);
  return b;
}

function ethernet(dstMac: number[], srcMac: number[], payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(14 + payload.length);
  b.set(dstMac, 0);
  b.set(srcMac, 6);
  put16(b, 12, 0x0800);
  b.set(payload, 14);
  return b;
}

type Flavor = 'request' | 'reply';

/** ICMP type and code of an error the engine names ("ICMP port unreachable"). */
function icmpError(text: string): [number, number] | null {
  if (/port unreachable/i.test(text)) return [3, 3];
  if (/net unreachable/i.test(text)) return [3, 0];
  if (/host unreachable/i.test(text)) return [3, 1];
  if (/fragmentation needed/i.test(text)) return [3, 4];
  if (/time exceeded/i.test(text)) return [11, 0];
  if (/prohibited/i.test(text)) return [3, 13];
  return null;
}

/** The L4 segment of the traced packet, `payload` bytes of zeros after its header. */
/** What the request looked like (an ICMP error quotes it; a reply answers a SYN or data). */
interface RequestShape {
  packet: PacketView;
  data: boolean;
}

function l4(p: PacketView, src: number[], dst: number[], flavor: Flavor, conn: string, request: RequestShape): Segment | null {
  const s = splitAddr(p.src);
  const d = splitAddr(p.dst);
  const size = p.size ?? 60;
  const err = p.icmp !== undefined && p.icmp !== 'TCP RST' ? icmpError(p.icmp) : null;
  if (err) {
    // the quoted datagram: the request's header as this receiver knows it (its source is us)
    const q = request.packet;
    const qs = ipBytes(splitAddr(p.dst).ip);
    const qd = ipBytes(splitAddr(q.dst).ip);
    if (!qs || !qd) return null;
    const inner = l4({ ...q, src: `${p.dst.split(':')[0]}:${splitAddr(q.src).port}`, icmp: undefined }, qs, qd, 'request', conn, request);
    if (!inner) return null;
    const quoted = ipv4(qs, qd, inner, { id: fnv(`id ${conn} request`) & 0xffff, ttl: 64, df: q.df ?? q.proto === 'TCP' }).subarray(0, 28);
    const b = new Uint8Array(8 + quoted.length);
    b[0] = err[0];
    b[1] = err[1];
    if (err[0] === 3 && err[1] === 4) put16(b, 6, Math.max(68, Math.min(65535, Number(/(\d{3,5})/.exec(p.icmp ?? '')?.[1] ?? 1500))));
    b.set(quoted, 8);
    put16(b, 2, checksum(b, 0, b.length));
    return { proto: 1, bytes: b };
  }
  if (p.proto === 'TCP') {
    const clientIsn = fnv(`isn ${conn}`);
    const serverIsn = fnv(`isn reply ${conn}`);
    const reset = p.icmp === 'TCP RST';
    // A Linux SYN / SYN-ACK carries 20 bytes of options (MSS, SACK permitted, timestamps, NOP,
    // window scale); a data segment or its ACK 12 (NOP, NOP, timestamps); a RST none.
    const syn = !reset && !request.data;
    const optLen = reset ? 0 : syn ? 20 : 12;
    const hdr = 20 + optLen;
    const payload = reset ? 0 : Math.max(0, size - 20 - hdr);
    const b = new Uint8Array(hdr + payload);
    put16(b, 0, s.port);
    put16(b, 2, d.port);
    const seq = flavor === 'request' ? (syn ? clientIsn : clientIsn + 1) : reset ? 0 : syn ? serverIsn : serverIsn + 1;
    const ack = flavor === 'request' ? (syn ? 0 : serverIsn + 1) : request.data ? clientIsn + 1 + Math.max(0, (request.packet.size ?? 60) - 52) : clientIsn + 1;
    put32(b, 4, seq >>> 0);
    put32(b, 8, ack >>> 0);
    b[12] = (hdr / 4) << 4;
    // SYN, SYN+ACK, RST+ACK, or data (PSH+ACK; a bare ACK when it carries nothing)
    b[13] = reset ? 0x14 : syn ? (flavor === 'request' ? 0x02 : 0x12) : payload > 0 ? 0x18 : 0x10;
    put16(b, 14, reset ? 0 : flavor === 'request' ? 64240 : 65160);
    const tsval = fnv(`ts ${conn} ${flavor}`);
    const tsecr = flavor === 'request' ? (syn ? 0 : fnv(`ts ${conn} reply`)) : fnv(`ts ${conn} request`);
    if (syn) {
      b.set([2, 4, 0x05, 0xb4, 4, 2, 8, 10], 20); // MSS 1460, SACK permitted, TS kind/len
      put32(b, 28, tsval);
      put32(b, 32, tsecr);
      b.set([1, 3, 3, 7], 36); // NOP, window scale 7
    } else if (!reset) {
      b.set([1, 1, 8, 10], 20); // NOP, NOP, TS kind/len
      put32(b, 24, tsval);
      put32(b, 28, tsecr);
    }
    put16(b, 16, checksum(b, 0, b.length, pseudoHeaderSum(src, dst, 6, b.length)));
    return { proto: 6, bytes: b };
  }
  if (p.proto === 'UDP') {
    const len = Math.max(8, size - 20);
    const b = new Uint8Array(len);
    put16(b, 0, s.port);
    put16(b, 2, d.port);
    put16(b, 4, len);
    const c = checksum(b, 0, len, pseudoHeaderSum(src, dst, 17, len));
    put16(b, 6, c === 0 ? 0xffff : c);
    return { proto: 17, bytes: b };
  }
  if (p.proto === 'ICMP') {
    const len = Math.max(8, size - 20);
    const b = new Uint8Array(len);
    b[0] = flavor === 'request' ? 8 : 0; // echo request / echo reply
    put16(b, 4, fnv(`icmp id ${conn}`) & 0xffff);
    put16(b, 6, 1);
    put16(b, 2, checksum(b, 0, len));
    return { proto: 1, bytes: b };
  }
  return null;
}

/** The outer header of an encapsulated packet: VXLAN over UDP, or IP-in-IP. */
function encapsulate(
  outer: NonNullable<PacketView['outer']>,
  innerIp: Uint8Array,
  innerMacs: { src: number[]; dst: number[] },
  id: number,
  ttl: number,
  df: boolean,
): Uint8Array | null {
  const src = ipBytes(outer.src);
  const dst = ipBytes(outer.dst);
  if (!src || !dst) return null;
  if (/ipip/i.test(outer.proto)) return ipv4(src, dst, { proto: 4, bytes: innerIp }, { id, ttl, df });
  // "UDP 41000 → 8472"
  const ports = /(\d+)\D+(\d+)/.exec(outer.proto);
  const sport = ports ? Number(ports[1]) & 0xffff : 0;
  const dport = ports ? Number(ports[2]) & 0xffff : 4789;
  const inner = ethernet(innerMacs.dst, innerMacs.src, innerIp);
  const udp = new Uint8Array(8 + 8 + inner.length);
  put16(udp, 0, sport);
  put16(udp, 2, dport);
  put16(udp, 4, udp.length);
  // checksum 0: Linux's vxlan devices send outer UDP without a checksum (udp6zerocsumtx aside)
  udp[8] = 0x08; // VXLAN flags: VNI present
  const vni = outer.vni ?? 1;
  udp[12] = (vni >>> 16) & 0xff;
  udp[13] = (vni >>> 8) & 0xff;
  udp[14] = vni & 0xff;
  udp.set(inner, 16);
  return ipv4(src, dst, { proto: 17, bytes: udp }, { id, ttl, df });
}

// ---- from hops to captured packets -------------------------------------------------------

/** The packet a tap before ingress processing saw: this hop's rewrites undone, last first. */
function beforeRewrites(hops: readonly Hop[]): PacketView {
  const first = hops[0]!;
  let src = first.packet.src;
  let dst = first.packet.dst;
  const rewrites = hops.flatMap(rewritesOf);
  for (const r of [...rewrites].reverse()) {
    if (r.type === 'ENCAP' || r.type === 'DECAP') continue;
    const onSource = r.type === 'SNAT' || r.type === 'MASQUERADE' || r.type === 'un-DNAT';
    if (onSource && src === r.to) src = r.from;
    else if (!onSource && dst === r.to) dst = r.from;
    else if (src === r.to) src = r.from;
    else if (dst === r.to) dst = r.from;
  }
  return { ...first.packet, src, dst };
}

function bridgeNfOn(topology: PcapOptions['topology'], hop: Hop): boolean {
  const node = hop.node ?? (hop.ns.startsWith('node:') ? hop.ns.slice(5) : undefined);
  const n = topology?.nodes.find((x) => x.name === node);
  return n?.kernel?.bridgeNfCallIptables ?? true;
}

function describeHop(path: string, hops: readonly Hop[]): string {
  const h = hops[0]!;
  const rw = hops.flatMap(rewritesOf);
  const seqs = hops.map((x) => x.seq).join('+');
  return `${path} hop ${seqs}: ${h.ns} ${h.device} ${h.dir}${rw.length > 0 ? `; ${rw.map((r) => `${r.type} ${r.from} → ${r.to}`).join('; ')}` : ''}`;
}

function capturePath(
  hops: readonly Hop[],
  flavor: Flavor,
  path: string,
  conn: string,
  t0: number,
  step: number,
  opts: PcapOptions,
  request: RequestShape,
): CapturedPacket[] {
  const out: CapturedPacket[] = [];
  let ttl = 64;
  // TTL: a visit of a node or router namespace in which the packet arrived, was routed and
  // left takes one off (a bridged frame is not routed).
  let visitNs = '';
  let visitRouted = false;
  let decremented = false;
  const ipId = fnv(`id ${conn} ${flavor}`) & 0xffff;
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    if (h.ns !== visitNs) {
      visitNs = h.ns;
      visitRouted = false;
      decremented = false;
    }
    if (h.dir === 'in' && /^route /.test(h.note ?? '')) visitRouted = true;
    if (h.dir === 'out' && visitRouted && !decremented && /^(node|router):/.test(h.ns)) {
      decremented = true;
      ttl -= 1;
    }
    if (!h.device || !h.dir) continue;
    // one captured packet for consecutive hops on the same device and direction
    const group = [h];
    while (i + 1 < hops.length && hops[i + 1]!.ns === h.ns && hops[i + 1]!.device === h.device && hops[i + 1]!.dir === h.dir) {
      group.push(hops[++i]!);
    }
    const onTunnel = TUNNEL_DEVICES.test(h.device);
    let view: PacketView;
    if (h.dir === 'out') view = group.at(-1)!.packet;
    else if (BRIDGE_DEVICES.test(h.device) && bridgeNfOn(opts.topology, h)) view = h.packet;
    else view = beforeRewrites(group);
    const src = ipBytes(splitAddr(view.src).ip);
    const dst = ipBytes(splitAddr(view.dst).ip);
    if (!src || !dst) continue;
    const seg = l4(view, src, dst, flavor, conn, request);
    if (!seg) continue;
    const innerIp = ipv4(src, dst, seg, { id: ipId, ttl, df: view.df ?? view.proto === 'TCP' });
    const point = `${h.ns} ${h.device}`;
    const prev = hops[i - group.length];
    const next = hops[i + 1];
    // the far end: where the frame came from (in) or goes to (out)
    const far =
      h.dir === 'in' ? (prev?.device ? `${prev.ns} ${prev.device}` : `peer of ${point}`) : next?.device ? `${next.ns} ${next.device}` : `peer of ${point}`;
    const local = macFor(point);
    const remote = macFor(far);
    const macs = h.dir === 'in' ? { src: remote, dst: local } : { src: local, dst: remote };
    let data: Uint8Array | null;
    let linkType: LinkType = 1;
    if (view.outer && !onTunnel) {
      const innerMacs = { src: macFor(`vtep ${view.outer.src}`), dst: macFor(`vtep ${view.outer.dst}`) };
      // the outer header is built by the sending host (TTL 64); the VPC fabric is not a hop here
      const outerIp = encapsulate(view.outer, innerIp, innerMacs, ipId ^ 0x5a5a, 64, view.df ?? false);
      data = outerIp ? ethernet(macs.dst, macs.src, outerIp) : null;
    } else if (IPIP_DEVICES.test(h.device)) {
      linkType = 101;
      data = innerIp;
    } else {
      data = ethernet(macs.dst, macs.src, innerIp);
    }
    if (!data) continue;
    out.push({ point, linkType, tsMicros: t0 + (i - group.length + 1) * step, data, comment: describeHop(path, group) });
  }
  return out;
}

/** Every packet every capture point recorded, in time order. */
export function capturePackets(trace: Trace, opts: PcapOptions = {}): CapturedPacket[] {
  const step = opts.hopMicros ?? 20;
  const start = (opts.startMs ?? DEFAULT_START_MS) * 1000;
  const conn = `${trace.request.from} ${trace.request.to} ${trace.request.protocol ?? 'TCP'}`;
  // Hops of an ingress controller's second connection (leg 2) are another connection.
  const legs = (hops: readonly Hop[]): Hop[][] => {
    const byLeg = new Map<number, Hop[]>();
    for (const h of hops) byLeg.set(h.leg ?? 1, [...(byLeg.get(h.leg ?? 1) ?? []), h]);
    return [...byLeg.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  };
  const out: CapturedPacket[] = [];
  let t = start;
  const shapes: RequestShape[] = [];
  for (const [i, hops] of legs(trace.hops).entries()) {
    const first = hops[0]!.packet;
    const shape = { packet: first, data: first.proto === 'TCP' && (first.size ?? 60) > 60 };
    shapes.push(shape);
    const pkts = capturePath(hops, 'request', 'request', `${conn} leg ${i + 1}`, t, step, opts, shape);
    out.push(...pkts);
    t = (pkts.at(-1)?.tsMicros ?? t) + step;
  }
  if (trace.reply) {
    t += 1000;
    for (const [i, hops] of legs(trace.reply.hops).entries()) {
      const shape = shapes[i] ?? shapes[0] ?? { packet: hops[0]!.packet, data: false };
      const pkts = capturePath(hops, 'reply', 'reply', `${conn} leg ${i + 1}`, t, step, opts, shape);
      out.push(...pkts);
      t = (pkts.at(-1)?.tsMicros ?? t) + step;
    }
  }
  return out.sort((a, b) => a.tsMicros - b.tsMicros);
}

/** Capture points in the order the packet first reached them. */
function points(packets: readonly CapturedPacket[]): { name: string; linkType: LinkType }[] {
  const seen = new Map<string, LinkType>();
  for (const p of packets) if (!seen.has(p.point)) seen.set(p.point, p.linkType);
  return [...seen.entries()].map(([name, linkType]) => ({ name, linkType }));
}

// ---- file formats ------------------------------------------------------------------------

function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** A little-endian writer. */
class Writer {
  private chunks: Uint8Array[] = [];
  u8(...v: number[]): this {
    this.chunks.push(Uint8Array.from(v));
    return this;
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.chunks.push(b);
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.chunks.push(b);
    return this;
  }
  bytes(b: Uint8Array, padTo4 = false): this {
    this.chunks.push(b);
    if (padTo4 && pad4(b.length) > b.length) this.chunks.push(new Uint8Array(pad4(b.length) - b.length));
    return this;
  }
  /** A pcapng option: code, length, value padded to 32 bits. */
  option(code: number, value: Uint8Array): this {
    return this.u16(code).u16(value.length).bytes(value, true);
  }
  done(): Uint8Array {
    return concat(this.chunks);
  }
}

function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + body.length;
  return new Writer().u32(type).u32(len).bytes(body).u32(len).done();
}

/**
 * One pcapng file: a section, one interface per capture point (if_name "NAMESPACE DEVICE"),
 * each packet an enhanced packet block on its interface with a comment naming its hop.
 */
export function traceToPcapng(trace: Trace, opts: PcapOptions = {}): Uint8Array {
  const packets = capturePackets(trace, opts);
  const ifaces = points(packets);
  const index = new Map(ifaces.map((p, i) => [p.name, i]));
  const parts: Uint8Array[] = [];
  const shb = new Writer()
    .u32(0x1a2b3c4d)
    .u16(1)
    .u16(0)
    .u32(0xffffffff)
    .u32(0xffffffff) // section length: unknown
    .option(4, utf8('Hopscope (simulated capture)'))
    .u32(0)
    .done();
  parts.push(block(0x0a0d0d0a, shb));
  for (const p of ifaces) {
    const idb = new Writer()
      .u16(p.linkType)
      .u16(0)
      .u32(262144)
      .option(2, utf8(p.name))
      .option(9, Uint8Array.of(6)) // if_tsresol: microseconds
      .u32(0)
      .done();
    parts.push(block(1, idb));
  }
  for (const p of packets) {
    const ts = Math.round(p.tsMicros);
    const epb = new Writer()
      .u32(index.get(p.point)!)
      .u32(Math.floor(ts / 2 ** 32))
      .u32(ts % 2 ** 32)
      .u32(p.data.length)
      .u32(p.data.length)
      .bytes(p.data, true)
      .option(1, utf8(p.comment))
      .u32(0)
      .done();
    parts.push(block(6, epb));
  }
  return concat(parts);
}

/** One classic pcap (libpcap 2.4, microseconds) per capture point, in the order the packet reached them. */
export function traceToPcap(trace: Trace, opts: PcapOptions = {}): { points: { name: string; pcap: Uint8Array }[] } {
  const packets = capturePackets(trace, opts);
  return {
    points: points(packets).map(({ name, linkType }) => {
      const w = new Writer().u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(262144).u32(linkType);
      for (const p of packets.filter((x) => x.point === name)) {
        const sec = Math.floor(p.tsMicros / 1e6);
        w.u32(sec)
          .u32(p.tsMicros - sec * 1e6)
          .u32(p.data.length)
          .u32(p.data.length)
          .bytes(p.data);
      }
      return { name, pcap: w.done() };
    }),
  };
}

/** A file name for a capture point: "node_ap-southeast-1.10.0.0.180_eth0.pcap". */
export function pcapFileName(point: string): string {
  return `${point.replace(/[^A-Za-z0-9.-]+/g, '_')}.pcap`;
}
