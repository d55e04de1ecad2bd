/**
 * kube-proxy's endpoint pick in iptables mode: a KUBE-SVC chain's run of `-m statistic --mode
 * random --probability 1/n` rules ending in an unconditional jump, each to a KUBE-SEP chain holding
 * the endpoint's DNAT (kubernetes pkg/proxy/iptables/proxier.go writeServiceToEndpointRules). The
 * walk offers the run as one choice, labelled by each KUBE-SEP chain's DNAT; the choice is made
 * once per run and kept (eval.ts statisticRun), so these pin that a kept choice is handed out again
 * as it was, and made afresh when the chain no longer holds the same run.
 */
import { describe, expect, it } from 'vitest';
import { evalChain, type NfEnv, type NfPacket } from './eval';
import { addRule, newTable, serviceOrder, type Table } from './table';

const SVC = 'KUBE-SVC-TEST';
const ip = (last: number) => (10 << 24) + last;

/**
 * A service chain over endpoints 10.0.0.`lasts`:8080, written as kube-proxy writes it (1/left each,
 * the last unconditional); not `closed`: as if one more endpoint's rule were still to be written.
 */
function service(lasts: number[], closed = true): Table {
  const nat = newTable('nat');
  addRule(nat, 'PREROUTING', {}, { t: 'jump', chain: SVC }, 'kube-proxy');
  lasts.forEach((last, i) => {
    const sep = `KUBE-SEP-${last}`;
    addRule(nat, sep, { proto: 'tcp' }, { t: 'DNAT', ip: ip(last), port: 8080 }, 'kube-proxy', serviceOrder(0, 100 + i));
    const left = lasts.length + (closed ? 0 : 1) - i;
    const m = left > 1 || !closed ? { probability: 1 / left } : {};
    addRule(nat, SVC, m, { t: 'jump', chain: sep }, 'kube-proxy', serviceOrder(0, i));
  });
  return nat;
}

const packet = (): NfPacket => ({ src: ip(200), dst: ip(100), sport: 41000, dport: 80, proto: 'tcp', mark: 0, ctstate: 'NEW' });

/** Always the first option. */
const env: NfEnv = { isLocal: () => false, inSet: () => false, choose: () => 0 };

const labels = (nat: Table) => evalChain(nat, 'PREROUTING', packet(), env).choices?.map((o) => `${o.to} ${o.p.toFixed(3)} ${o.via}`);

describe('a statistic run as one choice', () => {
  it('offers each endpoint with its share, labelled by its DNAT', () => {
    expect(labels(service([1, 2, 3]))).toEqual(['10.0.0.1:8080 0.333 KUBE-SEP-1', '10.0.0.2:8080 0.333 KUBE-SEP-2', '10.0.0.3:8080 0.333 KUBE-SEP-3']);
  });

  it('is made once: the next packet through the run is offered the same options, not read from every KUBE-SEP chain again', () => {
    const nat = service([1, 2, 3]);
    const first = evalChain(nat, 'PREROUTING', packet(), env);
    const second = evalChain(nat, 'PREROUTING', packet(), env);
    expect(second.choices).toBe(first.choices);
    expect(second.nat).toMatchObject({ type: 'DNAT', ip: ip(1), port: 8080 });
  });

  it('is made again when a rule is written into the run after it was kept', () => {
    const nat = service([1, 2]);
    labels(nat);
    // A third endpoint's rule written between the two (as a rule written later lands by its order).
    addRule(nat, 'KUBE-SEP-3', { proto: 'tcp' }, { t: 'DNAT', ip: ip(3), port: 8080 }, 'kube-proxy', serviceOrder(0, 102));
    addRule(nat, SVC, { probability: 0.5 }, { t: 'jump', chain: 'KUBE-SEP-3' }, 'kube-proxy', serviceOrder(0, 0) + 0.5);
    expect(labels(nat)).toEqual(['10.0.0.1:8080 0.500 KUBE-SEP-1', '10.0.0.3:8080 0.250 KUBE-SEP-3', '10.0.0.2:8080 0.250 KUBE-SEP-2']);
  });

  it('is not kept while no unconditional rule closes it: a rule appended at the chain end joins it', () => {
    const nat = service([1, 2], false);
    expect(labels(nat)).toEqual(['10.0.0.1:8080 0.333 KUBE-SEP-1', '10.0.0.2:8080 0.333 KUBE-SEP-2']);
    addRule(nat, 'KUBE-SEP-3', { proto: 'tcp' }, { t: 'DNAT', ip: ip(3), port: 8080 }, 'kube-proxy', serviceOrder(0, 102));
    addRule(nat, SVC, {}, { t: 'jump', chain: 'KUBE-SEP-3' }, 'kube-proxy', serviceOrder(0, 2));
    expect(labels(nat)).toEqual(['10.0.0.1:8080 0.333 KUBE-SEP-1', '10.0.0.2:8080 0.333 KUBE-SEP-2', '10.0.0.3:8080 0.333 KUBE-SEP-3']);
  });
});
