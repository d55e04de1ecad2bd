import { describe, expect, it } from 'vitest';
import { builtins } from '../scenarios';
import { parseTopology, type Trace } from '../model';
import { buildGraph } from './graph';
import { markGraph } from './marks';

const ack = () => {
  const r = parseTopology(builtins[0]!.yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};

describe('the canvas layout of a topology', () => {
  it('draws one element per node, pod, service, SLB and external, plus the VPC', () => {
    const t = ack();
    const g = buildGraph(t);
    const count = (type: string) => g.nodes.filter((n) => n.type === type).length;
    expect(count('vpc')).toBe(1);
    expect(count('clusterNode')).toBe(t.nodes.length);
    expect(count('pod')).toBe(t.pods.length);
    expect(count('service')).toBe(t.services.length);
    expect(count('slb')).toBe(t.loadBalancers.length);
    expect(count('external')).toBe(t.externals.length);
  });

  it('puts pods inside their node and nodes inside the VPC, parents first', () => {
    const g = buildGraph(ack());
    const index = new Map(g.nodes.map((n, i) => [n.id, i]));
    const pod = g.nodes.find((n) => n.id === 'pod:default/nginx1-76c99b49df-7plsr');
    expect(pod?.parentId).toBe('node:ap-southeast-1.10.0.1.206');
    for (const n of g.nodes) {
      if (n.parentId) expect(index.get(n.parentId)).toBeLessThan(index.get(n.id)!);
    }
    expect(g.nodes.find((n) => n.id === 'node:ap-southeast-1.10.0.0.180')?.parentId).toBe('vpc');
  });

  it('links each SLB to its service and each service to the pods its selector matches', () => {
    const ids = buildGraph(ack()).edges.map((e) => `${e.source} -> ${e.target}`);
    expect(ids).toContain('slb:slb-nginx1 -> svc:default/nginx1');
    expect(ids).toContain('svc:default/nginx1 -> pod:default/nginx1-76c99b49df-s6z79');
    expect(ids).toContain('svc:default/nginx2 -> pod:default/nginx1-76c99b49df-7plsr');
    expect(ids).toContain('svc:default/nginx -> pod:default/nginx-7d6877d777-6jkfg');
    expect(ids).not.toContain('svc:default/nginx -> pod:default/centos-67756b6dc8-rmmxt');
  });

  it('is deterministic and rows do not overlap', () => {
    const a = buildGraph(ack());
    expect(buildGraph(ack())).toEqual(a);
    const top = (type: string) => a.nodes.filter((n) => n.type === type).map((n) => n.position.y);
    expect(Math.max(...top('slb'))).toBeLessThan(Math.min(...top('service')));
    expect(Math.max(...top('service'))).toBeLessThan(Math.min(...top('vpc')));
  });

  it('marks From, To and the traced path without touching other elements', () => {
    const g = buildGraph(ack());
    const trace = {
      hops: [
        {
          seq: 1,
          ns: 'node:ap-southeast-1.10.0.1.206',
          device: 'eth0',
          dir: 'in',
          packet: { src: '172.23.96.23:41000', dst: '192.168.13.23:80', proto: 'TCP' },
        },
      ],
      reply: null,
    } as unknown as Trace;
    const m = markGraph(g, 'pod:default/centos-67756b6dc8-rmmxt', '172.23.96.163:80', trace);
    const data = (id: string) => m.nodes.find((n) => n.id === id)?.data as { from?: boolean; to?: boolean; onPath?: boolean };
    expect(data('pod:default/centos-67756b6dc8-rmmxt').from).toBe(true);
    expect(data('pod:default/nginx1-76c99b49df-7plsr').to).toBe(true);
    expect(data('node:ap-southeast-1.10.0.1.206').onPath).toBe(true);
    expect(data('svc:default/nginx1').onPath).toBe(true);
    const untouched = m.nodes.find((n) => n.id === 'pod:default/nginx1-76c99b49df-s6z79');
    expect(untouched).toBe(g.nodes.find((n) => n.id === 'pod:default/nginx1-76c99b49df-s6z79'));
  });
});

describe("a load balancer's box", () => {
  it('names the port of the first service behind it as its destination', () => {
    const t = ack();
    const lb = t.loadBalancers[0]!;
    const base = { ...t.services[0]! };
    delete base.loadBalancer;
    const svc = (name: string, port: number, loadBalancer?: string) => ({
      ...base,
      name,
      ports: [{ port, targetPort: port, protocol: 'TCP' as const }],
      ...(loadBalancer ? { loadBalancer } : {}),
    });
    const g = buildGraph({ ...t, services: [svc('no-lb', 1), svc('first', 8443, lb.name), svc('second', 9000, lb.name)] });
    const box = g.nodes.find((n) => n.type === 'slb' && n.data.name === lb.name)!;
    expect(box.data).toMatchObject({ destination: `${lb.ip}:8443` });
  });
});
