/**
 * Import from a live cluster: the output of
 *   kubectl get nodes,pods,services,endpointslices -A -o yaml      (or -o json)
 * becomes a topology document (a plain object, ready for YAML). A `v1 List`, a bare object,
 * or a multi-document YAML stream of objects or Lists are all accepted.
 *
 * One reader per kind, in kubectl-import/, says which fields it reads and what it leaves out:
 * nodes.ts, pods.ts, endpoint-slices.ts (readiness, and endpoint pods the input lacks),
 * services.ts (and their load balancers), namespaces.ts. What kubectl does not show is inferred:
 * the CNI (cni.ts: annotations, DaemonSet pods, address ranges; else a problem at `cluster.cni`
 * asking for `--cni`), kube-proxy's mode and version (kube-proxy.ts, from its ConfigMap, its
 * pods' flags and the nodes), the pod, service and VPC ranges (cluster-ranges.ts). IPv6
 * addresses (dual-stack pods and services) are dropped with a warning: the document is IPv4.
 *
 * The result is checked with `validateTopology`: either the whole cluster imports as a valid
 * document, or nothing does and every problem is returned. Never throws.
 * This file composes the readers.
 */
import { formatCidr } from './cidr';
import type { CniMode, CniPlugin, KubeProxyMode, ParseResult, Problem } from './topology';
import { validateTopology } from './validate';
import { inferRanges } from './kubectl-import/cluster-ranges';
import { inferCni } from './kubectl-import/cni';
import { ImportContext } from './kubectl-import/context';
import { readEndpointSlices } from './kubectl-import/endpoint-slices';
import { inferKubeProxy, type KubeProxyFlags } from './kubectl-import/kube-proxy';
import { readNamespaces } from './kubectl-import/namespaces';
import { nodeDocuments, readNodes } from './kubectl-import/nodes';
import { groupByKind, ImportError, readObjects, type Source } from './kubectl-import/objects';
import { importPart, importSaid } from './kubectl-import/import-text';
import { readPod, resolvePods } from './kubectl-import/pods';
import { readServices } from './kubectl-import/services';

export { parseCniOption } from './kubectl-import/cni';

/** kube-proxy's --cluster-cidr is kept only where it says more than cluster.podCIDR. */
function withoutEcho(flags: KubeProxyFlags, podCIDR: string | undefined): KubeProxyFlags {
  if (flags.clusterCIDR === undefined || flags.clusterCIDR !== podCIDR) return flags;
  const { clusterCIDR: _same, ...rest } = flags;
  return rest;
}

export interface KubectlImportOptions {
  /** "flannel", "flannel:vxlan", "calico:ipip", "terway:ipvlan-ebpf": overrides what is inferred. */
  cni?: string;
  /** The document's metadata.name (default "imported"). */
  name?: string;
  /**
   * The document's metadata.title, `{nodes}`, `{pods}` and `{services}` in it replaced by how many the document holds
   * (the import dialog words it in the reader's language); by default "Imported from kubectl (3 nodes, 12 pods, …)".
   */
  title?: string;
}

export interface KubectlImportInferred {
  cni: { plugin: CniPlugin; mode: CniMode; from: string };
  kubeProxy: { mode: KubeProxyMode; version?: string; from: string };
  podCIDR?: string;
  serviceCIDR: string;
  vpcCIDR: string;
  vswitches?: string[];
  counts: { nodes: number; pods: number; services: number; loadBalancers: number; skipped: number };
}

export type KubectlImportResult =
  { ok: true; document: Record<string, unknown>; warnings: Problem[]; inferred: KubectlImportInferred } | { ok: false; problems: Problem[] };

/** The Kubernetes object each element of the document came from ("pod default/web-1"), by its list and index. */
export interface KubectlOrigins {
  nodes: string[];
  pods: string[];
  services: string[];
}

/** The kubectl output made into a document, not yet validated: `withValidation` finishes the import. */
export type KubectlConversion =
  | { ok: true; document: Record<string, unknown>; warnings: Problem[]; inferred: KubectlImportInferred; origins: KubectlOrigins }
  | { ok: false; problems: Problem[] };

