/**
 * `trace(dataplane, request)`: resolves the request's endpoints, walks the packet and its
 * reply, and summarises the verdict. With `choice: {all: true}` every load-balancing branch
 * is walked, and equivalent ones are reported as one outcome with their summed probability.
 */
import { intToIp, ipToInt } from '../model/cidr';
import { podRef } from '../model/topology';
import type { Endpoint, Hop, Reason, Trace, TraceProtocol, TraceRequest } from '../model';
import type { Dataplane, Netns } from './dataplane';
import { lookupRoute, sourceFor } from './netns';
import { copyPkt, newPkt, tupleOf, type Pkt } from './packet';
import { findPicked, optionP, optionTo } from './choices';
import { note, type Chooser, type End } from './hop';
import { Walker } from './walk';
import { newAffinity, type Affinity } from './hop';
import { parseUrl, routeIngress } from './ingress';
import type { ServicePortInfo } from './dataplane';
import { mulberry32 } from '../model/rng';
import { allOf, because, wordReason } from './said';
import { healthOf } from './proxy/endpoints';
import { nodeId, podId } from '../model/element-id';
import { forkModule } from './fork/lazy';
import { healthCheckServiceAt, hostPodAt } from './delivery-index';
import { servicePortsNamed } from './service-index';

/** A request that names nothing in the topology, or is malformed. The message says which field and how to fix it. */
export class RequestError extends Error {}

const CLIENT_PORT = 41000;

interface Resolved {
  nsId: string;
  ns?: Netns;
  src: number | undefined;
  dst: number;
  dport: number;
  proto: TraceProtocol;
  size: number;
  df: boolean;
}

function parseHostPort(s: string, proto: TraceProtocol, field: string): { ip: number; port: number } {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(s.trim());
  if (!m || Number.isNaN(ipToInt(m[1]!))) {
    throw new RequestError(`${field}: '${s}' is not IP:PORT, pod:NS/NAME or svc:NS/NAME:PORT (e.g. 192.168.13.23:80)`);
  }
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (proto !== 'ICMP' && port === undefined) throw new RequestError(`${field}: ${proto} needs a port: write ${m[1]}:PORT, or use protocol ICMP for ping`);
  if (port !== undefined && (port < 1 || port > 65535)) throw new RequestError(`${field}: port ${port} is outside 1-65535`);
  return { ip: ipToInt(m[1]!), port: port ?? 0 };
}

function resolveTo(dp: Dataplane, to: string, proto: TraceProtocol): { ip: number; port: number } {
  if (!to.startsWith('svc:')) {
    if (to.startsWith('pod:')) {
      const [ref, port] = splitPort(to.slice(4));
      const pod = dp.podsByRef.get(ref);
      if (!pod) throw new RequestError(`to: no pod ${ref} in the topology`);
      return { ip: ipToInt(pod.ip), port: port === undefined ? (proto === 'ICMP' ? 0 : (pod.ports[0]?.containerPort ?? 80)) : Number(port) };
    }
    return parseHostPort(to, proto, 'to');
  }
  const [body, at] = to.slice(4).split('@') as [string, string | undefined];
  const [ref, portText] = splitPort(body);
  const sps = servicePortsNamed(dp, ref);
  if (sps.length === 0) throw new RequestError(`to: no service ${ref} in the topology (write svc:NAMESPACE/NAME:PORT)`);
  const sp = portText === undefined ? sps[0]! : sps.find((x) => String(x.port.port) === portText || x.port.name === portText);
  if (!sp) throw new RequestError(`to: service ${ref} has no port ${portText} (ports: ${sps.map((x) => x.port.port).join(', ')})`);
  if (at === undefined) return { ip: sp.clusterIP, port: sp.port.port };
  if (at === 'lb') {
    if (sp.lbIP !== undefined) return { ip: sp.lbIP, port: sp.port.port };
    if (sp.externalIPs[0] !== undefined) return { ip: sp.externalIPs[0], port: sp.port.port };
    throw new RequestError(`to: service ${ref} has no load balancer or external IP (@lb needs type LoadBalancer with loadBalancer set)`);
  }
  if (at.startsWith('node:')) {
    const node = dp.nodesByName.get(at.slice(5));
    if (!node) throw new RequestError(`to: no node ${at.slice(5)} in the topology`);
    if (sp.port.nodePort === undefined) throw new RequestError(`to: service ${ref} port ${sp.port.port} has no nodePort (type ${sp.svc.type})`);
    return { ip: ipToInt(node.ip), port: sp.port.nodePort };
  }
  throw new RequestError(`to: '@${at}' is not understood: use @lb or @node:NAME`);
}

