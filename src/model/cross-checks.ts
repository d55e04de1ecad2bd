/**
 * Pass 2 of validation: the meaning. Over the elements that passed the shape check, names are
 * unique, references resolve (a pod's node, a service's load balancer, an Ingress backend), the
 * CNI plugin, its mode and kube-proxy's mode go together, ranges are where they belong, and what
 * a setting cannot do is said. Addresses are checked while they are assigned (assign-addresses.ts).
 */
import { cidrsOverlap, cidrWithin, parseCidr, type ParsedCidr } from './cidr';
import { NODE_PORT_RANGE } from './ipam';
import { closest, part, said, type ProblemKey, type Said } from './problem-text';
import { formatPath, type Report } from './report';
import { DNS_SUBDOMAIN, LABEL_NAME, LAYOUT_KINDS, type LoadBalancerDraft, type NodeDraft, type PodDraft, type RouterDraft, type ServiceDraft } from './schema';
import { cniOf, type ClusterDraft, type Drafts, type Extras } from './shape-check';
import { CNI_MODES, type CniMode, type CniPlugin } from './topology';

/** Runs every check of this pass, in the order its problems are listed. */
export function crossCheck(report: Report, d: Drafts): void {
  const { cluster, routers, nodes, pods, services, loadBalancers, externals, layout } = d;
  checkExtras(report, d.extras, services, nodes);
  const { plugin, mode } = cniOf(cluster);
  checkCluster(report, cluster, plugin, mode, d.routersListed);
  checkNames(report, routers, nodes, pods, services, loadBalancers, externals);
  checkRouters(report, routers, nodes, d.nodeNames, cluster, mode);
  checkNodes(report, nodes, plugin, mode, cluster.kubeProxy?.mode);
  (cluster.vpc?.routes ?? []).forEach((r, i) => {
    if (d.nodesReadable && !d.nodeNames.has(r.node)) {
      const guess = closest(r.node, [...d.nodeNames]);
      report.error(`cluster.vpc.routes[${i}].node`, guess ? said('p_noNodeGuess', { name: r.node, guess }) : said('p_noNodeName', { name: r.node }));
    }
  });
  // nodes that is not a list was reported once; its pods' node names cannot be checked against it.
  checkPods(report, pods, nodes, d.nodesReadable ? d.nodeNames : undefined, plugin);
  checkServices(report, services, d.lbNames);
  checkLoadBalancers(report, loadBalancers, services, plugin);
  if (layout) checkLayout(report, layout, { node: nodes, pod: pods, service: services, loadBalancer: loadBalancers, external: externals, router: routers });
}

/**
 * kube-proxy's flags as its own validation and start-up take them (pkg/proxy/apis/config/validation
 * and cmd/kube-proxy/app/server_linux.go getLocalDetector): BridgeInterface and InterfaceNamePrefix
 * need their name ("Detect-local-mode set to BridgeInterface, but no bridge-interface-name is
 * defined"), and "primary" in nodePortAddresses stands alone.
 */
function checkKubeProxyFlags(report: Report, c: ClusterDraft): void {
  const kp = c.kubeProxy;
  if (!kp) return;
  if (kp.detectLocalMode === 'BridgeInterface' && !kp.detectLocal?.bridgeInterface) {
    report.error(
      'cluster.kubeProxy.detectLocal.bridgeInterface',
      said('p_detectLocalNeeds', { mode: 'BridgeInterface', field: 'bridgeInterface', example: 'cni0' }),
    );
  }
  if (kp.detectLocalMode === 'InterfaceNamePrefix' && !kp.detectLocal?.interfaceNamePrefix) {
    report.error(
      'cluster.kubeProxy.detectLocal.interfaceNamePrefix',
      said('p_detectLocalNeeds', { mode: 'InterfaceNamePrefix', field: 'interfaceNamePrefix', example: 'veth' }),
    );
  }
  const npa = kp.nodePortAddresses ?? [];
  if (npa.length > 1 && npa.includes('primary')) report.error('cluster.kubeProxy.nodePortAddresses', said('p_primaryAlone'));
  if (kp.localhostNodePorts !== undefined && kp.mode !== undefined && kp.mode !== 'iptables') {
    report.warn('cluster.kubeProxy.localhostNodePorts', said('p_localhostNodePortsIptables', { mode: kp.mode }));
  }
}

