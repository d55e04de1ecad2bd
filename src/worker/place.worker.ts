// The place worker's entry: a big document's graph, layout and placement off the main thread (placer.ts;
// the canvas starts it through place-client.ts only for a document past its size threshold).
import { autoLayout } from '../layout/auto-layout';
import { createPlacer, type PlaceMessage } from './placer';

const place = createPlacer(autoLayout);
const scope = self as unknown as { onmessage: ((e: MessageEvent<PlaceMessage>) => void) | null; postMessage(message: unknown): void };
scope.onmessage = (e) => {
  for (const reply of place(e.data)) scope.postMessage(reply);
};
