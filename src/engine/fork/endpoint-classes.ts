/**
 * Classes of a service's endpoints where a choice picks one (kube-proxy's iptables `statistic`
 * run, an IPVS scheduler, the eBPF service map, an ingress controller's upstream): endpoints
 * whose branches provably continue the same way up to renaming one pod, and its node, for
 * another. Two endpoints are equivalent when
 * - the packet after the choice differs only in the pod it is sent to (the same port);
 * - the pods are identical but for name, address and node (census.ts: namespace, labels, readiness,
 *   ports, which CIDRs the document names hold their addresses; neither named anywhere else, no
 *   hostNetwork), and so are their nodes (census.ts, as for the SLB's backends);
 * - neither node has been entered by the connection before the choice (the client's node, the
 *   node balancing, an SLB's backend): such an endpoint is a class of its own, since the packet
 *   reaches it without crossing to another node, or meets state the connection left there.
 * Their probabilities may differ (an iptables run's are 1/N as rounded per rule): explore.ts
 * recomputes each member's product. Whatever the walk then writes about the representative (its
 * address or name in a reason, a later choice naming a member) is checked in explore.ts.
 */
import { ipToInt } from '../../model/cidr';
import type { ChoiceOption } from '../../model';
import type { Dataplane } from '../dataplane';
import type { Client, OptionClasses } from '../hop';
import { optionList, type Offer } from '../choices';
import { census, nodeAddresses } from './census';

/** Classes before the connection's own nodes are taken out, and each option's node. */
interface Base {
  classes: OptionClasses;
  nodeOf: readonly (string | undefined)[];
}

const byOptions = new WeakMap<readonly ChoiceOption[], Base>();
const byText = new WeakMap<Dataplane, Map<string, Base>>();

function base(dp: Dataplane, options: readonly ChoiceOption[]): Base {
  let b = byOptions.get(options);
  if (b) return b;
  // iptables makes a run's options afresh at each evaluation: the same run has the same text.
  const text = options.map((o) => o.to).join(' ');
  const seen = byText.get(dp) ?? byText.set(dp, new Map()).get(dp)!;
  b = seen.get(text);
  if (!b) seen.set(text, (b = classesOf(dp, options)));
  byOptions.set(options, b);
  return b;
}

function classesOf(dp: Dataplane, options: readonly ChoiceOption[]): Base {
  const pods = options.map((o) => {
    const i = o.to.indexOf(':');
    const owner = dp.owners.get(ipToInt(i < 0 ? o.to : o.to.slice(0, i)));
    const pod = owner?.startsWith('pod:') ? dp.podsByRef.get(owner.slice(4)) : undefined;
    return pod && { pod, ref: owner!.slice(4), port: i < 0 ? '' : o.to.slice(i + 1) };
  });
  const keys = pods.filter(Boolean).length > 1 ? census(dp.topology) : undefined;
  const firstOf = new Map<string, number>();
  const repOf: number[] = [];
  const identity: OptionClasses['identity'][number][] = [];
  const nodeOf: (string | undefined)[] = [];
  pods.forEach((x, k) => {
    const node = x && dp.nodesByName.get(x.pod.node);
    const podKey = x && keys?.pods.get(x.ref);
    const nodeKey = node && keys?.nodes.get(node.name);
    const full = podKey === undefined || nodeKey === undefined ? undefined : `${x!.port} ${podKey} ${nodeKey}`;
    const rep = full === undefined ? k : (firstOf.get(full) ?? k);
    if (full !== undefined && rep === k) firstOf.set(full, k);
    repOf.push(rep);
    nodeOf.push(node?.name);
    identity.push(
      x && node
        ? { words: [x.pod.ip, x.ref, node.ip, node.name], others: [x.pod.name, ...nodeAddresses(node).filter((a) => a !== node.ip)] }
        : { words: [], others: [] },
    );
  });
  return { classes: { repOf, identity }, nodeOf };
}

/** The nodes of the namespaces a connection entered (its client's, the nodes and pods it went through). */
function nodesOf(dp: Dataplane, nsIds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const id of nsIds) {
    if (id.startsWith('node:')) out.add(id.slice(5));
    else if (id.startsWith('pod:')) {
      const p = dp.podsByRef.get(id.slice(4));
      if (p) out.add(p.node);
    }
  }
  return out;
}

/** What a choice point reads of the walk: the connection's client and the namespaces it entered. */
export interface WalkSoFar {
  dp: Dataplane;
  client: Client;
  stacks: readonly string[];
}

/** The nodes the connection has entered so far (its client's included). */
export const enteredNodes = (w: WalkSoFar): Set<string> => nodesOf(w.dp, [w.client.ns, ...w.stacks]);

/** The classes of a choice among endpoints that walk `w` offers now (for `all`). */
export function endpointClassesAt(w: WalkSoFar, options: Offer): OptionClasses {
  return endpointClasses(w.dp, optionList(options), enteredNodes(w));
}

/** The classes of a choice among endpoints, for a connection that has entered the nodes `entered`. */
function endpointClasses(dp: Dataplane, options: readonly ChoiceOption[], entered: ReadonlySet<string>): OptionClasses {
  const { classes, nodeOf } = base(dp, options);
  if (!nodeOf.some((n) => n !== undefined && entered.has(n))) return classes;
  // The connection's own nodes' endpoints become classes of their own; a class keeps its first remaining member as representative.
  const firstOf = new Map<number, number>();
  const repOf = classes.repOf.map((r, k) => {
    if (entered.has(nodeOf[k] ?? '')) return k;
    const rep = firstOf.get(r) ?? k;
    if (rep === k) firstOf.set(r, k);
    return rep;
  });
  return { repOf, identity: classes.identity };
}
