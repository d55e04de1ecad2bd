import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ELEMENT_KINDS,
  elementId,
  layoutKey,
  layoutKeyOfId,
  LISTS,
  listRef,
  parseElementId,
  parseLayoutKey,
  parseListRef,
  podId,
  serviceDestination,
  serviceId,
  slbId,
  type ElementName,
} from './element-id';

// Names as the validator lets them through (DNS labels), plus a colon and a slash where a kind has no namespace.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9.:-]{0,20}[a-z0-9])?$/);
const dnsLabel = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const element: fc.Arbitrary<ElementName> = fc
  .constantFrom(...ELEMENT_KINDS)
  .chain((kind): fc.Arbitrary<ElementName> =>
    kind === 'pod' || kind === 'service'
      ? fc.record({ kind: fc.constant(kind), namespace: dnsLabel, name: label })
      : fc.record({ kind: fc.constant(kind), name: label }),
  );

describe('element ids', () => {
  it('are the schemes the documents, traces and pictures already use', () => {
    expect(podId({ namespace: 'default', name: 'web' })).toBe('pod:default/web');
    expect(serviceId({ namespace: 'shop', name: 'cart' })).toBe('svc:shop/cart');
    expect(slbId('edge')).toBe('slb:edge');
    expect(layoutKey({ kind: 'service', namespace: 'shop', name: 'cart' })).toBe('service:shop/cart');
    expect(layoutKey({ kind: 'loadBalancer', name: 'edge' })).toBe('loadBalancer:edge');
    expect(layoutKeyOfId('svc:shop/cart')).toBe('service:shop/cart');
    expect(layoutKeyOfId('slb:edge')).toBe('loadBalancer:edge');
    expect(layoutKeyOfId('node:ap-southeast-1.10.0.0.180')).toBe('node:ap-southeast-1.10.0.0.180');
    expect(listRef('services', 3)).toBe('services[3]');
    expect(serviceDestination({ namespace: 'default', name: 'nginx' }, 80)).toBe('svc:default/nginx:80');
    expect(serviceDestination({ namespace: 'default', name: 'nginx' }, 80, { lb: true })).toBe('svc:default/nginx:80@lb');
    expect(serviceDestination({ namespace: 'default', name: 'nginx' }, 'http', { node: 'a' })).toBe('svc:default/nginx:http@node:a');
  });

  it('round-trip: an id and a layout key read back as the element they were built from', () => {
    fc.assert(
      fc.property(element, (e) => {
        expect(parseElementId(elementId(e))).toEqual(e);
        expect(parseLayoutKey(layoutKey(e))).toEqual(e);
        expect(layoutKeyOfId(elementId(e))).toBe(e.kind === 'pod' ? null : layoutKey(e));
      }),
    );
  });

  it('round-trip: a list ref reads back, also as the start of a field path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LISTS), fc.nat(100_000), (list, index) => {
        expect(parseListRef(listRef(list, index))).toEqual({ list, index });
        expect(parseListRef(`${listRef(list, index)}.ports[0].port`)).toEqual({ list, index });
      }),
    );
  });

  it('reads nothing into what is not an id', () => {
    for (const bad of ['vpc', '', 'pod:', 'pod:web', 'pod:/web', 'pod:default/', 'svc:', 'node:', 'service:default/a', 'loadBalancer:edge', 'nope:x']) {
      expect(parseElementId(bad), bad).toBeNull();
    }
    expect(parseLayoutKey('svc:default/a')).toBeNull();
    expect(layoutKeyOfId('pod:default/web')).toBeNull();
    expect(layoutKeyOfId('vpc')).toBeNull();
    expect(parseListRef('cluster.podCIDR')).toBeNull();
    expect(parseListRef('ingresses[0]')).toBeNull();
  });
});
