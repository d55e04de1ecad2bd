// The place worker's entry: a big document's graph, layout and placement off the main thread (placer.ts;
// the canvas starts it through place-client.ts only for a document past its size threshold, `?generate=` to make one).
import { autoLayout } from '../layout/auto-layout';
import { generateFlannelCluster } from '../scenarios/generate';
import { createPlacer, type GenerateFn, type PlaceMessage } from './placer';

const place = createPlacer(autoLayout);
// NOTE: the generator is in this chunk (3.7 KB of its 71, 1.6 KB gzip), not a chunk of its own: the worker that
// generates starts at the page's entry, and waiting for a second chunk's fetch there was 40-140 ms of the first frame's
// path at 1,000 nodes. (Only pages with a big document, or a `?generate=`, start this worker.)
const generate: GenerateFn = (nodes) => generateFlannelCluster({ nodes });
const scope = self as unknown as { onmessage: ((e: MessageEvent<PlaceMessage>) => void) | null; postMessage(message: unknown): void };
scope.onmessage = ({ data }) => {
  for (const reply of place(data, generate)) scope.postMessage(reply);
};
