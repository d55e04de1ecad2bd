/**
 * `src=URL`: an embed reads its document from an address (YAML or JSON), so a docs page need not carry
 * the whole document in its link. What can go wrong is told apart, so the frame can name it.
 */

/**
 * The largest document `src=` reads, in bytes. NOTE: a local limit; the model's own limit on a document's
 * size (src/model/limits.ts, where present) is checked again when the document is opened.
 */
export const MAX_SOURCE_SIZE = 5 * 1024 * 1024;

export type SourceProblem =
  | { kind: 'address' } // not an http(s) address
  | { kind: 'network' } // nothing answered
  | { kind: 'cors' } // the server answered but does not let this page read it
  | { kind: 'status'; status: number }
  | { kind: 'tooLarge'; limit: number }
  | { kind: 'notDocument' }; // HTML, or text that is not a YAML/JSON mapping

export type SourceResult = { ok: true; url: string; text: string } | { ok: false; url: string; problem: SourceProblem };

/** `src` resolved against the page, when it is an http(s) address. */
export function sourceUrl(src: string, base: string): URL | null {
  try {
    const u = new URL(src, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Read a body up to `limit` bytes; null when it is longer (the rest is not downloaded). */
async function readCapped(res: Response, limit: number): Promise<string | null> {
  if (!res.body) {
    const text = await res.text();
    return new TextEncoder().encode(text).length > limit ? null : text;
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      void reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new TextDecoder().decode(all);
}

/** Fetch the document at `src` (relative to `base`), CORS, without cookies. */
export async function fetchSource(src: string, base: string, limit = MAX_SOURCE_SIZE, get: typeof fetch = fetch): Promise<SourceResult> {
  const u = sourceUrl(src, base);
  if (!u) return { ok: false, url: src, problem: { kind: 'address' } };
  const url = u.href;
  let res: Response;
  try {
    res = await get(url, { mode: 'cors', credentials: 'omit', headers: { accept: 'application/yaml, application/json, text/plain, */*' } });
  } catch {
    // A refused CORS read and a server that is not there look the same to the page; an opaque request tells them apart.
    const reachable = await get(url, { mode: 'no-cors', credentials: 'omit' }).then(
      () => true,
      () => false,
    );
    return { ok: false, url, problem: { kind: reachable ? 'cors' : 'network' } };
  }
  if (!res.ok) return { ok: false, url, problem: { kind: 'status', status: res.status } };
  const declared = Number(res.headers.get('content-length'));
  if (declared > limit) return { ok: false, url, problem: { kind: 'tooLarge', limit } };
  let text: string | null;
  try {
    text = await readCapped(res, limit);
  } catch {
    return { ok: false, url, problem: { kind: 'network' } };
  }
  if (text === null) return { ok: false, url, problem: { kind: 'tooLarge', limit } };
  const type = res.headers.get('content-type') ?? '';
  if (/html/i.test(type) || /^\s*</.test(text) || !text.trim()) return { ok: false, url, problem: { kind: 'notDocument' } };
  return { ok: true, url, text };
}

// What the frame says about its `src=` is source-state.ts (the embed's view reads it without this module's fetching).
export { getSourceState, setSourceState, subscribeSourceState, type SourceState } from './source-state';
