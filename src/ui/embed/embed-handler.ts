import type { Language } from '../../i18n';
import type { AppStoreApi } from '../../store';
import type { Message } from '../../model/message';
import { parseCommand, type EmbedCommand, type EmbedReply } from './embed-api';

type Id = string | number | undefined;
type Reply = (r: EmbedReply) => void;

/** What running a command came to: done, refused (a sentence), or overtaken by a newer load. */
type Outcome = { done: true } | { error: string } | { superseded: true };

const withId = (id: Id) => (id !== undefined ? { id } : {});

/**
 * Answers the embedding page's commands (see embed-api.ts) against `store`. Loads are run one at a
 * time: a load waiting its turn is answered `superseded` as soon as a newer one arrives, and one that
 * was running when a newer one arrived is answered `superseded` when it ends. So a burst of loads
 * opens at most two documents, the last one wins, and none is reported as refused for being overtaken.
 */
export function createEmbedHandler(store: AppStoreApi, word: () => (m: Message | string) => string, setLanguage: (lng: Language) => Promise<unknown>) {
  let newest = 0;
  let newestId: Id;
  let running = false;
  let waiting: { seq: number; command: Extract<EmbedCommand, { type: 'load' }>; id: Id; reply: Reply } | null = null;

  const superseded = (id: Id, reply: Reply) =>
    reply({ type: 'hopscope:superseded', for: 'load', ...withId(id), ...(newestId !== undefined ? { by: newestId } : {}) });

  async function load(c: Extract<EmbedCommand, { type: 'load' }>, seq: number): Promise<Outcome> {
    const overtaken = () => seq !== newest;
    // NOTE: cleared first, so a refusal is told apart from a load another openText overtook.
    store.setState({ importProblems: null });
    const ok = await store.getState().openText(c.yaml, 'message');
    if (overtaken()) return { superseded: true };
    if (!ok) {
      const p = store.getState().importProblems?.problems;
      if (!p) return { superseded: true };
      return {
        error: `The document was refused: ${
          p
            .map((x) => (x.path ? `${x.path}: ${x.message}` : x.message))
            .slice(0, 5)
            .join('; ') || 'it could not be read'
        }`,
      };
    }
    // The embed shows a notice (a restarted simulator) until the next document is on screen.
    store.getState().dismissNotice();
    if (c.request) {
      const t = store.getState();
      t.setFrom(c.request.from);
      t.setTo(c.request.to);
      t.setProtocol(c.request.protocol ?? 'TCP');
      t.setChoice(null);
      await t.runTrace();
      if (overtaken()) return { superseded: true };
      const after = store.getState();
      if (after.traceError) return { error: word()(after.traceError) };
    }
    return { done: true };
  }

  async function pump() {
    running = true;
    while (waiting) {
      const job = waiting;
      waiting = null;
      const outcome = await load(job.command, job.seq).catch((e: unknown): Outcome => ({ error: e instanceof Error ? e.message : String(e) }));
      if ('superseded' in outcome || job.seq !== newest) superseded(job.id, job.reply);
      else if ('error' in outcome) job.reply({ type: 'hopscope:error', for: 'load', ...withId(job.id), error: outcome.error });
      else job.reply({ type: 'hopscope:ack', for: 'load', ...withId(job.id) });
    }
    running = false;
  }

  async function other(c: Exclude<EmbedCommand, { type: 'load' }>): Promise<string | null> {
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
        await setLanguage(c.lng);
        return null;
    }
  }

  /** Handle one message's data; every command is answered exactly once through `reply`. */
  return function handle(data: unknown, reply: Reply): void {
    const parsed = parseCommand(data);
    if (!parsed.ok) {
      reply({ type: 'hopscope:error', for: parsed.for, ...withId(parsed.id), error: parsed.error });
      return;
    }
    const { command, id } = parsed;
    if (command.type === 'load') {
      const seq = ++newest;
      newestId = id;
      if (waiting) superseded(waiting.id, waiting.reply);
      waiting = { seq, command, id, reply };
      if (!running) void pump();
      return;
    }
    void other(command)
      .catch((e: unknown) => (e instanceof Error ? e.message : String(e)))
      .then((error) =>
        reply(error ? { type: 'hopscope:error', for: command.type, ...withId(id), error } : { type: 'hopscope:ack', for: command.type, ...withId(id) }),
      );
  };
}
