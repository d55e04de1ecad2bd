import { describe, expect, it } from 'vitest';
import { intToIp } from '../model/cidr';
import { RequestError } from './trace';
import { build, run } from './test/kit';

describe('A destination that names a service (svc:NAMESPACE/NAME[:PORT])', () => {
  // Two services named web in two namespaces; default/web lists 80 (http) before 443 (https).
  const dp = build({
    services: [
      {
        name: 'web',
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 80 },
          { name: 'https', port: 443, targetPort: 80 },
        ],
      },
      { name: 'web', namespace: 'shop', selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] },
    ],
  });
  const ipOf = (ns: string) => intToIp(dp.servicePorts.find((sp) => sp.svc.namespace === ns)!.clusterIP);
  const sentTo = (to: string) => run(dp, 'pod:default/client', to).hops[0]?.packet.dst;

  it("is that service's port: the first listed when none is named, else the one with that number or name", () => {
    for (let round = 0; round < 2; round++) {
      expect(sentTo('svc:default/web')).toBe(`${ipOf('default')}:80`);
      expect(sentTo('svc:default/web:https')).toBe(`${ipOf('default')}:443`);
      expect(sentTo('svc:default/web:443')).toBe(`${ipOf('default')}:443`);
      expect(sentTo('svc:shop/web')).toBe(`${ipOf('shop')}:8080`);
    }
  });

  it('is refused when the service or its port is not there, naming the ports it has', () => {
    expect(() => sentTo('svc:other/web')).toThrow(new RequestError('to: no service other/web in the topology (write svc:NAMESPACE/NAME:PORT)'));
    expect(() => sentTo('svc:default/web:8080')).toThrow(new RequestError('to: service default/web has no port 8080 (ports: 80, 443)'));
  });
});
