/**
 * kube-proxy's mode and version: the mode from its ConfigMap (`kube-system/kube-proxy`) or
 * `--proxy-mode` in its pods, else iptables (its default) with a warning; the version from the
 * nodes' `kubeProxyVersion` (the oldest when they differ).
 */
import type { KubeProxyMode } from '../topology';
import type { CniGuess } from './cni';
import { arr, isObj, obj, type Source } from './objects';

export function inferKubeProxy(
  configMaps: Source[],
  podsIn: Source[],
  nodes: { kubeProxyVersion?: string }[],
  cni: CniGuess,
  warnings: string[],
): { mode: KubeProxyMode; version?: string; from: string } {
  const versions = [...new Set(nodes.map((n) => /^v?(\d+\.\d+)/.exec(n.kubeProxyVersion ?? '')?.[1]).filter((v): v is string => v !== undefined))];
  const version = versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0];
  if (versions.length > 1) warnings.push(`the nodes run kube-proxy ${versions.join(', ')}; the oldest, ${version}, is used`);
  const withVersion = (mode: KubeProxyMode, from: string) => {
    const known: KubeProxyMode = mode === 'ebpf' && !(cni.plugin === 'terway' && cni.mode === 'ipvlan-ebpf') ? 'iptables' : mode;
    return { mode: known, ...(version ? { version } : {}), from };
  };
  const cm = configMaps.find((s) => s.namespace === 'kube-system' && /^kube-proxy/.test(s.name));
  if (cm) {
    const data = obj(cm.obj.data);
    for (const v of Object.values(data)) {
      if (typeof v !== 'string') continue;
      const m = /^\s*mode:\s*["']?([A-Za-z]*)["']?\s*$/m.exec(v);
      if (m) {
        const mode = m[1] === '' ? 'iptables' : m[1]!.toLowerCase();
        if (mode === 'iptables' || mode === 'ipvs') return withVersion(mode, `ConfigMap kube-system/${cm.name}`);
        warnings.push(`kube-proxy mode "${mode}" (ConfigMap kube-system/${cm.name}) is not modelled: iptables is used`);
        return withVersion('iptables', `ConfigMap kube-system/${cm.name} (${mode} not modelled)`);
      }
    }
  }
  for (const s of podsIn.filter((p) => /^kube-proxy/.test(p.name))) {
    for (const c of arr(obj(s.obj.spec).containers).filter(isObj)) {
      const words = [...arr(c.command), ...arr(c.args)].filter((x): x is string => typeof x === 'string');
      const flag = words.map((w) => /--proxy-mode[= ](\w+)/.exec(w)?.[1]).find((x) => x !== undefined);
      if (flag === 'ipvs' || flag === 'iptables') return withVersion(flag, `--proxy-mode in pod ${s.namespace}/${s.name}`);
    }
  }
  warnings.push('kube-proxy\'s mode is not in the input (add configmaps to kubectl get to read it): iptables, its default, is assumed');
  return withVersion('iptables', 'default');
}
