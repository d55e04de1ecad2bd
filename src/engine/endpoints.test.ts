/**
 * Which pods are a service port's endpoints, and what happens at a pod that does not listen on
 * the target port. kubernetes pkg/api/v1/pod FindPort (called by pkg/controller/endpointslice
 * getEndpointPorts for every service port and selected pod): `case intstr.Int: return
 * portName.IntValue(), nil` — a numeric targetPort is taken as it is, whatever containerPorts the
 * pod lists; `case intstr.String:` looks for a container port with `port.Name == name &&
 * port.Protocol == svcPort.Protocol`, and when there is none the port is skipped for that pod
 * ("no suitable port"), so the pod is not an endpoint of that service port.
 */
import { describe, expect, it } from 'vitest';
import { rewritesOf } from '../model';
import { build, run } from './test/kit';

const pods = (webPorts: Record<string, unknown>[]) => [
  { name: 'client', node: 'node-a', ip: '10.244.1.5', labels: { app: 'client' } },
  { name: 'web-b1', node: 'node-b', ip: '10.244.2.10', labels: { app: 'web' }, ports: webPorts },
];
const svc = (targetPort: number | string, protocol = 'TCP') => ({
  name: 'web',
  namespace: 'default',
  selector: { app: 'web' },
  clusterIP: '10.96.0.50',
  ports: [{ name: 'http', port: 80, targetPort, protocol }],
});

describe('a numeric targetPort: every selected ready pod is an endpoint', () => {
  for (const proxy of ['iptables', 'ipvs'] as const) {
    it(`${proxy}: a pod that lists another port is still DNATed to, and answers with a TCP reset`, () => {
      const dp = build({ proxy, pods: pods([{ containerPort: 8080 }]), services: [svc(9090)] });
      const t = run(dp, 'pod:default/client', '10.96.0.50:80');
      expect(t.verdict).toBe('refused');
      expect(t.hops.at(-1)?.ns).toBe('pod:default/web-b1');
      expect(t.hops.some((h) => rewritesOf(h).some((r) => r.type === 'DNAT' && r.to === '10.244.2.10:9090'))).toBe(true);
      expect(t.reason).not.toMatch(/no endpoints/);
      expect(t.reason).toMatch(/nothing listens on 10\.244\.2\.10:9090 .*TCP RST/);
    });
  }

  it('UDP: the pod answers ICMP port unreachable', () => {
    const dp = build({ pods: pods([{ containerPort: 53, protocol: 'UDP' }]), services: [svc(5353, 'UDP')] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80', { protocol: 'UDP' });
    expect(t.verdict).toBe('refused');
    expect(t.hops.at(-1)?.ns).toBe('pod:default/web-b1');
    expect(t.reason).toMatch(/nothing listens on UDP 10\.244\.2\.10:5353 .*ICMP port unreachable/);
  });

  it('a pod that listens on the target port is delivered to as before', () => {
    const dp = build({ pods: pods([{ containerPort: 9090 }]), services: [svc(9090)] });
    expect(run(dp, 'pod:default/client', '10.96.0.50:80').verdict).toBe('delivered');
  });
});

describe("a named targetPort resolves through the pod's named container port", () => {
  it('DNATs to the port the pod names', () => {
    const dp = build({ pods: pods([{ name: 'web', containerPort: 8443 }]), services: [svc('web')] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80');
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.port).toBe(8443);
  });

  it('a pod without the name is not an endpoint: the client node REJECTs (no endpoints)', () => {
    const dp = build({ pods: pods([{ containerPort: 8443 }]), services: [svc('web')] });
    const t = run(dp, 'pod:default/client', '10.96.0.50:80');
    expect(t.verdict).toBe('refused');
    expect(t.reason).toMatch(/has no endpoints/);
  });

  it('matches the protocol too (a UDP port of that name does not serve a TCP service port)', () => {
    const dp = build({ pods: pods([{ name: 'web', containerPort: 8443, protocol: 'UDP' }]), services: [svc('web')] });
    expect(run(dp, 'pod:default/client', '10.96.0.50:80').reason).toMatch(/has no endpoints/);
  });
});
