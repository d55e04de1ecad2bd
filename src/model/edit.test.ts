import { describe, expect, it } from 'vitest';
import { addElement, connect, duplicateElements, emptyDoc, list, materialize, movePod, readdress, removeElements, setField, type Doc } from './edit';
import { displayTopology } from './display';
import { validateTopology } from './validate';

/** Validate and write back IPAM's addresses, as the editor does after each edit. */
function settle(d: Doc): Doc {
  const r = validateTopology(d);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return materialize(d, r.topology);
}

function twoNodes(plugin: 'flannel' | 'calico' | 'terway', mode: string): Doc {
  let d = emptyDoc();
  d = { ...d, cluster: { ...d.cluster, cni: { plugin, mode } } };
  if (plugin === 'terway') {
    const { podCIDR: _drop, ...c } = d.cluster;
    d = { ...d, cluster: { ...c, vpc: { cidr: '10.0.0.0/16', vswitches: [{ name: 'vsw-a', cidr: '10.0.3.0/24' }] } } };
  }
  d = addElement(d, 'node', { x: 0, y: 0 }).doc;
  d = addElement(d, 'node', { x: 400, y: 0 }).doc;
  d = addElement(d, 'pod', undefined, 'node-1').doc;
  d = addElement(d, 'pod', undefined, 'node-1').doc;
  d = addElement(d, 'pod', undefined, 'node-2').doc;
  return settle(d);
}

describe('IPAM as the editor uses it, per CNI mode', () => {
  it.each([
    ['flannel', 'vxlan', ['10.244.0.2', '10.244.0.3', '10.244.1.2']],
    ['flannel', 'host-gw', ['10.244.0.2', '10.244.0.3', '10.244.1.2']],
    ['flannel', 'vpc-route', ['10.244.0.2', '10.244.0.3', '10.244.1.2']],
    ['calico', 'ipip', ['10.244.0.1', '10.244.0.2', '10.244.0.65']],
    ['calico', 'vxlan', ['10.244.0.1', '10.244.0.2', '10.244.0.65']],
    ['calico', 'bgp', ['10.244.0.1', '10.244.0.2', '10.244.0.65']],
    ['terway', 'eniip', ['10.0.3.1', '10.0.3.2', '10.0.3.3']],
    ['terway', 'ipvlan-ebpf', ['10.0.3.1', '10.0.3.2', '10.0.3.3']],
  ] as const)('%s %s: new pods get addresses and keep them', (plugin, mode, ips) => {
    const d = twoNodes(plugin, mode);
    expect(list(d, 'pods').map((p) => p.ip)).toEqual(ips);
    // Removing the first pod does not move the others: their addresses are in the document now.
    const after = settle(removeElements(d, [{ list: 'pods', index: 0 }]));
    expect(list(after, 'pods').map((p) => p.ip)).toEqual(ips.slice(1));
  });

  it("a pod moved to another node is re-addressed from that node's block", () => {
    const d = twoNodes('flannel', 'vxlan');
    const moved = settle(movePod(d, 0, 'node-2'));
    expect(list(moved, 'pods')[0]).toMatchObject({ node: 'node-2', ip: '10.244.1.3' });
  });

  it('changing the pod CIDR re-addresses every block and pod, and says so first', () => {
    const d = twoNodes('flannel', 'vxlan');
    const r = readdress(d, ['podCIDR'], '10.1.0.0/16');
    expect(r?.changes).toEqual([
      { key: 'podBlocksReassigned', params: { count: 2 } },
      { key: 'podIpsReassigned', params: { count: 3 } },
    ]);
    const after = settle(r!.doc);
    expect(list(after, 'nodes').map((n) => n.podCIDR)).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
    expect(list(after, 'pods').map((p) => p.ip)).toEqual(['10.1.0.2', '10.1.0.3', '10.1.1.2']);
  });
});

