import { describe, expect, it } from 'vitest';
import { ELEMENT_KINDS } from '../../../model/element-id';
import type { EditorNode } from '../types';
import { canvasNodeTypes, declaredNode, KINDS, kindOf } from '.';
import { declaredHandles } from './declared-handles';

const pod: EditorNode = {
  id: 'pod:shop/cart-0',
  type: 'pod',
  position: { x: 0, y: 0 },
  data: { ref: 'shop/cart-0', name: 'cart-0', namespace: 'shop', ip: '172.20.1.5', ready: true, hostNetwork: false, destination: '172.20.1.5:80' },
};
const vpc: EditorNode = { id: 'vpc', type: 'vpc', position: { x: 0, y: 0 }, data: { cidr: '10.0.0.0/16', title: 'VPC' } };

describe('the canvas kinds registry', () => {
  it('files each kind under its own React Flow type, with a component for it', () => {
    for (const [type, kind] of Object.entries(KINDS)) {
      expect(kind.type).toBe(type);
      expect(canvasNodeTypes[type], type).toBeDefined();
    }
  });

  it('draws every kind of document element, each by exactly one canvas kind', () => {
    const drawn = Object.values(KINDS).flatMap((k) => (k.element ? [k.element] : []));
    expect([...drawn].sort()).toEqual([...ELEMENT_KINDS].sort());
  });

  it('answers for an element through its kind: find text, namespace, trace end', () => {
    expect(kindOf(pod).text(pod)).toBe('cart-0 shop 172.20.1.5');
    expect(kindOf(pod).namespace(pod)).toBe('shop');
    expect(kindOf(pod).traceEnd).toBe(true);
    expect(kindOf(vpc).text(vpc)).toBeNull();
    expect(kindOf(vpc).traceEnd).toBe(false);
  });

  it('only node boxes hold pods; a service is both ends of an editing connection, an SLB only its start', () => {
    expect(
      Object.values(KINDS)
        .filter((k) => k.holdsPods)
        .map((k) => k.type),
    ).toEqual(['clusterNode']);
    expect(KINDS.service.handles).toEqual({ in: true, out: true });
    expect(KINDS.slb.handles).toEqual({ out: true });
  });

  it('declares the handles of boxes of one kind and size as one list, the one declaredHandles makes for them', () => {
    const sized = (n: EditorNode, width: number, height: number) => declaredNode({ ...n, width, height } as EditorNode);
    const [a, b, wider, other] = [sized(pod, 120, 40), sized({ ...pod, id: 'pod:shop/cart-1' }, 120, 40), sized(pod, 140, 40), sized(vpc, 120, 40)];
    expect(a.handles).toEqual(declaredHandles(KINDS.pod.viewHandles, KINDS.pod.handles, 120, 40));
    expect(b.handles).toBe(a.handles);
    expect(wider.handles).toEqual(declaredHandles(KINDS.pod.viewHandles, KINDS.pod.handles, 140, 40));
    expect(wider.handles).not.toBe(a.handles);
    // (A service's handles are at its top and bottom: its height places them.)
    const service = { ...pod, type: 'service' } as unknown as EditorNode;
    expect(sized(service, 120, 40).handles).toEqual(declaredHandles(KINDS.service.viewHandles, KINDS.service.handles, 120, 40));
    expect(sized(service, 120, 60).handles).toEqual(declaredHandles(KINDS.service.viewHandles, KINDS.service.handles, 120, 60));
    expect(other.handles).toEqual(declaredHandles(KINDS.vpc.viewHandles, KINDS.vpc.handles, 120, 40));
  });
});
