/**
 * Parse and validate a topology document (format v1, docs/topology-format.md).
 *
 * Validation runs in passes so that one mistake does not hide the others:
 * 1. shape (shape-check.ts against schema.ts): every section and every list element is checked
 *    on its own, so a bad pod does not stop the nodes from being checked;
 * 2. meaning (cross-checks.ts): names, references, mode combinations and ranges, over the
 *    elements that passed (1);
 * 3. addresses (assign-addresses.ts): every stated address is claimed and checked, then IPAM
 *    (ipam.ts) fills what the document left out.
 * Every problem carries a path and says what to change (problem-text.ts). Nothing here throws.
 */
import { assignAddresses } from './assign-addresses';
import { crossCheck } from './cross-checks';
import { defaultPodMtu } from './defaults';
import { internalError, Report } from './report';
import type { PodDraft } from './schema';
import { readShape, wantsCompiler, type Drafts } from './shape-check';
import { API_VERSION, type CniMode, type ParseResult, type Topology } from './topology';

/** Validates an already-parsed value (e.g. from JSON.parse or a URL), fills defaults and runs IPAM. */
export function validateTopology(raw: unknown): ParseResult {
  try {
    return validate(raw);
  } catch (e) {
    return internalError(e);
  }
}

let compilerLoad: Promise<void> | undefined;
/**
 * {@link validateTopology}, once zod's compiler is installed when `raw` has a list long enough to be parsed with it
 * (shape-check.ts wantsCompiler: 2,000 elements). The compiler (schema-compiler.ts) is a chunk of its own, 7.5 KB
 * gzip, so a small document does not download it; it is imported from here so that its chunk reuses this one's code.
 * Should it fail to load, the long lists take the plain path (the same result, slower). Synchronous otherwise.
 */
export function validateLoadingCompiler(raw: unknown): ParseResult | Promise<ParseResult> {
  if (!wantsCompiler(raw)) return validateTopology(raw);
  compilerLoad ??= import('./schema-compiler').then(
    (m) => m.installSchemaCompiler(),
    () => {},
  );
  return compilerLoad.then(() => validateTopology(raw));
}

function validate(input: unknown): ParseResult {
  const report = new Report();
  const drafts = readShape(report, input);
  if ('ok' in drafts) return drafts;
  crossCheck(report, drafts);
  assignAddresses(report, drafts);
  if (report.problems.length > 0) return { ok: false, problems: report.problems };
  return finish(report, drafts);
}

/** The validated document: every draft narrowed to its element type, with the defaults only known once the whole is. */
function finish(report: Report, { metadata, cluster, routers, nodes, pods, services, loadBalancers, externals, layout, extras }: Drafts): ParseResult {
  // With no problems reported every element parsed and IPAM filled every address; the
  // checks below only narrow the types (and guard against a validator bug).
  const all = <T>(list: (T | undefined)[]): T[] | undefined => (list.every((x) => x !== undefined) ? (list as T[]) : undefined);
  const cni = cluster.cni;
  const plugin = cni?.plugin;
  const r = all(routers);
  const n = all(nodes);
  const p = all(pods);
  const s = all(services);
  const l = all(loadBalancers);
  const e = all(externals);
  if (!metadata || !cni || !plugin || !cluster.kubeProxy || !cluster.serviceCIDR || !cluster.vpc || !r || !n || !p || !s || !l || !e) {
    return internalError(new Error('incomplete document passed validation'));
  }
  const mode = cni.mode as CniMode;
  const missing: string[] = [];
  // IPAM filled each pod's draft in place, and the drafts are the validator's own objects (zod
  // built them), so a pod is narrowed where it lies: a copy of each of 30,000 pods was garbage the
  // collector copied while the validation ran.
  p.forEach((pod, i) => pod.ip ?? missing.push(`pods[${i}].ip`));
  const addressedPods = p as (PodDraft & { ip: string })[];
  const topology: Topology = {
    apiVersion: API_VERSION,
    kind: 'Topology',
    metadata,
    cluster: {
      cni: {
        plugin,
        mode,
        ...(cni.version !== undefined ? { version: cni.version } : {}),
        mtu: cni.mtu ?? defaultPodMtu(plugin, mode),
        ipMasq: cni.ipMasq,
        ...(plugin === 'calico' && mode === 'bgp' ? { bgp: cni.bgp ?? { peering: 'mesh' } } : {}),
      },
      kubeProxy: cluster.kubeProxy,
      ...(cluster.podCIDR !== undefined ? { podCIDR: cluster.podCIDR } : {}),
      serviceCIDR: cluster.serviceCIDR,
      vpc: cluster.vpc,
    },
    routers: r,
    nodes: n.map((node, i) => ({
      ...node,
      enis: node.enis.map((eni, j) => ({ name: eni.name, mac: eni.mac ?? (missing.push(`nodes[${i}].enis[${j}].mac`), ''), maxIPs: eni.maxIPs })),
    })),
    pods: addressedPods,
    services: s.map((svc, i) => ({
      ...svc,
      clusterIP: svc.clusterIP ?? (missing.push(`services[${i}].clusterIP`), ''),
      ports: svc.ports.map((port) => ({ ...port, targetPort: port.targetPort ?? port.port })),
    })),
    loadBalancers: l.map((lb, i) => ({ ...lb, ip: lb.ip ?? (missing.push(`loadBalancers[${i}].ip`), '') })),
    externals: e,
    namespaces: extras.namespaces.filter((x) => !!x),
    networkPolicies: extras.networkPolicies
      .filter((x) => !!x)
      .map((np) => ({
        name: np.name,
        namespace: np.namespace,
        podSelector: np.podSelector,
        // Kubernetes: Ingress always, Egress when egress rules are given (unless policyTypes says).
        policyTypes: np.policyTypes ?? (np.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress']),
        ingress: np.ingress.map((r) => ({ peers: r.from, ports: r.ports })),
        egress: np.egress.map((r) => ({ peers: r.to, ports: r.ports })),
      })),
    ingresses: extras.ingresses.filter((x) => !!x),
    ingressClasses: extras.ingressClasses.filter((x) => !!x),
    ...(layout !== undefined ? { layout } : {}),
  };
  if (missing.length > 0) return internalError(new Error(`IPAM left ${missing.join(', ')} unassigned`));
  return { ok: true, topology, warnings: report.warnings };
}
