/**
 * Hiding a lesson's answer: a trace as a learner may see it before answering. The engine names
 * the cause of a failure ("ip_forward=0 on node-2 … fix: sysctl -w …"); an operator sees only
 * the symptom: a timeout, "connection refused", an ICMP error, and what tcpdump shows at each
 * capture point. Everything here is derived from the trace's own data (its verdict, the hops the
 * packet was seen at, the ICMP or RST that came back), never scripted per lesson. Pure: no React,
 * no store.
 */
import { fillReason } from '../model/reason';
import { rewritesOf, type Hop, type Reason, type Trace } from '../model/trace';

/**
 * English wording of the symptoms (the engine's reasons are in engine/said.ts; this is the same
 * kind of text, so it is worded the same way: Chinese in i18n/zh.ts `zhSymptoms`).
 */
export const SYMPTOMS = {
  symptomTcpTimeout: 'no answer: the connection to {{dst}} times out (the SYN is never answered); tcpdump last sees it at {{last}}',
  symptomPingLoss: 'no answer: ping {{dst}} reports 100% packet loss; tcpdump last sees the echo request at {{last}}',
  symptomUdpTimeout: 'no answer from {{dst}}; tcpdump last sees the datagram at {{last}}',
  symptomReplyLost:
    'no answer from {{dst}}: tcpdump sees the request reach {{server}} and the reply leave it, last at {{last}}; nothing comes back to {{client}}',
  symptomRefused: 'connection refused: {{icmp}} comes back from {{from}}',
  symptomRefusedPlain: 'connection refused',
  symptomErrorBack: '{{icmp}} comes back from {{from}}',
  symptomFailsAtOnce: 'the request never leaves {{client}}: the call fails at once',
  symptomAnswered: '{{dst}} answers',
  symptomSourceChanged: '{{dst}} answers, but sees the request come from {{seen}}, not from {{client}}',
  symptomLastSeen: 'not seen after this point: no later capture point shows the packet',
  symptomErrorHere: 'not seen further on: {{icmp}} goes back to {{to}}',
  symptomHidden: 'hidden until you answer',
} as const;
export type SymptomKey = keyof typeof SYMPTOMS;

/** How much a trace hides: the cause (find-the-fault lessons) or the whole outcome (a prediction not yet revealed). */
export type MaskMode = 'symptom' | 'outcome';
export type MaskedTrace = Trace & { masked?: MaskMode };

/**
 * Hop notes that describe what the network did, not why something failed (a route looked up, a
 * frame bridged, a policy allowing): kept while the answer is hidden. Every other note (and any
 * the engine adds later) is left out until the answer is shown.
 */
const NEUTRAL_NOTES = new Set([
  'route',
  'vpcInSwitch',
  'vpcToInstance',
  'vpcToLocal',
  'vpcToInternet',
  'localDelivery',
  'ipvlanToSlave',
  'bridgeForwards',
  'slbForwards',
  'slbReplyReturned',
  'ingressBalances',
  'policyAllows',
]);

const word = (key: SymptomKey, params?: Record<string, string>): { reason: string; why: Reason } => {
  const why: Reason = params ? { key, params } : { key };
  return { reason: fillReason(why, SYMPTOMS) ?? key, why };
};

/** "node-2 tunl0 (in)": where a capture point is, as tcpdump's user would say it. */
export const capturePointText = (h: Hop): string =>
  `${h.ns.replace(/^(pod|node):/, '')} ${h.device ?? ''}${h.dir ? ` (${h.dir})` : ''}`.replace(/\s+/g, ' ').trim();

/** The last hop of `hops` that is a capture point (a device tcpdump can listen on). */
const lastCapture = (hops: Hop[]): Hop | undefined => [...hops].reverse().find((h) => h.device !== null);
const ipOf = (addr: string) => addr.replace(/:\d+$/, '');
const shortNs = (ns: string) => ns.replace(/^(pod|node|external):/, '');

export interface Symptom {
  kind: 'timeout' | 'replyLost' | 'refused' | 'error' | 'failsAtOnce' | 'answered' | 'sourceChanged';
  reason: string;
  why: Reason;
}

/**
 * What an operator sees of a trace, from its data alone: the verdict, the error that came back
 * (an RST or ICMP), the server's view of the source, and the capture points the packet reached.
 */