describe('edit actions', () => {
  const base = () => twoNodes('flannel', 'vxlan');

  it('adds every palette kind with a unique name and a valid result', () => {
    let d = base();
    for (const k of ['node', 'service', 'loadBalancer', 'external'] as const) d = addElement(d, k, { x: 1, y: 2 }).doc;
    d = settle(d);
    expect(list(d, 'nodes').map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(list(d, 'services')[0]).toMatchObject({ name: 'svc-1', clusterIP: '10.96.0.2' });
    expect(list(d, 'loadBalancers')[0]).toMatchObject({ name: 'slb-1', ip: '203.0.113.1' });
    expect(d.layout?.['service:default/svc-1']).toEqual({ x: 1, y: 2 });
  });

  it('removing a node takes its pods, its router peerings and its position with it', () => {
    let d = addElement(base(), 'router').doc;
    d = connect(d, { list: 'routers', index: 0 }, { list: 'nodes', index: 0 }).doc!;
    d = removeElements(d, [{ list: 'nodes', index: 0 }]);
    expect(list(d, 'nodes').map((n) => n.name)).toEqual(['node-2']);
    expect(list(d, 'pods').map((p) => p.name)).toEqual(['pod-3']);
    expect(list(d, 'routers')[0]!.nodes).toEqual([]);
    expect(d.layout?.['node:node-1']).toBeUndefined();
  });

  it('renaming a node keeps its pods on it; renaming an SLB keeps its services behind it', () => {
    let d = addElement(addElement(base(), 'loadBalancer').doc, 'service').doc;
    d = connect(d, { list: 'loadBalancers', index: 0 }, { list: 'services', index: 0 }).doc!;
    d = setField(d, { list: 'nodes', index: 0 }, 'name', 'worker-a');
    d = setField(d, { list: 'loadBalancers', index: 0 }, 'name', 'edge');
    expect(list(d, 'pods').map((p) => p.node)).toEqual(['worker-a', 'worker-a', 'node-2']);
    expect(list(d, 'services')[0]).toMatchObject({ loadBalancer: 'edge', type: 'LoadBalancer' });
    expect(d.layout?.['node:worker-a']).toEqual({ x: 0, y: 0 });
    expect(() => settle(d)).not.toThrow();
  });

  it("service → pod: an empty selector takes the pod's label, or both get app=<service>", () => {
    let d = addElement(base(), 'service').doc;
    const svc = { list: 'services' as const, index: 0 };
    const r1 = connect(d, svc, { list: 'pods', index: 0 });
    expect(r1.message).toEqual({ key: 'labelledApp', params: { pod: 'pod-1', value: 'svc-1', svc: 'svc-1' } });
    d = r1.doc!;
    const r2 = connect(d, svc, { list: 'pods', index: 2 });
    expect(r2.message).toEqual({ key: 'gotLabels', params: { pod: 'pod-3', count: 1, labels: 'app=svc-1', svc: 'svc-1' } });
    d = r2.doc!;
    expect(connect(d, svc, { list: 'pods', index: 2 }).doc).toBeNull();
    const t = displayTopology(d);
    expect(t.pods.filter((p) => p.labels.app === 'svc-1').map((p) => p.name)).toEqual(['pod-1', 'pod-3']);
  });

  it('a connection to the wrong kind changes nothing and says what its start connects to', () => {
    let d = addElement(base(), 'service').doc;
    d = addElement(d, 'router').doc;
    d = addElement(d, 'loadBalancer').doc;
    const node = { list: 'nodes' as const, index: 0 };
    expect(connect(d, { list: 'services', index: 0 }, node)).toEqual({ doc: null, message: { key: 'servicePicksPods' } });
    expect(connect(d, { list: 'services', index: 0 }, { list: 'services', index: 0 })).toEqual({ doc: null, message: { key: 'servicePicksPods' } });
    expect(connect(d, { list: 'loadBalancers', index: 0 }, { list: 'pods', index: 0 }).message.key).toBe('lbFrontsServices');
    expect(connect(d, { list: 'routers', index: 0 }, { list: 'pods', index: 0 }).message.key).toBe('routerPeersNodes');
    expect(connect(d, { list: 'pods', index: 0 }, node).message.key).toBe('cannotConnect');
  });

  it('duplicates get new names and fresh addresses, not copies of the old ones', () => {
    const d = base();
    const r = duplicateElements(d, [
      { list: 'nodes', index: 1 },
      { list: 'pods', index: 2 },
    ]);
    const after = settle(r.doc);
    expect(list(after, 'nodes')[2]).toMatchObject({ name: 'node-2-copy', ip: '10.0.0.12', podCIDR: '10.244.2.0/24' });
    expect(list(after, 'pods')[3]).toMatchObject({ name: 'pod-3-copy', node: 'node-2-copy', ip: '10.244.2.2' });
  });

  it('edits never change their input (undo keeps the old documents)', () => {
    const d = base();
    const frozen = JSON.stringify(d);
    addElement(d, 'node');
    removeElements(d, [{ list: 'pods', index: 0 }]);
    setField(d, { list: 'nodes', index: 0 }, 'name', 'x');
    movePod(d, 0, 'node-2');
    duplicateElements(d, [{ list: 'pods', index: 0 }]);
    readdress(d, ['podCIDR'], '10.9.0.0/16');
    expect(JSON.stringify(d)).toBe(frozen);
  });
});
