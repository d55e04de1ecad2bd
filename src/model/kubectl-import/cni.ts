/**
 * Which CNI plugin and mode the cluster runs, from `--cni` or from the evidence in the input:
 * flannel's node annotations and DaemonSet pods, Calico's annotations and calico-node pods,
 * Terway's pods and annotations, and last pods that take addresses of the nodes' network (Terway).
 */
import { cidrContains } from '../cidr';
import { CNI_MODES, type CniMode, type CniPlugin, type Problem } from '../topology';
import { annotationsOf, type Source } from './objects';
import { importSaid } from './import-text';
import type { ImportedPod } from './pods';
import { covering, ipRange, widen } from './ranges';

/** Parses `--cni` text: "flannel", "calico:ipip". Says why when it is not one (`error.message`, English). */
export function parseCniOption(text: string): { plugin: CniPlugin; mode?: CniMode } | { error: Problem } {
  const [plugin, mode, extra] = text.trim().split(':');
  const plugins = Object.keys(CNI_MODES) as CniPlugin[];
  if (!plugins.includes(plugin as CniPlugin) || extra !== undefined) {
    return { error: importSaid('', 'k_cniOption', { plugins: plugins.join(', '), got: text }) };
  }
  const modes = CNI_MODES[plugin as CniPlugin];
  if (mode === undefined || mode === '') return { plugin: plugin as CniPlugin };
  if (!modes.includes(mode as CniMode)) return { error: importSaid('', 'k_cniModeOption', { plugin: plugin!, modes: modes.join(', '), got: mode }) };
  return { plugin: plugin as CniPlugin, mode: mode as CniMode };
}

/** The CNI, and what said so. */
export type CniGuess = { plugin: CniPlugin; mode: CniMode; from: string };

