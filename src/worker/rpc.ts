/**
 * The worker boundary's calls: `{ id, method, args }` one way, `{ id, value }` or `{ id, error }` back. All the
 * simulator ever used of comlink (a promise per method call, an error as an Error, a pcapng's bytes moved), in
 * a few hundred bytes instead of its 2.5 KB gzip on each side of every page.
 */

/** A Worker, the worker's `self`, or a MessagePort. */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
  /** A MessagePort delivers nothing until started. */
  start?(): void;
}

interface Call {
  id: number;
  method: string;
  args: unknown[];
}
type Answer = { id: number; value: unknown } | { id: number; error: { message: string; name?: string } };

const moved = new WeakMap<object, Transferable[]>();

/** `value`, whose `buffers` move to the caller instead of being copied (a pcapng's bytes). */
export function transfer<T extends object>(value: T, buffers: Transferable[]): T {
  moved.set(value, buffers);
  return value;
}

/** Answers each call arriving at `endpoint` with `api[method](...args)` (awaited); a throw is answered as an error. */
export function serve(api: object, endpoint: Endpoint): void {
  endpoint.addEventListener('message', (ev) => {
    const call = (ev as MessageEvent).data as Call | null;
    if (!call || typeof call.id !== 'number' || typeof call.method !== 'string') return;
    void (async () => {
      try {
        const method: unknown = (api as Record<string, unknown>)[call.method];
        if (typeof method !== 'function') throw new Error(`The simulator has no method ${call.method}.`);
        const value: unknown = await (method as (...a: unknown[]) => unknown).apply(api, call.args);
        const buffers = typeof value === 'object' && value !== null ? moved.get(value) : undefined;
        endpoint.postMessage({ id: call.id, value } satisfies Answer, buffers ?? []);
      } catch (e) {
        const error = e instanceof Error ? { message: e.message, name: e.name } : { message: String(e) };
        endpoint.postMessage({ id: call.id, error } satisfies Answer);
      }
    })();
  });
  endpoint.start?.();
}

type Method<Api, K extends keyof Api> = Api[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** The calling side: `call('load', text)` posts the call and settles with its answer. `close` stops listening (pending calls never settle). */
export function connect<Api>(endpoint: Endpoint): {
  call<K extends keyof Api & string>(method: K, ...args: Parameters<Method<Api, K>>): ReturnType<Method<Api, K>>;
  close(): void;
} {
  let last = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const onMessage = (ev: Event) => {
    const answer = (ev as MessageEvent).data as Answer | null;
    const w = answer && waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if ('error' in answer) w.reject(Object.assign(new Error(answer.error.message), answer.error.name ? { name: answer.error.name } : {}));
    else w.resolve(answer.value);
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
  return {
    call(method, ...args) {
      const id = ++last;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        try {
          endpoint.postMessage({ id, method, args } satisfies Call);
        } catch (e) {
          waiting.delete(id);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }) as ReturnType<Method<Api, typeof method>>;
    },
    close() {
      endpoint.removeEventListener('message', onMessage);
      waiting.clear();
    },
  };
}
