import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { kubectlListText } from '../../scenarios/generate-kubectl';
import { convertKubectl, type KubectlConversion } from '../kubectl-import';
import { joinedHalves, joinedReads, listHalves, readFirstHalf, readSecondHalf } from './list-halves';

/** `text` read as the import worker reads it in halves, the second's read crossing a thread (cloned). */
function readInHalves(text: string) {
  const [a, b] = listHalves(text)!;
  const { items, ...head } = JSON.parse(b) as Doc;
  const first = readFirstHalf(JSON.parse(a), head);
  if (!first) return undefined;
  return joinedReads(first, structuredClone(readSecondHalf(items as unknown[], first.kind, first.count)));
}

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

describe('kubectl import: a List read in two halves (the second on another core) reads as it does whole', () => {
  it('gives the same conversion for a List in a hostile order, pretty-printed as kubectl prints it and compact', () => {
    const list = hostileList();
    const pretty = `${JSON.stringify(list, null, 4)}\n`;
    const whole = convertKubectl(JSON.stringify(list), {});
    expect(listHalves(pretty)).not.toBeNull();
    expect(listHalves(JSON.stringify(list))).toBeNull();
    const r = convertKubectl(readInHalves(pretty)!, {});
    expect(r.ok && r.warnings.map((w) => w.why?.key)).toEqual(
      expect.arrayContaining(['k_twice', 'k_ignoredKinds', 'k_hostNetworkIp', 'k_leftOut', 'k_dualStack']),
    );
    expect(r).toEqual(whole);
    // (What the readers made of it before each pod was read alone, f44494d.)
    expect(hashOf(whole)).toBe('94582a17852967b636d7be8627f8c18dee2105f53300c86854a6be05d7171a3e');
  });

  it("reads kube-proxy's mode and flags from its pod's command line in the second half", () => {
    const list = hostileList();
    const proxy = {
      ...pod('kube-proxy-late', { phase: 'Running', podIP: '10.0.1.216' }, { nodeName: 'ap-southeast-1.10.0.1.216', hostNetwork: true }),
      metadata: { name: 'kube-proxy-late', namespace: 'kube-system' },
    };
    proxy.spec.containers = [{ name: 'kube-proxy', command: ['kube-proxy', '--proxy-mode=ipvs', '--nodeport-addresses=10.0.0.0/16'] }];
    list.items = [...list.items.filter((o: Doc) => o.kind !== 'ConfigMap'), proxy];
    const whole = convertKubectl(JSON.stringify(list), {});
    expect(whole.ok && [whole.inferred.kubeProxy, (whole.document as Doc).cluster.kubeProxy.nodePortAddresses]).toEqual([
      expect.objectContaining({ mode: 'ipvs', from: '--proxy-mode in pod kube-system/kube-proxy-late' }),
      ['10.0.0.0/16'],
    ]);
    expect(convertKubectl(readInHalves(`${JSON.stringify(list, null, 4)}\n`)!, {})).toEqual(whole);
  });

  it('cuts the List between two items near its middle, each half a List of its own', () => {
    const items = [1, 2, 3, 4].map((n) => ({ kind: 'Pod', metadata: { name: `p${n}` }, spec: { containers: [{ name: 'c' }, { name: 'd' }] } }));
    const halves = listHalves(JSON.stringify({ apiVersion: 'v1', items, kind: 'List' }, null, 4));
    const [first, second] = halves!.map((h) => JSON.parse(h) as Doc);
    expect([first.apiVersion, first.kind, second.apiVersion, second.kind]).toEqual(['v1', undefined, undefined, 'List']);
    expect([...first.items, ...second.items]).toEqual(items);
    expect(first.items.length).toBeGreaterThan(0);
    expect(second.items.length).toBeGreaterThan(0);
  });

  it('leaves whole what is not a List printed as kubectl prints it', () => {
    const objects = [{ kind: 'Node' }, { kind: 'Pod' }, { kind: 'Pod' }];
    // a List's own key between its items and the middle (the first half ends in another list); a list other than
    // items; YAML
    const more = JSON.stringify({ items: objects, kind: 'List', more: [...objects, ...objects, ...objects] }, null, 4);
    expect(listHalves(more)).not.toBeNull();
    expect(readInHalves(more)).toBeUndefined();
    expect(listHalves(JSON.stringify({ kind: 'Pod', spec: { containers: objects } }, null, 4))).toBeNull();
    expect(listHalves(stringify({ items: objects }))).toBeNull();
    // halves that both hold a key (the whole text would keep the second's)
    expect(joinedHalves({ kind: 'List', items: [] }, { kind: 'PodList', items: [] })).toBeUndefined();
  });

  it('converts the generated 100-node List to the document it always has, whole and in halves', () => {
    const text = kubectlListText({ nodes: 100, seed: 1 }, 'json');
    const pinned = 'f2412a2f84028f56901552fbe995000616b37cdf6313a5072046be9c57e3c44e';
    expect(hashOf(convertKubectl(text, {}))).toBe(pinned);
    expect(hashOf(convertKubectl(readInHalves(text)!, {}))).toBe(pinned);
  });
});