export function inferCni(
  /** `--cni`, when given: PLUGIN[:MODE]. */
  cniOption: string | undefined,
  nodes: { name: string; ip: string; annotations: Record<string, unknown> }[],
  podsIn: Source[],
  pods: readonly ImportedPod[],
  warnings: Problem[],
): CniGuess | { problem: Problem } {
  const podNames = podsIn.filter((s) => s.namespace === 'kube-system' || s.namespace.includes('flannel') || s.namespace.includes('calico')).map((s) => s.name);
  const anyPodNamed = (re: RegExp): string | undefined => podNames.find((n) => re.test(n));
  const nodeAnn = (key: string): string | undefined => nodes.map((n) => n.annotations[key]).find((v): v is string => typeof v === 'string');

  // the evidence, plugin by plugin (what reads every pod is read only when the plugins before it had none: at 1,000
  // nodes each such read was 20-40 ms of the import)
  const flannelBackend = nodeAnn('flannel.alpha.coreos.com/backend-type');
  const flannelPod = anyPodNamed(/^kube-flannel(-ds)?-/);
  const podAnnotated = (prefix: string) => podsIn.find((s) => hasKeyFrom(annotationsOf(s.obj), prefix));
  const calicoPod = anyPodNamed(/^calico-node-/);
  const calicoNode = () => nodes.find((n) => hasKeyFrom(n.annotations, 'projectcalico.org/'));
  const terwayPod = anyPodNamed(/^terway(-eniip|-eni)?-/);
  const inSubnet = () => {
    const vpcRange = covering(
      nodes.map((n) => ipRange(n.ip)),
      24,
    );
    if (vpcRange === undefined) return false;
    const around = widen(vpcRange, 16);
    const podsInNodeSubnet = pods.filter((p) => !p.hostNetwork && p.ip !== undefined);
    return podsInNodeSubnet.length > 0 && podsInNodeSubnet.every((p) => cidrContains(around, p.ip!));
  };

  const flannelMode = (): { mode: CniMode; why: string } | { problem: Problem } => {
    if (flannelBackend === undefined) {
      warnings.push(importSaid('', 'k_flannelBackendAssumed'));
      return { mode: 'vxlan', why: 'default backend' };
    }
    const map: Record<string, CniMode> = {
      vxlan: 'vxlan',
      'host-gw': 'host-gw',
      'ali-vpc': 'vpc-route',
      alloc: 'vpc-route',
      'aws-vpc': 'vpc-route',
      gce: 'vpc-route',
    };
    const mode = map[flannelBackend];
    if (!mode)
      return {
        problem: importSaid('cluster.cni', 'k_flannelBackend', { backend: flannelBackend }),
      };
    return { mode, why: `node annotation flannel.alpha.coreos.com/backend-type: ${flannelBackend}` };
  };

  if (cniOption !== undefined) {
    const parsed = parseCniOption(cniOption);
    if ('error' in parsed) return { problem: { ...parsed.error, path: 'cluster.cni' } };
    if (parsed.mode) return { plugin: parsed.plugin, mode: parsed.mode, from: '--cni' };
    if (parsed.plugin === 'flannel') {
      const m = flannelMode();
      return 'problem' in m ? m : { plugin: 'flannel', mode: m.mode, from: `--cni flannel; mode from ${m.why}` };
    }
    if (parsed.plugin === 'calico') return { plugin: 'calico', mode: calicoMode(nodes), from: '--cni calico; mode from node annotations' };
    return { plugin: 'terway', mode: terwayMode(podNames), from: '--cni terway; mode from its DaemonSet pods' };
  }

  if (flannelBackend !== undefined || flannelPod !== undefined) {
    if (calicoPod !== undefined) warnings.push(importSaid('', 'k_canal'));
    const m = flannelMode();
    if ('problem' in m) return m;
    return { plugin: 'flannel', mode: m.mode, from: flannelBackend !== undefined ? m.why : `pod ${flannelPod}; ${m.why}` };
  }
  const terwayAnn = terwayPod === undefined ? podAnnotated('k8s.aliyun.com/') : undefined;
  if (terwayPod !== undefined || terwayAnn !== undefined) {
    const mode = terwayMode(podNames);
    return {
      plugin: 'terway',
      mode,
      from: terwayPod !== undefined ? `pod kube-system/${terwayPod}` : `annotation k8s.aliyun.com/… on pod ${terwayAnn!.namespace}/${terwayAnn!.name}`,
    };
  }
  const calicoAnn = podAnnotated('cni.projectcalico.org/');
  const calicoNodeAnn = calicoAnn === undefined && calicoPod === undefined ? calicoNode() : undefined;
  if (calicoAnn !== undefined || calicoPod !== undefined || calicoNodeAnn !== undefined) {
    const mode = calicoMode(nodes);
    const from = calicoAnn
      ? `annotation cni.projectcalico.org/… on pod ${calicoAnn.namespace}/${calicoAnn.name}`
      : calicoPod
        ? `pod kube-system/${calicoPod}`
        : `projectcalico.org annotations on node ${calicoNodeAnn!.name}`;
    if (mode === 'bgp') warnings.push(importSaid('', 'k_calicoBgp'));
    return { plugin: 'calico', mode, from };
  }
  if (inSubnet()) {
    warnings.push(importSaid('', 'k_terwayAssumed'));
    return { plugin: 'terway', mode: 'eniip', from: 'pod IPs in the node network' };
  }
  return {
    problem: importSaid('cluster.cni', 'k_cniUnknown'),
  };
}

/** Whether `o` has a key starting with `prefix` (without listing its keys). */
function hasKeyFrom(o: Record<string, unknown>, prefix: string): boolean {
  for (const k in o) if (k.startsWith(prefix)) return true;
  return false;
}

function calicoMode(nodes: { annotations: Record<string, unknown> }[]): CniMode {
  if (nodes.some((n) => n.annotations['projectcalico.org/IPv4VXLANTunnelAddr'] !== undefined)) return 'vxlan';
  if (nodes.some((n) => n.annotations['projectcalico.org/IPv4IPIPTunnelAddr'] !== undefined)) return 'ipip';
  return 'bgp';
}

function terwayMode(podNames: readonly string[]): CniMode {
  if (podNames.some((n) => /^terway-eniip-/.test(n))) return 'eniip';
  if (podNames.some((n) => /^terway-eni-/.test(n))) return 'eni-exclusive';
  return 'eniip';
}
