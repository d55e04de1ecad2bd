import { describe, expect, it } from 'vitest';
import type { Doc } from '../../model/edit';
import { applyFault, faultOffers, nodeFaults, vpcFaults } from './faults';

const doc: Doc = {
  apiVersion: 'hopscope/v1',
  kind: 'Topology',
  metadata: { name: 't' },
  cluster: { cni: { plugin: 'flannel', mode: 'vxlan' }, podCIDR: '10.244.0.0/16', vpc: { cidr: '192.168.0.0/16', deletedRoutes: ['10.244.1.0/24'] } },
  nodes: [
    { name: 'a', ip: '192.168.0.10', podCIDR: '10.244.0.0/24' },
    {
      name: 'b',
      ip: '192.168.0.11',
      podCIDR: '10.244.1.0/24',
      kernel: { ipForward: false, mtu: 1400 },
      linksDown: ['flannel.1'],
      deletedRoutes: ['10.244.0.0/24'],
    },
  ],
  pods: [{ name: 'p', node: 'a', ip: '192.168.0.110' }],
};

describe('When a node is broken on purpose', () => {
  it('lists each fault with a label and the field without it', () => {
    const f = nodeFaults(doc.nodes![1]!);
    expect(f.map((x) => x.label)).toEqual(['ip_forward=0', 'eth0 mtu 1400', 'route 10.244.0.0/24 deleted', 'flannel.1 down']);
    expect(f[0]!.without).toEqual({ mtu: 1400 });
    expect(f[2]!.without).toBeUndefined();
    expect(nodeFaults(doc.nodes![0]!)).toEqual([]);
    expect(vpcFaults(doc)).toEqual(['10.244.1.0/24']);
  });

  it('switches each offered fault on as a document field', () => {
    const a = doc.nodes![0]!;
    expect(faultOffers(doc, a).find((o) => o.kind === 'linkDown')!.options).toEqual(['eth0', 'cni0', 'flannel.1']);
    expect(applyFault(doc, a, 'nat', 'MASQUERADE pod traffic')).toEqual(['nat', [{ chain: 'POSTROUTING', source: '10.244.0.0/16', action: 'MASQUERADE' }]]);
    expect(applyFault(doc, a, 'filter', 'FORWARD tcp DROP')).toEqual(['filter', [{ chain: 'FORWARD', proto: 'tcp', dport: 80, action: 'DROP' }]]);
    // 192.168.0.110 is a pod's: the second interface takes the next free address.
    expect(applyFault(doc, a, 'interface')).toEqual(['interfaces', [{ name: 'eth1', ip: '192.168.0.111', up: true }]]);
    expect(applyFault(doc, a, 'deleteRoute', 'default')).toEqual(['deletedRoutes', ['0.0.0.0/0']]);
  });
});
