import { describe, expect, it } from 'vitest';
import { readTraceParams, writeTraceParams } from './url';

describe('the trace request in the URL', () => {
  it('round-trips from, to, protocol and each kind of choice, keeping other parameters', () => {
    const base = '?scenario=ack-flannel';
    const cases = [
      { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80', protocol: 'TCP' as const, choice: { pick: ['172.23.96.163:80'] } },
      { from: 'external:internet-client', to: '8.219.170.20:80', protocol: 'TCP' as const, choice: { pick: ['10.0.0.180:30875', '172.23.96.163:80'] } },
      { from: 'node:n1', to: '10.0.0.1', protocol: 'ICMP' as const, choice: { seed: 42 } },
      { from: 'pod:a/b', to: 'svc:default/nginx1:80@lb', protocol: 'UDP' as const, choice: { all: true as const } },
      { from: 'pod:a/b', to: '10.0.0.1:80', protocol: 'TCP' as const, choice: null },
    ];
    for (const req of cases) {
      const { choice, ...rest } = req;
      const search = writeTraceParams(base, { ...rest, ...(choice ? { choice } : {}) });
      expect(new URLSearchParams(search).get('scenario')).toBe('ack-flannel');
      expect(readTraceParams(search)).toEqual(req);
    }
  });

  it('replaces an older request instead of adding to it', () => {
    const s = writeTraceParams('?from=x&to=y&pick=1.1.1.1:1', { from: 'pod:a/b', to: '10.0.0.1:80', choice: { seed: 3 } });
    expect(readTraceParams(s)).toEqual({ from: 'pod:a/b', to: '10.0.0.1:80', protocol: 'TCP', choice: { seed: 3 } });
  });

  it('ignores a link without both ends, and odd values', () => {
    expect(readTraceParams('?from=pod:a/b')).toBeNull();
    expect(readTraceParams('')).toBeNull();
    expect(readTraceParams('?from=a&to=b&proto=SCTP&seed=-1')).toEqual({ from: 'a', to: 'b', protocol: 'TCP', choice: null });
  });
});
