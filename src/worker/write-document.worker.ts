// File → Save as YAML off the main thread: writing a 1,000-node cluster's YAML takes seconds (model/write-document.ts).
import { writeDocument } from '../model/write-document';
import type { WriteDocumentRequest, WriteDocumentReply } from './write-document-client';

const scope = self as unknown as { onmessage: ((e: MessageEvent<WriteDocumentRequest>) => void) | null; postMessage(message: WriteDocumentReply): void };
scope.onmessage = ({ data }) => {
  try {
    scope.postMessage({ ok: true, text: writeDocument(JSON.parse(data.json) as unknown, data.format) });
  } catch (e) {
    scope.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
