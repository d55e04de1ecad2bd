// The place worker's entry: a big document's graph, layout and placement off the main thread (placer.ts;
// the canvas starts it through place-client.ts only for a document past its size threshold, `?generate=` to make one).
import { autoLayout } from '../layout/auto-layout';
import { createPlacer, type GenerateFn, type PlaceMessage } from './placer';
import { GENERATOR_NAME } from './place-worker';

const place = createPlacer(autoLayout);
// Loaded only when asked for: the app ships without the generator.
const loadGenerator = (): Promise<GenerateFn> => import('../scenarios/generate').then((m) => (nodes) => m.generateFlannelCluster({ nodes }));
const scope = self as unknown as { name: string; onmessage: ((e: MessageEvent<PlaceMessage>) => void) | null; postMessage(message: unknown): void };
// NOTE: asked for as the worker starts when it was started to generate (place-worker.ts): asked for with the message,
// its request waited for the page's longest task of the load (~200 ms at 1,000 nodes).
let generating: Promise<GenerateFn> | null = scope.name === GENERATOR_NAME ? loadGenerator() : null;
const generator = () => (generating ??= loadGenerator());
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
