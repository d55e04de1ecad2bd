/**
 * The canvas as a picture (SVG or PNG) at the frame on screen, drawn by the pure renderer
 * (src/render) from the document, its layout and the trace, not copied from the page: vector
 * art that fits everything, with a caption, and the document inside so that opening the file
 * in Hopscope brings it back. The PNG is that SVG drawn on a canvas in a worker
 * (render/raster.ts). Loaded only when a picture is asked for.
 */
import { embeddedJson, renderSvg, type RenderOptions } from '../../render';
import { pngOffThread } from '../../worker/png-client';

export function svgPicture(o: RenderOptions): string {
  return renderSvg(o);
}

/**
 * The SVG drawn at `scale` (2: sharp on high-density screens) by a worker, with the document in an iTXt chunk.
 * @throws Error when the browser cannot draw it.
 */
export async function pngPicture(svg: string, o: Pick<RenderOptions, 'embed'>, scale = 2): Promise<Uint8Array> {
  return pngOffThread({ svg, scale, text: o.embed ? embeddedJson(o.embed) : null });
}
