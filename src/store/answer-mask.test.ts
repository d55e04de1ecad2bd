/** Symptoms from trace data, and a masked trace that words no cause: on the engine's own traces of the fault lessons. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, trace as run } from '../engine';
import { rewritesOf, validateTopology } from '../model';
import type { Hop, Trace } from '../model/trace';
import { builtins } from '../scenarios';
import { applyEdits, faultLessons, type FaultLesson } from '../scenarios/lessons';
import { maskTrace, shownTrace, symptomOf, SYMPTOMS } from './answer-mask';
import { traceSoFar } from './trace-so-far';

const traceOf = (f: FaultLesson): Trace => {
  const raw = parse(builtins.find((b) => b.id === f.doc)!.yaml) as Record<string, unknown>;
  const v = validateTopology(applyEdits(raw, f.fault));
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return run(compile(v.topology), f.request);
};
const lesson = (id: string) => faultLessons.find((f) => f.id === id)!;
const allHops = (t: Trace): Hop[] => [...t.hops, ...(t.reply?.hops ?? [])];

describe('symptomOf: what an operator sees, from the trace data', () => {
  it('a silent drop on the way there is a timeout, last seen at the capture point before the drop (D4, ip_forward=0)', () => {
    const s = symptomOf(traceOf(lesson('d4')));
    expect(s.kind).toBe('timeout');
    expect(s.reason).toBe('no answer: the connection to 10.244.2.10:80 times out (the SYN is never answered); tcpdump last sees it at node-2 tunl0 (in)');
  });
  it('a dropped ping is 100% packet loss (D5)', () => {
    expect(symptomOf(traceOf(lesson('d5'))).reason).toMatch(
      /^no answer: ping 10\.244\.2\.10 reports 100% packet loss; tcpdump last sees the echo request at node-2 tunl0 \(in\)$/,
    );
  });
  it('a reply lost on its way back: the server got it, nothing came back (D3)', () => {
    const s = symptomOf(traceOf(lesson('d3')));
    expect(s.kind).toBe('replyLost');
    expect(s.reason).toContain('reach shop/web-5d9f7c8b6-a1b2c');
    expect(s.reason).toContain('last at node-2 eth0 (out)');
  });
  it('delivered, but the server sees another source (D6, a stray MASQUERADE)', () => {
    const s = symptomOf(traceOf(lesson('d6')));
    expect(s.kind).toBe('sourceChanged');
    expect(s.reason).toBe('10.244.2.10:80 answers, but sees the request come from 10.244.1.0, not from 10.244.1.30');
  });
  it('an ICMP error that comes back is named with its sender (D8)', () => {
    const s = symptomOf(traceOf(lesson('d8')));
    expect(s.kind).toBe('error');
    expect(s.reason).toBe('ICMP fragmentation needed comes back from 192.168.0.11');
  });
  it('a reset is "connection refused"; a failure in the client\'s own stack fails at once', () => {
    const hop = (ns: string, over: Partial<Hop> = {}): Hop => ({
      seq: 1,
      ns,
      device: 'eth0',
      dir: 'out',
      packet: { src: '10.0.0.1:4000', dst: '10.0.0.2:80', proto: 'TCP' },
      ...over,
    });
    const base: Trace = {
      request: { from: 'pod:a/b', to: '10.0.0.2:80' },
      verdict: 'refused',
      reason: 'x',
      deliveredTo: null,
      sourceSeenByServer: null,
      kernelStacks: 2,
      hops: [hop('pod:a/b'), hop('node:n', { drop: { verdict: 'refused', reason: 'x' } })],
      conntrack: [],
      reply: { hops: [hop('node:n', { packet: { src: '10.0.0.2:80', dst: '10.0.0.1:4000', proto: 'TCP', icmp: 'TCP RST' } })] },
    };
    expect(symptomOf(base).reason).toBe('connection refused: TCP RST comes back from 10.0.0.2');
    const local: Trace = { ...base, verdict: 'unreachable', hops: [hop('pod:a/b', { drop: { verdict: 'unreachable', reason: 'x' } })], reply: null };
    expect(symptomOf(local).kind).toBe('failsAtOnce');
  });
});

describe('maskTrace: no cause worded anywhere, for every find-the-fault lesson', () => {
  for (const f of faultLessons) {
    it(`${f.id}: the masked trace has none of the engine's causes, rules or fix, and keeps every packet`, () => {
      const t = traceOf(f);
      const m = maskTrace(t, 'symptom');
      const text = JSON.stringify(m);
      const causes = [
        t.reason,
        ...allHops(t).flatMap((h) => [
          h.drop?.reason,
          ...(h.matched ?? []),
          ...rewritesOf(h)
            .filter((r) => r.type !== 'ENCAP' && r.type !== 'DECAP')
            .map((r) => r.by),
        ]),
      ].filter((x): x is string => !!x);
      expect(causes.length).toBeGreaterThan(0);
      for (const c of causes) expect(text).not.toContain(c);
      expect(text).not.toContain(f.answer.fix.en);
      expect(text).not.toMatch(/sysctl|fix:|ip_forward|rp_filter|MASQUERADE|-j DROP|deleted/);
      // What tcpdump shows stays: every hop, its device and its packet.
      expect(allHops(m).map((h) => [h.ns, h.device, h.dir, h.packet])).toEqual(allHops(t).map((h) => [h.ns, h.device, h.dir, h.packet]));
      expect(m.verdict).toBe(t.verdict);
      expect(m.reason).toBe(symptomOf(t).reason);
    });
  }
  it('words every symptom it can give in English, and keeps notes that only say what happened', () => {
    const t = traceOf(lesson('d3'));
    const m = maskTrace(t, 'symptom');
    expect(allHops(m).some((h) => h.note?.startsWith('route '))).toBe(true);
    for (const [k, v] of Object.entries(SYMPTOMS)) expect(v, k).not.toMatch(/\{\{\}\}/);
  });
  it("'outcome' keeps the hops and hides the summary; one masked object per trace", () => {
    const t = traceOf(lesson('d4'));
    const m = maskTrace(t, 'outcome');
    expect(m.hops).toBe(t.hops);
    expect(m.reason).toBe('hidden until you answer');
    expect(m.masked).toBe('outcome');
    expect(shownTrace(t, 'symptom')).toBe(shownTrace(t, 'symptom'));
    expect(shownTrace(t, null)).toBe(t);
  });
});

describe('traceSoFar', () => {
  it('keeps the hops up to the frame, request then reply, and the whole trace at the end', () => {
    const t = traceOf(lesson('d6'));
    const n = t.hops.length;
    expect(traceSoFar(t, 0).hops).toHaveLength(1);
    expect(traceSoFar(t, 0).reply).toBeNull();
    expect(traceSoFar(t, n).reply!.hops).toHaveLength(1);
    expect(traceSoFar(t, n + t.reply!.hops.length - 1)).toBe(t);
  });
});

describe('the symptoms in Chinese', () => {
  const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  it.each(Object.keys(SYMPTOMS) as (keyof typeof SYMPTOMS)[])('%s names the same values as the English', async (key) => {
    const { zhSymptoms } = await import('../i18n/zh');
    expect(names(zhSymptoms[key])).toEqual(names(SYMPTOMS[key]));
    expect(zhSymptoms[key]).not.toBe(SYMPTOMS[key]);
  });
});
