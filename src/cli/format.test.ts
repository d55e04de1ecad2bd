import { describe, expect, it } from 'vitest';
import type { Trace } from '../model';
import { formatEndpoint, formatP, formatProblem, formatTrace, table } from './format';

const ids = {
  client: 'pod:default/centos-67756b6dc8-rmmxt',
  server: 'pod:default/nginx1-76c99b49df-7plsr',
  node1: 'node:ap-southeast-1.10.0.0.180',
  node2: 'node:ap-southeast-1.10.0.1.206',
};

/** Row A2 via the ClusterIP, written by hand in the shape of trace-format.md. */
const a2: Trace = {
  request: { from: ids.client, to: '192.168.13.23:80', protocol: 'TCP', choice: { pick: ['172.23.96.163:80'] } },
  verdict: 'delivered',
  reason: null,
  deliveredTo: { kind: 'pod', name: 'default/nginx1-76c99b49df-7plsr', ip: '172.23.96.163', port: 80 },
  sourceSeenByServer: '172.23.96.23',
  kernelStacks: 4,
  hops: [
    {
      seq: 1,
      ns: ids.client,
      device: 'eth0',
      dir: 'out',
      packet: { src: '172.23.96.23:41000', dst: '192.168.13.23:80', proto: 'TCP' },
      note: 'default route via 172.23.96.1',
    },
    { seq: 2, ns: ids.node1, device: 'veth1a2b3c4d', dir: 'in', packet: { src: '172.23.96.23:41000', dst: '192.168.13.23:80', proto: 'TCP' } },
    {
      seq: 3,
      ns: ids.node1,
      device: null,
      dir: null,
      hook: 'PREROUTING',
      packet: { src: '172.23.96.23:41000', dst: '172.23.96.163:80', proto: 'TCP' },
      rewrites: [{ type: 'DNAT', from: '192.168.13.23:80', to: '172.23.96.163:80', by: 'IPVS 192.168.13.23:80 rr' }],
      choices: [
        { to: '172.23.96.82:80', p: 1 / 3 },
        { to: '172.23.96.162:80', p: 1 / 3 },
        { to: '172.23.96.163:80', p: 1 / 3, via: 'default/nginx1-76c99b49df-7plsr' },
      ],
      matched: [`${ids.node1} nat -A PREROUTING -j KUBE-SERVICES`],
    },
    {
      seq: 4,
      ns: 'vpc',
      device: null,
      dir: null,
      packet: { src: '172.23.96.23:41000', dst: '172.23.96.163:80', proto: 'TCP' },
      note: 'route 172.23.96.128/26 → ap-southeast-1.10.0.1.206',
    },
    { seq: 5, ns: ids.server, device: 'eth0', dir: 'in', packet: { src: '172.23.96.23:41000', dst: '172.23.96.163:80', proto: 'TCP' } },
  ],
  conntrack: [
    {
      ns: ids.node1,
      proto: 'tcp',
      orig: 'src=172.23.96.23 dst=192.168.13.23 sport=41000 dport=80',
      reply: 'src=172.23.96.163 dst=172.23.96.23 sport=80 dport=41000',
    },
  ],
  reply: {
    hops: [
      { seq: 1, ns: ids.server, device: 'eth0', dir: 'out', packet: { src: '172.23.96.163:80', dst: '172.23.96.23:41000', proto: 'TCP' } },
      {
        seq: 2,
        ns: ids.node1,
        device: 'eth0',
        dir: 'in',
        packet: { src: '192.168.13.23:80', dst: '172.23.96.23:41000', proto: 'TCP' },
        rewrites: [{ type: 'un-DNAT', from: '172.23.96.163:80', to: '192.168.13.23:80', by: 'conntrack' }],
      },
    ],
  },
};

