// File → Save as YAML off the main thread: writing a 1,000-node cluster's YAML takes seconds (model/write-document.ts).
import { writeDocument } from '../model/write-document';
import { answerJobs } from './one-job';
import type { WriteDocumentRequest } from './write-document-client';

answerJobs((r: WriteDocumentRequest) => writeDocument(JSON.parse(r.json) as unknown, r.format));
