/**
 * The worker's half of File → Import from cluster, loaded with the first import (the embed never loads it): the
 * kubectl output read (a file is read here: a 1,000-node cluster's is over 100 MB), made into a document, and written
 * out whole and in slices (model/doc-slices.ts) for the page. Not validated: the load the page asks for next is.
 */
import { writeSliced } from '../model/doc-slices';
import type { Doc } from '../model/edit';
import { convertKubectl, fromObjects, type KubectlImportOptions, type KubectlOrigins } from '../model/kubectl-import';
import type { KubectlImportReply } from './protocol';

/** The import's answer, and what the simulator keeps of an accepted one for the load of its text. */
export interface Imported {
  reply: KubectlImportReply;
  made?: { text: string; document: Doc; origins: KubectlOrigins; fromObjects: typeof fromObjects };
}

export async function importKubectl(input: string | Blob, options: KubectlImportOptions): Promise<Imported> {
  // NOTE: read whole, then parsed: a streaming read (file.stream(), each item parsed as its text came) was slower, its
  // scan and slicing in script costing more than the parse it overlapped (a 1,000-node List, 147 MB, in a worker,
  // alternated: 0.9-2.5 s against text() + JSON.parse's 0.8-1.5 s); arrayBuffer() + TextDecoder and FileReaderSync
  // were no faster than text() (medians 580 and 617 ms against 612, 6 runs each).
  const r = convertKubectl(typeof input === 'string' ? input : await input.text(), options);
  if (!r.ok) return { reply: { ok: false, problems: r.problems } };
  const { text, sliced } = writeSliced(r.document);
  return {
    reply: { ok: true, text, sliced, warnings: r.warnings },
    made: { text, document: r.document as unknown as Doc, origins: r.origins, fromObjects },
  };
}