describe('When a delivered trace is printed as a table', () => {
  const text = formatTrace(a2);
  const lines = text.split('\n');

  it('starts with the request', () => {
    expect(lines[0]).toBe(`trace ${ids.client} → 192.168.13.23:80, TCP, pick 172.23.96.163:80`);
  });

  it('has one row per hop with seq, namespace, device, direction and the packet', () => {
    const row = lines.find((l) => l.includes('veth1a2b3c4d'))!;
    expect(row).toMatch(/^\s+2\s+node:ap-southeast-1\.10\.0\.0\.180\s+veth1a2b3c4d\s+in\s+172\.23\.96\.23:41000 → 192\.168\.13\.23:80/);
    const dnat = lines.find((l) => l.includes('PREROUTING'))!;
    expect(dnat).toMatch(/^\s+3\s+node:\S+\s+-\s+-\s+172\.23\.96\.23:41000 → 172\.23\.96\.163:80\s+PREROUTING/);
  });

  it('spells out rewrites and choices under their hop', () => {
    expect(text).toContain('DNAT 192.168.13.23:80 → 172.23.96.163:80 by IPVS 192.168.13.23:80 rr');
    expect(text).toContain('choices: 172.23.96.82:80 p=0.3333 | 172.23.96.162:80 p=0.3333 | 172.23.96.163:80 p=0.3333 via default/nginx1-76c99b49df-7plsr');
    expect(text).toContain('un-DNAT 172.23.96.163:80 → 192.168.13.23:80 by conntrack');
  });

  it('spells out every rewrite of a hop that did several', () => {
    const hop = {
      ...a2.reply!.hops[1]!,
      rewrites: [
        { type: 'un-SNAT' as const, from: '10.0.0.180:41000', to: '47.74.0.10:41000', by: 'conntrack' },
        { type: 'un-DNAT' as const, from: '10.0.0.180:30875', to: '8.219.170.20:80', by: 'conntrack' },
      ],
    };
    const text = formatTrace({ ...a2, reply: { hops: [hop] } });
    expect(text).toContain('un-SNAT 10.0.0.180:41000 → 47.74.0.10:41000 by conntrack');
    expect(text).toContain('un-DNAT 10.0.0.180:30875 → 8.219.170.20:80 by conntrack');
    expect(text).not.toContain('un-DNAT 172.23.96.163:80');
  });

  it('lists matched rules only when verbose, without repeating the namespace', () => {
    expect(text).not.toContain('KUBE-SERVICES');
    expect(formatTrace(a2, { verbose: true })).toContain('matched nat -A PREROUTING -j KUBE-SERVICES');
  });

  it('sums up verdict, endpoint, source seen and kernel stacks', () => {
    expect(text).toMatch(/^verdict\s+delivered$/m);
    expect(text).toMatch(/^delivered to\s+pod default\/nginx1-76c99b49df-7plsr \(172\.23\.96\.163:80\)$/m);
    expect(text).toMatch(/^source seen\s+172\.23\.96\.23$/m);
    expect(text).toMatch(/^kernel stacks\s+4$/m);
    expect(text).not.toMatch(/^reason/m);
  });

  it('shows conntrack entries and the reply path', () => {
    expect(text).toMatch(/^conntrack$/m);
    expect(text).toContain('src=172.23.96.23 dst=192.168.13.23 sport=41000 dport=80');
    expect(text).toMatch(/^reply$/m);
  });

  it('leaves no trailing blanks', () => {
    expect(lines.filter((l) => / $/.test(l))).toEqual([]);
  });
});

describe('When a trace is refused, or enumerates outcomes', () => {
  const refused: Trace = {
    ...a2,
    request: { from: ids.client, to: '8.219.164.113:80' },
    verdict: 'refused',
    reason: 'IPVS virtual server 8.219.164.113:80 has no real server (externalTrafficPolicy Local)',
    deliveredTo: null,
    sourceSeenByServer: null,
    kernelStacks: 1.5,
    hops: [{ ...a2.hops[1]!, drop: { verdict: 'refused', reason: 'IPVS virtual server 8.219.164.113:80 has no real server' } }],
    conntrack: [],
    reply: null,
  };

  it('puts the reason on the last hop and in the summary', () => {
    const text = formatTrace(refused);
    expect(text).toContain('REFUSED: IPVS virtual server 8.219.164.113:80 has no real server');
    expect(text).toMatch(/^reason\s+IPVS virtual server .* \(externalTrafficPolicy Local\)$/m);
    expect(text).toMatch(/^delivered to\s+-$/m);
    expect(text).toMatch(/^kernel stacks\s+1\.5$/m);
    expect(text).not.toMatch(/^reply$/m);
    expect(text).not.toMatch(/^conntrack$/m);
  });

  it('prints an outcomes table with p, verdict, delivered to, source seen and path', () => {
    const all: Trace = {
      ...a2,
      request: { ...a2.request, choice: { all: true } },
      outcomes: [
        {
          p: 0.5,
          verdict: 'delivered',
          reason: null,
          deliveredTo: a2.deliveredTo,
          sourceSeenByServer: '10.0.0.180',
          kernelStacks: 3,
          path: ['10.0.0.180:30875', '172.23.96.163:80'],
        },
        { p: 0.5, verdict: 'dropped', reason: 'rp_filter', deliveredTo: null, sourceSeenByServer: null, kernelStacks: 1.5, path: ['10.0.1.216:30875'] },
      ],
    };
    const text = formatTrace(all);
    expect(text).toMatch(/^outcomes$/m);
    expect(text).toMatch(/^\s+p\s+verdict\s+delivered to\s+source seen\s+stacks\s+path$/m);
    expect(text).toMatch(
      /^\s+0\.5\s+delivered\s+pod default\/nginx1-76c99b49df-7plsr \(172\.23\.96\.163:80\)\s+10\.0\.0\.180\s+3\s+10\.0\.0\.180:30875 → 172\.23\.96\.163:80$/m,
    );
    expect(text).toContain('#2: rp_filter');
    expect(text).toContain('(2 outcomes, p sums to 1)');
  });
});

describe('small formatters', () => {
  it('formatP rounds to 4 decimals without trailing zeros', () => {
    expect([1, 0.5, 1 / 3, 0.125].map(formatP)).toEqual(['1', '0.5', '0.3333', '0.125']);
  });
  it('formatEndpoint', () => {
    expect(formatEndpoint(null)).toBe('-');
    expect(formatEndpoint({ kind: 'node', name: 'n1', ip: '10.0.0.1' })).toBe('node n1 (10.0.0.1)');
    expect(formatEndpoint({ kind: 'host', name: '1.2.3.4', ip: '1.2.3.4', port: 80 })).toBe('host 1.2.3.4:80');
  });
  it('formatProblem names the document when the path is empty', () => {
    expect(formatProblem({ path: 'pods[3].ip', message: 'bad' })).toBe('pods[3].ip: bad');
    expect(formatProblem({ path: '', message: 'not YAML' })).toBe('(document): not YAML');
  });
  it('table pads all but the last column', () => {
    expect(table(['a', 'bb'], [['xxx', 'y']], '')).toEqual(['a    bb', 'xxx  y']);
  });
});
