import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { compile, trace } from '../engine';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { importKubectl, parseCniOption, type KubectlImportResult } from './kubectl-import';
import { parseTopology } from './parse';
import { validateTopology } from './validate';

const text = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const ackText = text('kubectl-ack-flannel.yaml');
const calicoText = text('kubectl-calico-ipip.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

function ok(r: KubectlImportResult): Extract<KubectlImportResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected an import, got:\n${r.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  return r;
}

/** The import contract: refused with located problems, or a document the validator accepts. */
function wellFormed(r: KubectlImportResult): void {
  if (!r.ok) {
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) {
      expect(typeof p.path).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.message).not.toMatch(/^the importer failed/);
      expect(p.message).not.toMatch(/the validator failed/);
    }
    return;
  }
  const v = validateTopology(JSON.parse(JSON.stringify(r.document)));
  if (!v.ok) throw new Error(`import returned an invalid document:\n${v.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  // and it survives YAML, as the CLI writes it
  expect(parseTopology(stringify(r.document)).ok).toBe(true);
}

describe('kubectl import: an ACK Flannel cluster (a v1 List and the kube-proxy ConfigMap)', () => {
  const r = ok(importKubectl(ackText));
  const doc: Doc = r.document;
  const pod = (ns: string, name: string) => doc.pods.find((p: Doc) => p.namespace === ns && p.name === name);
  const svc = (ns: string, name: string) => doc.services.find((s: Doc) => s.namespace === ns && s.name === name);

  it('is a valid document', () => wellFormed(r));

  it('infers the CNI, kube-proxy and the ranges', () => {
    expect(r.inferred.cni).toMatchObject({ plugin: 'flannel', mode: 'vpc-route' });
    expect(r.inferred.cni.from).toMatch(/backend-type: ali-vpc/);
    expect(r.inferred.kubeProxy).toMatchObject({ mode: 'ipvs', version: '1.20' });
    expect(doc.cluster).toMatchObject({ podCIDR: '172.23.96.0/20', serviceCIDR: '192.168.0.0/16', vpc: { cidr: '10.0.0.0/16' } });
  });

  it("is titled with what it holds: in English, or in the words it is given (the dialog gives the reader's language)", () => {
    const counts = [doc.nodes.length, doc.pods.length, doc.services.length];
    expect(doc.metadata.title).toBe(`Imported from kubectl (${counts[0]} nodes, ${counts[1]} pods, ${counts[2]} services)`);
    const worded = ok(importKubectl(ackText, { title: '从 kubectl 导入（节点 {nodes} 个，Pod {pods} 个，Service {services} 个，{other}）' })).document;
    expect((worded as Doc).metadata.title).toBe(`从 kubectl 导入（节点 ${counts[0]} 个，Pod ${counts[1]} 个，Service ${counts[2]} 个，{other}）`);
  });

  it('reads nodes with their InternalIP and podCIDR', () => {
    expect(doc.nodes).toEqual([
      { name: 'ap-southeast-1.10.0.0.180', ip: '10.0.0.180', podCIDR: '172.23.96.0/26' },
      { name: 'ap-southeast-1.10.0.1.216', ip: '10.0.1.216', podCIDR: '172.23.96.64/26' },
      { name: 'ap-southeast-1.10.0.1.206', ip: '10.0.1.206', podCIDR: '172.23.96.128/26' },
    ]);
  });

  it('reads pods across namespaces: hostNetwork, readiness, terminating, ports; finished pods are left out', () => {
    expect(pod('default', 'centos-67756b6dc8-rmmxt')).toMatchObject({
      node: 'ap-southeast-1.10.0.0.180',
      ip: '172.23.96.23',
      ready: true,
      labels: { app: 'centos' },
    });
    const flannel = pod('kube-system', 'kube-flannel-ds-5xk2p');
    expect(flannel.hostNetwork).toBe(true);
    expect(flannel.ip).toBeUndefined();
    expect(pod('kube-system', 'kube-proxy-worker-m2z4t').ports).toEqual([{ containerPort: 10256, protocol: 'TCP' }]);
    expect(pod('shop', 'web-5d8f9c7b6-p4lmn')).toMatchObject({ ready: false, terminating: true, ip: '172.23.96.140' });
    expect(pod('default', 'db-migrate-8x2kq')).toBeUndefined();
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/left out, finished \(Succeeded\): default\/db-migrate-8x2kq/));
    expect(new Set(doc.pods.map((p: Doc) => p.namespace))).toEqual(new Set(['default', 'kube-system', 'shop']));
  });

  it('reads services: named targetPorts resolved, LB addresses become load balancers, dual-stack keeps IPv4', () => {
    expect(svc('default', 'nginx1')).toMatchObject({
      type: 'LoadBalancer',
      clusterIP: '192.168.13.23',
      externalTrafficPolicy: 'Local',
      loadBalancer: 'lb-nginx1',
      ports: [{ name: 'http', port: 80, targetPort: 80, nodePort: 32580, protocol: 'TCP' }],
      healthCheckNodePort: 31437, // spec.healthCheckNodePort, which the SLB probes (kube-proxy's health check server)
    });
    expect(doc.loadBalancers).toEqual([
      { name: 'lb-nginx1', ip: '8.219.164.113', backend: 'nodeport' },
      { name: 'lb-nginx2', ip: '8.219.170.20', backend: 'nodeport' },
    ]);
    expect(svc('kube-system', 'kube-dns').ports.map((p: Doc) => [p.name, p.targetPort, p.protocol])).toEqual([
      ['dns', 53, 'UDP'],
      ['dns-tcp', 53, 'TCP'],
      ['metrics', 9153, 'TCP'],
    ]);
    expect(svc('shop', 'web')).toMatchObject({ clusterIP: '192.168.77.5', ports: [{ port: 80, targetPort: 8080 }] });
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^dual-stack: .*only the IPv4 ones are kept/));
    expect(svc('default', 'kubernetes')).toBeUndefined();
    expect(svc('shop', 'web-headless')).toBeUndefined();
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/headless services.*shop\/web-headless/));
  });

  it('traces A2 (centos → ClusterIP → nginx1 on ECS 206) exactly as the built-in document does', () => {
    const builtIn = parseTopology(ackFlannelYaml);
    const imported = validateTopology(JSON.parse(JSON.stringify(doc)));
    if (!builtIn.ok || !imported.ok) throw new Error('invalid');
    const req = { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } };
    const a = trace(compile(builtIn.topology), req);
    const b = trace(compile(imported.topology), req);
    const shape = (t: typeof a) => [...t.hops, ...(t.reply?.hops ?? [])].map((h) => `${h.ns} ${h.device} ${h.dir} ${h.packet.src}>${h.packet.dst}`);
    expect(b.verdict).toBe('delivered');
    expect(b.deliveredTo).toEqual(a.deliveredTo);
    expect(b.sourceSeenByServer).toBe(a.sourceSeenByServer);
    expect(shape(b)).toEqual(shape(a));
    // A3: the ETP=Local LB IP from a node without an endpoint is refused on kube-proxy 1.20 too
    expect(trace(compile(imported.topology), { from: 'pod:default/centos-67756b6dc8-rmmxt', to: '8.219.164.113:80' }).verdict).toBe('refused');
  });

  it('accepts the same objects as a multi-document YAML stream, and as JSON', () => {
    const docs = parseAllDocuments(ackText).map((d) => d.toJS());
    const objects = [...docs[0].items, docs[1]];
    const stream = objects.map((o: unknown) => stringify(o)).join('---\n');
    expect(ok(importKubectl(stream)).document).toEqual(doc);
    expect(ok(importKubectl(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }))).document).toEqual(doc);
  });

  // KubeProxyConfiguration's fields (pkg/proxy/apis/config/types.go: detectLocalMode, detectLocal,
  // nodePortAddresses, iptables.localhostNodePorts), read from the ConfigMap's config.conf.
  it("reads kube-proxy's flags from its KubeProxyConfiguration (IPv4 only), leaving out a clusterCIDR equal to the pod range", () => {
    expect(doc.cluster.kubeProxy).toEqual({ mode: 'ipvs', version: '1.20' });
    const conf = 'clusterCIDR: 172.23.96.0/20\\n';
    expect(ackText).toContain(conf);
    const flagged = ackText.replace(
      conf,
      'clusterCIDR: 172.23.0.0/16\\ndetectLocalMode: BridgeInterface\\ndetectLocal:\\n  bridgeInterface: cni0\\nnodePortAddresses:\\n- 10.0.0.0/16\\n- fd00::/64\\niptables:\\n  localhostNodePorts: false\\n',
    );
    const r2 = ok(importKubectl(flagged));
    wellFormed(r2);
    // the import takes the pod range from the same clusterCIDR, so the flag would only repeat it
    expect((r2.document as Doc).cluster.podCIDR).toBe('172.23.0.0/16');
    expect((r2.document as Doc).cluster.kubeProxy).toEqual({
      mode: 'ipvs',
      version: '1.20',
      detectLocalMode: 'BridgeInterface',
      detectLocal: { bridgeInterface: 'cni0' },
      nodePortAddresses: ['10.0.0.0/16'],
      localhostNodePorts: false,
    });
  });

  it('without the ConfigMap: kube-proxy iptables with a warning', () => {
    const r2 = ok(importKubectl(ackText.split('\n---\n')[0]!));
    expect(r2.inferred.kubeProxy.mode).toBe('iptables');
    expect(r2.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/kube-proxy's mode is not in the input/));
    wellFormed(r2);
  });
});

describe('kubectl import: a kubeadm cluster with Calico IPIP (JSON)', () => {
  const r = ok(importKubectl(calicoText));
  const doc: Doc = r.document;
  const pod = (ns: string, name: string) => doc.pods.find((p: Doc) => p.namespace === ns && p.name === name);
  const svc = (ns: string, name: string) => doc.services.find((s: Doc) => s.namespace === ns && s.name === name);

  it('is a valid document', () => wellFormed(r));

  it('infers calico ipip from the annotations, iptables from the ConfigMap, a /12 service range', () => {
    expect(r.inferred.cni).toMatchObject({ plugin: 'calico', mode: 'ipip' });
    expect(r.inferred.kubeProxy).toMatchObject({ mode: 'iptables', version: '1.29' });
    expect(doc.cluster).toMatchObject({ podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', vpc: { cidr: '10.10.0.0/16' } });
  });

  it("gives each node the /26 Calico block of its pods, not the controller's spec.podCIDR", () => {
    expect(doc.nodes.map((n: Doc) => n.podCIDR)).toEqual(['10.244.83.64/26', '10.244.108.0/26', '10.244.200.128/26']);
  });

  it('makes a pod the EndpointSlice names but the input lacks, with the selector as labels', () => {
    expect(pod('shop', 'api-7c9d8b6f5d-9wq5n')).toEqual({
      name: 'api-7c9d8b6f5d-9wq5n',
      namespace: 'shop',
      node: 'k8s-worker-2',
      ip: '10.244.200.133',
      labels: { app: 'api' },
      ready: true,
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/api-7c9d8b6f5d-9wq5n.*made from the EndpointSlice/));
  });

  it('resolves named target ports, keeps IPv4 LB addresses and source ranges, leaves out ExternalName and pending pods', () => {
    expect(svc('shop', 'api').ports[0].targetPort).toBe(8080);
    expect(svc('shop', 'frontend')).toMatchObject({ loadBalancerSourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: 'Local' });
    expect(doc.loadBalancers).toEqual([{ name: 'lb-frontend-shop', ip: '198.51.100.20', backend: 'nodeport' }]);
    expect(svc('payments', 'ledger')).toMatchObject({ type: 'NodePort', ports: [{ port: 9000, targetPort: 9000, nodePort: 30900 }] });
    expect(svc('shop', 'docs')).toBeUndefined();
    expect(pod('payments', 'report-5f6d8c7b9-zzq8m')).toBeUndefined();
    expect(pod('monitoring', 'node-exporter-zz7k4')).toMatchObject({ hostNetwork: true, ports: [{ containerPort: 9100, protocol: 'TCP' }] });
    expect(pod('shop', 'frontend-5b7f8d4c6-tq2rj').ready).toBe(false);
  });

  it('traces a pod to the api ClusterIP, to the pod known only from the slice', () => {
    const v = validateTopology(JSON.parse(JSON.stringify(doc)));
    if (!v.ok) throw new Error('invalid');
    const t = trace(compile(v.topology), { from: 'pod:shop/frontend-5b7f8d4c6-kx8vn', to: '10.104.23.77:80', choice: { pick: ['10.244.200.133:8080'] } });
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.name).toBe('shop/api-7c9d8b6f5d-9wq5n');
  });
});

describe('kubectl import: the CNI', () => {
  /** The ACK objects with every flannel trace removed. */
  function withoutFlannel(): string {
    const list = parseAllDocuments(ackText)[0]!.toJS();
    list.items = list.items.filter((o: Doc) => !/^kube-flannel/.test(o.metadata.name));
    for (const o of list.items) {
      if (o.metadata.annotations) for (const k of Object.keys(o.metadata.annotations)) if (k.startsWith('flannel')) delete o.metadata.annotations[k];
    }
    return stringify(list);
  }

  it('asks for --cni when nothing reveals it', () => {
    const r = importKubectl(withoutFlannel());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ path: 'cluster.cni', message: expect.stringMatching(/pass --cni PLUGIN\[:MODE\]/), why: { key: 'k_cniUnknown' } }]);
  });

  it('takes --cni when given, with or without the mode', () => {
    const vx = ok(importKubectl(withoutFlannel(), { cni: 'flannel:vxlan' }));
    expect(vx.inferred.cni).toMatchObject({ plugin: 'flannel', mode: 'vxlan', from: '--cni' });
    wellFormed(vx);
    const plain = ok(importKubectl(ackText, { cni: 'flannel' }));
    expect(plain.inferred.cni.mode).toBe('vpc-route');
    const hostGw = ok(importKubectl(ackText, { cni: 'flannel:host-gw' }));
    expect((hostGw.document as Doc).cluster.cni).toEqual({ plugin: 'flannel', mode: 'host-gw' });
  });

  it('refuses a --cni it does not know', () => {
    expect(parseCniOption('weave')).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/flannel, calico, terway/) }) });
    expect(parseCniOption('flannel:udp')).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/vpc-route, host-gw, vxlan/) }) });
    const r = importKubectl(ackText, { cni: 'cilium' });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['cluster.cni']);
  });

  it('flannel vxlan from the node annotation', () => {
    const r = ok(importKubectl(ackText.replace(/backend-type: ali-vpc/g, 'backend-type: vxlan')));
    expect(r.inferred.cni.mode).toBe('vxlan');
    wellFormed(r);
  });

  it('terway from its DaemonSet pods: pods on the node network, ENIs and a vSwitch', () => {
    const objects = [
      node('cn-hongkong.10.0.3.15', '10.0.3.15'),
      node('cn-hongkong.10.0.3.16', '10.0.3.16'),
      podObj('kube-system', 'terway-eniip-7dkq2', 'cn-hongkong.10.0.3.15', '10.0.3.15', { app: 'terway-eniip' }, true),
      podObj('default', 'nginx-7d6877d777-j7dqz', 'cn-hongkong.10.0.3.15', '10.0.3.38', { app: 'nginx' }),
      podObj('default', 'tools-58d9c7b6f4-q4r8t', 'cn-hongkong.10.0.3.16', '10.0.3.60', { app: 'tools' }),
    ];
    const r = ok(importKubectl(stringify({ apiVersion: 'v1', kind: 'List', items: objects })));
    expect(r.inferred.cni).toMatchObject({ plugin: 'terway', mode: 'eniip' });
    expect((r.document as Doc).cluster.vpc.vswitches).toEqual([{ name: 'vsw-imported-1', cidr: '10.0.3.0/24' }]);
    expect((r.document as Doc).nodes[0].enis).toEqual([{ name: 'eth1', maxIPs: 10 }]);
    wellFormed(r);
  });
});

describe('kubectl import: refused input, with clear problems', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '  \n', /the input is empty/],
    ['YAML syntax', 'items: [\n  - {kind: Node', /YAML syntax error at line/],
    ['not an object', '- 1\n- 2\n', /expected a Kubernetes object or List/],
    ['no kind', 'foo: bar\n', /has no kind/],
    ['no nodes', 'apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: Service, metadata: { name: a } }\n', /no Node objects in the input/],
    ['items not a list', 'apiVersion: v1\nkind: List\nitems: 3\n', /a List needs items/],
    ['node without a name', 'kind: Node\nmetadata: {}\n', /a Node without metadata.name/],
    [
      'node without an address',
      'kind: Node\nmetadata: { name: n1 }\nstatus: { addresses: [ { type: Hostname, address: n1 } ] }\n',
      /node n1 has no IPv4 InternalIP/,
    ],
    ['an invalid name', 'kind: Node\nmetadata: { name: "Bad_Name" }\nstatus: { addresses: [ { type: InternalIP, address: 10.0.0.1 } ] }\n', /nodes\[0\]|name/],
  ];
  for (const [what, input, message] of cases) {
    it(what, () => {
      const r = importKubectl(input, { cni: 'flannel:vxlan' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(message);
      wellFormed(r);
    });
  }

  it('names the Kubernetes object a validation problem came from', () => {
    // two pods with one IP: the validator refuses, and the problem points at the Pod in the input
    const clash = ackText.replace('podIP: 172.23.96.24', 'podIP: 172.23.96.23');
    const r = importKubectl(clash.replace(/- ip: 172\.23\.96\.24/, '- ip: 172.23.96.23'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.some((p) => /^pods\[\d+\]\.ip$/.test(p.path) && /from (document \d+\.)?items\[\d+\] \(Pod default\//.test(p.message))).toBe(true);
    // (Kept as data too: the UI words `why` in the reader's language and names `from` after it.)
    const named = r.problems.find((p) => /^pods\[\d+\]\.ip$/.test(p.path))!;
    expect(named.why?.key).toMatch(/^p_/);
    expect(named.from).toMatch(/\(Pod default\//);
    expect(named.message.endsWith(` (from ${named.from})`)).toBe(true);
  });
});

describe('kubectl import never crashes and never returns an invalid document (fast-check)', () => {
  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => wellFormed(importKubectl(s))),
      { numRuns: 300 },
    );
  });

  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => wellFormed(importKubectl(JSON.stringify(v), { cni: 'flannel:vxlan' }))),
      { numRuns: 300 },
    );
  });

  it('Kubernetes-shaped objects with random fields', () => {
    const ip = fc.oneof(fc.ipV4(), fc.constantFrom('10.0.0.1', '172.23.96.23', 'fd00::1', 'None', ''), fc.string({ maxLength: 8 }));
    const anyValue = fc.oneof(ip, fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }));
    const object = fc.record(
      {
        apiVersion: fc.constantFrom('v1', 'discovery.k8s.io/v1'),
        kind: fc.constantFrom('Node', 'Pod', 'Service', 'EndpointSlice', 'ConfigMap', 'Deployment'),
        metadata: fc.record(
          {
            name: fc.constantFrom('a', 'b', 'node-1', 'web-1', 'x'),
            namespace: fc.constantFrom('default', 'shop', undefined),
            labels: fc.dictionary(fc.constantFrom('app', 'kubernetes.io/service-name'), fc.constantFrom('a', 'web', 'b')),
          },
          { requiredKeys: ['name'] },
        ),
        spec: fc.record(
          {
            nodeName: fc.constantFrom('a', 'b', 'node-1'),
            podCIDR: fc.constantFrom('10.244.0.0/24', '10.244.1.0/24', 'bad', '::/64'),
            hostNetwork: fc.boolean(),
            clusterIP: ip,
            type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Weird'),
            selector: fc.dictionary(fc.constantFrom('app'), fc.constantFrom('a', 'web')),
            ports: fc.array(
              fc.record(
                {
                  name: fc.constantFrom('http', 'dns'),
                  port: anyValue,
                  targetPort: fc.oneof(anyValue, fc.constantFrom('http', 'dns')),
                  nodePort: anyValue,
                  protocol: fc.constantFrom('TCP', 'UDP', 'XYZ'),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
            containers: fc.array(
              fc.record({ ports: fc.array(fc.record({ containerPort: anyValue, name: fc.constantFrom('http', 'dns') }), { maxLength: 2 }) }),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
        status: fc.record(
          {
            addresses: fc.array(fc.record({ type: fc.constantFrom('InternalIP', 'ExternalIP'), address: ip }), { maxLength: 2 }),
            podIP: ip,
            phase: fc.constantFrom('Running', 'Succeeded', 'Pending'),
            conditions: fc.array(fc.record({ type: fc.constantFrom('Ready'), status: fc.constantFrom('True', 'False') }), { maxLength: 1 }),
            loadBalancer: fc.record({ ingress: fc.array(fc.record({ ip }), { maxLength: 2 }) }),
          },
          { requiredKeys: [] },
        ),
        endpoints: fc.array(
          fc.record({
            addresses: fc.array(ip, { maxLength: 1 }),
            nodeName: fc.constantFrom('a', 'node-1'),
            targetRef: fc.record({ kind: fc.constant('Pod'), name: fc.constantFrom('p1', 'web-1') }),
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ['kind', 'metadata'] },
    );
    fc.assert(
      fc.property(fc.array(object, { maxLength: 8 }), fc.constantFrom(undefined, 'flannel:vxlan', 'calico', 'terway'), (items, cni) => {
        wellFormed(importKubectl(stringify({ apiVersion: 'v1', kind: 'List', items }), cni ? { cni } : {}));
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('the ACK fixture with one field deleted or replaced', () => {
    const base = parse(ackText.split('\n---\n')[0]!);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths.filter((p) => p.length > 0)),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
        (path, replacement) => {
          const doc = structuredClone(base);
          let parent = doc;
          for (const k of path.slice(0, -1)) parent = parent[k];
          const last = path[path.length - 1]!;
          if (replacement === undefined) {
            if (Array.isArray(parent)) parent.splice(Number(last), 1);
            else delete parent[last];
          } else parent[last] = replacement;
          wellFormed(importKubectl(JSON.stringify(doc)));
        },
      ),
      { numRuns: 120 },
    );
  }, 60_000);
});

function node(name: string, ip: string): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: {},
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
    },
  };
}

function podObj(ns: string, name: string, nodeName: string, ip: string, labels: Record<string, string>, hostNetwork = false): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { nodeName, hostNetwork, containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

describe('kubectl import: allocateLoadBalancerNodePorts', () => {
  /** The ACK objects with nginx2 set to allocateLoadBalancerNodePorts: false, and its nodePort dropped unless `keep`. */
  function withoutNodePorts(keep: boolean): string {
    const list = parseAllDocuments(ackText)[0]!.toJS();
    const s = list.items.find((o: Doc) => o.kind === 'Service' && o.metadata.name === 'nginx2');
    s.spec.allocateLoadBalancerNodePorts = false;
    if (!keep) for (const p of s.spec.ports) delete p.nodePort;
    return stringify(list);
  }
  const nginx2 = (r: KubectlImportResult) => {
    const v = validateTopology(JSON.parse(JSON.stringify(ok(r).document)));
    if (!v.ok) throw new Error(v.problems.map((p) => p.message).join('\n'));
    return v.topology.services.find((s) => s.name === 'nginx2')!;
  };

  it('gives a LoadBalancer with false no nodePort (Kubernetes allocates none)', () => {
    const r = importKubectl(withoutNodePorts(false));
    wellFormed(r);
    const s = nginx2(r);
    expect(s.type).toBe('LoadBalancer');
    expect(s.allocateLoadBalancerNodePorts).toBe(false);
    expect(s.ports.map((p) => p.nodePort)).toEqual([undefined]);
  });

  it('keeps a nodePort given explicitly', () => {
    expect(nginx2(importKubectl(withoutNodePorts(true))).ports.map((p) => p.nodePort)).toEqual([30875]);
  });

  it('the validator refuses the field on other types', () => {
    const doc = parse(ackFlannelYaml);
    doc.services[0].allocateLoadBalancerNodePorts = false;
    const v = validateTopology(doc);
    expect(!v.ok && v.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'services[0].allocateLoadBalancerNodePorts: allocateLoadBalancerNodePorts applies to type LoadBalancer only: remove it or set type: LoadBalancer',
    ]);
  });
});

describe('kubectl import: hostile input', () => {
  it('refuses Lists nested without end (JSON can nest them to any depth)', () => {
    const text = `${'{"kind": "List", "items": ['.repeat(20000)}{"kind": "Node", "metadata": {"name": "n"}}${']}'.repeat(20000)}`;
    const r = importKubectl(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.message)).toContain('Lists nested more than 64 deep: is this the output of kubectl get -o yaml?');
  });

  it('refuses an alias inside its own anchor, naming it', () => {
    const r = importKubectl('kind: List\nitems: &i [{ kind: Node, metadata: { name: n }, more: *i }]\n');
    expect(!r.ok && r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/the YAML alias \*i at line 2 is inside the value &i names/)]);
  });
});

describe('kubectl import: hostPort', () => {
  it('keeps containers[].ports[].hostPort and hostIP for pod-network pods; a hostNetwork pod maps none (no CNI runs for it)', () => {
    const list = parseAllDocuments(ackText)[0]!.toJS();
    const pods = list.items.filter((o: Doc) => o.kind === 'Pod' && o.status?.podIP);
    const podNet = pods.find((o: Doc) => !o.spec.hostNetwork);
    const hostNet = pods.find((o: Doc) => o.spec.hostNetwork);
    podNet.spec.containers[0].ports = [{ containerPort: 80, hostPort: 8080, hostIP: podNet.status.hostIP ?? '' }];
    hostNet.spec.containers[0].ports = [{ containerPort: 9100, hostPort: 9100 }];
    const doc: Doc = ok(importKubectl(stringify(list))).document;
    const got = (o: Doc) => doc.pods.find((p: Doc) => p.name === o.metadata.name && p.namespace === o.metadata.namespace).ports;
    expect(got(podNet)).toEqual([{ containerPort: 80, protocol: 'TCP', hostPort: 8080, ...(podNet.status.hostIP ? { hostIP: podNet.status.hostIP } : {}) }]);
    expect(got(hostNet)).toEqual([{ containerPort: 9100, protocol: 'TCP' }]);
  });
});

describe("kubectl import: what a pod's containers and labels say", () => {
  const service = (targetPort: string | number): Doc => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ port: 80, targetPort, protocol: 'TCP' }] },
  });
  /** A web pod whose containers are `containers`. */
  const web = (name: string, ip: string, containers: unknown[]): Doc => ({
    ...podObj('default', name, 'n1', ip, { app: 'web' }),
    spec: { nodeName: 'n1', containers },
  });
  const imported = (...items: Doc[]) => importKubectl(JSON.stringify({ kind: 'List', items: [node('n1', '10.0.0.1'), ...items] }), { cni: 'flannel:vxlan' });

  it("resolves a named targetPort from the selected pods' containers (no EndpointSlice says it): the last port of that name", () => {
    const r = ok(
      imported(
        web('web-1', '10.244.0.2', [
          'not a container',
          { name: 'a', ports: [{ name: 'http', containerPort: 8080 }] },
          { name: 'b', ports: [{ name: 'http', containerPort: 8081 }] },
        ]),
        service('http'),
      ),
    );
    expect((r.document as Doc).services[0].ports[0].targetPort).toBe(8081);
    expect(r.warnings.map((w) => w.why?.key)).not.toContain('k_namedPortMissing');
  });

  it('warns when the selected pods give a named targetPort two numbers, and takes the first', () => {
    const r = ok(
      imported(
        web('web-1', '10.244.0.2', [{ name: 'a', ports: [{ name: 'http', containerPort: 8080 }] }]),
        web('web-2', '10.244.0.3', [{ name: 'a', ports: [{ name: 'http', containerPort: 9090 }] }]),
        service('http'),
      ),
    );
    expect((r.document as Doc).services[0].ports[0].targetPort).toBe(8080);
    expect(r.warnings.map((w) => w.why?.key)).toContain('k_namedPortTwice');
  });

  it('names the container port that is out of range by where it is in the input', () => {
    const r = imported(web('web-1', '10.244.0.2', ['not a container', { name: 'a', ports: [{ containerPort: 80 }, { containerPort: 70000 }] }]));
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['items[1].spec.containers[1].ports[1].containerPort']);
  });

  it("takes a pod's readiness from its EndpointSlice when the pod has no conditions, and keeps the pod's own Ready condition otherwise", () => {
    const slice = (endpoints: Doc[]): Doc => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints,
      ports: [{ port: 80, protocol: 'TCP' }],
    });
    const endpoint = (name: string, ip: string, conditions: Doc): Doc => ({
      addresses: [ip],
      nodeName: 'n1',
      conditions,
      targetRef: { kind: 'Pod', namespace: 'default', name },
    });
    const unsure = { ...web('web-1', '10.244.0.2', []), status: { phase: 'Running', podIP: '10.244.0.2' } };
    const sure = web('web-2', '10.244.0.3', []);
    const r = ok(
      imported(
        unsure,
        sure,
        service(80),
        slice([endpoint('web-1', '10.244.0.2', { ready: false, terminating: true }), endpoint('web-2', '10.244.0.3', { ready: false })]),
      ),
    );
    const pods: Doc[] = (r.document as Doc).pods;
    expect(pods.map((p) => [p.name, p.ready, p.terminating])).toEqual([
      ['web-1', false, true],
      ['web-2', true, undefined],
    ]);
  });

  it("reads kube-proxy's mode and flags from its pods' command line when no ConfigMap says them (a pod's container, then the next pod's, may override)", () => {
    const kubeProxy = (name: string, command: string[], args: string[] = []): Doc => ({
      ...podObj('kube-system', name, 'n1', '10.0.0.1', { 'k8s-app': 'kube-proxy' }, true),
      spec: { nodeName: 'n1', hostNetwork: true, containers: [{ name: 'kube-proxy', command, args }] },
    });
    const r = ok(
      imported(
        kubeProxy('kube-proxy-a', ['/usr/local/bin/kube-proxy', '--proxy-mode=ipvs', '--cluster-cidr=10.250.0.0/16'], ['--detect-local-mode=NodeCIDR']),
        kubeProxy('kube-proxy-b', [
          'kube-proxy',
          '--nodeport-addresses=10.0.0.0/8,fd00::/64',
          '--iptables-localhost-nodeports=false',
          '--detect-local-mode=Bogus',
        ]),
        kubeProxy('not-kube-proxy', ['kube-proxy', '--iptables-localhost-nodeports=true', '--proxy-mode=iptables']),
      ),
    );
    expect((r.document as Doc).cluster.kubeProxy).toEqual({
      mode: 'ipvs',
      detectLocalMode: 'NodeCIDR',
      clusterCIDR: '10.250.0.0/16',
      nodePortAddresses: ['10.0.0.0/8'],
      localhostNodePorts: false,
    });
  });

  it('writes labels given as numbers or booleans as text, and refuses one that is neither', () => {
    const labelled = (labels: Record<string, unknown>) => ({ ...web('web-1', '10.244.0.2', []), metadata: { name: 'web-1', namespace: 'default', labels } });
    const r = ok(imported(labelled({ app: 'web', tier: 2, canary: false })));
    expect((r.document as Doc).pods[0].labels).toEqual({ app: 'web', tier: '2', canary: 'false' });
    const refused = imported(labelled({ app: 'web', owner: { name: 'x' } }));
    expect(!refused.ok && refused.problems.map((p) => p.path)).toEqual(['items[1].metadata.labels["owner"]']);
  });
});

describe('kubectl import: the same object twice', () => {
  it('is warned of and the first kept (two outputs concatenated); the same name in another namespace or kind is another object', () => {
    const first = podObj('default', 'web-1', 'n1', '10.244.0.2', { app: 'web' });
    const again = podObj('default', 'web-1', 'n1', '10.244.0.9', { app: 'web' });
    const elsewhere = podObj('shop', 'web-1', 'n1', '10.244.0.3', { app: 'web' });
    const items = [node('n1', '10.0.0.1'), first, again, elsewhere, node('web-1', '10.0.0.2')];
    const r = ok(importKubectl(JSON.stringify({ kind: 'List', items }), { cni: 'flannel:vxlan' }));
    const doc: Doc = r.document;
    expect(doc.pods.map((p: Doc) => `${p.namespace}/${p.name} ${p.ip}`)).toEqual(['default/web-1 10.244.0.2', 'shop/web-1 10.244.0.3']);
    expect(doc.nodes.map((n: Doc) => n.name)).toEqual(['n1', 'web-1']);
    expect(r.warnings.filter((w) => w.why?.key === 'k_twice').map((w) => w.path)).toEqual(['items[2]']);
  });
});