function splitPort(s: string): [string, string | undefined] {
  const i = s.lastIndexOf(':');
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** Where a request starts: its namespace (built, when the dataplane holds it) and the client's address, if `from` fixes one. */
interface Start {
  nsId: string;
  src?: number;
  ns?: Netns;
}

/**
 * The starts of the dataplane's own namespaces by the `from` text that named them. A warm trace
 * otherwise reads the pod record, its name and address and two maps' entries, each a cache miss
 * at 1,000 nodes (what a trace did before its walk took 6.7 µs warm, 1.7 in cache); one entry
 * here holds it all. An anonymous internet host is its walker's own, so it is not kept.
 */
const startsOf = new WeakMap<Dataplane, Map<string, Start>>();
/** Texts kept per dataplane: ample for every pod, node and external by name and address. */
const MAX_STARTS = 1 << 17;

function resolveFrom(dp: Dataplane, w: Walker, from: string): Start {
  let starts = startsOf.get(dp);
  if (!starts) startsOf.set(dp, (starts = new Map()));
  const known = starts.get(from);
  if (known) return known;
  const start = startOf(dp, w, from);
  const ns = dp.ns(start.nsId);
  if (ns) {
    if (starts.size >= MAX_STARTS) starts.clear();
    starts.set(from, { ...start, ns });
  }
  return start;
}

function startOf(dp: Dataplane, w: Walker, from: string): Start {
  if (from.startsWith('pod:')) {
    const pod = dp.podsByRef.get(from.slice(4));
    if (!pod) throw new RequestError(`from: no pod ${from.slice(4)} in the topology (write pod:NAMESPACE/NAME)`);
    if (pod.hostNetwork) return { nsId: nodeId(pod.node) };
    return { nsId: podId(pod), src: ipToInt(pod.ip) };
  }
  if (from.startsWith('node:')) {
    if (!dp.nodesByName.has(from.slice(5))) throw new RequestError(`from: no node ${from.slice(5)} in the topology`);
    return { nsId: from };
  }
  if (from.startsWith('external:')) {
    const e = dp.externalsByName.get(from.slice(9));
    if (!e) throw new RequestError(`from: no external ${from.slice(9)} in the topology`);
    return { nsId: from, src: ipToInt(e.ip) };
  }
  const ip = ipToInt(from.trim());
  if (Number.isNaN(ip)) throw new RequestError(`from: '${from}' is not pod:NS/NAME, node:NAME, external:NAME or an IP`);
  const owner = dp.owners.get(ip);
  if (owner) return { nsId: owner, src: ip };
  return { nsId: w.anonymousHost(ip).id, src: ip };
}

function resolve(dp: Dataplane, w: Walker, req: TraceRequest): Resolved {
  const proto = (req.protocol ?? 'TCP').toUpperCase() as TraceProtocol;
  if (!['TCP', 'UDP', 'ICMP'].includes(proto)) throw new RequestError(`protocol: '${req.protocol}' is not TCP, UDP or ICMP`);
  if (typeof req.from !== 'string' || !req.from) throw new RequestError('from: missing (e.g. pod:default/centos)');
  if (typeof req.to !== 'string' || !req.to) throw new RequestError('to: missing (e.g. 192.168.13.23:80)');
  const size = req.size ?? 60;
  if (!Number.isInteger(size) || size < 28 || size > 65535) throw new RequestError(`size: ${size} must be an IP total length between 28 and 65535 bytes`);
  const f = resolveFrom(dp, w, req.from);
  const t = resolveTo(dp, req.to, proto);
  return { nsId: f.nsId, ns: f.ns, src: f.src, dst: t.ip, dport: t.port, proto, size, df: req.df ?? proto === 'TCP' };
}

/** The source address the kernel picks for a socket in `ns` talking to `dst`. */
function pickSource(ns: Netns, dst: number): number {
  if (ns.local.has(dst)) return dst;
  const r = lookupRoute(ns, dst);
  if (!r) return [...ns.devices.values()].find((d) => d.kind !== 'loopback' && d.addrs.length > 0)?.addrs[0]?.ip ?? 0;
  return r.src ?? sourceFor(ns, r.dev, r.via ?? dst) ?? 0;
}

/** One walk of a request (for fork/search.ts). */
export interface Run {
  /** The client's source address. */
  src: number;
  end: End;
  hops: Hop[];
  replyEnd?: End;
  replyHops: Hop[];
  walker: Walker;
  path: string[];
  p: number;
  server?: { ns: Netns; pkt: Pkt };
  /** Where the ICMP error / TCP reset of a refused or unreachable request ended. */
  errorEnd?: End;
  /** An HTTP answer the ingress controller gave itself, and why. */
  http?: { status: number; why: Reason };
}

const MAX_REPEAT = 16;

/** A chooser that also writes down the branch taken and its probability. */
function recorded(choose: Chooser, taken: { path: string[]; p: number }): Chooser {
  return (options, classes) => {
    const k = choose(options, classes);
    taken.path.push(optionTo(options, k));
    taken.p *= optionP(options, k);
    return k;
  };
}

/** The server's answer to `x`: back from where it was delivered to where it came from. */
const replyTo = (x: Pkt): Pkt => newPkt({ src: x.dst, sport: x.dport, dst: x.src, dport: x.sport, proto: x.proto, size: 60, df: x.proto === 'TCP' });

export function runOnce(dp: Dataplane, req: TraceRequest, choose: Chooser): Run {
  const taken = { path: [] as string[], p: 1 };
  const chooser = recorded(choose, taken);
  const path = taken.path;
  const affinity = newAffinity();
  const w = (dp.lastWalk = new Walker(dp, chooser, affinity));
  const url = typeof req.to === 'string' ? parseUrl(req.to) : undefined;
  const target = url ? routeIngress(dp, url) : undefined;
  if (target && 'error' in target) throw new RequestError(target.error);
  const first: TraceRequest = target ? { ...req, to: frontendOf(target.controller), protocol: 'TCP' } : req;
  const r = resolve(dp, w, first);
  const ns = r.ns ?? w.ns(r.nsId)!;
  const src = r.src ?? pickSource(ns, r.dst);
  const repeat = req.repeat ?? 0;
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > MAX_REPEAT)
    throw new RequestError(`repeat: ${repeat} must be a whole number of earlier connections from 0 to ${MAX_REPEAT}`);
  const after = req.after ?? [];
  if (!Array.isArray(after) || after.length + repeat > MAX_REPEAT)
    throw new RequestError(`after: at most ${MAX_REPEAT} earlier connections in all (after and repeat together)`);
  // Oldest first: the `after` list, then the `repeat` copies of this request; each from its own source port.
  if (after.length + repeat > 0) {
    const earlierOnes: TraceRequest[] = [...after.map((a) => ({ ...first, ...a, after: undefined })), ...Array.from({ length: repeat }, () => first)];
    earlierOnes.forEach((e, i) => walkEarlier(dp, chooser, affinity, e, i, CLIENT_PORT - earlierOnes.length + i));
  }
  const pkt = newPkt({ src, sport: CLIENT_PORT, dst: r.dst, dport: r.proto === 'ICMP' ? 0 : r.dport, proto: r.proto, size: r.size, df: r.df });
  const client1 = { ns: ns.id, tuple: { proto: pkt.proto, src: pkt.src, dst: pkt.dst, sport: pkt.sport, dport: pkt.dport } };
  w.client = client1;
  const end = w.originate(ns, pkt);
  const hops = w.hops;
  const run: Run = { end, hops, replyHops: [], walker: w, path, p: 1, src };
  // Ingress: the controller pod terminates the client's connection and opens its own.
  let leg2: { server: { ns: Netns; pkt: Pkt }; rule: string; service: string } | undefined;
  let proxyEnd: End | undefined;
  if (target && !('error' in target) && end.kind === 'delivered') {
    const proxy = end;
    const at = w.hop(proxy.ns.id, null, null, proxy.pkt);
    at.hook = 'L7 proxy';
    const rule = target.rule
      ? `Ingress ${target.ingress!.namespace}/${target.ingress!.name} rule ${url!.host}${target.rule.path} (${target.rule.pathType})`
      : undefined;
    // ingress-nginx answers by itself when no rule matches (its default backend: 404) or the
    // upstream has no endpoints (503): the client's connection completes and carries that response.
    if (!target.backend) {
      note(at, because('ingress404Note', { host: url!.host, path: url!.path }));
      at.httpStatus = 404;
      run.http = { status: 404, why: because('http404', { host: url!.host, path: url!.path }) };
    } else {
      const b = target.backend;
      const ready = b.endpoints.filter((e) => e.ready);
      const eps = ready.length > 0 ? ready : b.endpoints.filter((e) => e.serving);
      if (eps.length === 0) {
        note(at, because('ingress503Note', { rule: rule ?? '', service: b.spn }));
        at.httpStatus = 503;
        run.http = { status: 503, why: because('http503', { rule: rule ?? '', service: b.spn }) };
      } else {
        const options = eps.map((e) => ({ to: `${intToIp(e.ip)}:${e.port}`, p: 1 / eps.length, via: `${e.pod.namespace}/${e.pod.name}` }));
        const k = w.pick(options, () => forkModule().endpointClassesAt(w, options));
        at.choices = options;
        note(at, because('ingressBalances', { rule: rule ?? '', service: b.spn, src: intToIp(proxy.pkt.dst) }));
        const e = eps[k]!;
        const pkt2 = newPkt({ src: proxy.pkt.dst, sport: CLIENT_PORT + 1, dst: e.ip, dport: e.port, proto: 'TCP', size: r.size, df: true });
        w.client = { ns: proxy.ns.id, tuple: { proto: 'TCP', src: pkt2.src, dst: pkt2.dst, sport: pkt2.sport, dport: pkt2.dport } };
        const start = w.hops.length;
        const end2 = w.originate(proxy.ns, pkt2);
        if (end2.kind === 'delivered') {
          proxyEnd = proxy;
          run.end = end2;
          leg2 = { server: { ns: end2.ns, pkt: copyPkt(end2.pkt) }, rule: rule ?? '', service: b.spn };
        } else {
          // The upstream connect failed: a reset or ICMP error that reaches the controller is an
          // error (502), silence a timeout (504); the client still gets nginx's answer.
          let heard = false;
          if (end2.error) {
            w.phase = 'error';
            heard = sendBack(w, end2.error).kind === 'delivered';
            w.phase = 'request';
          }
          run.http = upstreamFailed(w, proxy, heard ? 502 : 504, rule ?? '', b.spn, end2.why);
          w.client = client1;
        }
        for (const h of w.hops.slice(start)) h.leg = 2;
      }
    }
  }
  const final = run.end;
  if (final.kind !== 'delivered' && final.error) {
    // The error the kernel sends back (ICMP or a TCP reset) walks home like any packet.
    w.phase = 'error';
    w.hops = [];
    const back = sendBack(w, final.error);
    run.replyHops = w.hops;
    run.errorEnd = back;
  }
  if (final.kind === 'delivered') {
    run.server = { ns: final.ns, pkt: copyPkt(final.pkt) };
    w.phase = 'reply';
    w.hops = [];
    run.replyEnd = w.originate(final.ns, replyTo(final.pkt));
    if (leg2 && proxyEnd && proxyEnd.kind === 'delivered') {
      // The backend's answer never reached the controller: nginx's upstream timer runs out (504).
      if (run.replyEnd.kind !== 'delivered') run.http = upstreamFailed(w, proxyEnd, 504, leg2.rule, leg2.service, run.replyEnd.why);
      // The controller answers the client on the first connection.
      w.client = client1;
      const from = w.hops.length;
      run.replyEnd = w.originate(proxyEnd.ns, replyTo(proxyEnd.pkt));
      for (const h of w.hops.slice(0, from)) h.leg = 2;
    }
    run.replyHops = w.hops;
  }
  run.p = taken.p;
  return run;
}