/** The labels at `${list}[${index}].${field}`: the path is worded only when something is wrong (30,000 pods' labels pass here). */
function checkLabels(report: Report, l: Record<string, string>, list: string, index: number, field: string): void {
  for (const k of Object.keys(l)) {
    const v = l[k]!;
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
      report.error(labelPath(list, index, field, k), said('p_labelPrefix', { key: k, prefix }));
    else if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) report.error(labelPath(list, index, field, k), said('p_labelKey', { key: k }));
    if (v.length > 63 || (v.length > 0 && !LABEL_NAME.test(v))) report.error(labelPath(list, index, field, k), said('p_labelValue', { value: v }));
  }
}

function labelPath(list: string, index: number, field: string, key: string): string {
  const base = `${list}[${index}].${field}`;
  const k = formatPath([key]);
  return k.startsWith('[') ? base + k : `${base}.${k}`;
}

/** Namespaces, NetworkPolicies, Ingresses and the faults on nodes: names unique, references resolve. */
function checkExtras(report: Report, x: Extras, services: (ServiceDraft | undefined)[], nodes: (NodeDraft | undefined)[]): void {
  checkUnique(
    report,
    x.namespaces,
    (n) => n?.name,
    (i) => `namespaces[${i}].name`,
    (k, first) => said('p_dupNamespace', { name: k, first }),
  );
  checkUnique(
    report,
    x.networkPolicies,
    (n) => n && `${n.namespace}/${n.name}`,
    (i) => `networkPolicies[${i}].name`,
    (k, first) => said('p_dupNetworkPolicy', { name: k, first }),
  );
  checkUnique(
    report,
    x.ingresses,
    (n) => n && `${n.namespace}/${n.name}`,
    (i) => `ingresses[${i}].name`,
    (k, first) => said('p_dupIngress', { name: k, first }),
  );
  checkUnique(
    report,
    x.ingressClasses,
    (n) => n?.name,
    (i) => `ingressClasses[${i}].name`,
    (k, first) => said('p_dupIngressClass', { name: k, first }),
  );
  x.networkPolicies.forEach((np, i) => {
    if (!np) return;
    checkLabels(report, np.podSelector.matchLabels, 'networkPolicies', i, 'podSelector.matchLabels');
  });
  const svcs = new Map(services.filter((s): s is ServiceDraft => !!s).map((s) => [`${s.namespace}/${s.name}`, s]));
  const classes = x.ingressClasses.filter((c): c is NonNullable<typeof c> => !!c);
  x.ingressClasses.forEach((c, i) => {
    if (c && !svcs.has(c.controllerService))
      report.error(`ingressClasses[${i}].controllerService`, said('p_noControllerService', { service: c.controllerService }));
  });
  x.ingresses.forEach((ing, i) => {
    if (!ing) return;
    if (ing.ingressClassName !== undefined && !classes.some((c) => c.name === ing.ingressClassName)) {
      report.error(
        `ingresses[${i}].ingressClassName`,
        classes.length
          ? said('p_noIngressClassUse', { name: ing.ingressClassName, classes: classes.map((c) => c.name).join(', ') })
          : said('p_noIngressClass', { name: ing.ingressClassName }),
      );
    }
    if (ing.ingressClassName === undefined && classes.length !== 1) {
      report.error(`ingresses[${i}].ingressClassName`, classes.length === 0 ? said('p_ingressNoController') : said('p_ingressClassAmbiguous'));
    }
    ing.rules.forEach((r, j) =>
      r.paths.forEach((p, k) => {
        const svc = svcs.get(`${ing.namespace}/${p.backend.service}`);
        const at = `ingresses[${i}].rules[${j}].paths[${k}].backend`;
        if (!svc) report.error(`${at}.service`, said('p_noBackendService', { service: p.backend.service, namespace: ing.namespace }));
        else if (!svc.ports.some((sp) => sp.port === p.backend.port))
          report.error(
            `${at}.port`,
            said('p_noBackendPort', { service: p.backend.service, port: p.backend.port, ports: svc.ports.map((sp) => sp.port).join(', ') }),
          );
      }),
    );
  });
  nodes.forEach((n, i) => {
    if (!n) return;
    checkUnique(
      report,
      n.interfaces,
      (f) => f.name,
      (j) => `nodes[${i}].interfaces[${j}].name`,
      (k) => said('p_dupInterface', { name: k }),
    );
    n.interfaces.forEach((f, j) => {
      if (f.name === 'eth0') report.error(`nodes[${i}].interfaces[${j}].name`, said('p_interfaceEth0'));
    });
    n.routes.forEach((r, j) => {
      if (r.via === undefined && r.dev === undefined) report.error(`nodes[${i}].routes[${j}]`, said('p_routeNoHop'));
    });
    n.nat.forEach((r, j) => {
      if ((r.action === 'SNAT' || r.action === 'DNAT') && !r.to)
        report.error(`nodes[${i}].nat[${j}].to`, said(r.action === 'SNAT' ? 'p_snatNeedsTo' : 'p_dnatNeedsTo'));
      if (r.dport !== undefined && r.proto !== 'tcp' && r.proto !== 'udp') report.error(`nodes[${i}].nat[${j}].dport`, said('p_natDportProto'));
      if (r.outInterface !== undefined && r.chain !== 'POSTROUTING') report.error(`nodes[${i}].nat[${j}].outInterface`, said('p_outInterfaceChain'));
    });
  });
}

