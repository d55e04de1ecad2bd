/**
 * The worker's half of File → Import from cluster, loaded with the first import (the embed never loads it): the
 * kubectl output read (a file is read here: a 1,000-node cluster's is over 100 MB), made into a document, and written
 * out whole and in slices (model/doc-slices.ts) for the page. Not validated: the load the page asks for next is.
 */
import { writeSliced } from '../model/doc-slices';
import type { Doc } from '../model/edit';
import { convertKubectl, fromObjects, readKubectl, type KubectlImportOptions, type KubectlOrigins, type KubectlRead } from '../model/kubectl-import';
import { joinedReads, listHalves, readFirstHalf, type HalfRead } from '../model/kubectl-import/list-halves';
import type { HalfAsk } from './import-half.worker';
import type { KubectlImportReply } from './protocol';

/** The import's answer, and what the simulator keeps of an accepted one for the load of its text. */
export interface Imported {
  reply: KubectlImportReply;
  made?: { text: string; document: Doc; origins: KubectlOrigins; fromObjects: typeof fromObjects };
}

/**
 * The import of the file the dialog holds, made as it was picked (`pick`), for the Import of that file with the same
 * options that follows: at 1,000 nodes reading, parsing and converting the file is ~1.5 s of this thread, done while the
 * person looks at the dialog.
 */
let picked: Pick | null = null;

interface Pick {
  file: Blob;
  options: KubectlImportOptions;
  /** Its import; null when dropped before it was made (another file, a text, the dialog closed). */
  made: Promise<Imported | null>;
  dropped: boolean;
  /** Stops the worker reading its second half, if one is (one JSON.parse cannot be stopped but by its worker's end). */
  stop?: () => void;
}

export async function importKubectl(input: string | Blob, options: KubectlImportOptions & { pick?: boolean }): Promise<Imported> {
  const { pick, ...importOptions } = options;
  if (pick) {
    // (A text, the empty one the dialog sends as it closes or takes a pasted text, drops the import kept.)
    take(null);
    if (typeof input !== 'string') {
      const p: Pick = { file: input, options: importOptions, made: Promise.resolve(null), dropped: false };
      p.made = made(
        input,
        importOptions,
        () => !p.dropped,
        (stop) => (p.stop = stop),
      );
      picked = p;
    }
    const r = await picked?.made;
    return { reply: { ok: false, problems: r && !r.reply.ok ? r.reply.problems : [] } };
  }
  // (Taken: a second import of it, another CNI asked for, is made again.)
  const kept = take(typeof input === 'string' ? null : (p) => sameFile(p.file, input) && sameOptions(p.options, importOptions));
  return (await kept?.made) ?? (await made(input, importOptions));
}

/** The pick kept, taken when `wanted` says it is the one asked for; any other is dropped (its work stops at its next step). */
function take(wanted: ((p: Pick) => boolean) | null): Pick | null {
  const p = picked;
  picked = null;
  if (!p) return null;
  if (wanted?.(p)) return p;
  p.dropped = true;
  p.stop?.();
  return null;
}

// NOTE: read whole, then parsed: a streaming read (file.stream(), each item parsed as its text came) was slower, its
// scan and slicing in script costing more than the parse it overlapped (a 1,000-node List, 147 MB, in a worker,
// alternated: 0.9-2.5 s against text() + JSON.parse's 0.8-1.5 s); arrayBuffer() + TextDecoder and FileReaderSync
// were no faster than text() (medians 580 and 617 ms against 612, 6 runs each).
async function made(input: string | Blob, options: KubectlImportOptions): Promise<Imported>;
/**
 * (`wanted`: asked between its steps, a pick dropped meanwhile stops there with null: a step is ~0.5 s at 1,000 nodes;
 * `onStop` is handed what stops the read of a second half at once.)
 */
async function made(input: string | Blob, options: KubectlImportOptions, wanted: () => boolean, onStop: (stop: () => void) => void): Promise<Imported | null>;
async function made(input: string | Blob, options: KubectlImportOptions, wanted = () => true, onStop = (_: () => void) => {}): Promise<Imported | null> {
  const read = await readWanted(input, wanted, onStop);
  // (A task apart: a message dropping the pick is taken between the parse and the convert.)
  await new Promise((resolve) => setTimeout(resolve));
  if (!read || !wanted()) return null;
  const r = convertKubectl(read, options);
  if (!r.ok) return { reply: { ok: false, problems: r.problems } };
  const { text, sliced } = writeSliced(r.document);
  return {
    reply: { ok: true, text, sliced, warnings: r.warnings },
    made: { text, document: r.document as unknown as Doc, origins: r.origins, fromObjects },
  };
}

/** `input` read into its objects, unless no longer `wanted` once read. (Its text is let go here: the convert holds the objects alone.) */
async function readWanted(input: string | Blob, wanted: () => boolean, onStop: (stop: () => void) => void): Promise<KubectlRead | null> {
  const text = typeof input === 'string' ? input : await input.text();
  if (!wanted()) return null;
  const halves = text.length >= SPLIT_FROM && typeof Worker !== 'undefined' ? listHalves(text) : null;
  const read = halves ? await readInHalves(halves, onStop) : undefined;
  return read === undefined ? readKubectl(text) : read;
}

/** The size of text worth a second worker's start (a 1,000-node cluster's List is 147 MB, parsed in ~0.6 s). */
const SPLIT_FROM = 16 * 1024 * 1024;

/**
 * A List's two halves read at once, the second by a worker of its own (import-half.worker.ts); undefined when they are
 * not one List's (the text is then read whole), null when stopped.
 */
async function readInHalves([first, second]: [string, string], onStop: (stop: () => void) => void): Promise<KubectlRead | null | undefined> {
  const helper = new Worker(new URL('./import-half.worker.ts', import.meta.url), { type: 'module' });
  let answer: (reply: unknown) => void = () => {};
  const next = () => new Promise<unknown>((resolve) => (answer = resolve));
  helper.onmessage = (e: MessageEvent) => answer(e.data);
  helper.onerror = () => answer(undefined);
  onStop(() => {
    helper.terminate();
    answer(null);
  });
  try {
    let reply = next();
    helper.postMessage({ text: second } satisfies HalfAsk);
    let list: unknown;
    try {
      list = JSON.parse(first);
    } catch {
      return undefined;
    }
    const head = (await reply) as { head: Record<string, unknown> | null } | null | undefined;
    if (!head?.head) return head === null ? null : undefined;
    const read = readFirstHalf(list, head.head);
    if (!read) return undefined;
    reply = next();
    helper.postMessage({ kind: read.kind, count: read.count } satisfies HalfAsk);
    const half = (await reply) as HalfRead | null | undefined;
    return half ? joinedReads(read, half) : half;
  } finally {
    helper.terminate();
  }
}

/**
 * Whether two copies of a File the page sent (each message clones it) are the same pick: a picked File is a snapshot
 * (reading one changed on disk since fails), so its name, time, size and type tell it.
 */
const sameFile = (a: Blob, b: Blob) =>
  a instanceof File && b instanceof File && a.name === b.name && a.lastModified === b.lastModified && a.size === b.size && a.type === b.type;

const sameOptions = (a: KubectlImportOptions, b: KubectlImportOptions) => a.cni === b.cni && a.title === b.title && a.name === b.name;
