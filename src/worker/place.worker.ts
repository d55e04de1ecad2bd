// The place worker's entry: a big document's graph, layout and placement off the main thread (placer.ts;
// the canvas starts it through place-client.ts only for a document past its size threshold, `?generate=` to make one).
import { autoLayout } from '../layout/auto-layout';
import { createPlacer, type GenerateFn, type PlaceMessage } from './placer';

const place = createPlacer(autoLayout);
// Loaded only when asked for: the app ships without the generator.
const generator = (): Promise<GenerateFn> => import('../scenarios/generate').then((m) => (nodes) => m.generateFlannelCluster({ nodes }));
const scope = self as unknown as { onmessage: ((e: MessageEvent<PlaceMessage>) => void) | null; postMessage(message: unknown): void };
const serve = (message: PlaceMessage, generate?: GenerateFn) => {
  for (const reply of place(message, generate)) scope.postMessage(reply);
};
// NOTE: nothing else arrives while the generator loads (the page sends nothing more until it has the text); a failure
// is thrown from a task of its own, so the page hears of it (worker.onerror) as of any other.
scope.onmessage = ({ data }) => {
  if (data.kind !== 'generate') return serve(data);
  generator()
    .then((generate) => serve(data, generate))
    .catch((e: unknown) =>
      setTimeout(() => {
        throw e;
      }),
    );
};
