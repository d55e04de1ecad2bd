/**
 * What `kubectl get nodes,pods,services,endpointslices -A -o json` (or `-o yaml`) prints for the
 * cluster `generateFlannelCluster` makes: the same nodes, pods, addresses and services, written
 * as the API server holds them, so an import of it can be measured at a real cluster's size and
 * checked against the document it should give back.
 *
 * What the API adds and a real List holds is here too: uids, timestamps, ReplicaSet
 * ownerReferences and `pod-template-hash` labels, named container ports (every other service
 * targets its port by name), pod conditions, one EndpointSlice per service (endpoint
 * `conditions.ready`, `nodeName`, `targetRef`), the `default/kubernetes` service (no selector),
 * `healthCheckNodePort` on LoadBalancer services with externalTrafficPolicy Local,
 * `status.loadBalancer.ingress` with the SLB's address, flannel's node annotations (its backend
 * type says the mode) and one kube-flannel and one kube-proxy pod (hostNetwork,
 * `--proxy-mode`) per node. What kubectl does not show is not here: the externals, the nodes'
 * secondary IPs, the load balancers' names and the cluster's ranges (the import infers them).
 */
import { stringify } from 'yaml';
import { generateFlannelCluster, type FlannelClusterOptions, type GeneratedDocument, type GenPod, type GenService } from './generate';

type Obj = Record<string, unknown>;

/** A `v1 List` as kubectl prints it. */
export interface KubectlList {
  apiVersion: 'v1';
  kind: 'List';
  items: Obj[];
  metadata: { resourceVersion: string };
}

const FLANNEL_BACKEND: Record<GeneratedDocument['cluster']['cni']['mode'], string> = { 'vpc-route': 'ali-vpc', 'host-gw': 'host-gw', vxlan: 'vxlan' };
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const KUBE_VERSION = 'v1.30.1-aliyun.1';
const EPOCH = Date.UTC(2025, 2, 3, 8, 0, 0);

/** A uid that stays the same for the same object (FNV-1a over its kind and name, spread into a UUID's shape). */
function uidOf(key: string): string {
  let h = 0x811c9dc5;
  const words: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    words.push(h.toString(16).padStart(8, '0'));
  }
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
const at = (seconds: number) => new Date(EPOCH + seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The ReplicaSet a generated pod belongs to: its name less the random suffix (`svc-3-<hash>-<xxxxx>`). */
const replicaSetOf = (pod: GenPod) => pod.name.slice(0, pod.name.lastIndexOf('-'));
const templateHashOf = (pod: GenPod) => replicaSetOf(pod).slice(replicaSetOf(pod).lastIndexOf('-') + 1);
/** Every other service targets its pods' port by the container port's name, as many charts do. */
const targetsByName = (i: number) => i % 2 === 1;
const portName = (protocol: 'TCP' | 'UDP') => (protocol === 'UDP' ? 'dns' : 'http');

function nodeObject(doc: GeneratedDocument, n: GeneratedDocument['nodes'][number], i: number): Obj {
  const mode = doc.cluster.cni.mode;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'flannel.alpha.coreos.com/backend-data':
          mode === 'vxlan'
            ? `{"VNI":1,"VtepMAC":"0e:${uidOf(n.name)
                .slice(0, 10)
                .replace(/(..)(?=.)/g, '$1:')}"}`
            : 'null',
        'flannel.alpha.coreos.com/backend-type': FLANNEL_BACKEND[mode],
        'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
        'flannel.alpha.coreos.com/public-ip': n.ip,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: at(i),
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'ecs.g7.2xlarge',
        'topology.kubernetes.io/region': 'cn-hangzhou',
        'topology.kubernetes.io/zone': `cn-hangzhou-${'hijk'[i % 4]}`,
      },
      name: n.name,
      resourceVersion: String(100000 + i),
      uid: uidOf(`Node/${n.name}`),
    },
    spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR], providerID: `cn-hangzhou.i-${uidOf(n.name).slice(0, 20).replace(/-/g, '')}` },
    status: {
      addresses: [
        { address: n.ip, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      allocatable: { cpu: '7910m', memory: '28409412Ki', pods: '64' },
      capacity: { cpu: '8', memory: '32408132Ki', pods: '64' },
      conditions: [
        {
          lastHeartbeatTime: at(86400),
          lastTransitionTime: at(i),
          message: 'kubelet has sufficient memory available',
          reason: 'KubeletHasSufficientMemory',
          status: 'False',
          type: 'MemoryPressure',
        },
        {
          lastHeartbeatTime: at(86400),
          lastTransitionTime: at(i + 30),
          message: 'kubelet is posting ready status',
          reason: 'KubeletReady',
          status: 'True',
          type: 'Ready',
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.6.28',
        kernelVersion: '5.10.134-16.1.al8.x86_64',
        kubeProxyVersion: KUBE_VERSION,
        kubeletVersion: KUBE_VERSION,
        operatingSystem: 'linux',
        osImage: 'Alibaba Cloud Linux 3.2104 U10 (OpenAnolis Edition)',
      },
    },
  };
}

interface PodParts {
  name: string;
  namespace: string;
  node: GeneratedDocument['nodes'][number];
  ip: string;
  hostNetwork: boolean;
  labels: Record<string, string>;
  owner: { kind: string; name: string };
  container: Obj;
  ready: boolean;
  started: number;
}

function podObject(p: PodParts): Obj {
  const readyStatus = p.ready ? 'True' : 'False';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: at(p.started),
      ...(p.owner.kind === 'ReplicaSet' ? { generateName: `${p.owner.name}-` } : {}),
      labels: p.labels,
      name: p.name,
      namespace: p.namespace,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: p.owner.kind,
          name: p.owner.name,
          uid: uidOf(`${p.owner.kind}/${p.namespace}/${p.owner.name}`),
        },
      ],
      resourceVersion: String(200000 + p.started),
      uid: uidOf(`Pod/${p.namespace}/${p.name}`),
    },
    spec: {
      containers: [p.container],
      dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      enableServiceLinks: true,
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      nodeName: p.node.name,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      conditions: [
        { lastTransitionTime: at(p.started + 2), status: 'True', type: 'Initialized' },
        { lastTransitionTime: at(p.started + 9), status: readyStatus, type: 'Ready' },
        { lastTransitionTime: at(p.started + 9), status: readyStatus, type: 'ContainersReady' },
        { lastTransitionTime: at(p.started), status: 'True', type: 'PodScheduled' },
      ],
      hostIP: p.node.ip,
      hostIPs: [{ ip: p.node.ip }],
      phase: 'Running',
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      qosClass: 'Burstable',
      startTime: at(p.started + 1),
    },
  };
}

