import type { DocumentFormat } from '../model/write-document';
import { oneJob } from './one-job';

/** What the page sends: the document as JSON text (a string crosses to the worker without walking the object graph). */
export interface WriteDocumentRequest {
  json: string;
  format: DocumentFormat;
}

/**
 * The document as the text of a file, written by a worker of its own (started for the one save, then ended) so the
 * page stays responsive; JSON is written in place (JSON.stringify of a 1,000-node cluster is ~60 ms). The writer is
 * loaded when asked for: the app ships without the YAML library.
 */
export async function writeDocumentOffThread(doc: unknown, format: DocumentFormat): Promise<string> {
  if (format === 'json' || typeof Worker === 'undefined') return (await import('../model/write-document')).writeDocument(doc, format);
  const worker = new Worker(new URL('./write-document.worker.ts', import.meta.url), { type: 'module' });
  return oneJob<string>(worker, { json: JSON.stringify(doc), format } satisfies WriteDocumentRequest, 'the writer did not start');
}
