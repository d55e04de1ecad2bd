/**
 * Services: type, `clusterIP(s)` (the IPv4 one), `externalIPs`, selector, ports (a named
 * `targetPort` is resolved through the selected pods' container port names, then through the
 * EndpointSlices' ports), both traffic policies, session affinity, `healthCheckNodePort`,
 * `allocateLoadBalancerNodePorts`, `loadBalancerSourceRanges`; `status.loadBalancer.ingress[].ip`
 * becomes a load balancer (backend `nodeport`, one per address, shared by services that share it)
 * named by `service.loadBalancer`. Headless, ExternalName and selector-less services (such as
 * `default/kubernetes`) are left out: the document's services select pods.
 */
import { formatCidr, parseCidr } from '../cidr';
import type { ImportContext } from './context';
import { podsByName, podsFromSlice, type ServiceSlices } from './endpoint-slices';
import type { ImportedNode } from './nodes';
import { arr, isIPv4, isIPv6, isObj, join, obj, str, type Source } from './objects';
import { namedPort, type ImportedPod } from './pods';

export interface ImportedServices {
  /** The services as the document will hold them. */
  services: Record<string, unknown>[];
  /** For each service, the object it came from, to name in a problem. */
  serviceFrom: string[];
  /** Each load balancer under every one of its addresses. */
  lbByIp: Map<string, { name: string; ip: string; secondaryIPs?: string[] }>;
  /** Every IPv4 cluster IP of the input, of services left out too (they bound the service range). */
  allClusterIPs: string[];
  /** Endpoint pods the input does not hold, made from EndpointSlices, by namespace/name. */
  madePods: Map<string, ImportedPod>;
}

