/**
 * The canvas as a picture (SVG or PNG) at the frame on screen, drawn by the pure renderer
 * (src/render) from the document, its layout and the trace, not copied from the page: vector
 * art that fits everything, with a caption, and the document inside so that opening the file
 * in Hopscope brings it back. The PNG is the SVG rasterised by the browser (an Image drawn on a
 * canvas). Loaded only when a picture is asked for.
 */
import { embeddedJson, PNG_KEYWORD, renderSvg, withPngText, type RenderOptions } from '../../render';

/** Longest side of a PNG, in pixels (browsers refuse much bigger canvases). */
const MAX_SIDE = 8192;

export function svgPicture(o: RenderOptions): string {
  return renderSvg(o);
}

/**
 * The SVG rasterised at `scale` (2: sharp on high-density screens), with the document in an iTXt chunk.
 * @throws Error when the browser cannot draw it.
 */
export async function pngPicture(svg: string, o: Pick<RenderOptions, 'embed'>, scale = 2): Promise<Uint8Array> {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  const w = Number(m?.[1] ?? 0);
  const h = Number(m?.[2] ?? 0);
  if (!w || !h) throw new Error('The picture has no size.');
  const k = Math.min(scale, MAX_SIDE / w, MAX_SIDE / h);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * k);
    canvas.height = Math.round(h * k);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw a PNG.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('This browser cannot draw a PNG.');
    const png = new Uint8Array(await blob.arrayBuffer());
    return o.embed ? withPngText(png, PNG_KEYWORD, embeddedJson(o.embed)) : png;
  } finally {
    URL.revokeObjectURL(url);
  }
}
