/**
 * The embed's postMessage API (docs/embed.md). A page that embeds Hopscope in an iframe drives it with messages:
 *
 *   { type: 'load', yaml: string, request?: { from, to, protocol? } }   a document (YAML or JSON), optionally traced
 *   { type: 'play' } | { type: 'pause' }
 *   { type: 'step', delta: integer }                                    move by delta hops (pauses)
 *   { type: 'setLanguage', lng: 'en' | 'zh' }
 *
 * (`hopscope:`-prefixed types are accepted too.) An optional `id` (string or number) is echoed in
 * the reply: `{ type: 'hopscope:ack', for, id }` or `{ type: 'hopscope:error', for, id, error }`.
 *
 * Loads are taken one at a time, newest first: a `load` that arrives while another is being loaded
 * supersedes any load still waiting, and a load overtaken by a newer one before it finished is answered
 * `{ type: 'hopscope:superseded', for: 'load', id, by }` (`by`: the newer load's id) — not an error,
 * its document simply is not the one on screen. Give every load an id to tell the answers apart.
 *
 * A message larger than {@link MAX_MESSAGE_SIZE} is refused with an error saying so.
 * Messages are taken only from this page's own origin and the origins listed in `?origins=`
 * (comma-separated; each read as a URL and reduced to its origin, so `https://Docs.example.com/`
 * means `https://docs.example.com`); anything else is ignored without a reply.
 */
import { MAX_DOCUMENT_SIZE } from '../../model/limits';
import type { TraceProtocol } from '../../model/trace';
import type { Language } from '../../i18n';

export type EmbedCommand =
  | { type: 'load'; yaml: string; request?: { from: string; to: string; protocol?: TraceProtocol } }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; delta: number }
  | { type: 'setLanguage'; lng: Language };

export type EmbedReply =
  | { type: 'hopscope:ack'; for: EmbedCommand['type']; id?: string | number }
  | { type: 'hopscope:error'; for: string | null; id?: string | number; error: string }
  /** A load overtaken by a newer one (`by`: its id, when it has one); its document is not shown. */
  | { type: 'hopscope:superseded'; for: 'load'; id?: string | number; by?: string | number };

/** Events the embed sends on its own: it is ready, and the frame it shows. */
export type EmbedEvent = { type: 'hopscope:ready' } | { type: 'hopscope:frame'; frame: number; frames: number; playing: boolean };

/**
 * The largest message taken, in characters of its strings (UTF-16 code units, as `string.length`
 * counts): 20 MiB, the same as the largest document Hopscope reads (model/limits.ts's
 * MAX_DOCUMENT_SIZE, on its way from another branch; one constant once both are in).
 */
/** A message may carry a whole document, so it may be as large as one (model/limits). */
export const MAX_MESSAGE_SIZE = MAX_DOCUMENT_SIZE;

/**
 * About how large a message is: the characters of its strings and keys, the bytes of its binary
 * data, a few for anything else. Stops counting once past `limit` (a hostile message can be huge or
 * deeply nested); shared or cyclic parts are counted once.
 */
export function messageSize(data: unknown, limit = MAX_MESSAGE_SIZE): number {
  let total = 0;
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (total > limit) return;
    if (typeof v === 'string') total += v.length;
    else if (v instanceof ArrayBuffer) total += v.byteLength;
    else if (ArrayBuffer.isView(v)) total += v.byteLength;
    else if (v && typeof v === 'object') {
      if (seen.has(v) || depth > 64) return;
      seen.add(v);
      if (v instanceof Map)
        for (const [k, x] of v) {
          walk(k, depth + 1);
          walk(x, depth + 1);
        }
      else if (v instanceof Set) for (const x of v) walk(x, depth + 1);
      else
        for (const k of Object.keys(v)) {
          total += k.length;
          walk((v as Record<string, unknown>)[k], depth + 1);
          if (total > limit) return;
        }
    } else total += 8;
  };
  walk(data, 0);
  return total;
}

/** "20 MiB", "1.5 MiB". */
const mib = (n: number) => `${+(n / 1024 / 1024).toFixed(1)} MiB`;

export type Parsed = { ok: true; command: EmbedCommand; id?: string | number } | { ok: false; for: string | null; id?: string | number; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'ICMP'];

/** Check a message's shape; never throws. */
export function parseCommand(data: unknown): Parsed {
  if (!isObject(data) || typeof data.type !== 'string') return { ok: false, for: null, error: 'A message must be an object with a string "type".' };
  const type = data.type.replace(/^hopscope:/, '').slice(0, 100);
  const id = typeof data.id === 'string' || (typeof data.id === 'number' && Number.isFinite(data.id)) ? data.id : undefined;
  const fail = (error: string): Parsed => ({ ok: false, for: type, ...(id !== undefined ? { id } : {}), error });
  if (messageSize(data) > MAX_MESSAGE_SIZE)
    return fail(`The message is larger than ${mib(MAX_MESSAGE_SIZE)}, the most the embed takes: it was not read. Send a smaller document.`);
  const ok = (command: EmbedCommand): Parsed => ({ ok: true, command, ...(id !== undefined ? { id } : {}) });
  switch (type) {
    case 'play':
    case 'pause':
      return ok({ type });
    case 'step': {
      const d = data.delta ?? 1;
      if (typeof d !== 'number' || !Number.isInteger(d) || Math.abs(d) > 10_000) return fail('"delta" must be an integer.');
      return ok({ type, delta: d });
    }
    case 'setLanguage':
      if (data.lng !== 'en' && data.lng !== 'zh') return fail('"lng" must be "en" or "zh".');
      return ok({ type, lng: data.lng });
    case 'load': {
      if (typeof data.yaml !== 'string' || !data.yaml.trim()) return fail('"yaml" must be the document as a non-empty string.');
      const r = data.request;
      if (r === undefined) return ok({ type, yaml: data.yaml });
      if (!isObject(r) || typeof r.from !== 'string' || typeof r.to !== 'string' || !r.from || !r.to)
        return fail('"request" must be { from: string, to: string, protocol? }.');
      if (r.protocol !== undefined && (typeof r.protocol !== 'string' || !PROTOCOLS.includes(r.protocol)))
        return fail('"request.protocol" must be TCP, UDP or ICMP.');
      return ok({ type, yaml: data.yaml, request: { from: r.from, to: r.to, ...(r.protocol ? { protocol: r.protocol as TraceProtocol } : {}) } });
    }
    default:
      return fail(`Unknown message type "${data.type}".`);
  }
}

// Who may talk to the embed is embed-origins.ts (loaded with the embed; the commands' code loads with the first one).
export { allowedOrigins, normalizeOrigin } from './embed-origins';