function appPod(pod: GenPod, node: GeneratedDocument['nodes'][number], i: number): Obj {
  const app = pod.labels.app!;
  return podObject({
    name: pod.name,
    namespace: pod.namespace,
    node,
    ip: pod.ip,
    hostNetwork: false,
    labels: { ...pod.labels, 'pod-template-hash': templateHashOf(pod) },
    owner: { kind: 'ReplicaSet', name: replicaSetOf(pod) },
    container: {
      image: `registry.cn-hangzhou.aliyuncs.com/shop/${app === 'batch' ? 'batch' : 'web'}:1.8.2`,
      imagePullPolicy: 'IfNotPresent',
      name: app,
      ports: pod.ports.map((p) => ({ containerPort: p.containerPort, name: portName(p.protocol), protocol: p.protocol })),
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
    },
    ready: pod.ready !== false,
    started: 3600 + i,
  });
}

/** The DaemonSet pods every node runs: flannel (its presence says the CNI) and kube-proxy (its flags say the mode). */
function daemonPods(doc: GeneratedDocument, node: GeneratedDocument['nodes'][number], i: number): Obj[] {
  // Unique per node, in the alphabet of Kubernetes' generated suffixes.
  const suffix = Array.from({ length: 5 }, (_, k) => SUFFIX_ALPHABET[Math.floor(i / SUFFIX_ALPHABET.length ** k) % SUFFIX_ALPHABET.length]).join('');
  const hostPod = (ds: string, container: Obj) =>
    podObject({
      name: `${ds}-${suffix}`,
      namespace: 'kube-system',
      node,
      ip: node.ip,
      hostNetwork: true,
      labels: { 'controller-revision-hash': '5f7b8c9d4', 'k8s-app': ds, 'pod-template-generation': '1' },
      owner: { kind: 'DaemonSet', name: ds },
      container,
      ready: true,
      started: 60 + i,
    });
  return [
    hostPod('kube-flannel-ds', {
      args: ['--ip-masq', '--kube-subnet-mgr'],
      command: ['/opt/bin/flanneld'],
      image: 'registry.cn-hangzhou.aliyuncs.com/acs/flannel:v0.15.1.22-20a397e6-aliyun',
      name: 'kube-flannel',
    }),
    hostPod('kube-proxy', {
      command: ['/usr/local/bin/kube-proxy', `--proxy-mode=${doc.cluster.kubeProxy.mode}`, `--hostname-override=${node.name}`],
      image: `registry.cn-hangzhou.aliyuncs.com/acs/kube-proxy:${KUBE_VERSION}`,
      name: 'kube-proxy',
    }),
  ];
}

function serviceObject(svc: GenService, i: number, lbIp: string | undefined, healthCheckNodePort: number | undefined): Obj {
  const exposed = svc.type !== 'ClusterIP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      creationTimestamp: at(1800 + i),
      labels: { app: svc.selector.app! },
      name: svc.name,
      namespace: svc.namespace,
      resourceVersion: String(300000 + i),
      uid: uidOf(`Service/${svc.namespace}/${svc.name}`),
    },
    spec: {
      ...(svc.type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: true } : {}),
      clusterIP: svc.clusterIP,
      clusterIPs: [svc.clusterIP],
      ...(svc.externalIPs ? { externalIPs: svc.externalIPs } : {}),
      ...(exposed ? { externalTrafficPolicy: svc.externalTrafficPolicy ?? 'Cluster' } : {}),
      ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
      internalTrafficPolicy: svc.internalTrafficPolicy ?? 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ...(svc.loadBalancerSourceRanges ? { loadBalancerSourceRanges: svc.loadBalancerSourceRanges } : {}),
      ports: svc.ports.map((p) => ({
        name: p.name,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: targetsByName(i) ? portName(p.protocol) : p.targetPort,
      })),
      selector: svc.selector,
      sessionAffinity: 'None',
      type: svc.type,
    },
    status: { loadBalancer: lbIp !== undefined ? { ingress: [{ ip: lbIp, ipMode: 'VIP' }] } : {} },
  };
}

