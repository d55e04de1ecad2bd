// File → Save as YAML off the main thread: writing a 1,000-node cluster's YAML takes seconds (document-text.ts).
import { documentText } from '../model/document-text';
import type { DocumentTextRequest, DocumentTextReply } from './document-text-client';

const scope = self as unknown as { onmessage: ((e: MessageEvent<DocumentTextRequest>) => void) | null; postMessage(message: DocumentTextReply): void };
scope.onmessage = ({ data }) => {
  try {
    scope.postMessage({ ok: true, text: documentText(JSON.parse(data.json) as unknown, data.format) });
  } catch (e) {
    scope.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
