/**
 * kube-proxy's mode and version: the mode from its ConfigMap (`kube-system/kube-proxy`) or
 * `--proxy-mode` in its pods, else iptables (its default) with a warning; the version from the
 * nodes' `kubeProxyVersion` (the oldest when they differ).
 */
import type { DetectLocalMode, KubeProxy, KubeProxyMode, Problem } from '../topology';
import { DETECT_LOCAL_MODES } from '../defaults';
import { readYaml } from '../yaml-read';
import type { CniGuess } from './cni';
import { arr, isObj, obj, type Source } from './objects';
import { importSaid } from './import-text';

export function inferKubeProxy(
  configMaps: Source[],
  podsIn: Source[],
  nodes: { kubeProxyVersion?: string }[],
  cni: CniGuess,
  warnings: Problem[],
): { mode: KubeProxyMode; version?: string; from: string; flags: KubeProxyFlags } {
  const found = inferMode(configMaps, podsIn, nodes, cni, warnings);
  return { ...found, flags: inferFlags(configMaps, podsIn) };
}

/** The flags the document keeps beside the mode (absent: kube-proxy's defaults). */
export type KubeProxyFlags = Pick<KubeProxy, 'detectLocalMode' | 'clusterCIDR' | 'detectLocal' | 'nodePortAddresses' | 'localhostNodePorts'>;

/** The command-line flags read from kube-proxy's pods (made once: a RegExp made for each word of 1,000 pods' commands was most of this reader). */
const FLAG = {
  proxyMode: /--proxy-mode[= ](\w+)/,
  detectLocalMode: /--detect-local-mode[= ](\S+)/,
  clusterCIDR: /--cluster-cidr[= ](\S+)/,
  nodePortAddresses: /--nodeport-addresses[= ](\S+)/,
  localhostNodePorts: /--iptables-localhost-nodeports[= ](\S+)/,
};

/** kube-proxy's ConfigMap (`kube-system/kube-proxy…`), when the input holds it. */
const kubeProxyConfigMap = (configMaps: Source[]) => configMaps.find((s) => s.namespace === 'kube-system' && s.name.startsWith('kube-proxy'));

/** Each container of kube-proxy's pods (a DaemonSet's pods are named after it), with a flag's value on its command line. */
function* kubeProxyContainers(podsIn: Source[]): Iterable<{ pod: Source; flag: (re: RegExp) => string | undefined }> {
  for (const pod of podsIn) {
    if (!pod.name.startsWith('kube-proxy')) continue;
    for (const c of arr(obj(pod.obj.spec).containers).filter(isObj)) {
      const words = [...arr(c.command), ...arr(c.args)].filter((x): x is string => typeof x === 'string');
      yield { pod, flag: (re) => words.map((w) => re.exec(w)?.[1]).find((x) => x !== undefined) };
    }
  }
}

const isLocalMode = (v: unknown): v is DetectLocalMode => (DETECT_LOCAL_MODES as readonly unknown[]).includes(v);

/**
 * detectLocalMode, clusterCIDR, detectLocal, nodePortAddresses and iptables.localhostNodePorts from
 * the KubeProxyConfiguration in the kube-proxy ConfigMap, else the same flags on its pods' command
 * line (--detect-local-mode, --cluster-cidr, --nodeport-addresses, --iptables-localhost-nodeports).
 */
