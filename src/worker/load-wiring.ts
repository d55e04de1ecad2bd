// The worker loads a document's CNI module before compiling it: only those it uses are downloaded.
import type { Topology } from '../model/topology';
import { hasWiringModule, modulesFor, provideWiringModules, type WiringModuleName } from '../engine/wiring-modules';

const loaders: { [K in WiringModuleName]: () => Promise<unknown> } = {
  calico: () => import('../engine/cni/calico'),
  terway: () => import('../engine/cni/terway'),
};

/** Nothing when every module `topology` needs is there already (compile at once), else a promise of them. */
export function loadWiringModules(topology: Topology): Promise<void> | undefined {
  const missing = modulesFor(topology).filter((name) => !hasWiringModule(name));
  if (missing.length === 0) return undefined;
  return Promise.all(missing.map(async (name) => provideWiringModules({ [name]: await loaders[name]() }))).then(() => undefined);
}
