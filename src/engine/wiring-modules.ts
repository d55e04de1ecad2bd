/**
 * The CNI plugins whose kernel state only some documents need. compile() takes them from here, so the worker
 * loads just those a document uses (src/worker/load-wiring.ts) and an embed of a Flannel cluster downloads no
 * Calico or Terway code; Node (the CLI, tests, scripts) provides them all at once (wiring-modules-all.ts).
 * NOTE: Flannel (the default built-in's) and both kube-proxy modes stay static: split off, IPVS cost the
 * built-in embed more in chunk overhead (table, cidr chunks) than it saved for documents without it.
 */
import type { Topology } from '../model/topology';

export interface WiringModules {
  calico: typeof import('./cni/calico');
  terway: typeof import('./cni/terway');
}
export type WiringModuleName = keyof WiringModules;

const provided: Partial<WiringModules> = {};

export function provideWiringModules(modules: Partial<WiringModules>): void {
  Object.assign(provided, modules);
}

export const hasWiringModule = (name: WiringModuleName): boolean => provided[name] !== undefined;

/** A module compile() needs; a loader that forgot it is a bug, said as such. */
export function wiringModule<K extends WiringModuleName>(name: K): WiringModules[K] {
  const m = provided[name];
  if (!m) throw new Error(`the engine's ${name} module is not loaded: load the modules a document needs (modulesFor) before compiling it`);
  return m as WiringModules[K];
}

/** The modules compile(topology) calls. */
export function modulesFor(topology: Topology): WiringModuleName[] {
  const { plugin } = topology.cluster.cni;
  const names: WiringModuleName[] = [];
  // Terway's pods use Calico's gateway address, and routers (ToR) speak Calico's BGP whatever the plugin.
  if (plugin === 'calico' || plugin === 'terway' || topology.routers.length > 0) names.push('calico');
  if (plugin === 'terway') names.push('terway');
  return names;
}
