import { describe, expect, it } from 'vitest';
import { displayTopology } from './display';
import { emptyDoc, type Doc } from './edit';
import { CNI_MODES, type CniMode, type CniPlugin } from './topology';
import { expectOk } from './test-helpers';
import { validateTopology } from './validate';

/** A small valid document of `plugin`/`mode` that leaves every defaulted field out. */
function docOf(plugin: CniPlugin, mode: CniMode): Doc {
  const d = emptyDoc();
  const cluster = d.cluster as Record<string, unknown>;
  cluster.cni = { plugin, mode };
  delete cluster.serviceCIDR;
  if (plugin === 'terway') {
    delete cluster.podCIDR;
    cluster.vpc = { cidr: '10.0.0.0/16', vswitches: [{ name: 'vsw-a', cidr: '10.0.3.0/24' }] };
  }
  d.nodes = [{ name: 'n1', ip: '10.0.0.10', ...(plugin === 'terway' ? { enis: [{ name: 'eth1' }] } : {}) }];
  return d;
}

const WIRINGS = (Object.keys(CNI_MODES) as CniPlugin[]).flatMap((plugin) => CNI_MODES[plugin].map((mode) => [plugin, mode] as const));

describe('displayTopology fills what a document leaves out as the validator does', () => {
  it.each(WIRINGS)('%s %s: pod MTU, service range, node kernel, ENI size', (plugin, mode) => {
    const doc = docOf(plugin, mode);
    const shown = displayTopology(structuredClone(doc));
    const valid = expectOk(validateTopology(structuredClone(doc))).topology;
    expect(shown.cluster.cni.mtu).toBe(valid.cluster.cni.mtu);
    expect(shown.cluster.serviceCIDR).toBe(valid.cluster.serviceCIDR);
    expect(shown.nodes[0]!.kernel).toEqual(valid.nodes[0]!.kernel);
    expect(shown.nodes[0]!.enis.map((e) => e.maxIPs)).toEqual(valid.nodes[0]!.enis.map((e) => e.maxIPs));
  });

  it('shows an overlay pod network 50 (VXLAN) or 20 (IP-in-IP) bytes under the node MTU', () => {
    expect(displayTopology(docOf('flannel', 'vxlan')).cluster.cni.mtu).toBe(1450);
    expect(displayTopology(docOf('calico', 'ipip')).cluster.cni.mtu).toBe(1480);
    expect(displayTopology(docOf('flannel', 'host-gw')).cluster.cni.mtu).toBe(1500);
  });

  it('keeps what the document states', () => {
    const doc = docOf('flannel', 'vxlan');
    (doc.cluster as Record<string, unknown>).cni = { plugin: 'flannel', mode: 'vxlan', mtu: 8950 };
    expect(displayTopology(doc).cluster.cni.mtu).toBe(8950);
  });
});

describe('displayTopology names and labels', () => {
  it('suffixes a name taken before in the same namespace, not one taken in another', () => {
    const doc = {
      nodes: [{ name: 'n' }, { name: 'n' }],
      pods: [
        { name: 'web', namespace: 'a' },
        { name: 'web', namespace: 'b' },
        { name: 'web', namespace: 'a' },
        { name: 'web' },
        { name: 'web', namespace: 'default' },
      ],
      services: [{ name: 's', namespace: 'a' }, { name: 's' }],
    } as unknown as Doc;
    const shown = displayTopology(doc);
    expect(shown.nodes.map((n) => n.name)).toEqual(['n', 'n (2)']);
    expect(shown.pods.map((p) => p.name)).toEqual(['web', 'web', 'web (2)', 'web', 'web (2)']);
    expect(shown.services.map((s) => s.name)).toEqual(['s', 's']);
  });

  it('writes every label value as text, `__proto__` a label like any other', () => {
    const labels = JSON.parse('{"app":"web","tier":3,"__proto__":"x","gone":null}') as Record<string, unknown>;
    const shown = displayTopology({ pods: [{ name: 'p', labels }] } as unknown as Doc);
    const got = shown.pods[0]!.labels;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.entries(got)).toEqual([
      ['app', 'web'],
      ['tier', '3'],
      ['__proto__', 'x'],
      ['gone', ''],
    ]);
  });
});