export function symptomOf(trace: Trace): Symptom {
  const first = trace.hops[0];
  const client = first ? ipOf(first.packet.src) : '';
  const dst = first ? first.packet.dst : '';
  const proto = first?.packet.proto ?? 'TCP';
  const replyHops = trace.reply?.hops ?? [];
  const errorBack = replyHops.find((h) => h.packet.icmp);
  const failedAt = trace.hops.find((h) => h.drop);

  if (trace.verdict === 'delivered') {
    const seen = trace.sourceSeenByServer;
    if (seen && client && seen !== client) return { kind: 'sourceChanged', ...word('symptomSourceChanged', { dst, seen, client }) };
    return { kind: 'answered', ...word('symptomAnswered', { dst }) };
  }
  if (errorBack) {
    const params = { icmp: errorBack.packet.icmp!, from: ipOf(errorBack.packet.src) };
    return trace.verdict === 'refused' ? { kind: 'refused', ...word('symptomRefused', params) } : { kind: 'error', ...word('symptomErrorBack', params) };
  }
  if (trace.verdict === 'refused') return { kind: 'refused', ...word('symptomRefusedPlain') };
  // Failed before leaving the client's own stack: the caller sees an error at once, not a timeout.
  if (trace.verdict === 'unreachable' && failedAt && failedAt.ns === first?.ns)
    return { kind: 'failsAtOnce', ...word('symptomFailsAtOnce', { client: shortNs(first.ns) }) };
  // The request arrived and was answered, but the answer was lost on its way back.
  const replyLast = lastCapture(replyHops);
  if (!failedAt && replyLast) {
    return {
      kind: 'replyLost',
      ...word('symptomReplyLost', { dst, server: shortNs(replyHops[0]!.ns), last: capturePointText(replyLast), client: first ? shortNs(first.ns) : client }),
    };
  }
  const last = lastCapture(trace.hops);
  const where = last ? capturePointText(last) : '—';
  if (proto === 'ICMP') return { kind: 'timeout', ...word('symptomPingLoss', { dst, last: where }) };
  if (proto === 'UDP') return { kind: 'timeout', ...word('symptomUdpTimeout', { dst, last: where }) };
  return { kind: 'timeout', ...word('symptomTcpTimeout', { dst, last: where }) };
}

/** A hop as it may be shown with the cause hidden: what tcpdump would see there, and no more. */
function maskHop(h: Hop, errorBack: Hop | undefined, client: string): Hop {
  const out: Hop = { seq: h.seq, ns: h.ns, device: h.device, dir: h.dir, packet: h.packet };
  if (h.node !== undefined) out.node = h.node;
  if (h.leg !== undefined) out.leg = h.leg;
  if (h.choices) out.choices = h.choices;
  // Tunnels are what tcpdump sees (the outer header); who rewrote an address, and by which rule, is the answer.
  const tunnel = rewritesOf(h).filter((r) => r.type === 'ENCAP' || r.type === 'DECAP');
  if (tunnel.length > 0) out.rewrites = tunnel;
  if (h.hook && h.hook !== 'NetworkPolicy') out.hook = h.hook;
  else if (h.hook === 'NetworkPolicy' && !h.drop) out.hook = h.hook;
  if (h.note && h.noteWhy && NEUTRAL_NOTES.has(h.noteWhy.key)) {
    out.note = h.note;
    out.noteWhy = h.noteWhy;
  }
  if (h.drop) {
    const w = errorBack ? word('symptomErrorHere', { icmp: errorBack.packet.icmp!, to: ipOf(errorBack.packet.dst) || client }) : word('symptomLastSeen');
    out.drop = { verdict: h.drop.verdict, ...w };
  }
  return out;
}

/**
 * The trace with its answer hidden. 'symptom': the cause is replaced by the symptom everywhere
 * it is worded (the verdict's reason, each drop, the notes, the rules matched, the rewrites'
 * rules); the packets, devices and capture points stay. 'outcome': the hops stay as they are
 * (a prediction lesson teaches with them) and the outcome itself (verdict, reason, where it
 * landed, the source seen) is marked as not to be shown.
 * Hop count and order never change, so playback positions stay valid.
 */
export function maskTrace(trace: Trace, mode: MaskMode): MaskedTrace {
  const errorBack = trace.reply?.hops.find((h) => h.packet.icmp);
  const client = trace.hops[0] ? ipOf(trace.hops[0].packet.src) : '';
  if (mode === 'outcome') {
    // A prediction lesson teaches with the hops' notes and rewrites: only the summary waits.
    const hidden = word('symptomHidden');
    return {
      ...trace,
      masked: mode,
      reason: trace.reason === null ? null : hidden.reason,
      why: trace.reason === null ? null : hidden.why,
      outcomes: undefined,
    };
  }
  const s = symptomOf(trace);
  const out: MaskedTrace = {
    ...trace,
    masked: mode,
    reason: s.reason,
    why: s.why,
    hops: trace.hops.map((h) => maskHop(h, errorBack, client)),
    reply: trace.reply ? { hops: trace.reply.hops.map((h) => maskHop(h, undefined, client)) } : null,
  };
  if (trace.outcomes) {
    const hidden = word('symptomHidden');
    out.outcomes = trace.outcomes.map((o) => ({ ...o, reason: o.reason === null ? null : hidden.reason, why: o.reason === null ? null : hidden.why }));
  }
  return out;
}

const cache = { symptom: new WeakMap<Trace, MaskedTrace>(), outcome: new WeakMap<Trace, MaskedTrace>() };

/** `trace` as shown under `mode` (one object per trace and mode, so selectors stay stable). */
export function shownTrace(trace: Trace | null, mode: MaskMode | null): Trace | null {
  if (!trace || !mode) return trace;
  let m = cache[mode].get(trace);
  if (!m) cache[mode].set(trace, (m = maskTrace(trace, mode)));
  return m;
}
