import { describe, expect, it } from 'vitest';
import { parseTopology } from './parse';
import { validateTopology } from './validate';
import { FIXTURES, expectOk, fixture, fixtureText, problemsOf } from './test-helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/** Refuses `doc` and expects a problem at `path` whose message matches. */
function expectProblem(doc: Doc, path: string, message: RegExp | string): void {
  const problems = problemsOf(validateTopology(doc));
  const hit = problems.find((p) => p.path === path && (typeof message === 'string' ? p.message.includes(message) : message.test(p.message)));
  expect(hit, `no problem at ${path} matching ${String(message)}; got:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`).toBeDefined();
}

const flannel = (): Doc => fixture('ack-flannel');
const calico = (): Doc => fixture('calico-bgp-tor');
const terway = (): Doc => fixture('terway-ipvlan-ebpf');

describe('The reference documents', () => {
  it.each(FIXTURES)('%s validates with no problems and no warnings', (name) => {
    const { warnings } = expectOk(parseTopology(fixtureText(name)));
    expect(warnings).toEqual([]);
  });

  it('fills the defaults the document leaves out', () => {
    const { topology: t } = expectOk(parseTopology(fixtureText('ack-flannel')));
    expect(t.cluster.cni).toEqual({ plugin: 'flannel', mode: 'vpc-route', mtu: 1500, ipMasq: true });
    expect(t.cluster.kubeProxy).toEqual({ mode: 'ipvs', masqueradeAll: false });
    expect(t.cluster.vpc.vswitches).toEqual([]);
    expect(t.routers).toEqual([]);
    expect(t.nodes[0]).toMatchObject({
      secondaryIPs: [],
      enis: [],
      filter: [],
      kernel: { ipForward: true, rpFilter: 'loose', mtu: 1500, bridgeNfCallIptables: true },
    });
    expect(t.pods[0]).toMatchObject({ namespace: 'default', ready: true, terminating: false, hostNetwork: false, ports: [] });
    expect(t.services[0]).toMatchObject({
      externalIPs: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      loadBalancerSourceRanges: [],
    });
    expect(t.loadBalancers[0]).toMatchObject({ backend: 'nodeport', preserveClientIP: true });
    expect(t.externals[0]?.network).toBe('internet');
  });

  it("gives each element its own copy of a list it leaves out (a default of objects' list)", () => {
    const doc = flannel();
    for (const n of doc.nodes) delete n.filter;
    for (const p of doc.pods) delete p.ports;
    const { topology: t } = expectOk(validateTopology(doc));
    const [n0, n1] = t.nodes;
    const [p0, p1] = t.pods;
    expect(n0?.filter).toEqual([]);
    expect(p0?.ports).toEqual([]);
    // One list shared by every element would carry an edit of one to all.
    expect(n0?.filter).not.toBe(n1?.filter);
    expect(p0?.ports).not.toBe(p1?.ports);
  });

  it('keeps what the document states', () => {
    const { topology: t } = expectOk(parseTopology(fixtureText('terway-ipvlan-ebpf')));
    expect(t.cluster.cni.version).toBe('1.5.0');
    expect(t.cluster.podCIDR).toBeUndefined();
    expect(t.nodes[0]?.enis[1]).toEqual({ name: 'eth2', mac: '00:16:3e:01:b7:bd', maxIPs: 10 });
    expect(t.pods[2]).toMatchObject({ ip: '10.0.3.22', eni: 'eth2' });
  });

  it('accepts a kube-proxy version and refuses a malformed one', () => {
    const doc = flannel();
    doc.cluster.kubeProxy.version = '1.28';
    // NOTE read through a cast: the version field lands in topology.ts with the kube-proxy work.
    expect((expectOk(validateTopology(doc)).topology.cluster.kubeProxy as { version?: string }).version).toBe('1.28');
    doc.cluster.kubeProxy.version = 'latest';
    expectProblem(doc, 'cluster.kubeProxy.version', "'latest' is not a Kubernetes version");
  });

  it('defaults the calico bgp peering to a full mesh', () => {
    const doc = calico();
    delete doc.cluster.cni.bgp;
    delete doc.routers;
    expect(expectOk(validateTopology(doc)).topology.cluster.cni.bgp).toEqual({ peering: 'mesh' });
  });
});

