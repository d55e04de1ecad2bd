/**
 * The canvas as a picture (SVG or PNG) at the frame on screen, drawn by the pure renderer
 * (src/render) from the document, its layout and the trace, not copied from the page: vector
 * art that fits everything, with a caption, and the document inside so that opening the file
 * in Hopscope brings it back. Both are drawn in a worker (worker/picture.worker.ts), the PNG on a
 * canvas there (render/raster.ts). Loaded only when a picture is asked for.
 */
import { embeddedJson } from '../../render';
import { pictureOffThread, type PictureRequest } from '../../worker/picture-client';

/** The document and what the canvas shows of it. */
export type PictureOptions = Omit<PictureRequest, 'kind' | 'json' | 'scale'> & { document: unknown };

/**
 * The picture's file, an SVG (UTF-8) or a PNG (at `scale`), the document, the request and the hop inside it.
 * @throws Error when the browser cannot draw it.
 */
export async function picture(kind: 'svg' | 'png', o: PictureOptions, scale = 2): Promise<Uint8Array> {
  const { document, ...shown } = o;
  const json = embeddedJson({ document, ...(o.trace ? { request: o.trace.request, hop: o.hop } : {}) });
  return pictureOffThread({ kind, json, ...shown, scale });
}