function checkCluster(report: Report, c: ClusterDraft, plugin: CniPlugin | undefined, mode: CniMode | undefined, hasRouters: boolean): void {
  const cni = c.cni;
  if (cni && plugin && !mode) {
    const owner = (Object.keys(CNI_MODES) as CniPlugin[]).find((p) => (CNI_MODES[p] as readonly string[]).includes(cni.mode));
    const guess = closest(cni.mode, CNI_MODES[plugin]);
    report.error(
      'cluster.cni.mode',
      said(guess ? (owner ? 'p_badModeGuessOwner' : 'p_badModeGuess') : owner ? 'p_badModeOwner' : 'p_badMode', {
        mode: cni.mode,
        plugin,
        modes: CNI_MODES[plugin].join(', '),
        ...(guess ? { guess } : {}),
        ...(owner ? { owner } : {}),
      }),
    );
  }
  if (cni?.bgp && !(plugin === 'calico' && mode === 'bgp')) {
    report.error('cluster.cni.bgp', said(plugin === 'calico' ? 'p_bgpNotBgpMode' : 'p_bgpNotCalico'));
  }
  if (hasRouters && !(plugin === 'calico' && mode === 'bgp' && cni?.bgp?.peering === 'tor')) {
    report.error('routers', said('p_routersNeedTor'));
  }
  if (plugin === 'calico' && mode === 'bgp' && cni?.bgp?.peering === 'tor' && !hasRouters) {
    report.warn('routers', said('p_torNoRouters'));
  }
  if (c.kubeProxy?.mode === 'ebpf' && !(plugin === 'terway' && mode === 'ipvlan-ebpf')) {
    report.error('cluster.kubeProxy.mode', said(plugin === 'terway' ? 'p_noEbpfTerway' : 'p_noEbpf'));
  }
  checkKubeProxyFlags(report, c);
  if (plugin === 'flannel' || plugin === 'calico') {
    if (c.podCIDR === undefined && !c.podCIDRBroken) report.error('cluster.podCIDR', said('p_podCidrNeeded', { plugin }));
  } else if (plugin === 'terway' && c.podCIDR !== undefined) {
    report.error('cluster.podCIDR', said('p_terwayPodCidr'));
  }
  const vswitches = c.vpc?.vswitches ?? [];
  if (plugin === 'terway' && c.vpc && vswitches.length === 0) {
    report.error('cluster.vpc.vswitches', said('p_terwayNoVswitch'));
  }
  const vpc = c.vpc?.cidr;
  const seen = new Map<string, number>();
  vswitches.forEach((v, i) => {
    const path = `cluster.vpc.vswitches[${i}]`;
    const earlier = seen.get(v.name);
    if (earlier !== undefined) report.error(`${path}.name`, said('p_dupVswitch', { name: v.name, first: earlier }));
    else seen.set(v.name, i);
    if (vpc && !cidrWithin(v.cidr, vpc)) report.error(`${path}.cidr`, said('p_vswitchOutsideVpc', { cidr: v.cidr, vpc }));
    const overlap = vswitches.findIndex((o, j) => j < i && cidrsOverlap(o.cidr, v.cidr));
    const other = vswitches[overlap];
    if (other) report.error(`${path}.cidr`, said('p_vswitchOverlap', { cidr: v.cidr, other: overlap, otherCidr: other.cidr }));
    if ((parseCidr(v.cidr) as ParsedCidr).bits > 29) report.error(`${path}.cidr`, said('p_vswitchTooSmall', { cidr: v.cidr }));
  });
  const ranges: [string, string | undefined][] = [
    ['cluster.podCIDR', plugin === 'terway' ? undefined : c.podCIDR],
    ['cluster.serviceCIDR', c.serviceCIDR],
    ['cluster.vpc.cidr', vpc],
  ];
  ranges.forEach(([pa, a], i) => {
    for (const [pb, b] of ranges.slice(i + 1)) {
      if (a && b && cidrsOverlap(a, b)) report.error(pb, said('p_rangesOverlap', { cidr: b, otherPath: pa, other: a }));
    }
  });
}

