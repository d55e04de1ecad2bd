import { useEffect, useRef } from 'react';
import { setLanguage } from '../../i18n';
import type { AppStoreApi } from '../../store';
import { framesIn } from '../../store';
import { useWording } from '../lib/useWording';
import type { EmbedEvent, EmbedReply } from './embed-api';
import type { createEmbedHandler } from './embed-handler';
import { allowedOrigins } from './embed-origins';

const OWN_TYPES: ReadonlySet<unknown> = new Set(['hopscope:ack', 'hopscope:error', 'hopscope:superseded', 'hopscope:ready', 'hopscope:frame']);

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
    // NOTE: the commands' code loads with the first command; commands arriving meanwhile wait, in order.
    let handle: ReturnType<typeof createEmbedHandler> | null = null;
    let waiting: [unknown, (r: EmbedReply) => void][] | null = null;
    let stopped = false;
    const onMessage = (ev: MessageEvent) => {
      if (!origins.includes(ev.origin) || !ev.source) return;
      const reply = (r: EmbedReply) => (ev.source as WindowProxy).postMessage(r, ev.origin);
      // Our own replies and events come back when the embed is opened on its own (parent === window): not commands.
      if (OWN_TYPES.has((ev.data as { type?: unknown } | null)?.type)) return;
      if (handle) return handle(ev.data, reply);
      if (waiting) return void waiting.push([ev.data, reply]);
      waiting = [[ev.data, reply]];
      void import('./embed-handler').then(
        ({ createEmbedHandler }) => {
          if (stopped) return;
          const h = createEmbedHandler(
            store,
            () => wording.current,
            (lng) => setLanguage(lng, false),
          );
          handle = h;
          for (const [data, r] of waiting ?? []) h(data, r);
          waiting = null;
        },
        (e: unknown) => {
          // Every command is answered once: those that waited are refused, and the next one tries again.
          const error = `The embed could not load its command handler: ${e instanceof Error ? e.message : String(e)}`;
          for (const [data, r] of waiting ?? [])
            r({
              type: 'hopscope:error',
              for: (data as { type?: unknown } | null)?.type === undefined ? null : String((data as { type: unknown }).type),
              error,
            });
          waiting = null;
        },
      );
    };
    window.addEventListener('message', onMessage);
    tell({ type: 'hopscope:ready' });
    const unsub = store.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.trace !== prev.trace || s.playing !== prev.playing)
        tell({ type: 'hopscope:frame', frame: s.frame, frames: framesIn(s.trace), playing: s.playing });
    });
    return () => {
      stopped = true;
      window.removeEventListener('message', onMessage);
      unsub();
    };
  }, [store]);
}