function endpointSliceObject(svc: GenService, i: number, pods: readonly GenPod[]): Obj {
  const ready = (p: GenPod) => p.ready !== false;
  return {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: pods.map((p) => ({
      addresses: [p.ip],
      conditions: { ready: ready(p), serving: ready(p), terminating: false },
      nodeName: p.node,
      targetRef: { kind: 'Pod', name: p.name, namespace: p.namespace, uid: uidOf(`Pod/${p.namespace}/${p.name}`) },
    })),
    kind: 'EndpointSlice',
    metadata: {
      creationTimestamp: at(1800 + i),
      generateName: `${svc.name}-`,
      labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': svc.name },
      name: `${svc.name}-${uidOf(svc.name).slice(0, 5)}`,
      namespace: svc.namespace,
      ownerReferences: [
        { apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: svc.name, uid: uidOf(`Service/${svc.namespace}/${svc.name}`) },
      ],
      resourceVersion: String(400000 + i),
      uid: uidOf(`EndpointSlice/${svc.namespace}/${svc.name}`),
    },
    ports: svc.ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
  };
}

const byNamespaceAndName = (a: Obj, b: Obj) => {
  const [ma, mb] = [a.metadata as { namespace?: string; name: string }, b.metadata as { namespace?: string; name: string }];
  return (ma.namespace ?? '').localeCompare(mb.namespace ?? '') || ma.name.localeCompare(mb.name);
};

/**
 * The kubectl List of a generated cluster (the same options give the same cluster as
 * `generateFlannelCluster`, and the same List). Items come as kubectl prints them: by kind in the
 * order asked, each kind by namespace and name.
 *
 * @example
 *   const text = kubectlListText({ nodes: 1000 }, 'json'); // import it: importKubectl(text)
 */
export function generateKubectlList(opts: FlannelClusterOptions): KubectlList {
  const doc = generateFlannelCluster(opts);
  const nodeByName = new Map(doc.nodes.map((n) => [n.name, n]));
  const lbIpByName = new Map(doc.loadBalancers.map((l) => [l.name, l.ip]));
  const podsByApp = new Map<string, GenPod[]>();
  for (const p of doc.pods) {
    const key = `${p.namespace}/${p.labels.app}`;
    const list = podsByApp.get(key);
    if (list) list.push(p);
    else podsByApp.set(key, [p]);
  }

  // healthCheckNodePorts come from the same range as nodePorts: the API server takes free ones (from the top here).
  const usedNodePorts = new Set(doc.services.flatMap((s) => s.ports.map((p) => p.nodePort)));
  let nextHealthCheck = 32767;
  const healthCheckPort = () => {
    while (usedNodePorts.has(nextHealthCheck)) nextHealthCheck--;
    usedNodePorts.add(nextHealthCheck);
    return nextHealthCheck;
  };

  const nodes = doc.nodes.map((n, i) => nodeObject(doc, n, i));
  const pods = [...doc.pods.map((p, i) => appPod(p, nodeByName.get(p.node)!, i)), ...doc.nodes.flatMap((n, i) => daemonPods(doc, n, i))].sort(
    byNamespaceAndName,
  );
  const services: Obj[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        creationTimestamp: at(0),
        labels: { component: 'apiserver', provider: 'kubernetes' },
        name: 'kubernetes',
        namespace: 'default',
        uid: uidOf('Service/kubernetes'),
      },
      spec: {
        clusterIP: '192.168.0.1',
        clusterIPs: ['192.168.0.1'],
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  ];
  const slices: Obj[] = [];
  doc.services.forEach((s, i) => {
    const local = s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
    services.push(serviceObject(s, i, s.loadBalancer !== undefined ? lbIpByName.get(s.loadBalancer) : undefined, local ? healthCheckPort() : undefined));
    slices.push(endpointSliceObject(s, i, podsByApp.get(`${s.namespace}/${s.selector.app}`) ?? []));
  });
  services.sort(byNamespaceAndName);
  slices.sort(byNamespaceAndName);
  return { apiVersion: 'v1', kind: 'List', items: [...nodes, ...pods, ...services, ...slices], metadata: { resourceVersion: '' } };
}

/** The List as kubectl writes it: `-o json` (4-space indent) or `-o yaml`. */
export function kubectlListText(opts: FlannelClusterOptions, format: 'json' | 'yaml'): string {
  const list = generateKubectlList(opts);
  return format === 'json' ? `${JSON.stringify(list, null, 4)}\n` : stringify(list, { lineWidth: 0 });
}
