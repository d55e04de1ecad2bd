/**
 * kube-proxy's rules that depend on no service (the jumps from the built-in chains, the masquerade
 * chains, IPVS's set matches, the nodeports tail) are the same on every node with the same flags:
 * they are written once per variant and each node's tables start as a copy that shares the rules
 * (netfilter/table.ts `copyTable`), instead of some 40 rules compiled for every node touched.
 */
import type { Dataplane } from '../dataplane';
import { copyTable, newTable, type Table } from '../netfilter/table';

const templatesOf = new WeakMap<Dataplane, Map<string, { nat: Table; filter: Table }>>();

/**
 * Fresh nat and filter tables holding what `write` writes into empty ones. `variant` names
 * everything `write` reads (the same variant, the same rules).
 */
export function fixedTables(dp: Dataplane, variant: unknown, write: (nat: Table, filter: Table) => void): { nat: Table; filter: Table } {
  let templates = templatesOf.get(dp);
  if (!templates) templatesOf.set(dp, (templates = new Map()));
  const key = JSON.stringify(variant);
  let t = templates.get(key);
  if (!t) {
    t = { nat: newTable('nat'), filter: newTable('filter') };
    write(t.nat, t.filter);
    templates.set(key, t);
  }
  return { nat: copyTable(t.nat), filter: copyTable(t.filter) };
}
