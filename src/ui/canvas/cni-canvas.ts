/**
 * What a CNI call leaves on the canvas: the host-side device it created (or deleted) as a
 * port chip on the node box, the pod's address, the routes it added, or the plugin's error.
 * Pure, from the call the worker returns: an ADD reads the plugin chain's CNI result (the
 * last successful stdout), a DEL (which has no result) reads what the call says is gone.
 */
import type { CniCall } from '../../worker/protocol';

export interface CniRoute {
  /** The host's table or the pod's (eth0 in its netns). */
  where: 'host' | 'pod';
  text: string;
}

export interface CniCanvas {
  command: 'ADD' | 'DEL';
  /** The node's name. */
  node: string;
  /** The pod's namespace/name. */
  pod: string;
  ok: boolean;
  /** Host-side devices created (ADD) or deleted (DEL): the veth or cali end of the pair. */
  devices: string[];
  /** The pod's address, without the prefix length. */
  address?: string;
  routes: CniRoute[];
  /** The failing plugin and its message. */
  error?: string;
}

interface Result {
  interfaces?: { name?: string; sandbox?: string }[];
  ips?: { address?: string; gateway?: string }[];
  routes?: { dst?: string; gw?: string }[];
}

/** Bridges the chain attaches to (already there before the call, not created by it). */
const bridgesOf = (call: CniCall) => new Set(call.steps.map((s) => s.stdin.bridge).filter((b): b is string => typeof b === 'string'));

export function cniCanvas(call: CniCall): CniCanvas {
  const base = { command: call.command, node: call.node, pod: call.pod, ok: call.ok };
  if (!call.ok) return { ...base, devices: [], routes: [], error: call.error ?? call.steps.at(-1)?.plugin ?? 'CNI error' };
  const made = call.created;
  if (call.command === 'DEL') {
    return { ...base, devices: made?.hostDevice ? [made.hostDevice] : [], address: made?.address, routes: [] };
  }
  // The chain's result: the last step that printed interfaces or ips.
  const result = ([...call.steps].reverse().find((s) => s.ok && (Array.isArray(s.stdout.ips) || Array.isArray(s.stdout.interfaces)))?.stdout ?? {}) as Result;
  const bridges = bridgesOf(call);
  const fromResult = (result.interfaces ?? []).filter((i) => i.name && !i.sandbox && !bridges.has(i.name)).map((i) => i.name!);
  // Terway's result names only the pod side; the call says which host device it made.
  const devices = fromResult.length > 0 ? fromResult : made?.hostDevice ? [made.hostDevice] : [];
  const ip = result.ips?.[0];
  const [address, bits] = (ip?.address ?? '').split('/');
  const routes: CniRoute[] = [];
  // A /32 with no bridge is reached through its own device: the host routes it there (calico, terway veth).
  if (address && bits === '32' && devices[0] && bridges.size === 0) routes.push({ where: 'host', text: `${address} dev ${devices[0]} scope link` });
  const podRoutes = result.routes ?? (ip?.gateway ? [{ dst: '0.0.0.0/0', gw: ip.gateway }] : []);
  for (const r of podRoutes) {
    const gw = r.gw ?? ip?.gateway;
    routes.push({ where: 'pod', text: `${r.dst === '0.0.0.0/0' ? 'default' : r.dst}${gw ? ` via ${gw}` : ''} dev eth0` });
  }
  return { ...base, devices, address: address || undefined, routes };
}

// NOTE: one annotation per call object, so store selectors that return it stay referentially stable.
const cache = new WeakMap<CniCall, CniCanvas>();
export function cniCanvasOf(call: CniCall | null | undefined): CniCanvas | null {
  if (!call) return null;
  let a = cache.get(call);
  if (!a) cache.set(call, (a = cniCanvas(call)));
  return a;
}