/**
 * The controller's upstream connection failed: nginx answers the client itself, 504 when the
 * upstream timed out and 502 for any other error (a reset, an ICMP error): ngx_http_upstream_next
 * in nginx's src/http/ngx_http_upstream.c maps NGX_HTTP_UPSTREAM_FT_TIMEOUT to
 * NGX_HTTP_GATEWAY_TIME_OUT and everything else to NGX_HTTP_BAD_GATEWAY. ingress-nginx's retries
 * (proxy_next_upstream) are not modelled: the status is the picked endpoint's.
 */
function upstreamFailed(w: Walker, proxy: End & { kind: 'delivered' }, status: 502 | 504, rule: string, service: string, cause: Reason): Run['http'] {
  const at = w.hop(proxy.ns.id, null, null, proxy.pkt);
  at.hook = 'L7 proxy';
  at.httpStatus = status;
  note(at, because(status === 502 ? 'ingress502Note' : 'ingress504Note', { rule, service, reason: cause }));
  return { status, why: because(status === 502 ? 'http502' : 'http504', { rule, service, reason: cause }) };
}

/**
 * An earlier connection: walked for what it leaves behind (xt_recent lists, IPVS persistence
 * templates in `affinity`) and its load-balancing choices; its hops are not reported.
 */
function walkEarlier(dp: Dataplane, chooser: Chooser, affinity: Affinity, req: TraceRequest, index: number, sport: number): void {
  if (typeof req.to === 'string' && parseUrl(req.to))
    throw new RequestError(`after[${index}].to: an earlier connection names IP:PORT, pod: or svc:, not a URL`);
  const w = new Walker(dp, chooser, affinity);
  let r: Resolved;
  try {
    r = resolve(dp, w, req);
  } catch (e) {
    throw e instanceof RequestError ? new RequestError(`after[${index}].${e.message}`) : e;
  }
  const src = r.src ?? pickSource(w.ns(r.nsId)!, r.dst);
  const e = newPkt({ src, sport, dst: r.dst, dport: r.proto === 'ICMP' ? 0 : r.dport, proto: r.proto, size: r.size, df: r.df });
  w.client = { ns: r.nsId, tuple: tupleOf(e) };
  w.originate(r.nsId, e);
}

