/**
 * The embed's postMessage API. A page that embeds Hopscope in an iframe drives it with messages:
 *
 *   { type: 'load', yaml: string, request?: { from, to, protocol? } }   a document (YAML or JSON), optionally traced
 *   { type: 'play' } | { type: 'pause' }
 *   { type: 'step', delta: integer }                                    move by delta hops (pauses)
 *   { type: 'setLanguage', lng: 'en' | 'zh' }
 *
 * (`hopscope:`-prefixed types are accepted too.) An optional `id` (string or number) is echoed in
 * the reply: `{ type: 'hopscope:ack', for, id }` or `{ type: 'hopscope:error', for, id, error }`.
 * Messages are taken only from this page's own origin and the origins listed in `?origins=`
 * (comma-separated); anything else is ignored without a reply.
 */
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
  | { type: 'hopscope:error'; for: string | null; id?: string | number; error: string };

/** Events the embed sends on its own: it is ready, and the frame it shows. */
export type EmbedEvent =
  | { type: 'hopscope:ready' }
  | { type: 'hopscope:frame'; frame: number; frames: number; playing: boolean };

/** Documents above this size are refused (a message is not a file upload). */
export const MAX_YAML_CHARS = 2_000_000;

export type Parsed =
  | { ok: true; command: EmbedCommand; id?: string | number }
  | { ok: false; for: string | null; id?: string | number; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'ICMP'];

/** Check a message's shape; never throws. */
export function parseCommand(data: unknown): Parsed {
  if (!isObject(data) || typeof data.type !== 'string') return { ok: false, for: null, error: 'A message must be an object with a string "type".' };
  const type = data.type.replace(/^hopscope:/, '');
  const id = typeof data.id === 'string' || (typeof data.id === 'number' && Number.isFinite(data.id)) ? data.id : undefined;
  const fail = (error: string): Parsed => ({ ok: false, for: type, ...(id !== undefined ? { id } : {}), error });
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
      if (data.yaml.length > MAX_YAML_CHARS) return fail(`The document is larger than ${MAX_YAML_CHARS} characters.`);
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

/** The origins an embed listens to: its own, and those of `?origins=` (exact origins, comma-separated). */
export function allowedOrigins(search: string, own: string): string[] {
  const listed = (new URLSearchParams(search).get('origins') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => {
      try {
        return new URL(s).origin === s;
      } catch {
        return false;
      }
    });
  return [...new Set([own, ...listed])];
}
