// The second half of a big kubectl List (model/kubectl-import/list-halves.ts), parsed and read on a core of its own while
// the import's worker (import-kubectl.ts) parses the first: it answers the text with the List's keys but its items, and
// the first half's item count and the List's kind with this half's objects, each pod read alone.
import { readSecondHalf } from '../model/kubectl-import/list-halves';
import { isObj } from '../model/kubectl-import/objects';

/** What the import's worker asks, in this order. */
export type HalfAsk = { text: string } | { kind: string; count: number };

const scope = self as unknown as { onmessage: ((e: MessageEvent<HalfAsk>) => void) | null; postMessage(message: unknown): void };
let items: unknown[] = [];
scope.onmessage = ({ data }) => {
  if ('text' in data) {
    let head: Record<string, unknown> | null = null;
    try {
      const list = JSON.parse(data.text) as unknown;
      if (isObj(list) && Array.isArray(list.items)) ({ items, ...head } = list as { items: unknown[] });
    } catch {
      // not JSON after all: the import's worker reads the text whole, which says why
    }
    scope.postMessage({ head });
  } else {
    scope.postMessage(readSecondHalf(items, data.kind, data.count));
    items = [];
  }
};