/** An error packet walks home from where it was made: a namespace, or the VPC's gateway (ICMP "fragmentation needed"). */
function sendBack(w: Walker, e: { ns: string; pkt: Pkt }): End {
  return e.ns === 'vpc' ? w.cloud.vpcIn(e.pkt, e.pkt.dst) : w.originate(e.ns, e.pkt);
}

/** The address a client reaches the ingress controller's Service at: its LB IP, else an external IP, else the ClusterIP. */
function frontendOf(sp: ServicePortInfo): string {
  const ip = sp.lbIP ?? sp.externalIPs[0] ?? sp.clusterIP;
  return `${intToIp(ip)}:${sp.port.port}`;
}

function endpointOf(dp: Dataplane, ns: Netns, pkt: Pkt): Endpoint {
  const port = pkt.proto === 'ICMP' ? undefined : pkt.dport;
  const ip = intToIp(pkt.dst);
  if (ns.kind === 'pod') return { kind: 'pod', name: ns.id.slice(4), ip, port };
  if (ns.kind === 'node') {
    const hostPod = hostPodAt(dp, ns.id.slice(5), port);
    if (hostPod) return { kind: 'pod', name: podRef(hostPod), ip, port };
    return { kind: 'node', name: ns.id.slice(5), ip, port };
  }
  if (dp.externalsByName.has(ns.id.slice(9))) return { kind: 'external', name: ns.id.slice(9), ip, port };
  return { kind: 'host', name: `internet host ${ip}`, ip, port };
}

