/**
 * NetworkPolicy's selection of a pod (the policies of its namespace whose podSelector holds its
 * labels, by direction) is worked out once per pod and dataplane: a trace asks at every pod it
 * reaches, over every policy of the namespace. The answers must be those of asking afresh.
 */
import { describe, expect, it } from 'vitest';
import { ipToInt } from '../model/cidr';
import { decide } from './policy';
import { build, doc } from './test/kit';

const withPolicies = () => ({
  ...doc(),
  networkPolicies: [
    // Ingress only: selects the web pods; admits the client pod on 80.
    {
      name: 'web-from-client',
      namespace: 'default',
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
    },
    {
      name: 'client-out',
      namespace: 'default',
      podSelector: { matchLabels: { app: 'client' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'TCP', port: 80 }] }],
    },
    { name: 'other-app', namespace: 'default', podSelector: { matchLabels: { app: 'other' } }, ingress: [] },
  ],
});

describe('NetworkPolicy selection', () => {
  it('answers each direction for itself, asked in any order and again', () => {
    const dp = build(withPolicies());
    const pod = (name: string) => dp.topology.pods.find((p) => p.name === name)!;
    const client = ipToInt('10.244.1.5');
    const web = ipToInt('10.244.2.10');
    for (let round = 0; round < 2; round++) {
      expect(decide(dp, pod('web-b1'), 'egress', client, 80, 'TCP')).toEqual({ selecting: [], allowed: true });
      expect(decide(dp, pod('web-b1'), 'ingress', client, 80, 'TCP')).toEqual({
        selecting: ['default/web-from-client'],
        allowed: true,
        allowedBy: 'default/web-from-client',
      });
      expect(decide(dp, pod('web-b1'), 'ingress', client, 81, 'TCP')).toEqual({ selecting: ['default/web-from-client'], allowed: false });
      expect(decide(dp, pod('client'), 'ingress', web, 80, 'TCP')).toEqual({ selecting: [], allowed: true });
      expect(decide(dp, pod('client'), 'egress', web, 443, 'TCP')).toEqual({ selecting: ['default/client-out'], allowed: false });
    }
  });

  it("matches the namespace's policies once per pod, however often it is asked, and gives each caller its own list", () => {
    const dp = build(withPolicies());
    let reads = 0;
    for (const p of dp.topology.networkPolicies) {
      const types = p.policyTypes;
      Object.defineProperty(p, 'policyTypes', { get: () => (reads++, types) });
    }
    const web = dp.topology.pods.find((p) => p.name === 'web-b1')!;
    const first = decide(dp, web, 'ingress', ipToInt('10.244.1.5'), 80, 'TCP');
    const matched = reads;
    expect(matched).toBeGreaterThan(0);
    first.selecting.push('changed by the caller');
    for (let k = 0; k < 3; k++) {
      expect(decide(dp, web, 'ingress', ipToInt('10.244.1.5'), 80, 'TCP').selecting).toEqual(['default/web-from-client']);
      expect(decide(dp, web, 'egress', ipToInt('10.244.1.5'), 80, 'TCP').selecting).toEqual([]);
    }
    expect(reads).toBe(matched);
  });
});
