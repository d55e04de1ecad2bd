/**
 * Carry a trace request over to another wiring of the same workload. A rewired document keeps
 * its pods, services and nodes by name, but IPAM gives pods new addresses: a request that
 * names a pod by its IP is moved to that pod's new IP. Pure; used by the CNI switch and the
 * compare view.
 */
import type { TraceRequest } from './trace';
import type { Topology } from './topology';

const split = (addr: string): [string, string] => {
  const m = /^(\d+\.\d+\.\d+\.\d+)(:\d+)?$/.exec(addr.trim());
  return m ? [m[1]!, m[2] ?? ''] : ['', ''];
};

/** The address `ip` of `before` has in `after` (same pod by namespace/name), or `ip` unchanged. */
export function remapAddress(ip: string, before: Topology, after: Topology): string {
  const pod = before.pods.find((p) => !p.hostNetwork && p.ip === ip);
  if (!pod) return ip;
  return after.pods.find((p) => p.namespace === pod.namespace && p.name === pod.name)?.ip ?? ip;
}

/**
 * `request` with every pod IP of `before` replaced by the same pod's IP in `after`.
 * @example remapRequest({ from: 'pod:default/a', to: '172.23.96.163:80' }, flannel, terway).to // '10.0.3.5:80'
 */
export function remapRequest<R extends Pick<TraceRequest, 'from' | 'to'>>(request: R, before: Topology, after: Topology): R {
  const move = (addr: string) => {
    const [ip, port] = split(addr);
    return ip ? `${remapAddress(ip, before, after)}${port}` : addr;
  };
  return { ...request, from: move(request.from), to: move(request.to) };
}
