/**
 * The canvas as a picture (SVG or PNG) at the frame on screen, drawn by the pure renderer
 * (src/render) from the document, its layout and the trace, not copied from the page: vector
 * art that fits everything, with a caption, and the document inside so that opening the file
 * in Hopscope brings it back. Both are drawn in a worker (worker/picture.worker.ts), the PNG on a
 * canvas there (render/raster.ts). Loaded only when a picture is asked for.
 */
import type { Trace } from '../../model/trace';
import { embeddedJson, type ThemeName } from '../../render';
import { pictureOffThread } from '../../worker/picture-client';

export interface PictureOptions {
  document: unknown;
  trace: Trace | null;
  hop: number;
  theme: ThemeName;
  collapsed: string[];
  groupByNamespace: boolean;
  autoLayout: boolean;
}

/**
 * The picture's file, an SVG (UTF-8) or a PNG (at `scale`), the document, the request and the hop inside it.
 * @throws Error when the browser cannot draw it.
 */
export async function picture(kind: 'svg' | 'png', o: PictureOptions, scale = 2): Promise<Uint8Array> {
  const { document, ...shown } = o;
  const json = embeddedJson({ document, ...(o.trace ? { request: o.trace.request, hop: o.hop } : {}) });
  return pictureOffThread({ kind, json, ...shown, scale });
}