type Named = { name: string } | undefined;

function checkUnique<T>(
  report: Report,
  list: readonly T[],
  key: (t: T) => string | undefined,
  path: (i: number) => string,
  say: (k: string, first: number) => Said,
): void {
  if (list.length < 2) return; // most pods and services have one port
  const seen = new Map<string, number>();
  list.forEach((t, i) => {
    const k = key(t);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) report.error(path(i), say(k, first));
    else seen.set(k, i);
  });
}

function checkNames(
  report: Report,
  routers: Named[],
  nodes: Named[],
  pods: (PodDraft | undefined)[],
  services: (ServiceDraft | undefined)[],
  lbs: Named[],
  externals: Named[],
): void {
  const simple: [string, Named[], ProblemKey][] = [
    ['routers', routers, 'p_kindRouter'],
    ['nodes', nodes, 'p_kindNode'],
    ['loadBalancers', lbs, 'p_kindLoadBalancer'],
    ['externals', externals, 'p_kindExternal'],
  ];
  for (const [section, list, what] of simple) {
    checkUnique(
      report,
      list,
      (x) => x?.name,
      (i) => `${section}[${i}].name`,
      (k, first) => said('p_dupName', { what: part(what), name: k, section, first }),
    );
  }
  for (const [section, list, what] of [
    ['pods', pods, 'p_kindPod'],
    ['services', services, 'p_kindService'],
  ] as const) {
    // By namespace, then name: no "namespace/name" string built and hashed for each of 30,000 pods.
    const seen = new Map<string, Map<string, number>>();
    (list as readonly ({ name: string; namespace: string } | undefined)[]).forEach((x, i) => {
      if (!x) return;
      let names = seen.get(x.namespace);
      if (!names) seen.set(x.namespace, (names = new Map()));
      const first = names.get(x.name);
      if (first === undefined) names.set(x.name, i);
      else report.error(`${section}[${i}].name`, said('p_dupNamespaced', { what: part(what), name: `${x.namespace}/${x.name}`, section, first }));
    });
  }
}

