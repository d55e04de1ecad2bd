/**
 * The worker's half of File → Import from cluster, loaded with the first import (the embed never loads it): the
 * kubectl output read (a file is read here: a 1,000-node cluster's is over 100 MB), made into a document, and written
 * out whole and in slices (model/doc-slices.ts) for the page. Not validated: the load the page asks for next is.
 */
import { writeSliced } from '../model/doc-slices';
import type { Doc } from '../model/edit';
import { convertKubectl, fromObjects, readKubectl, type KubectlImportOptions, type KubectlOrigins, type KubectlRead } from '../model/kubectl-import';
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
}

/**
 * `wanted`: false once the person has cancelled the import (closed the dialog) since it was asked for; the work stops
 * at its next step and an Import answers without a document (as a pick does).
 */
export async function importKubectl(
  input: string | Blob,
  options: KubectlImportOptions & { pick?: boolean },
  wanted: () => boolean = () => true,
): Promise<Imported> {
  const { pick, ...importOptions } = options;
  const none: Imported = { reply: { ok: false, problems: [] } };
  if (pick) {
    // (A text, the empty one the dialog sends as it closes or takes a pasted text, drops the import kept.)
    take(null);
    if (typeof input !== 'string') {
      const p: Pick = { file: input, options: importOptions, made: Promise.resolve(null), dropped: false };
      p.made = made(input, importOptions, () => !p.dropped && wanted());
      picked = p;
    }
    const r = await picked?.made;
    return { reply: { ok: false, problems: r && !r.reply.ok ? r.reply.problems : [] } };
  }
  // (Taken: a second import of it, another CNI asked for, is made again; so is one whose pick was cancelled before.)
  const kept = take(typeof input === 'string' ? null : (p) => sameFile(p.file, input) && sameOptions(p.options, importOptions));
  return (await kept?.made) ?? (wanted() ? await made(input, importOptions, wanted) : null) ?? none;
}

/** The pick kept, taken when `wanted` says it is the one asked for; any other is dropped (its work stops at its next step). */
function take(wanted: ((p: Pick) => boolean) | null): Pick | null {
  const p = picked;
  picked = null;
  if (!p) return null;
  if (wanted?.(p)) return p;
  p.dropped = true;
  return null;
}

// NOTE: read whole, then parsed: a streaming read (file.stream(), each item parsed as its text came) was slower, its
// scan and slicing in script costing more than the parse it overlapped (a 1,000-node List, 147 MB, in a worker,
// alternated: 0.9-2.5 s against text() + JSON.parse's 0.8-1.5 s); arrayBuffer() + TextDecoder and FileReaderSync
// were no faster than text() (medians 580 and 617 ms against 612, 6 runs each).
// Nor is the List cut at its items (Blob.slice at kubectl's item separator, found by indexOf) any faster on 2 shared
// cores: the halves read and parsed in two workers at once took 425 ms against one worker's 540 (medians of 5, load 6),
// but sending one half's objects to the other (a structured clone) made it 2,181 against 1,699 (load 7.5); pieces read
// in one worker, the next one's text() asked for while this one is parsed, 1,492 (8 pieces) against 1,366 (load 10).
// A first frame from the nodes alone (2.5% into the file) would move every node box when the rest came: the services
// (81% in, after the pods) set the rows above the nodes and the picture's width (layout/auto-layout.ts); the nodes and
// services without the pods place each node box where the whole import does.
/**
 * (`wanted`: asked between its steps, an import dropped meanwhile stops there with null: at 1,000 nodes in a browser's
 * worker the parse is ~0.7 s, the convert ~0.4 s and the writing ~0.1 s. The parse itself cannot be stopped.)
 */
async function made(input: string | Blob, options: KubectlImportOptions, wanted: () => boolean): Promise<Imported | null> {
  const read = await readWanted(input, wanted);
  // (A task apart: a message dropping the import is taken between the parse and the convert, and the convert and the writing.)
  await nextTask();
  if (!read || !wanted()) return null;
  const r = convertKubectl(read, options);
  if (!r.ok) return { reply: { ok: false, problems: r.problems } };
  await nextTask();
  if (!wanted()) return null;
  const { text, sliced } = writeSliced(r.document);
  return {
    reply: { ok: true, text, sliced, warnings: r.warnings },
    made: { text, document: r.document as unknown as Doc, origins: r.origins, fromObjects },
  };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve));

/** `input` read into its objects, unless no longer `wanted` once read. (Its text is let go here: the convert holds the objects alone.) */
async function readWanted(input: string | Blob, wanted: () => boolean): Promise<KubectlRead | null> {
  const text = typeof input === 'string' ? input : await input.text();
  return wanted() ? readKubectl(text) : null;
}

/**
 * Whether two copies of a File the page sent (each message clones it) are the same pick: a picked File is a snapshot
 * (reading one changed on disk since fails), so its name, time, size and type tell it.
 */
const sameFile = (a: Blob, b: Blob) =>
  a instanceof File && b instanceof File && a.name === b.name && a.lastModified === b.lastModified && a.size === b.size && a.type === b.type;

const sameOptions = (a: KubectlImportOptions, b: KubectlImportOptions) => a.cni === b.cni && a.title === b.title && a.name === b.name;
