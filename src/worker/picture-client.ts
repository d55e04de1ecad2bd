import type { Trace } from '../model/trace';
import type { ThemeName } from '../render/theme';
import { oneJob } from './one-job';

/**
 * What the page sends to draw a picture: the payload the picture carries (embeddedJson: the document, the request and
 * the hop, one string: it crosses to the worker without walking the object graph) and what the canvas shows of it.
 */
export interface PictureRequest {
  kind: 'svg' | 'png';
  json: string;
  trace: Trace | null;
  hop: number;
  theme: ThemeName;
  /** Canvas ids of the nodes drawn collapsed (collapsedForTrace). */
  collapsed: string[];
  groupByNamespace: boolean;
  /** Whether the canvas places the document with the automatic layout (it had to load it). */
  autoLayout: boolean;
  /** Pixels per unit of a PNG (2: sharp on high-density screens). */
  scale: number;
}

/**
 * The picture drawn by a worker of its own (started for the one export, then ended): at 1,000 nodes the page spent
 * ~0.3 s placing and writing the SVG, and a PNG drawn through an <img> was one more 1.3-2.3 s task.
 */
export async function pictureOffThread(request: PictureRequest): Promise<Uint8Array> {
  const worker = new Worker(new URL('./picture.worker.ts', import.meta.url), { type: 'module' });
  // The picture's file: an SVG's UTF-8 text or a PNG.
  return oneJob<Uint8Array>(worker, request, 'the picture writer did not start');
}