function checkRouters(
  report: Report,
  routers: (RouterDraft | undefined)[],
  nodes: (NodeDraft | undefined)[],
  nodeNames: Set<string>,
  cluster: ClusterDraft,
  mode: CniMode | undefined,
): void {
  const peered = new Map<string, string>();
  routers.forEach((r, i) => {
    if (!r) return;
    r.nodes.forEach((n, j) => {
      if (!nodeNames.has(n)) {
        const guess = closest(n, [...nodeNames]);
        report.error(`routers[${i}].nodes[${j}]`, guess ? said('p_noNodeGuess', { name: n, guess }) : said('p_noNodeName', { name: n }));
      } else if (peered.has(n) && peered.get(n) !== r.name) {
        report.error(`routers[${i}].nodes[${j}]`, said('p_nodePeersTwice', { node: n, router: peered.get(n) ?? '' }));
      } else peered.set(n, r.name);
    });
  });
  if (cluster.cni?.plugin === 'calico' && mode === 'bgp' && cluster.cni.bgp?.peering === 'tor' && routers.some(Boolean)) {
    nodes.forEach((n, i) => {
      if (n && !peered.has(n.name)) report.warn(`nodes[${i}]`, said('p_nodeNoRouter', { node: n.name }));
    });
  }
}

/**
 * The interfaces of a node a route or `ip link set … down` may name: eth0, the CNI's own
 * devices, the node's extra interfaces and ENIs. Per-pod devices (veth…, cali…, ipvl_N) have
 * generated names and are accepted as they are.
 */
function nodeDevices(n: NodeDraft, plugin: CniPlugin | undefined, mode: CniMode | undefined, proxy: string | undefined): string[] {
  const cni =
    plugin === 'flannel'
      ? ['cni0', ...(mode === 'vxlan' ? ['flannel.1'] : [])]
      : plugin === 'calico'
        ? mode === 'ipip'
          ? ['tunl0']
          : mode === 'vxlan'
            ? ['vxlan.calico']
            : []
        : [];
  return [
    'eth0',
    ...cni,
    ...(proxy === 'ipvs' ? ['kube-ipvs0'] : []),
    ...n.interfaces.map((f) => f.name),
    ...(plugin === 'terway' ? n.enis.map((e) => e.name) : []),
  ];
}

const POD_DEVICE = /^(veth|cali|ipvl_)/;

function checkNodes(
  report: Report,
  nodes: (NodeDraft | undefined)[],
  plugin: CniPlugin | undefined,
  mode: CniMode | undefined,
  proxy: string | undefined,
): void {
  const macs = new Map<string, string>();
  nodes.forEach((n, i) => {
    if (!n) return;
    // A device that does not exist: `ip route add … dev eth9` and `ip link set eth9 down` fail ("Cannot find device").
    if (plugin && mode) {
      const devices = nodeDevices(n, plugin, mode, proxy);
      const missing = (dev: string, path: string) => {
        if (!devices.includes(dev) && !POD_DEVICE.test(dev)) report.error(path, said('p_noDevice', { node: n.name, dev, devices: devices.join(', ') }));
      };
      n.routes.forEach((r, j) => r.dev !== undefined && missing(r.dev, `nodes[${i}].routes[${j}].dev`));
      n.linksDown.forEach((d, j) => missing(d, `nodes[${i}].linksDown[${j}]`));
    }
    if (n.enis.length > 0 && plugin && plugin !== 'terway') report.error(`nodes[${i}].enis`, said('p_enisTerwayOnly', { plugin, path: `nodes[${i}].enis` }));
    if (n.podCIDR !== undefined && plugin === 'terway') report.error(`nodes[${i}].podCIDR`, said('p_terwayNodeBlock'));
    checkUnique(
      report,
      n.enis,
      (e) => e.name,
      (j) => `nodes[${i}].enis[${j}].name`,
      (k, first) => said('p_dupEni', { name: k, path: `nodes[${i}].enis[${first}]` }),
    );
    n.enis.forEach((e, j) => {
      if (e.name === 'eth0') report.error(`nodes[${i}].enis[${j}].name`, said('p_eniEth0'));
      if (e.mac) {
        const mac = e.mac.toLowerCase();
        const other = macs.get(mac);
        if (other) report.error(`nodes[${i}].enis[${j}].mac`, said('p_dupMac', { mac: e.mac, other }));
        else macs.set(mac, `nodes[${i}].enis[${j}]`);
      }
    });
    n.filter.forEach((f, j) => {
      if (f.dport !== undefined && f.proto !== 'tcp' && f.proto !== 'udp') report.error(`nodes[${i}].filter[${j}].dport`, said('p_filterDportProto'));
    });
  });
}

