/**
 * Veth names and MACs are made straight from character codes (names.ts); they must spell what
 * the plain formulas spell: "veth" + fnv1a("veth/" + pod) as 8 hex digits, and the MAC's six
 * bytes from fnv1a("mac/" + key) and fnv1a(key) seeded with it, colon-separated.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { caliName, endpointChain, macFor, serviceChain, vethHash, vethHashOfName, vethName } from './names';

function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}
const hex2 = (x: number) => (x & 255).toString(16).padStart(2, '0');

const keys = ['default/nginx-7c5ddbdf54-8mv2x', 'kube-system/coredns-0', '', 'ns/名前', 'a'.repeat(300)];
for (let i = 0; i < 200; i++) keys.push(`ns-${i % 7}/svc-${i}-${(i * 2654435761) % 100000}/host`);

describe('names made from character codes', () => {
  it('vethName spells "veth" and the pod hash as 8 hex digits', () => {
    for (const k of keys)
      expect(vethName(k)).toBe(
        'veth' +
          fnv1a('veth/' + k)
            .toString(16)
            .padStart(8, '0'),
      );
  });

  it('vethHash is the hash vethName spells, and vethHashOfName reads it back', () => {
    for (const k of keys) {
      const slash = k.indexOf('/');
      if (slash < 0) continue;
      const h = vethHash(k.slice(0, slash), k.slice(slash + 1));
      expect(h).toBe(fnv1a('veth/' + k));
      expect(vethHashOfName(vethName(k))).toBe(h);
    }
    for (const other of ['eth0', 'cni0', 'vethABCDEF12', 'veth1234567', 'veth123456789', 'vexh12345678', 'veth-1234567'])
      expect(vethHashOfName(other)).toBeUndefined();
  });

  it("kube-proxy's chain names are the first 16 characters of base32(sha256(...))", () => {
    const base32 = (b: Buffer) => {
      let bits = '';
      for (const x of b) bits += x.toString(2).padStart(8, '0');
      return Array.from(
        { length: Math.ceil(bits.length / 5) },
        (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(bits.slice(i * 5, i * 5 + 5).padEnd(5, '0'), 2)],
      ).join('');
    };
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest();
    for (const k of keys) {
      expect(serviceChain('KUBE-SVC-', k, 'tcp')).toBe('KUBE-SVC-' + base32(sha(k + 'tcp')).slice(0, 16));
      expect(endpointChain(k, 'udp', '10.0.0.1:80')).toBe('KUBE-SEP-' + base32(sha(k + 'udp' + '10.0.0.1:80')).slice(0, 16));
    }
  });

  it("Calico's host-side veth is cali + the first 11 hex digits of sha1(namespace.pod)", () => {
    for (const k of keys) {
      const [ns = '', pod = ''] = k.split('/');
      expect(caliName(ns, pod)).toBe('cali' + createHash('sha1').update(`${ns}.${pod}`, 'utf8').digest('hex').slice(0, 11));
    }
  });

  it('macFor spells the six bytes of the two hashes, locally administered', () => {
    for (const k of keys) {
      const a = fnv1a('mac/' + k);
      const b = fnv1a(k, a);
      expect(macFor(k)).toBe([0x02 | ((a >>> 24) & 0xfc), a >>> 16, a >>> 8, a, b >>> 8, b].map(hex2).join(':'));
    }
  });
});
