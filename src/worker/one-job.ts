/**
 * A worker started for one job (a save, an export) and ended after it: the page's side (`oneJob`) and the worker's
 * (`answerJobs`). The worker is made by the caller: `new Worker(new URL(…))` must be written where Vite bundles it.
 */

/** A job's reply: its result, or why it failed. */
export type JobReply<T> = { ok: true; result: T } | { ok: false; error: string };

/** `request` done by `worker`, which is ended once it has answered (or failed to start: `notStarted` says so). */
export async function oneJob<T>(worker: Worker, request: unknown, notStarted: string): Promise<T> {
  return await new Promise<T>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<JobReply<T>>) => (data.ok ? resolve(data.result) : reject(new Error(data.error)));
    worker.onerror = (e) => reject(new Error(e.message || notStarted));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

/** In the worker: each request answered with what `work` makes of it (the buffers `moved` names moved, not copied), or its error. */
export function answerJobs<R, T>(work: (request: R) => T | Promise<T>, moved: (result: T) => Transferable[] = () => []): void {
  const scope = self as unknown as { onmessage: ((e: MessageEvent<R>) => void) | null; postMessage(reply: JobReply<T>, transfer?: Transferable[]): void };
  const answer = async (request: R) => {
    try {
      const result = await work(request);
      scope.postMessage({ ok: true, result }, moved(result));
    } catch (e) {
      scope.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  scope.onmessage = ({ data }) => void answer(data);
}
