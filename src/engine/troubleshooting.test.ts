/**
 * Rows D of the lessons on the built-in shop cluster: Ingress as two connections, the CNI
 * call, the article's faults (missing return route, ip_forward, ICMP filter, a stray
 * MASQUERADE, strict rp_filter on an asymmetric path, MTU), and NetworkPolicy.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateTopology, type Topology } from '../model';
import { shopCalicoYaml } from '../scenarios/shop-calico';
import { cniCall } from './cni/call';
import { compile } from './compile';
import { trace } from './trace';
import { path, rewrites } from './test/kit';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const base = (): Raw => parse(shopCalicoYaml) as Raw;
const build = (mutate: (d: Raw) => void = () => {}) => {
  const d = base();
  mutate(d);
  const r = validateTopology(d);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return { dp: compile(r.topology), topology: r.topology };
};
const node = (d: Raw, name: string) => (d.nodes as Raw[]).find((n) => n.name === name)!;
const ids = {
  client: 'pod:default/client-6b7f8d9c4-z8x7v',
  api1: 'pod:shop/api-7f8c9d6b5-d3e4f',
  controller: 'pod:ingress-nginx/ingress-nginx-controller-7c6d8f9b5-q2w4e',
};
const { dp } = build();

describe('D1: an HTTP request through the Ingress', () => {
  it('goes client → SLB → controller pod, then a second connection from the controller to a backend chosen by host/path', () => {
    const t = trace(dp, { from: 'external:internet-client', to: 'http://shop.example.com/api/items', choice: { pick: ['10.244.2.30:8080'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.ip).toBe('10.244.2.30');
    expect(t.sourceSeenByServer).toBe('10.244.1.10');
    const l7 = t.hops.find((h) => h.hook === 'L7 proxy')!;
    expect(l7.ns).toBe(ids.controller);
    expect(l7.note).toMatch(/Ingress shop\/shop rule shop\.example\.com\/api \(Prefix\) → service shop\/api/);
    expect(l7.choices!.map((c) => c.to).sort()).toEqual(['10.244.1.30:8080', '10.244.2.30:8080']);
    const before = t.hops.slice(0, t.hops.indexOf(l7));
    expect(before.some((h) => h.ns === 'slb:elb-ingress')).toBe(true);
    expect(t.hops.filter((h) => h.leg === 2).at(-1)?.ns).toBe('pod:shop/api-7f8c9d6b5-g5h6i');
    expect(t.reply!.hops.at(-1)!.ns).toBe('external:internet-client');
  });
  it('takes the longest matching path: / goes to web', () => {
    expect(trace(dp, { from: 'external:internet-client', to: 'http://shop.example.com/cart' }).deliveredTo?.ip).toBe('10.244.2.10');
  });
  // ingress-nginx answers requests no rule matches from its default backend with 404, and a rule
  // whose Service has no endpoints with 503 (its Lua balancer finds no upstream peer): in both the
  // client's TCP connection completes and carries the controller's HTTP response, so the verdict
  // is the transport's (delivered, to the controller) and the status is reported beside it.
  it('answers 404 for a host no rule names: delivered to the controller, which replies with the status', () => {
    const t = trace(dp, { from: 'external:internet-client', to: 'http://other.example.com/' });
    expect(t.verdict).toBe('delivered');
    expect(t.httpStatus).toBe(404);
    expect(t.deliveredTo?.name).toBe(ids.controller.slice(4));
    expect(t.reason).toMatch(/HTTP 404 from the ingress controller/);
    const l7 = t.hops.find((h) => h.hook === 'L7 proxy')!;
    expect(l7.httpStatus).toBe(404);
    expect(t.hops.some((h) => h.leg === 2)).toBe(false);
    expect(t.reply!.hops.at(-1)!.ns).toBe('external:internet-client');
  });
  it('answers 503 when the backend Service has no ready endpoints', () => {
    const { dp: noApi } = build((d) => {
      for (const p of d.pods as Raw[]) if ((p.labels as Raw | undefined)?.app === 'api') p.ready = false;
    });
    const t = trace(noApi, { from: 'external:internet-client', to: 'http://shop.example.com/api/items' });
    expect(t.verdict).toBe('delivered');
    expect(t.httpStatus).toBe(503);
    expect(t.reason).toMatch(/HTTP 503 .*shop\/api/);
    expect(t.hops.find((h) => h.hook === 'L7 proxy')!.httpStatus).toBe(503);
    expect(t.reply!.hops.at(-1)!.ns).toBe('external:internet-client');
  });
  // nginx's ngx_http_upstream_next (src/http/ngx_http_upstream.c) answers the client itself when
  // the upstream connection fails: NGX_HTTP_UPSTREAM_FT_TIMEOUT → NGX_HTTP_GATEWAY_TIME_OUT (504),
  // any other failure (a reset, an ICMP error: NGX_HTTP_UPSTREAM_FT_ERROR) → NGX_HTTP_BAD_GATEWAY (502).
  const apiPick = { pick: ['10.244.2.30:8080'] };
  it('answers 502 when the picked backend resets the connection (nothing listens on the target port)', () => {
    const { dp: deaf } = build((d) => {
      for (const p of d.pods as Raw[]) if ((p.labels as Raw | undefined)?.app === 'api') p.ports = [{ containerPort: 9090 }];
    });
    const t = trace(deaf, { from: 'external:internet-client', to: 'http://shop.example.com/api/items', choice: apiPick });
    expect(t.verdict).toBe('delivered');
    expect(t.httpStatus).toBe(502);
    expect(t.reason).toMatch(/HTTP 502 .*shop\/api/);
    const leg2 = t.hops.filter((h) => h.leg === 2);
    expect(leg2.some((h) => h.packet.icmp === 'TCP RST' && h.ns === ids.controller)).toBe(true);
    expect(t.hops.filter((h) => h.hook === 'L7 proxy').at(-1)!.httpStatus).toBe(502);
    expect(t.reply!.hops.at(-1)!.ns).toBe('external:internet-client');
  });
  it('answers 502 for an ICMP error (a REJECT on the way) and 504 when the backend is silent (a DROP)', () => {
    const withRule = (action: string) =>
      build((d) => {
        node(d, 'node-2').filter = [{ chain: 'FORWARD', destination: '10.244.2.30/32', action }];
      }).dp;
    const rejected = trace(withRule('REJECT'), { from: 'external:internet-client', to: 'http://shop.example.com/api/items', choice: apiPick });
    expect(rejected.httpStatus).toBe(502);
    const silent = trace(withRule('DROP'), { from: 'external:internet-client', to: 'http://shop.example.com/api/items', choice: apiPick });
    expect(silent.verdict).toBe('delivered');
    expect(silent.httpStatus).toBe(504);
    expect(silent.reason).toMatch(/HTTP 504 .*never answered/);
    expect(silent.reply!.hops.at(-1)!.ns).toBe('external:internet-client');
  });
  it('sets no status when the controller forwards the request', () => {
    expect(trace(dp, { from: 'external:internet-client', to: 'http://shop.example.com/cart' }).httpStatus).toBeUndefined();
  });
});

describe('D2: the CNI call', () => {
  const { topology } = build();
  it('ADD runs calico then calico-ipam, portmap, bandwidth, each with stdin and a result', () => {
    const c = cniCall(topology, { name: 'new-pod', namespace: 'shop', node: 'node-1' }, 'ADD');
    expect(c.ok).toBe(true);
    expect(c.steps.map((s) => s.plugin)).toEqual(['calico', 'calico-ipam', 'portmap', 'bandwidth']);
    expect((c.steps[1]!.stdout.ips as { address: string }[])[0]!.address).toMatch(/^10\.244\.1\.\d+\/32$/);
    expect(c.effects.join(' ')).toMatch(/cali[0-9a-f]{11}/);
    expect(c.env.CNI_ARGS).toContain('K8S_POD_NAME=new-pod');
  });
  it('flannel: flannel delegates to bridge, which asks host-local; an exhausted block aborts the chain', () => {
    const flannel = (pods: number) => {
      const d: Raw = {
        apiVersion: 'hopscope/v1',
        kind: 'Topology',
        metadata: { name: 'f' },
        cluster: { cni: { plugin: 'flannel', mode: 'vxlan' }, podCIDR: '10.244.0.0/16', vpc: { cidr: '10.0.0.0/16' } },
        nodes: [{ name: 'n1', ip: '10.0.0.5', podCIDR: '10.244.1.0/29' }],
        pods: Array.from({ length: pods }, (_, i) => ({ name: `p${i}`, node: 'n1' })),
      };
      const r = validateTopology(d);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.topology as Topology;
    };
    const ok = cniCall(flannel(2), { name: 'x', namespace: 'default', node: 'n1' }, 'ADD');
    expect(ok.steps.map((s) => s.plugin)).toEqual(['flannel', 'host-local', 'bridge', 'portmap']);
    const full = cniCall(flannel(5), { name: 'x', namespace: 'default', node: 'n1' }, 'ADD');
    expect(full.ok).toBe(false);
    expect(full.steps.at(-1)!.plugin).toBe('host-local');
    expect(full.error).toMatch(/no IP addresses available in range set: 10\.244\.1\.2-10\.244\.1\.6/);
    expect(cniCall(flannel(2), { name: 'p0', namespace: 'default', node: 'n1', ip: '10.244.1.2' }, 'DEL').steps.map((s) => s.plugin)).toEqual([
      'portmap',
      'flannel',
      'bridge',
      'host-local',
    ]);
  });
});

describe('D3: a missing return route', () => {
  it('the request arrives; the reply finds no route back and the reason names the deleted route', () => {
    const { dp: d } = build((x) => (node(x, 'node-2').deletedRoutes = ['10.244.1.0/26']));
    const t = trace(d, { from: ids.api1, to: '10.244.2.10:80' });
    expect(t.deliveredTo?.ip).toBe('10.244.2.10');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/reply did not make it back/);
    expect(t.reason).toMatch(/the route `10\.244\.1\.0\/26 via 192\.168\.0\.11 dev tunl0` was deleted.*ip route add/);
  });
});

describe('D4: ip_forward=0', () => {
  const { dp: d } = build((x) => (node(x, 'node-2').kernel = { ipForward: false }));
  it('the node answers on its own address; the pods behind it do not', () => {
    expect(trace(d, { from: ids.api1, to: '192.168.0.12', protocol: 'ICMP' }).verdict).toBe('delivered');
    const t = trace(d, { from: ids.api1, to: '10.244.2.10:80' });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/sysctl -w net\.ipv4\.ip_forward=1/);
  });
});

describe('D5: an iptables filter DROP for ICMP', () => {
  const { dp: d } = build((x) => (node(x, 'node-2').filter = [{ chain: 'FORWARD', proto: 'icmp', action: 'DROP' }]));
  it('ping fails, TCP works', () => {
    expect(trace(d, { from: ids.api1, to: '10.244.2.10', protocol: 'ICMP' }).reason).toMatch(/user rule `-A FORWARD -p icmp -j DROP`/);
    expect(trace(d, { from: ids.api1, to: '10.244.2.10:80' }).verdict).toBe('delivered');
  });
});

describe('D6: a stray MASQUERADE rule', () => {
  it("the server sees the node's tunnel address instead of the pod", () => {
    const { dp: d } = build((x) => (node(x, 'node-1').nat = [{ chain: 'POSTROUTING', source: '10.244.0.0/16', action: 'MASQUERADE' }]));
    const t = trace(d, { from: ids.api1, to: '10.244.2.10:80' });
    expect(t.verdict).toBe('delivered');
    expect(t.sourceSeenByServer).toBe('10.244.1.0');
    expect(rewrites(t).find((r) => r.type === 'MASQUERADE')!.by).toBe('-A POSTROUTING -s 10.244.0.0/16 -j MASQUERADE');
  });
});

describe('D7: strict rp_filter with an asymmetric path', () => {
  it('drops a packet that arrives on eth1 when the route back leaves by eth0', () => {
    const mutate = (strict: boolean) => (x: Raw) => {
      const n = node(x, 'node-2');
      n.interfaces = [{ name: 'eth1', ip: '192.168.0.22' }];
      n.kernel = { rpFilter: strict ? 'strict' : 'loose' };
    };
    const t = trace(build(mutate(true)).dp, { from: 'external:office', to: '192.168.0.22:22' });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/rp_filter=1 \(strict\).*arrived on eth1 but the route back leaves by eth0/);
    expect(trace(build(mutate(false)).dp, { from: 'external:office', to: '192.168.0.22:22' }).verdict).toBe('delivered');
  });
});

describe('D8: MTU', () => {
  it('a 1500-byte DF packet from a pod whose MTU ignores the IPIP overhead is dropped with fragmentation needed', () => {
    const { dp: d } = build((x) => (x.cluster.cni.mtu = 1500));
    const t = trace(d, { from: ids.api1, to: '10.244.2.10:80', size: 1500 });
    expect(t.verdict).toBe('unreachable');
    expect(t.reason).toMatch(/fragmentation needed.*1480-byte MTU of tunl0/);
  });
});

describe('NetworkPolicy (Calico enforces it on the cali interfaces)', () => {
  it('allows what a rule allows: podSelector (api → db)', () => {
    const t = trace(dp, { from: ids.api1, to: '10.96.20.30:5432' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops.find((h) => h.hook === 'NetworkPolicy' && /allows ingress/.test(h.note ?? ''))?.note).toMatch(/shop\/db-from-api/);
  });
  it('denies by default once a policy selects the pod (client → db)', () => {
    const t = trace(dp, { from: ids.client, to: '10.96.20.30:5432' });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/isolated for ingress by shop\/db-from-api/);
    expect(t.hops.at(-1)!.hook).toBe('NetworkPolicy');
  });
  it('namespaceSelector: the ingress namespace reaches the api, the default namespace does not', () => {
    expect(trace(dp, { from: ids.controller, to: '10.244.2.30:8080' }).verdict).toBe('delivered');
    expect(trace(dp, { from: ids.client, to: '10.244.2.30:8080' }).verdict).toBe('dropped');
  });
  it('ipBlock with except: pods of the pod network reach web, the excepted client does not', () => {
    expect(trace(dp, { from: ids.api1, to: '10.244.2.10:80' }).verdict).toBe('delivered');
    expect(trace(dp, { from: ids.client, to: '10.244.2.10:80' }).reason).toMatch(/isolated for ingress by shop\/web-from-pods-but-client/);
  });
  it('egress: the client may reach the ingress namespace but nothing outside its allowed namespaces', () => {
    expect(trace(dp, { from: ids.client, to: '10.244.1.10:80' }).verdict).toBe('delivered');
    const t = trace(dp, { from: ids.client, to: '192.168.0.50:80' });
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatch(/isolated for egress by default\/client-egress/);
  });
  it('flannel does not enforce it: the trace says so and delivers', () => {
    const { dp: f } = build((x) => {
      x.cluster.cni = { plugin: 'flannel', mode: 'vxlan' };
    });
    const t = trace(f, { from: ids.client, to: '10.244.2.40:5432' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops.at(-1)!.note).toMatch(/selects this pod and would deny this, but nothing enforces it: flannel/);
    void path;
  });
});
