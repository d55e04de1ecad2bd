import type { DocumentFormat } from '../model/write-document';
import { oneJob } from './one-job';

/** What the page sends: the document as JSON text (a string crosses to the worker without walking the object graph). */
export interface WriteDocumentRequest {
  json: string;
  format: DocumentFormat;
}

/** Past this much JSON a JSON file is written by the worker too (pretty-printing a 1,000-node cluster's 6.5 MB is ~140 ms). */
const JSON_IN_PLACE_CHARS = 1 << 20;

/**
 * The document as the text of a file, written by a worker of its own (started for the one save, then ended) so the
 * page stays responsive. `json` is the document's JSON text (the store keeps the one it sent the simulator: `docJson`),
 * so the page does not write it out again. A small document's JSON is written in place, and so is any
 * JSON whose writer does not start: it needs no library the app lacks, so saving JSON never fails for want of a
 * worker. The writer is loaded when asked for: the app ships without the YAML library.
 */
export async function writeDocumentOffThread(doc: unknown, format: DocumentFormat, json: string): Promise<string> {
  const inPlace = () => import('../model/write-document').then((m) => m.writeDocument(doc, format));
  if (typeof Worker === 'undefined' || (format === 'json' && json.length < JSON_IN_PLACE_CHARS)) return inPlace();
  const worker = new Worker(new URL('./write-document.worker.ts', import.meta.url), { type: 'module' });
  const written = oneJob<string>(worker, { json, format } satisfies WriteDocumentRequest, 'the writer did not start');
  return format === 'json' ? written.catch(inPlace) : written;
}