/**
 * Imports `kubectl get nodes,pods,services,endpointslices -A -o yaml|json` output.
 * @example importKubectl(readFileSync('cluster.yaml', 'utf8'), { cni: 'flannel:vxlan' })
 */
export function importKubectl(text: string, options: KubectlImportOptions = {}): KubectlImportResult {
  return guarded(() => {
    const read = readKubectl(text);
    if (!read.ok) return read;
    const made = convert(read.sources, options);
    // the validator fills defaults into what it is given: hand it a copy so `document` stays as imported
    return made.ok ? withValidation(made, validateTopology(JSON.parse(JSON.stringify(made.document)) as unknown)) : made;
  });
}

/** The kubectl output read into its Kubernetes objects (the parse: most of an import's time), or why it cannot be. */
export type KubectlRead = { ok: true; sources: Source[] } | { ok: false; problems: Problem[] };

/** `text` read into its objects, for `convertKubectl`: the import dialog has a picked file read before Import is pressed. */
export function readKubectl(text: string): KubectlRead {
  return guarded(() => {
    const problems: Problem[] = [];
    const sources = readObjects(text, problems);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, sources };
  });
}

/**
 * The first half of `importKubectl`: the document made from the kubectl output (its text, or its objects as
 * `readKubectl` read them), before it is validated. The simulator validates it as it loads it (one validation, not
 * two); `withValidation` gives the import's answer.
 */
export function convertKubectl(input: string | KubectlRead, options: KubectlImportOptions = {}): KubectlConversion {
  const read = typeof input === 'string' ? readKubectl(input) : input;
  return read.ok ? guarded(() => convert(read.sources, options)) : read;
}

/**
 * The import's answer from the validation of its document: refused with each problem naming the Kubernetes object
 * it came from, or accepted with the validator's warnings after the importer's own.
 */
export function withValidation(made: Extract<KubectlConversion, { ok: true }>, checked: ParseResult): KubectlImportResult {
  if (!checked.ok) return { ok: false, problems: fromObjects(checked.problems, made.origins) };
  const { origins: _origins, ...result } = made;
  return { ...result, warnings: [...made.warnings, ...checked.warnings] };
}

/** Each problem at `nodes[i]`, `pods[i]` or `services[i]` with the Kubernetes object it came from. */
export function fromObjects(problems: Problem[], origins: KubectlOrigins): Problem[] {
  return problems.map((p) => {
    const m = /^(nodes|pods|services)\[(\d+)\]/.exec(p.path);
    const from = m ? origins[m[1] as keyof KubectlOrigins][Number(m[2])] : undefined;
    return from ? { ...p, message: `${p.message} (from ${from})`, from } : p;
  });
}

/** `run`'s answer, or the failure that escaped it as a problem (the importer never throws). */
function guarded<T>(run: () => T): T | { ok: false; problems: Problem[] } {
  try {
    return run();
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, problems: [e.problem] };
    return {
      ok: false,
      problems: [importSaid('', 'k_importerFailed', { error: e instanceof Error ? e.message : String(e) })],
    };
  }
}

