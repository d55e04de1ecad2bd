import { useEffect, useRef } from 'react';
import { setLanguage } from '../../i18n';
import type { AppStoreApi } from '../../store';
import { framesIn } from '../../store';
import type { Message } from '../../model/message';
import { useWording } from '../lib/useWording';
import { allowedOrigins, parseCommand, type EmbedCommand, type EmbedEvent, type EmbedReply } from './embed-api';

const OWN_TYPES: ReadonlySet<unknown> = new Set(['hopscope:ack', 'hopscope:error', 'hopscope:ready', 'hopscope:frame']);

async function run(store: AppStoreApi, c: EmbedCommand, word: (m: Message | string) => string): Promise<string | null> {
  const s = store.getState();
  switch (c.type) {
    case 'play':
      if (!s.trace) return 'There is no trace to play.';
      s.play();
      return null;
    case 'pause':
      s.pause();
      return null;
    case 'step':
      if (!s.trace) return 'There is no trace to step through.';
      s.step(c.delta);
      return null;
    case 'setLanguage':
      await setLanguage(c.lng, false);
      return null;
    case 'load': {
      const ok = await s.openText(c.yaml, 'message');
      if (!ok) {
        const p = store.getState().importProblems?.problems ?? [];
        return `The document was refused: ${p.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)).slice(0, 5).join('; ') || 'it could not be read'}`;
      }
      if (c.request) {
        const t = store.getState();
        t.setFrom(c.request.from);
        t.setTo(c.request.to);
        t.setProtocol(c.request.protocol ?? 'TCP');
        t.setChoice(null);
        await t.runTrace();
        const after = store.getState();
        if (after.traceError) return word(after.traceError);
      }
      return null;
    }
  }
}

/**
 * Listen for commands from the embedding page (see embed-api.ts), answer each, and tell the page
 * when the embed is ready and which frame it shows.
 */
export function useEmbedApi(store: AppStoreApi) {
  // NOTE: read through a ref, so a language switch does not re-subscribe (and announce `ready` again).
  const word = useWording();
  const wording = useRef(word);
  useEffect(() => {
    wording.current = word;
  }, [word]);
  useEffect(() => {
    const origins = allowedOrigins(location.search, location.origin);
    const parent = window.parent !== window ? window.parent : null;
    const tell = (e: EmbedEvent) => {
      // NOTE: posting with a targetOrigin that is not the parent's is silently dropped, so only allowed pages hear it.
      if (parent) for (const o of origins) parent.postMessage(e, o);
    };
    const onMessage = (ev: MessageEvent) => {
      if (!origins.includes(ev.origin) || !ev.source) return;
      const reply = (r: EmbedReply) => (ev.source as WindowProxy).postMessage(r, ev.origin);
      // Our own replies and events come back when the embed is opened on its own (parent === window): not commands.
      if (OWN_TYPES.has((ev.data as { type?: unknown } | null)?.type)) return;
      const parsed = parseCommand(ev.data);
      if (!parsed.ok) {
        reply({ type: 'hopscope:error', for: parsed.for, ...(parsed.id !== undefined ? { id: parsed.id } : {}), error: parsed.error });
        return;
      }
      const { command, id } = parsed;
      const withId = id !== undefined ? { id } : {};
      void run(store, command, (m) => wording.current(m))
        .catch((e: unknown) => (e instanceof Error ? e.message : String(e)))
        .then((error) =>
          reply(error ? { type: 'hopscope:error', for: command.type, ...withId, error } : { type: 'hopscope:ack', for: command.type, ...withId }),
        );
    };
    window.addEventListener('message', onMessage);
    tell({ type: 'hopscope:ready' });
    const unsub = store.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.trace !== prev.trace || s.playing !== prev.playing)
        tell({ type: 'hopscope:frame', frame: s.frame, frames: framesIn(s.trace), playing: s.playing });
    });
    return () => {
      window.removeEventListener('message', onMessage);
      unsub();
    };
  }, [store]);
}