/**
 * hostPorts: the scheduler's NodePorts filter keeps two pods off one node when they take the same
 * hostPort and protocol on overlapping addresses (no hostIP is every address); a hostNetwork pod
 * binds the node itself, so its hostPort is its containerPort; Terway chains no portmap by default.
 */
function checkHostPorts(report: Report, pods: (PodDraft | undefined)[], plugin: CniPlugin | undefined): void {
  const taken = new Map<string, { hostIP?: string; path: string }[]>();
  pods.forEach((p, i) => {
    p?.ports.forEach((c, j) => {
      if (c.hostPort === undefined) return;
      const path = `pods[${i}].ports[${j}].hostPort`;
      if (p.hostNetwork) {
        if (c.hostPort !== c.containerPort) report.error(path, said('p_hostPortHostNetwork', { port: c.containerPort }));
        return;
      }
      if (plugin === 'terway') report.warn(path, said('p_hostPortNoPortmap', { port: c.hostPort }));
      const key = `${p.node}/${c.hostPort}/${c.protocol}`;
      const others = taken.get(key) ?? [];
      const other = others.find((o) => o.hostIP === undefined || c.hostIP === undefined || o.hostIP === c.hostIP);
      if (other) report.error(path, said('p_hostPortTaken', { port: `${c.hostPort}/${c.protocol}`, node: p.node, other: other.path }));
      taken.set(key, [...others, { hostIP: c.hostIP, path }]);
    });
  });
}

function checkPods(
  report: Report,
  pods: (PodDraft | undefined)[],
  nodes: (NodeDraft | undefined)[],
  nodeNames: Set<string> | undefined,
  plugin: CniPlugin | undefined,
): void {
  checkHostPorts(report, pods, plugin);
  let nodeByName: Map<string, NodeDraft> | undefined; // the first node of each name, built when a pod names its ENI
  pods.forEach((p, i) => {
    if (!p) return;
    if (nodeNames && !nodeNames.has(p.node)) {
      const guess = closest(p.node, [...nodeNames]);
      report.error(
        `pods[${i}].node`,
        guess
          ? said('p_noNodeGuess', { name: p.node, guess })
          : nodeNames.size
            ? said('p_noNodeUse', { name: p.node, nodes: [...nodeNames].slice(0, 5).join(', ') })
            : said('p_noNodeAdd', { name: p.node }),
      );
    }
    checkLabels(report, p.labels, 'pods', i, 'labels');
    // NOTE: asked only where two ports could clash: the six closures were made for each of 30,000 pods.
    if (p.ports.length > 1) {
      checkUnique(
        report,
        p.ports,
        (c) => `${c.containerPort}/${c.protocol}`,
        (j) => `pods[${i}].ports[${j}]`,
        (k) => said('p_dupContainerPort', { port: k }),
      );
      checkUnique(
        report,
        p.ports,
        (c) => c.name,
        (j) => `pods[${i}].ports[${j}].name`,
        (k) => said('p_dupContainerPortName', { name: k }),
      );
    }
    if (p.eni !== undefined) {
      if (plugin && plugin !== 'terway') report.error(`pods[${i}].eni`, said('p_eniTerwayOnly', { plugin }));
      else if (p.hostNetwork) report.error(`pods[${i}].eni`, said('p_eniHostNetwork'));
      else {
        if (!nodeByName) {
          nodeByName = new Map();
          for (const n of nodes) if (n && !nodeByName.has(n.name)) nodeByName.set(n.name, n);
        }
        const node = nodeByName.get(p.node);
        if (node && !node.enis.some((e) => e.name === p.eni)) {
          const names = node.enis.map((e) => e.name);
          report.error(
            `pods[${i}].eni`,
            names.length ? said('p_noEniUse', { node: node.name, eni: p.eni, enis: names.join(', ') }) : said('p_noEniAdd', { node: node.name, eni: p.eni }),
          );
        }
      }
    }
  });
}