function convert(sources: readonly Source[], options: KubectlImportOptions): KubectlConversion {
  const ctx = new ImportContext();
  const { problems, warnings } = ctx;
  const byKind = groupByKind(sources, warnings);
  const ofKind = (kind: string) => byKind.get(kind) ?? [];
  if (ofKind('Node').length === 0) {
    return {
      ok: false,
      problems: [
        importSaid('', 'k_noNodes', {
          holds: sources.length === 0 ? importPart('k_itHoldsNothing') : importPart('k_itHolds', { kinds: [...byKind.keys()].join(', ') }),
        }),
      ],
    };
  }

  // The objects, kind by kind (later kinds refer to earlier ones).
  const nodes = readNodes(ctx, ofKind('Node'));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const pods = resolvePods(ctx, ofKind('Pod').map(readPod), nodeByName);
  const slicesBySvc = readEndpointSlices(ctx, ofKind('EndpointSlice'));
  const { services, serviceFrom, lbByIp, allClusterIPs, madePods } = readServices(ctx, ofKind('Service'), pods, nodeByName, slicesBySvc);
  const allPods = [...pods, ...madePods.values()];
  const namespaces = readNamespaces(ctx, ofKind('Namespace'));
  if (problems.length > 0) return { ok: false, problems };

  // What kubectl does not show: the CNI, kube-proxy, the ranges.
  const cni = inferCni(options.cni, nodes, ofKind('Pod'), allPods, warnings);
  if ('problem' in cni) return { ok: false, problems: [cni.problem] };
  const kubeProxy = inferKubeProxy(ofKind('ConfigMap'), ofKind('Pod'), nodes, cni, warnings);
  const { nodeDocs, blocks } = nodeDocuments(ctx, nodes, allPods, cni);
  const ranges = inferRanges(ctx, cni, nodes, blocks, allPods, allClusterIPs, ofKind('ConfigMap'));
  if ('problem' in ranges) return { ok: false, problems: [ranges.problem] };
  const { podCIDR, vpc, serviceCIDR, vswitches } = ranges;

  // -- warnings about what was left out ------------------------------------------------------
  for (const { why, what } of ctx.skippedWhy.values()) {
    const shown = what.slice(0, 5).join(', ');
    warnings.push(importSaid('', 'k_leftOut', { why, what: what.length > 5 ? importPart('k_andMore', { shown, count: what.length }) : shown }));
  }
  if (ctx.dualStack > 0) warnings.push(ctx.dualStack > 1 ? importSaid('', 'k_dualStack', { count: ctx.dualStack }) : importSaid('', 'k_dualStackOne'));

  // -- the document ----------------------------------------------------------------------------
  const cluster: Record<string, unknown> = {
    cni: { plugin: cni.plugin, mode: cni.mode },
    kubeProxy: {
      mode: kubeProxy.mode,
      ...(kubeProxy.version ? { version: kubeProxy.version } : {}),
      ...withoutEcho(kubeProxy.flags, podCIDR ? formatCidr(podCIDR) : undefined),
    },
    ...(podCIDR ? { podCIDR: formatCidr(podCIDR) } : {}),
    serviceCIDR: formatCidr(serviceCIDR),
    vpc: { cidr: formatCidr(vpc), ...(vswitches ? { vswitches: vswitches.map((c, i) => ({ name: `vsw-imported-${i + 1}`, cidr: c })) } : {}) },
  };
  const loadBalancers = [...new Set(lbByIp.values())].map((lb) => ({
    name: lb.name,
    ip: lb.ip,
    ...(lb.secondaryIPs ? { secondaryIPs: lb.secondaryIPs } : {}),
    backend: 'nodeport',
  }));
  const podDocs = allPods.map((p) => p.doc);
  const name = options.name && /^[a-z0-9-]+$/.test(options.name) ? options.name : 'imported';
  const document: Record<string, unknown> = {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: {
      name,
      title: titled(options.title, { nodes: nodeDocs.length, pods: podDocs.length, services: services.length }),
    },
    cluster,
    nodes: nodeDocs,
    pods: podDocs,
    services,
    ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
    ...(namespaces.length > 0 ? { namespaces } : {}),
  };

  return {
    ok: true,
    document,
    warnings,
    origins: { nodes: nodes.map((n) => n.from), pods: allPods.map((p) => p.from), services: serviceFrom },
    inferred: {
      cni,
      kubeProxy,
      ...(podCIDR ? { podCIDR: formatCidr(podCIDR) } : {}),
      serviceCIDR: formatCidr(serviceCIDR),
      vpcCIDR: formatCidr(vpc),
      ...(vswitches ? { vswitches } : {}),
      counts: { nodes: nodeDocs.length, pods: podDocs.length, services: services.length, loadBalancers: loadBalancers.length, skipped: ctx.skipped },
    },
  };
}

/** The document's title: `template`'s {nodes}, {pods} and {services} filled in, or the English one. */
function titled(template: string | undefined, counts: { nodes: number; pods: number; services: number }): string {
  if (template !== undefined) return template.replace(/\{(nodes|pods|services)\}/g, (_, k: keyof typeof counts) => String(counts[k]));
  return `Imported from kubectl (${plural(counts.nodes, 'node')}, ${plural(counts.pods, 'pod')}, ${plural(counts.services, 'service')})`;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}