/** Protocol stacks of cluster namespaces that processed the request; the one it died in counts half. */
function kernelStacks(stacks: string[], diedIn: string | undefined): number {
  return diedIn !== undefined && stacks[stacks.length - 1] === diedIn ? stacks.length - 0.5 : stacks.length;
}

/** The trace's reason in words (English here) and as data, with the faults the packet met. */
function sayWhy(t: Trace, faults: readonly Reason[], why: Reason): void {
  t.why = faults.length > 0 ? because('withFaults', { reason: why, faults: allOf(faults) }) : why;
  t.reason = wordReason(t.why);
}

export function summarise(dp: Dataplane, req: TraceRequest, run: Run): Trace {
  const { end } = run;
  const t: Trace = {
    request: req,
    verdict: 'delivered',
    reason: null,
    deliveredTo: null,
    sourceSeenByServer: null,
    kernelStacks: 0,
    hops: run.hops,
    conntrack: run.walker.ct.views,
    reply: run.server || run.errorEnd ? { hops: run.replyHops } : null,
  };
  const faults = run.walker.faults;
  if (end.kind !== 'delivered') {
    t.verdict = end.kind;
    sayWhy(t, faults, end.why);
    if (run.errorEnd && run.errorEnd.kind !== 'delivered') {
      // Nothing came back: to the client this is silence.
      t.verdict = 'dropped';
      sayWhy(t, faults, because('errorLost', { reason: end.why, lost: run.errorEnd.why }));
    }
    t.kernelStacks = kernelStacks(run.walker.stacks, end.ns);
    return t;
  }
  t.deliveredTo = endpointOf(dp, end.ns, end.pkt);
  t.sourceSeenByServer = intToIp(end.pkt.src);
  t.kernelStacks = kernelStacks(run.walker.stacks, undefined);
  const r = run.replyEnd!;
  if (r.kind !== 'delivered') {
    t.verdict = r.kind === 'refused' ? 'dropped' : r.kind;
    sayWhy(t, faults, because('replyLost', { name: t.deliveredTo.name, reason: r.why }));
  } else if (run.http) {
    t.httpStatus = run.http.status;
    sayWhy(t, faults, run.http.why);
  } else {
    // A node's healthCheckNodePort: kube-proxy's health check server answers by itself.
    const hcSvc = end.ns.kind === 'node' && end.pkt.proto === 'TCP' ? healthCheckServiceAt(dp, end.pkt.dport) : undefined;
    if (hcSvc && end.ns.node) {
      const h = healthOf(dp.servicePorts, hcSvc, end.ns.node);
      t.httpStatus = h.status;
      sayWhy(t, faults, because('healthCheck', { service: `${hcSvc.namespace}/${hcSvc.name}`, node: end.ns.node, status: h.status, count: h.localEndpoints }));
    }
  }
  return t;
}

