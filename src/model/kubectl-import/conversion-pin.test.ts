import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubectlListText } from '../../scenarios/generate-kubectl';
import { convertKubectl, type KubectlConversion } from '../kubectl-import';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/** Everything a conversion says (document, warnings, origins, inferred; or its problems), as one hash. */
const hashOf = (r: KubectlConversion) => createHash('sha256').update(JSON.stringify(r)).digest('hex');

/** The ACK cluster's objects (its file is a List and the kube-proxy ConfigMap). */
const ack = parseAllDocuments(readFileSync(new URL('../testdata/kubectl-ack-flannel.yaml', import.meta.url), 'utf8')).flatMap(
  (d) => ((d.toJS() as Doc).items as Doc[] | undefined) ?? [d.toJS() as Doc],
);

const pod = (name: string, status: Doc, spec: Doc = { nodeName: 'ap-southeast-1.10.0.1.216' }): Doc => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
  status,
});

/**
 * The ACK List in a hostile order (pods before nodes, endpoint slices before services), with objects that make every
 * kind of warning the readers give, and duplicates of objects from the front at the back.
 */
function hostileList(): Doc {
  const items = [...ack].reverse();
  const odd = [
    pod('finished', { phase: 'Succeeded', podIP: '172.23.96.100' }),
    pod('unscheduled', { phase: 'Pending' }, {}),
    pod('elsewhere', { phase: 'Running', podIP: '172.23.96.101' }, { nodeName: 'no-such-node' }),
    pod('v6', { phase: 'Running', podIP: 'fd00::5' }),
    pod('no-ip', { phase: 'Running' }),
    pod('dual', { phase: 'Running', podIP: '172.23.96.102', podIPs: [{ ip: '172.23.96.102' }, { ip: 'fd00::6' }] }),
    pod('host', { phase: 'Running', podIP: '10.9.9.9' }, { nodeName: 'ap-southeast-1.10.0.1.216', hostNetwork: true }),
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } },
  ];
  return { apiVersion: 'v1', items: [...odd, ...items, ...items.slice(0, 6), ...odd.slice(0, 3)], kind: 'List', metadata: { resourceVersion: '' } };
}

// Pinned before the readers were split into what each object says alone and what needs the others (f44494d): the
// conversion must not change while the import's reading is rearranged (bench/import-pin.ts pins the 1,000-node List).
describe('kubectl import: conversions pinned', () => {
  it('converts a List in a hostile order, pretty-printed as kubectl prints it or compact, as it always has', () => {
    const list = hostileList();
    const r = convertKubectl(JSON.stringify(list), {});
    expect(r.ok && r.warnings.map((w) => w.why?.key)).toEqual(
      expect.arrayContaining(['k_twice', 'k_ignoredKinds', 'k_hostNetworkIp', 'k_leftOut', 'k_dualStack']),
    );
    expect(hashOf(r)).toBe('94582a17852967b636d7be8627f8c18dee2105f53300c86854a6be05d7171a3e');
    expect(convertKubectl(`${JSON.stringify(list, null, 4)}\n`, {})).toEqual(r);
  });

  it("converts a List whose EndpointSlice says a pod's readiness and names a pod the input lacks, as it always has", () => {
    const list = hostileList();
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'nginx-extra', namespace: 'default', labels: { 'kubernetes.io/service-name': 'nginx' } },
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: ['fd00::9', '172.23.96.110'],
          nodeName: 'ap-southeast-1.10.0.1.216',
          conditions: { ready: false },
          targetRef: { kind: 'Pod', name: 'ghost' },
        },
        { addresses: ['172.23.96.111'], conditions: { ready: true, terminating: true }, targetRef: { kind: 'Pod', name: 'bare', namespace: 'default' } },
        { addresses: ['172.23.96.112'], nodeName: 'nowhere', targetRef: { kind: 'Pod', name: 'lost' } },
        { addresses: ['fd00::10'] },
      ],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { port: 'x' }],
    };
    list.items = [slice, pod('bare', { phase: 'Running', podIP: '172.23.96.111' }), ...list.items];
    const r = convertKubectl(JSON.stringify(list), {});
    expect(r.ok && r.warnings.map((w) => w.why?.key)).toEqual(expect.arrayContaining(['k_endpointPodMade', 'k_endpointOffNode']));
    expect(hashOf(r)).toBe('2677697377863ffcff869f306c2ec783a15541bc10aa0630818fa53a38997c96');
  });

  it('converts the generated 100-node List to the document it always has', () => {
    expect(hashOf(convertKubectl(kubectlListText({ nodes: 100, seed: 1 }, 'json'), {}))).toBe(
      'f2412a2f84028f56901552fbe995000616b37cdf6313a5072046be9c57e3c44e',
    );
  });
});
