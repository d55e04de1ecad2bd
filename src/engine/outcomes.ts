/**
 * Grouping the branches of `choice: {all: true}` into the outcomes a reader tells apart.
 *
 * Two branches are equivalent for the reader when they end the same way: the same verdict, the
 * same reason (as data), the same endpoint (kind, name, address and port), the same HTTP status,
 * the same number of kernel stacks, and the same answer to "does the server see the client's own
 * address?". They may differ in the choices they took (which SLB backend node, which node's
 * kube-proxy balanced) and, when the client's address was translated, in the address the server
 * sees instead (each SLB backend node masquerades to its own IP: a thousand nodes, a thousand
 * addresses, one outcome).
 *
 * A group's probability is its branches' summed; `path` is its first branch's (depth-first), so
 * following it replays a real branch; `branches` counts the branches merged and `sourcesSeen` the
 * distinct addresses the server saw, each only when more than one. Groups keep the order of their
 * first branch, so a request with no equivalent branches lists exactly what it listed before.
 */
import type { Endpoint, Outcome } from '../model';

/** One walked branch: its outcome, and whether the server saw the client's own source address. */
export interface Branch {
  outcome: Outcome;
  clientSourceSeen: boolean;
}

function endpointKey(e: Endpoint | null): string {
  return e ? `${e.kind}\u0000${e.name}\u0000${e.ip}\u0000${e.port ?? ''}` : '';
}

/** A reason's text as data: the branches a representative stands for share its reason (fork/explore.ts). */
const whyTexts = new WeakMap<object, string>();
const whyText = (why: object): string => whyTexts.get(why) ?? whyTexts.set(why, JSON.stringify(why)).get(why)!;

/** The key that makes two branches one outcome (see the module comment). */
export function equivalenceKey({ outcome: o, clientSourceSeen }: Branch): string {
  return [
    o.verdict,
    o.why ? whyText(o.why) : (o.reason ?? ''),
    endpointKey(o.deliveredTo),
    o.httpStatus ?? '',
    o.kernelStacks,
    o.sourceSeenByServer === null ? 'none' : clientSourceSeen ? 'client' : 'translated',
  ].join('\u0001');
}

/** Outcomes grouped as branches arrive (`add`, in depth-first order), and the probability they cover. */
export class Grouping {
  private readonly groups = new Map<string, { outcome: Outcome; branches: number; sources: Set<string | null> }>();
  /** The branches' summed probability, in their order. */
  covered = 0;

  add(b: Branch): void {
    this.covered += b.outcome.p;
    const key = equivalenceKey(b);
    const g = this.groups.get(key);
    if (!g) this.groups.set(key, { outcome: { ...b.outcome }, branches: 1, sources: new Set([b.outcome.sourceSeenByServer]) });
    else {
      g.outcome.p += b.outcome.p;
      g.branches++;
      g.sources.add(b.outcome.sourceSeenByServer);
    }
  }

  /** The outcomes, in the order of each group's first branch. */
  outcomes(): Outcome[] {
    return [...this.groups.values()].map(({ outcome, branches, sources }) => ({
      ...outcome,
      ...(branches > 1 ? { branches } : {}),
      ...(sources.size > 1 ? { sourcesSeen: sources.size } : {}),
    }));
  }
}

/** Branches grouped into outcomes, in the order of each group's first branch. */
export function groupBranches(branches: readonly Branch[]): Outcome[] {
  const g = new Grouping();
  for (const b of branches) g.add(b);
  return g.outcomes();
}