/**
 * Traces one connection (its first packet and the reply) through the dataplane.
 * @throws RequestError when the request names nothing in the topology or is malformed.
 * @example trace(dp, { from: 'pod:default/centos', to: '192.168.13.23:80', choice: { all: true } })
 */
/**
 * The longest `from` or `to` read. The longest a request can name is an http URL; 2048 is what
 * browsers and proxies commonly accept. A longer one is refused before any message quotes it.
 */
export const MAX_REQUEST_TEXT = 2048;

export function checkLength(req: TraceRequest): void {
  for (const field of ['from', 'to', 'protocol'] as const) {
    const v: unknown = req[field];
    if (typeof v === 'string' && v.length > MAX_REQUEST_TEXT) {
      throw new RequestError(`${field}: '${v.slice(0, 40)}…' is ${v.length} characters long, more than the ${MAX_REQUEST_TEXT} a request may have`);
    }
  }
}

export function trace(dp: Dataplane, req: TraceRequest): Trace {
  checkLength(req);
  const choice = req.choice ?? { seed: 0 };
  if ('all' in choice && choice.all) return forkModule().traceAll(dp, req);
  const rng = mulberry32('seed' in choice ? choice.seed : 0);
  const picks = 'pick' in choice ? choice.pick : [];
  return summarise(dp, req, runOnce(dp, req, seeded(rng, picks)));
}

/** The branches named in `picks` where offered, else a draw by probability. */
function seeded(rng: () => number, picks: readonly string[]): Chooser {
  return (options) => {
    const i = findPicked(options, picks);
    if (i >= 0) return i;
    const x = rng();
    let acc = 0;
    for (let k = 0; k < options.length; k++) {
      acc += optionP(options, k);
      if (x < acc) return k;
    }
    return options.length - 1;
  };
}