function checkServices(report: Report, services: (ServiceDraft | undefined)[], lbNames: Set<string>): void {
  const nodePorts = new Map<number, { i: number; j: number; protocol: string }>();
  services.forEach((s, i) => {
    if (!s) return;
    const base = `services[${i}]`;
    checkLabels(report, s.selector, 'services', i, 'selector');
    const external = s.type !== 'ClusterIP';
    if (s.externalTrafficPolicy === 'Local' && !external && s.externalIPs.length === 0) {
      report.warn(`${base}.externalTrafficPolicy`, said('p_etpClusterIP'));
    }
    if (s.loadBalancerSourceRanges.length > 0 && s.type !== 'LoadBalancer') {
      report.warn(`${base}.loadBalancerSourceRanges`, said('p_sourceRangesNoLb'));
    }
    if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer')
      report.error(`${base}.allocateLoadBalancerNodePorts`, said('p_allocNodePortsLbOnly'));
    if (s.loadBalancer !== undefined) {
      if (s.type !== 'LoadBalancer') report.error(`${base}.loadBalancer`, said('p_lbNeedsType'));
      else if (!lbNames.has(s.loadBalancer)) {
        const guess = closest(s.loadBalancer, [...lbNames]);
        report.error(`${base}.loadBalancer`, guess ? said('p_noLbGuess', { name: s.loadBalancer, guess }) : said('p_noLbAdd', { name: s.loadBalancer }));
      }
    } else if (s.type === 'LoadBalancer') {
      report.warn(`${base}.loadBalancer`, said('p_lbPending'));
    }
    if (s.ports.length > 1) {
      s.ports.forEach((p, j) => {
        if (p.name === undefined) report.error(`${base}.ports[${j}].name`, said('p_portNeedsName'));
      });
    }
    checkUnique(
      report,
      s.ports,
      (p) => p.name,
      (j) => `${base}.ports[${j}].name`,
      (k, first) => said('p_dupPortName', { name: k, path: `${base}.ports[${first}]` }),
    );
    checkUnique(
      report,
      s.ports,
      (p) => `${p.port}/${p.protocol}`,
      (j) => `${base}.ports[${j}].port`,
      (k, first) => said('p_dupPort', { port: k, path: `${base}.ports[${first}]` }),
    );
    s.ports.forEach((p, j) => {
      const path = `${base}.ports[${j}].nodePort`;
      if (p.nodePort === undefined) return;
      if (!external) {
        report.error(path, said('p_clusterIPNodePort'));
        return;
      }
      if (p.nodePort < NODE_PORT_RANGE.first || p.nodePort > NODE_PORT_RANGE.last) {
        report.error(path, said('p_nodePortRange', { port: p.nodePort, first: NODE_PORT_RANGE.first, last: NODE_PORT_RANGE.last }));
        return;
      }
      const other = nodePorts.get(p.nodePort);
      if (other && !(other.i === i && other.protocol !== p.protocol)) {
        report.error(path, said('p_nodePortTaken', { port: p.nodePort, path: `services[${other.i}].ports[${other.j}]` }));
      } else if (!other) nodePorts.set(p.nodePort, { i, j, protocol: p.protocol });
    });
  });
  // healthCheckNodePort: the API server allows it only on LoadBalancer + externalTrafficPolicy Local,
  // from the nodePort range, and not a port another service (or port) holds.
  services.forEach((s, i) => {
    if (!s || s.healthCheckNodePort === undefined) return;
    const path = `services[${i}].healthCheckNodePort`;
    const hc = s.healthCheckNodePort;
    if (s.type !== 'LoadBalancer' || s.externalTrafficPolicy !== 'Local') report.error(path, said('p_hcNodePortNeedsLocal'));
    else if (hc < NODE_PORT_RANGE.first || hc > NODE_PORT_RANGE.last)
      report.error(path, said('p_nodePortRange', { port: hc, first: NODE_PORT_RANGE.first, last: NODE_PORT_RANGE.last }));
    else {
      const other = nodePorts.get(hc);
      if (other)
        report.error(
          path,
          said('p_nodePortTaken', { port: hc, path: other.j < 0 ? `services[${other.i}].healthCheckNodePort` : `services[${other.i}].ports[${other.j}]` }),
        );
      else nodePorts.set(hc, { i, j: -1, protocol: 'TCP' });
    }
  });
  // Listeners of a load balancer shared by several services must not collide.
  const listeners = new Map<string, string>();
  services.forEach((s, i) => {
    if (!s || s.type !== 'LoadBalancer' || s.loadBalancer === undefined) return;
    s.ports.forEach((p, j) => {
      const k = `${s.loadBalancer}\u0000${p.port}/${p.protocol}`;
      const other = listeners.get(k);
      if (other) report.error(`services[${i}].ports[${j}].port`, said('p_lbListener', { lb: s.loadBalancer ?? '', port: `${p.port}/${p.protocol}`, other }));
      else listeners.set(k, `services[${i}]`);
    });
  });
}

