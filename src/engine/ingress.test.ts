import { describe, expect, it } from 'vitest';
import { parseUrl } from './ingress';

describe('parseUrl', () => {
  it('reads an http(s) URL in any case and with spaces around it', () => {
    expect(parseUrl('  HTTPS://Shop.example.com:8443/api ')).toEqual({ scheme: 'https', host: 'shop.example.com', port: 8443, path: '/api' });
    expect(parseUrl('http://shop.example.com')).toEqual({ scheme: 'http', host: 'shop.example.com', port: 80, path: '/' });
  });
  it('leaves addresses and names to the other readers', () => {
    for (const to of ['10.0.0.1:80', 'svc:default/web:80', 'pod:default/web', 'hostname:80', 'h', '']) expect(parseUrl(to)).toBeUndefined();
  });
});
