import type { Doc } from '../../model/doc';
import type { DocumentFormat } from '../../model/write-document';
import { writeDocumentOffThread } from '../../worker/write-document-client';

/** Saves `text` as a file named `name` (the browser's download). */
export function downloadText(name: string, text: string, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A document's file name: its name (metadata.name, a library entry's) made safe for a file system, with the format's extension. */
export function documentFileName(name: unknown, format: DocumentFormat): string {
  const safe = typeof name === 'string' ? name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') : '';
  return `${safe || 'topology'}.${format}`;
}

/**
 * Saves `doc`, whose JSON text is `json`, as a file in `format` (File → Save, Share's fallback, a library entry's
 * Export), written off the page's thread when big.
 */
export async function saveDocument(doc: Doc, json: string, format: DocumentFormat, name = documentFileName(doc.metadata.name, format)): Promise<void> {
  const text = await writeDocumentOffThread(doc, format, json);
  downloadText(name, text, format === 'yaml' ? 'application/yaml' : 'application/json');
}