function inferFlags(configMaps: Source[], podsIn: Source[]): KubeProxyFlags {
  const out: KubeProxyFlags = {};
  const cm = kubeProxyConfigMap(configMaps);
  for (const v of Object.values(cm ? obj(cm.obj.data) : {})) {
    if (typeof v !== 'string' || !/KubeProxyConfiguration/.test(v)) continue;
    const read = readYaml(v);
    const conf = read.ok && read.documents[0]?.ok ? obj(read.documents[0].value) : {};
    if (isLocalMode(conf.detectLocalMode)) out.detectLocalMode = conf.detectLocalMode;
    if (typeof conf.clusterCIDR === 'string') out.clusterCIDR = conf.clusterCIDR.split(',')[0]!.trim();
    const dl = obj(conf.detectLocal);
    const detectLocal = {
      ...(typeof dl.bridgeInterface === 'string' && dl.bridgeInterface ? { bridgeInterface: dl.bridgeInterface } : {}),
      ...(typeof dl.interfaceNamePrefix === 'string' && dl.interfaceNamePrefix ? { interfaceNamePrefix: dl.interfaceNamePrefix } : {}),
    };
    if (Object.keys(detectLocal).length > 0) out.detectLocal = detectLocal;
    // The document is IPv4: IPv6 CIDRs are left out (kube-proxy keeps them for its IPv6 rules).
    const npa = arr(conf.nodePortAddresses).filter((x): x is string => typeof x === 'string' && !x.includes(':'));
    if (npa.length > 0) out.nodePortAddresses = npa;
    const ipt = obj(conf.iptables);
    if (typeof ipt.localhostNodePorts === 'boolean') out.localhostNodePorts = ipt.localhostNodePorts;
    return out;
  }
  for (const { flag } of kubeProxyContainers(podsIn)) {
    const mode = flag(FLAG.detectLocalMode);
    if (isLocalMode(mode)) out.detectLocalMode = mode;
    const cidr = flag(FLAG.clusterCIDR);
    if (cidr) out.clusterCIDR = cidr.split(',')[0]!;
    const npa = flag(FLAG.nodePortAddresses);
    if (npa) out.nodePortAddresses = npa.split(',').filter((x) => !x.includes(':'));
    const lh = flag(FLAG.localhostNodePorts);
    if (lh === 'true' || lh === 'false') out.localhostNodePorts = lh === 'true';
  }
  return out;
}

function inferMode(
  configMaps: Source[],
  podsIn: Source[],
  nodes: { kubeProxyVersion?: string }[],
  cni: CniGuess,
  warnings: Problem[],
): { mode: KubeProxyMode; version?: string; from: string } {
  const versions = [...new Set(nodes.map((n) => /^v?(\d+\.\d+)/.exec(n.kubeProxyVersion ?? '')?.[1]).filter((v): v is string => v !== undefined))];
  const version = versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0];
  if (versions.length > 1) warnings.push(importSaid('', 'k_proxyVersions', { versions: versions.join(', '), version: version! }));
  const withVersion = (mode: KubeProxyMode, from: string) => {
    const known: KubeProxyMode = mode === 'ebpf' && !(cni.plugin === 'terway' && cni.mode === 'ipvlan-ebpf') ? 'iptables' : mode;
    return { mode: known, ...(version ? { version } : {}), from };
  };
  const cm = kubeProxyConfigMap(configMaps);
  if (cm) {
    const data = obj(cm.obj.data);
    for (const v of Object.values(data)) {
      if (typeof v !== 'string') continue;
      const m = /^\s*mode:\s*["']?([A-Za-z]*)["']?\s*$/m.exec(v);
      if (m) {
        const mode = m[1] === '' ? 'iptables' : m[1]!.toLowerCase();
        if (mode === 'iptables' || mode === 'ipvs') return withVersion(mode, `ConfigMap kube-system/${cm.name}`);
        warnings.push(importSaid('', 'k_proxyModeUnknown', { mode, configMap: cm.name }));
        return withVersion('iptables', `ConfigMap kube-system/${cm.name} (${mode} not modelled)`);
      }
    }
  }
  for (const { pod, flag } of kubeProxyContainers(podsIn)) {
    const mode = flag(FLAG.proxyMode);
    if (mode === 'ipvs' || mode === 'iptables') return withVersion(mode, `--proxy-mode in pod ${pod.namespace}/${pod.name}`);
  }
  warnings.push(importSaid('', 'k_proxyModeAssumed'));
  return withVersion('iptables', 'default');
}
