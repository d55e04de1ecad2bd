import { describe, expect, it } from 'vitest';
import { inferCni } from './cni';
import type { Source } from './objects';
import type { ImportedPod } from './pods';

/** `count` pods in `default`, each counting the reads of its annotations in `reads`; one with `annotations` if given. */
function podsReading(count: number, reads: { n: number }, annotations: Record<string, string> = {}) {
  const sources: Source[] = [];
  const pods: ImportedPod[] = [];
  for (let i = 0; i < count; i++) {
    const name = `web-${i}`;
    const metadata = {
      name,
      get annotations() {
        reads.n++;
        return i === count - 1 ? annotations : {};
      },
    };
    sources.push({ obj: { kind: 'Pod', metadata }, at: `items[${i}]`, kind: 'Pod', name, namespace: 'default' });
    pods.push({
      doc: {},
      name,
      namespace: 'default',
      node: 'n1',
      ip: `10.244.0.${i + 2}`,
      labels: {},
      hostNetwork: false,
    } as ImportedPod);
  }
  return { sources, pods };
}

describe("the CNI told from the input's evidence", () => {
  it("a Flannel cluster's is told from its nodes without reading each pod's annotations; a cluster without it reads them", () => {
    const reads = { n: 0 };
    const flannel = podsReading(50, reads);
    const node = { name: 'n1', ip: '192.168.0.10', annotations: { 'flannel.alpha.coreos.com/backend-type': 'vxlan' } };
    expect(inferCni(undefined, [node], flannel.sources, flannel.pods, [])).toMatchObject({ plugin: 'flannel', mode: 'vxlan' });
    expect(reads.n).toBe(0);
    // No Flannel evidence: the pods' annotations are read, and Calico's on the last pod is found.
    const calico = podsReading(50, reads, { 'cni.projectcalico.org/podIP': '10.244.0.51/32' });
    const bare = { ...node, annotations: {} };
    expect(inferCni(undefined, [bare], calico.sources, calico.pods, [])).toMatchObject({
      plugin: 'calico',
      from: 'annotation cni.projectcalico.org/… on pod default/web-49',
    });
    expect(reads.n).toBeGreaterThanOrEqual(50);
  });
});