function checkLoadBalancers(
  report: Report,
  lbs: (LoadBalancerDraft | undefined)[],
  services: (ServiceDraft | undefined)[],
  plugin: CniPlugin | undefined,
): void {
  const used = new Set(services.map((s) => s?.loadBalancer));
  lbs.forEach((lb, i) => {
    if (!lb) return;
    if (lb.backend === 'eni' && plugin && plugin !== 'terway') {
      report.error(`loadBalancers[${i}].backend`, said('p_eniBackend', { plugin }));
    }
    if (!used.has(lb.name)) report.warn(`loadBalancers[${i}]`, said('p_lbUnused', { name: lb.name }));
  });
}

function checkLayout(
  report: Report,
  layout: Record<string, { x: number; y: number }>,
  lists: Record<(typeof LAYOUT_KINDS)[number], readonly ({ name: string; namespace?: string } | undefined)[]>,
): void {
  // The refs each element answers to, per kind: a namespaced one by namespace/name, and by its
  // bare name in the default namespace.
  const refs = new Map<string, Set<string>>();
  const refsOf = (kind: (typeof LAYOUT_KINDS)[number]): Set<string> => {
    let set = refs.get(kind);
    if (!set) {
      set = new Set();
      for (const e of lists[kind]) {
        if (!e) continue;
        if (e.namespace === undefined) set.add(e.name);
        else {
          set.add(`${e.namespace}/${e.name}`);
          if (e.namespace === 'default') set.add(e.name);
        }
      }
      refs.set(kind, set);
    }
    return set;
  };
  for (const key of Object.keys(layout)) {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon) as (typeof LAYOUT_KINDS)[number];
    if (colon < 0 || !LAYOUT_KINDS.includes(kind)) continue;
    const ref = key.slice(colon + 1);
    if (!refsOf(kind).has(ref)) report.warn(`layout${formatPath([key])}`, said('p_layoutUnknown', { kind, ref }));
  }
}
