// `?generate=N`'s document, written off the main thread: generating and writing 1,000 nodes was a ~350 ms task
// in the page's load (main.tsx starts this worker only for such a link; the app ships without the generator).
import { generateFlannelCluster } from '../scenarios/generate';

const scope = self as unknown as { onmessage: ((e: MessageEvent<number>) => void) | null; postMessage(text: string): void };
scope.onmessage = (e) => scope.postMessage(JSON.stringify(generateFlannelCluster({ nodes: e.data })));
