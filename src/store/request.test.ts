import { describe, expect, it } from 'vitest';
import type { TraceProtocol } from '../model';
import { en } from '../i18n/en';
import { checkDestination as check } from './request';

/** The check's message as the English catalogue words it. */
const checkDestination = (to: string, proto: TraceProtocol): string | null => {
  const m = check(to, proto);
  if (!m) return null;
  const text = (en.notices as Record<string, string>)[m.key];
  if (text === undefined) throw new Error(`no English text for ${m.key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(m.params?.[k] ?? `{{${k}}}`));
};

describe('checkDestination', () => {
  it.each([
    ['192.168.13.23:80', 'TCP'],
    ['8.219.164.113:80', 'UDP'],
    ['172.23.96.163', 'ICMP'],
    ['svc:default/nginx1:80', 'TCP'],
    ['svc:default/nginx1:http', 'TCP'],
    ['svc:default/nginx1:80@lb', 'TCP'],
    ['svc:default/nginx1:80@node:ap-southeast-1.10.0.1.206', 'TCP'],
    ['  10.0.0.180:32580  ', 'TCP'],
  ] as const)('accepts %s over %s', (to, proto) => {
    expect(checkDestination(to, proto)).toBeNull();
  });

  it('asks for a destination when To is empty', () => {
    expect(checkDestination('  ', 'TCP')).toMatch(/^Enter a destination/);
  });

  it('asks for a port when TCP is given a bare IP', () => {
    expect(checkDestination('172.23.96.163', 'TCP')).toContain('172.23.96.163:80');
  });

  it('refuses ports out of range', () => {
    expect(checkDestination('10.0.0.1:70000', 'TCP')).toContain('1 to 65535');
    expect(checkDestination('10.0.0.1:0', 'TCP')).toContain('1 to 65535');
    expect(checkDestination('svc:default/x:99999', 'TCP')).toContain('1 to 65535');
  });

  it('names the forms when the text is not a destination at all', () => {
    const m = checkDestination('hello world', 'TCP');
    expect(m).toContain('“hello world”');
    expect(m).toContain('IP:PORT');
    expect(m).toContain('svc:NAMESPACE/NAME:PORT');
  });

  it('explains a malformed service reference', () => {
    expect(checkDestination('svc:nginx1:80', 'TCP')).toContain('svc:NAMESPACE/NAME:PORT');
    expect(checkDestination('svc:default/nginx1:80@elsewhere', 'TCP')).toContain('@lb or @node:NODE');
  });

  it('refuses an address with a bad octet', () => {
    expect(checkDestination('300.1.1.1:80', 'TCP')).toContain('not a destination');
  });

  it('accepts an Ingress URL over TCP and explains a bad one', () => {
    expect(checkDestination('http://shop.example.com/api/items', 'TCP')).toBeNull();
    expect(checkDestination('https://shop.example.com', 'TCP')).toBeNull();
    expect(checkDestination('http://shop.example.com/api', 'UDP')).toContain('TCP');
    expect(checkDestination('http://bad host/', 'TCP')).toContain('not a URL');
  });
});