export function readServices(
  ctx: ImportContext,
  servicesIn: readonly Source[],
  pods: readonly ImportedPod[],
  nodeByName: ReadonlyMap<string, ImportedNode>,
  slicesBySvc: ReadonlyMap<string, ServiceSlices>,
): ImportedServices {
  const podByName = podsByName(pods);
  let podsWithLabel: PodsByLabel | null = null;
  const services: Record<string, unknown>[] = [];
  const serviceFrom: string[] = [];
  const lbByIp: ImportedServices['lbByIp'] = new Map();
  const lbNames = new Set<string>();
  const allClusterIPs: string[] = [];
  const madePods = new Map<string, ImportedPod>();
  for (const s of servicesIn) {
    const spec = obj(s.obj.spec);
    const ref = `${s.namespace}/${s.name}`;
    const type = str(spec.type) ?? 'ClusterIP';
    const clusterIPs = [spec.clusterIP, ...arr(spec.clusterIPs)].filter((x): x is string => typeof x === 'string');
    const clusterIP = clusterIPs.find(isIPv4);
    if (clusterIP !== undefined) allClusterIPs.push(clusterIP);
    if (type === 'ExternalName') {
      ctx.skip('k_skipExternalName', ref);
      continue;
    }
    if (clusterIPs.includes('None')) {
      ctx.skip('k_skipHeadless', ref);
      continue;
    }
    if (clusterIP === undefined) {
      ctx.skip(clusterIPs.length > 0 ? 'k_skipIPv6Service' : 'k_skipNoClusterIP', ref);
      continue;
    }
    if (clusterIPs.some(isIPv6) || arr(spec.ipFamilies).includes('IPv6')) ctx.dualStack++;
    if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type)) {
      ctx.problem(join(s.at, 'spec.type'), 'k_serviceType', { type });
      continue;
    }
    const selectorRaw = spec.selector;
    if (!isObj(selectorRaw) || Object.keys(selectorRaw).length === 0) {
      ctx.skip('k_skipNoSelector', ref);
      continue;
    }
    const selector: Record<string, string> = {};
    for (const [k, v] of Object.entries(selectorRaw)) selector[k] = typeof v === 'string' ? v : String(v);
    const selects = (labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
    const slice = slicesBySvc.get(ref);

    podsFromSlice(ctx, s, ref, selector, slice, podByName, nodeByName, madePods);

    // Only a named targetPort needs the selected pods: found through one of the selector's labels, not by scanning every
    // pod, and once for the service, not for each of its ports.
    const [firstKey, firstValue] = Object.entries(selector)[0]!;
    let selectedPods: ImportedPod[] | undefined;
    const selected = () =>
      (selectedPods ??= [...((podsWithLabel ??= podsByLabel(pods)).get(s.namespace)?.get(firstKey)?.get(firstValue) ?? []), ...madePods.values()].filter(
        (p) => p.namespace === s.namespace && selects(p.labels),
      ));
    const ports: Record<string, unknown>[] = [];
    arr(spec.ports).forEach((raw, i) => {
      const p = obj(raw);
      const at = join(s.at, `spec.ports[${i}]`);
      if (typeof p.port !== 'number') {
        ctx.problem(`${at}.port`, 'k_servicePort', { got: String(JSON.stringify(p.port)) });
        return;
      }
      const out: Record<string, unknown> = {};
      if (typeof p.name === 'string' && p.name !== '') out.name = p.name;
      out.port = p.port;
      let target: number | undefined;
      if (typeof p.targetPort === 'number') target = p.targetPort;
      else if (typeof p.targetPort === 'string' && /^\d+$/.test(p.targetPort)) target = Number(p.targetPort);
      else if (typeof p.targetPort === 'string') {
        const named = p.targetPort;
        const found = [
          ...new Set(
            selected()
              .map((x) => namedPort(x, named))
              .filter((x): x is number => x !== undefined),
          ),
        ];
        if (found.length > 1) ctx.warn(`${at}.targetPort`, 'k_namedPortTwice', { name: named, ports: found.join(' or '), service: ref, port: found[0]! });
        target = found[0] ?? slice?.ports.find((sp) => sp.name === (out.name ?? '') || (sp.name === undefined && out.name === undefined))?.port;
        if (target === undefined) {
          ctx.warn(`${at}.targetPort`, 'k_namedPortMissing', { service: ref, name: named, port: p.port });
          target = p.port;
        }
      } else target = p.port;
      out.targetPort = target;
      if (typeof p.nodePort === 'number' && type !== 'ClusterIP') out.nodePort = p.nodePort;
      out.protocol = str(p.protocol) ?? 'TCP';
      ports.push(out);
    });
    if (ports.length === 0) {
      if (arr(spec.ports).length === 0) ctx.skip('k_skipNoPorts', ref);
      continue;
    }
    const svc: Record<string, unknown> = { name: s.name, namespace: s.namespace, type, clusterIP };
    const externalIPs = arr(spec.externalIPs).filter(isIPv4);
    if (externalIPs.length > 0) svc.externalIPs = externalIPs;
    svc.selector = selector;
    svc.ports = ports;
    if (type !== 'ClusterIP' || externalIPs.length > 0) {
      if (spec.externalTrafficPolicy === 'Local' || spec.externalTrafficPolicy === 'Cluster') svc.externalTrafficPolicy = spec.externalTrafficPolicy;
    }
    if (spec.internalTrafficPolicy === 'Local') svc.internalTrafficPolicy = 'Local';
    if (spec.sessionAffinity === 'ClientIP') svc.sessionAffinity = 'ClientIP';
    const hc = spec.healthCheckNodePort;
    if (type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local' && typeof hc === 'number' && Number.isInteger(hc) && hc >= 30000 && hc <= 32767)
      svc.healthCheckNodePort = hc;
    // false: Kubernetes allocates no nodePorts (the load balancer reaches pods directly); explicit ones stay.
    if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false) svc.allocateLoadBalancerNodePorts = false;
    const ranges = arr(spec.loadBalancerSourceRanges).filter((r): r is string => typeof r === 'string' && !r.includes(':'));
    if (ranges.length > 0 && type === 'LoadBalancer') svc.loadBalancerSourceRanges = ranges.map((r) => (parseCidr(r) ? formatCidr(parseCidr(r)!) : r));
    if (type === 'LoadBalancer') {
      const ingress = arr(obj(obj(s.obj.status).loadBalancer).ingress).filter(isObj);
      const ips = ingress.map((x) => x.ip).filter(isIPv4);
      if (ips.length === 0 && ingress.some((x) => typeof x.hostname === 'string')) {
        ctx.warn('', 'k_lbHostname', { service: ref, hostname: String(ingress.find((x) => typeof x.hostname === 'string')!.hostname) });
      }
      const lbIp = ips[0];
      if (lbIp !== undefined) {
        let lb = lbByIp.get(lbIp);
        if (!lb) {
          // Every ingress IP is an address of one load balancer (kube-proxy writes rules for each).
          const more = [...new Set(ips.slice(1))].filter((ip) => ip !== lbIp && !lbByIp.has(ip));
          lb = {
            name: lbName(s.name, s.namespace, lbNames),
            ip: lbIp,
            ...(more.length > 0 ? { secondaryIPs: more } : {}),
          };
          lbByIp.set(lbIp, lb);
          lbNames.add(lb.name);
          for (const ip of more) lbByIp.set(ip, lb);
        }
        svc.loadBalancer = lb.name;
      }
    }
    services.push(svc);
    serviceFrom.push(`${s.at} (Service ${ref})`);
  }
  return { services, serviceFrom, lbByIp, allClusterIPs, madePods };
}

function lbName(svc: string, ns: string, taken: Set<string>): string {
  const base = `lb-${svc}${ns === 'default' ? '' : `-${ns}`}`.slice(0, 240).replace(/-+$/, '');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/** Pods by namespace, label key and value. */
type PodsByLabel = Map<string, Map<string, Map<string, ImportedPod[]>>>;

/**
 * The input's pods under each namespace and label they carry, in input order. Made when a named targetPort first asks
 * (nested maps: a key joined from the three was a string made for each of 30,000 pods' labels).
 */
function podsByLabel(pods: readonly ImportedPod[]): PodsByLabel {
  const index: PodsByLabel = new Map();
  for (const p of pods) {
    let keys = index.get(p.namespace);
    if (!keys) index.set(p.namespace, (keys = new Map()));
    for (const k in p.labels) {
      let values = keys.get(k);
      if (!values) keys.set(k, (values = new Map()));
      const v = p.labels[k]!;
      const list = values.get(v);
      if (list) list.push(p);
      else values.set(v, [p]);
    }
  }
  return index;
}
