// A document written as a file off the main thread (File → Save, Share's fallback, a library entry's Export): a 1,000-node
// cluster's YAML takes seconds, its pretty-printed JSON ~140 ms (model/write-document.ts; small JSON is written in place).
import { writeDocument } from '../model/write-document';
import { answerJobs } from './one-job';
import type { WriteDocumentRequest } from './write-document-client';

answerJobs((r: WriteDocumentRequest) => writeDocument(JSON.parse(r.json) as unknown, r.format));