describe('Reading text', () => {
  it('accepts JSON', () => {
    expectOk(parseTopology(JSON.stringify(fixture('calico-bgp-tor'))));
  });

  it('turns a YAML syntax error into a problem with line and column', () => {
    const problems = problemsOf(parseTopology('apiVersion: hopscope/v1\nkind: Topology\nnodes: [ { name: a\n'));
    expect(problems[0]?.path).toBe('');
    expect(problems[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
  });

  it('reports a duplicated key with its line', () => {
    const problems = problemsOf(parseTopology('apiVersion: hopscope/v1\nkind: Topology\nkind: Topology\n'));
    expect(problems[0]?.message).toMatch(/line 3, column 1: Map keys must be unique/);
  });

  it('refuses empty text and several documents in one text', () => {
    expect(problemsOf(parseTopology(''))[0]?.message).toMatch(/empty/);
    expect(problemsOf(parseTopology('a: 1\n---\nb: 2\n'))[0]?.message).toMatch(/2 YAML documents/);
  });

  it('treats an empty (null) field as left out', () => {
    const text = fixtureText('ack-flannel').replace('  vpc: { cidr: 10.0.0.0/16 }', '  vpc: { cidr: 10.0.0.0/16, vswitches: }');
    expectOk(parseTopology(text));
  });

  it('refuses values that are not documents', () => {
    for (const v of [null, undefined, 42, 'x', [], [1]]) expect(problemsOf(validateTopology(v))[0]?.path).toBe('');
  });
});

describe('Shape rules', () => {
  it('names an unknown field and suggests the known one it resembles', () => {
    const doc = flannel();
    doc.cluster.podCidr = doc.cluster.podCIDR;
    expectProblem(doc, 'cluster.podCidr', "unknown field 'podCidr': did you mean 'podCIDR'?");
  });

  it('finds unknown fields in nested elements too', () => {
    const doc = flannel();
    doc.nodes[1].kernel = { ipForwrd: false };
    doc.pods[0].lables = {};
    expectProblem(doc, 'nodes[1].kernel.ipForwrd', "did you mean 'ipForward'?");
    expectProblem(doc, 'pods[0].lables', "did you mean 'labels'?");
  });

  it('lists the known fields when nothing is close', () => {
    const doc = flannel();
    doc.loadBalancers[0].zzzzzzzz = 1;
    expectProblem(doc, 'loadBalancers[0].zzzzzzzz', /remove it \(known fields here: name, ip, secondaryIPs, backend, preserveClientIP\)/);
  });

  it('refuses a future apiVersion naming the supported one', () => {
    const doc = flannel();
    doc.apiVersion = 'hopscope/v2';
    expectProblem(doc, 'apiVersion', "hopscope/v2 is not supported by this version of Hopscope: the supported apiVersion is 'hopscope/v1'");
  });

  it('requires apiVersion and kind exactly', () => {
    const doc = flannel();
    delete doc.apiVersion;
    doc.kind = 'Cluster';
    expectProblem(doc, 'apiVersion', 'add apiVersion: hopscope/v1');
    expectProblem(doc, 'kind', "must be 'Topology'");
  });

  it('restricts metadata.name to lowercase letters, digits and dashes', () => {
    const doc = flannel();
    doc.metadata.name = 'ACK_flannel';
    expectProblem(doc, 'metadata.name', "'ACK_flannel' is not a valid metadata.name");
  });

  it('reports a missing required field', () => {
    const doc = flannel();
    delete doc.nodes[0].ip;
    expectProblem(doc, 'nodes[0].ip', "required field 'ip' is missing");
  });

  it('suggests the enum value a typo resembles', () => {
    const doc = flannel();
    doc.cluster.kubeProxy.mode = 'ipvss';
    expectProblem(doc, 'cluster.kubeProxy.mode', "did you mean 'ipvs'?");
  });

  it('hints that a quoted number should not be quoted', () => {
    const doc = flannel();
    doc.services[0].ports[0].port = '80';
    expectProblem(doc, 'services[0].ports[0].port', 'write 80 without quotes');
  });

  it('keeps ports within 1-65535', () => {
    const doc = flannel();
    doc.services[0].ports[0].port = 0;
    doc.pods[0].ports = [{ containerPort: 70000 }];
    expectProblem(doc, 'services[0].ports[0].port', 'must be at least 1');
    expectProblem(doc, 'pods[0].ports[0].containerPort', 'must be at most 65535');
  });

  it('requires a service to have ports', () => {
    const doc = flannel();
    doc.services[0].ports = [];
    expectProblem(doc, 'services[0].ports', 'needs at least 1 entry');
  });
});

describe('Addresses and ranges', () => {
  it('refuses an IP that does not parse, and says why', () => {
    const doc = flannel();
    doc.nodes[0].ip = '10.0.0.300';
    doc.externals[0].ip = '2001:db8::1';
    expectProblem(doc, 'nodes[0].ip', "'10.0.0.300' is not an IPv4 address");
    expectProblem(doc, 'externals[0].ip', 'only IPv4 is supported');
  });

  it('refuses a CIDR with host bits set and suggests the block', () => {
    const doc = flannel();
    doc.cluster.podCIDR = '172.23.96.5/20';
    doc.cluster.serviceCIDR = '192.168.0.0/33';
    expectProblem(doc, 'cluster.podCIDR', 'did you mean 172.23.96.0/20?');
    expectProblem(doc, 'cluster.serviceCIDR', 'prefix length must be 0-32');
  });

  it('keeps node IPs inside the VPC', () => {
    const doc = flannel();
    doc.nodes[1].ip = '10.1.0.5';
    expectProblem(doc, 'nodes[1].ip', '10.1.0.5 is outside cluster.vpc.cidr 10.0.0.0/16');
  });

  it("keeps a pod's IP inside its node's podCIDR (flannel)", () => {
    const doc = flannel();
    doc.pods[2].ip = '10.0.9.1';
    expectProblem(
      doc,
      'pods[2].ip',
      "10.0.9.1 is outside node ap-southeast-1.10.0.1.216's podCIDR 172.23.96.64/26: use an address in that block or leave ip out to have one assigned",
    );
  });

  it('keeps pods off the flannel cni0 gateway and the network address', () => {
    const doc = flannel();
    doc.pods[0].ip = '172.23.96.1';
    doc.pods[2].ip = '172.23.96.64';
    expectProblem(doc, 'pods[0].ip', 'cni0 bridge (gateway) address');
    expectProblem(doc, 'pods[2].ip', 'network address');
  });

  it('keeps terway pod IPs inside a vSwitch and off its reserved addresses', () => {
    const doc = terway();
    doc.pods[0].ip = '10.0.4.7';
    doc.pods[1].ip = '10.0.3.254';
    expectProblem(doc, 'pods[0].ip', '10.0.4.7 is in no vSwitch (10.0.3.0/24)');
    expectProblem(doc, 'pods[1].ip', 'reserved by the VPC in vSwitch vsw-hk-b');
  });

  it('keeps cluster IPs inside the service CIDR', () => {
    const doc = flannel();
    doc.services[1].clusterIP = '10.96.0.10';
    expectProblem(doc, 'services[1].clusterIP', '10.96.0.10 is outside cluster.serviceCIDR 192.168.0.0/16');
  });

  it('names both elements that share an address', () => {
    const doc = flannel();
    doc.pods[1].ip = '172.23.96.23';
    doc.externals[0].ip = '10.0.1.216';
    doc.loadBalancers[1].ip = '8.219.164.113';
    expectProblem(doc, 'pods[1].ip', '172.23.96.23 is already used by pod default/centos-67756b6dc8-rmmxt (pods[0].ip)');
    expectProblem(doc, 'externals[0].ip', '10.0.1.216 is already used by node ap-southeast-1.10.0.1.216 (nodes[1].ip)');
    expectProblem(doc, 'loadBalancers[1].ip', 'already used by load balancer slb-nginx1 (loadBalancers[0].ip)');
  });

  it('lets hostNetwork pods share their node address, and defaults to it', () => {
    const doc = flannel();
    doc.pods.push(
      { name: 'node-exporter', node: 'ap-southeast-1.10.0.0.180', hostNetwork: true },
      { name: 'kube-proxy', node: 'ap-southeast-1.10.0.0.180', hostNetwork: true, ip: '10.0.0.180' },
    );
    const { topology } = expectOk(validateTopology(doc));
    expect(topology.pods.slice(-2).map((p) => p.ip)).toEqual(['10.0.0.180', '10.0.0.180']);
  });

  it("refuses a hostNetwork pod with an address other than its node's", () => {
    const doc = flannel();
    doc.pods.push({ name: 'agent', node: 'ap-southeast-1.10.0.0.180', hostNetwork: true, ip: '10.0.0.181' });
    expectProblem(doc, 'pods[5].ip', 'set ip to 10.0.0.180');
  });

  it('keeps node blocks inside the cluster pod CIDR and apart', () => {
    const doc = flannel();
    doc.nodes[1].podCIDR = '172.24.0.0/26';
    doc.nodes[2].podCIDR = '172.23.96.0/25';
    expectProblem(doc, 'nodes[1].podCIDR', '172.24.0.0/26 is outside cluster.podCIDR 172.23.96.0/20');
    expectProblem(doc, 'nodes[2].podCIDR', "overlaps node ap-southeast-1.10.0.0.180's podCIDR 172.23.96.0/26 (nodes[0].podCIDR)");
  });

  it('keeps the pod, service and VPC ranges apart', () => {
    const doc = flannel();
    doc.cluster.serviceCIDR = '10.0.128.0/17';
    expectProblem(doc, 'cluster.vpc.cidr', 'overlaps cluster.serviceCIDR 10.0.128.0/17');
  });

  it('keeps nodePorts in 30000-32767 and unique', () => {
    const doc = flannel();
    doc.services[1].ports[0].nodePort = 8080;
    doc.services[2].ports[0].nodePort = 32580;
    doc.services[1].ports[0].nodePort = 32580;
    expectProblem(doc, 'services[2].ports[0].nodePort', 'nodePort 32580 is already used by services[1].ports[0]');
    const doc2 = flannel();
    doc2.services[1].ports[0].nodePort = 8080;
    expectProblem(doc2, 'services[1].ports[0].nodePort', '8080 is outside the nodePort range 30000-32767');
  });

  it('warns about an externalIP no node holds', () => {
    const doc = calico();
    doc.services[0].externalIPs = ['192.168.64.99'];
    const { warnings } = expectOk(validateTopology(doc));
    expect(warnings).toContainEqual(
      expect.objectContaining({ path: 'services[0].externalIPs[0]', message: expect.stringContaining("add it to a node's secondaryIPs") }),
    );
  });
});

describe('Names and references', () => {
  it('refuses duplicate names per kind (pods and services per namespace)', () => {
    const doc = flannel();
    doc.nodes[2].name = doc.nodes[1].name;
    doc.pods[1].name = doc.pods[0].name;
    doc.services[1].name = 'nginx';
    doc.loadBalancers[1].name = 'slb-nginx1';
    doc.externals.push({ name: 'internet-client', ip: '47.74.0.11' });
    const problems = problemsOf(validateTopology(doc));
    const at = (p: string) => problems.find((x) => x.path === p)?.message;
    expect(at('nodes[2].name')).toMatch(/node name 'ap-southeast-1.10.0.1.216' is already used by nodes\[1\]/);
    expect(at('pods[1].name')).toMatch(/pod default\/centos-67756b6dc8-rmmxt is already defined by pods\[0\]/);
    expect(at('services[1].name')).toMatch(/service default\/nginx is already defined by services\[0\]/);
    expect(at('loadBalancers[1].name')).toMatch(/already used by loadBalancers\[0\]/);
    expect(at('externals[1].name')).toMatch(/already used by externals\[0\]/);
  });

  it('allows the same pod name in another namespace', () => {
    const doc = flannel();
    doc.pods.push({ ...doc.pods[0], namespace: 'kube-system', ip: '172.23.96.30' });
    expectOk(validateTopology(doc));
  });

  it('resolves pod.node, suggesting a near name', () => {
    const doc = flannel();
    doc.pods[0].node = 'ap-southeast-1.10.0.0.18';
    expectProblem(doc, 'pods[0].node', "no node is named 'ap-southeast-1.10.0.0.18': did you mean 'ap-southeast-1.10.0.0.180'?");
  });

  it('does not blame pods for a node that is itself broken', () => {
    const doc = flannel();
    doc.nodes[0].ip = 'nope';
    const problems = problemsOf(validateTopology(doc));
    expect(problems.map((p) => p.path)).toEqual(['nodes[0].ip']);
  });

  it('resolves service.loadBalancer, only for type LoadBalancer', () => {
    const doc = flannel();
    doc.services[1].loadBalancer = 'slb-nginx3';
    doc.services[0].loadBalancer = 'slb-nginx2';
    expectProblem(doc, 'services[1].loadBalancer', "no load balancer is named 'slb-nginx3': did you mean");
    expectProblem(doc, 'services[0].loadBalancer', 'only a service of type LoadBalancer has a load balancer');
  });

  it('resolves router.nodes', () => {
    const doc = calico();
    doc.routers[0].nodes = ['worker-a', 'worker-c'];
    expectProblem(doc, 'routers[0].nodes[1]', "no node is named 'worker-c': did you mean 'worker-a'?");
  });

  it('resolves pod.eni to an ENI of its node', () => {
    const doc = terway();
    doc.pods[3].eni = 'eth2';
    expectProblem(doc, 'pods[3].eni', "node cn-hongkong.10.0.3.16 has no ENI named 'eth2': use one of eth1");
  });

  it('refuses a nodePort on a ClusterIP service', () => {
    const doc = flannel();
    doc.services[0].ports[0].nodePort = 30001;
    expectProblem(doc, 'services[0].ports[0].nodePort', 'a ClusterIP service has no nodePort');
  });

  it('checks selector and label syntax', () => {
    const doc = flannel();
    doc.services[0].selector = { 'app!': 'nginx' };
    doc.pods[0].labels = { 'app.kubernetes.io/name': 'bad value!' };
    expectProblem(doc, 'services[0].selector["app!"]', "label key 'app!' is not valid");
    expectProblem(doc, 'pods[0].labels["app.kubernetes.io/name"]', "label value 'bad value!' is not valid");
  });
});

describe('Mode combinations', () => {
  it('refuses a mode of another plugin and names the plugin that has it', () => {
    const doc = flannel();
    doc.cluster.cni.mode = 'bgp';
    expectProblem(doc, 'cluster.cni.mode', "'bgp' is not a flannel mode: use one of vpc-route, host-gw, vxlan, or set cluster.cni.plugin to calico");
  });

  it('allows bgp settings and routers for calico bgp only', () => {
    const doc = calico();
    doc.cluster.cni = { plugin: 'calico', mode: 'ipip', bgp: { peering: 'tor' } };
    expectProblem(doc, 'cluster.cni.bgp', 'bgp peering applies to calico in bgp mode only');
    expectProblem(doc, 'routers', 'routers are BGP peers for calico bgp with ToR peering only');
  });

  it('allows ENIs for terway only', () => {
    const doc = flannel();
    doc.nodes[0].enis = [{ name: 'eth1', mac: '00:16:3e:00:00:01' }];
    doc.pods[0].eni = 'eth1';
    expectProblem(doc, 'nodes[0].enis', 'secondary ENIs are used by terway only');
    expectProblem(doc, 'pods[0].eni', 'only terway places pods on ENIs');
  });

  it('requires podCIDR for flannel and calico, and refuses it for terway', () => {
    const doc = calico();
    delete doc.cluster.podCIDR;
    expectProblem(doc, 'cluster.podCIDR', 'calico needs a pod address range');
    const t = terway();
    t.cluster.podCIDR = '172.20.0.0/16';
    t.nodes[0].podCIDR = '172.20.0.0/24';
    expectProblem(t, 'cluster.podCIDR', 'remove cluster.podCIDR');
    expectProblem(t, 'nodes[0].podCIDR', 'remove podCIDR');
  });

  it('requires vSwitches for terway', () => {
    const doc = terway();
    doc.cluster.vpc.vswitches = [];
    expectProblem(doc, 'cluster.vpc.vswitches', 'terway pods take their addresses from vSwitches');
  });

  it('refuses eni load balancer backends without terway', () => {
    const doc = flannel();
    doc.loadBalancers[0].backend = 'eni';
    expectProblem(doc, 'loadBalancers[0].backend', "backend 'eni' sends traffic straight to pod IPs on ENIs, which needs terway");
  });

  it('refuses kube-proxy ebpf outside terway ipvlan-ebpf', () => {
    const doc = flannel();
    doc.cluster.kubeProxy.mode = 'ebpf';
    expectProblem(doc, 'cluster.kubeProxy.mode', 'eBPF service handling comes with terway ipvlan-ebpf');
    const t = terway();
    t.cluster.kubeProxy.mode = 'ebpf';
    expectOk(validateTopology(t));
  });

  it('warns (does not refuse) when externalTrafficPolicy Local cannot apply', () => {
    const doc = flannel();
    doc.services[0].externalTrafficPolicy = 'Local';
    const { warnings } = expectOk(validateTopology(doc));
    expect(warnings.map((w) => w.path)).toEqual(['services[0].externalTrafficPolicy']);
  });

  it('counts pods against ENI capacity', () => {
    const doc = terway();
    doc.nodes[0].enis[0].maxIPs = 1;
    expectProblem(doc, 'pods[1].eni', 'ENI eth1 of node cn-hongkong.10.0.3.15 (nodes[0].enis[0]) would hold 2 pod addresses but its maxIPs is 1');
  });

  it('gives a vxlan or ipip overlay the smaller pod MTU', () => {
    const f = flannel();
    f.cluster.cni.mode = 'vxlan';
    expect(expectOk(validateTopology(f)).topology.cluster.cni.mtu).toBe(1450);
    const c = calico();
    c.cluster.cni = { plugin: 'calico', mode: 'ipip' };
    delete c.routers;
    expect(expectOk(validateTopology(c)).topology.cluster.cni.mtu).toBe(1480);
    c.cluster.cni = { plugin: 'calico', mode: 'vxlan', mtu: 8950 };
    expect(expectOk(validateTopology(c)).topology.cluster.cni.mtu).toBe(8950);
  });
});

describe('Layout (extension)', () => {
  it('keeps canvas positions and warns about ones that name nothing', () => {
    const doc = flannel();
    doc.layout = { 'node:ap-southeast-1.10.0.0.180': { x: 10, y: 20 }, 'pod:default/centos-67756b6dc8-rmmxt': { x: 1, y: 2 }, 'node:gone': { x: 0, y: 0 } };
    const { topology, warnings } = expectOk(validateTopology(doc));
    expect(topology.layout?.['node:ap-southeast-1.10.0.0.180']).toEqual({ x: 10, y: 20 });
    expect(warnings.map((w) => w.path)).toEqual(['layout["node:gone"]']);
  });

  it('refuses a position that is not two numbers', () => {
    const doc = flannel();
    doc.layout = { 'node:ap-southeast-1.10.0.0.180': { x: '10', y: 20, z: 1 } };
    expectProblem(doc, 'layout["node:ap-southeast-1.10.0.0.180"].x', 'expected a number');
    expectProblem(doc, 'layout["node:ap-southeast-1.10.0.0.180"].z', "unknown field 'z'");
  });
});

describe('Reporting', () => {
  it('reports every problem at once, each with its path', () => {
    const doc = flannel();
    doc.apiVersion = 'hopscope/v9';
    doc.cluster.cni.mode = 'vxlann';
    doc.nodes[0].ip = '10.9.0.1';
    doc.pods[3].node = 'nowhere';
    doc.services[1].ports[0].nodePort = 99;
    doc.loadBalancers[0].backend = 'eni';
    doc.externals[0].colour = 'red';
    const paths = problemsOf(validateTopology(doc)).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'apiVersion',
        'cluster.cni.mode',
        'nodes[0].ip',
        'pods[3].node',
        'services[1].ports[0].nodePort',
        'loadBalancers[0].backend',
        'externals[0].colour',
      ]),
    );
  });

  it('still checks meaning when part of the document is malformed', () => {
    const doc = flannel();
    doc.pods[0].ready = 'yes';
    doc.pods[1].ip = '172.23.96.90';
    const paths = problemsOf(validateTopology(doc)).map((p) => p.path);
    expect(paths).toEqual(['pods[0].ready', 'pods[1].ip']);
  });
});

describe('Named ports (a targetPort may name a container port, as Kubernetes IntOrString)', () => {
  it('accepts a named targetPort and named container ports', () => {
    const doc = flannel();
    doc.services[0].ports[0].targetPort = 'http';
    doc.pods[0].ports = [{ name: 'http', containerPort: 8080 }];
    const { topology: t } = expectOk(validateTopology(doc));
    expect(t.services[0]!.ports[0]!.targetPort).toBe('http');
    expect(t.pods[0]!.ports[0]!.name).toBe('http');
  });

  it('refuses names that are not IANA_SVC_NAME, quoted numbers, other types and duplicate names', () => {
    const doc = flannel();
    doc.services[0].ports[0].targetPort = 'a--b';
    doc.services[1].ports[0].targetPort = '8080';
    doc.services[2].ports[0].targetPort = true;
    doc.pods[0].ports = [
      { name: 'web', containerPort: 80 },
      { name: 'web', containerPort: 81 },
    ];
    doc.pods[1].ports = [{ name: 'abcdefghijklmnop', containerPort: 82 }];
    expectProblem(doc, 'services[0].ports[0].targetPort', "'a--b' is not a valid port name");
    expectProblem(doc, 'services[1].ports[0].targetPort', 'write 8080 without quotes');
    expectProblem(doc, 'services[2].ports[0].targetPort', 'expected a port number or a port name');
    expectProblem(doc, 'pods[0].ports[1].name', 'container port name web is used twice');
    expectProblem(doc, 'pods[1].ports[0].name', 'longer than 15 characters');
  });
});

describe('Label problems', () => {
  it('name the label in the path: pods[0].labels.app, not pods[0].labelsapp', () => {
    const doc = fixture('ack-flannel');
    doc.pods[0].labels = { app: 'not ok!', 'app.kubernetes.io/name': 'bad value!' };
    const paths = problemsOf(validateTopology(doc)).map((p) => p.path);
    expect(paths).toEqual(['pods[0].labels.app', 'pods[0].labels["app.kubernetes.io/name"]']);
  });
});
