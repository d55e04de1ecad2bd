// Export → PNG off the main thread: the picture drawn on an OffscreenCanvas and encoded here (render/raster.ts).
import { drawSvg, rasterSize, type Pen } from '../render/raster';
import { PNG_KEYWORD } from '../render/embed';
import { withPngText } from '../render/png';
import type { PngReply, PngRequest } from './png-client';

const scope = self as unknown as { onmessage: ((e: MessageEvent<PngRequest>) => void) | null; postMessage(message: PngReply, transfer?: Transferable[]): void };
scope.onmessage = ({ data }) => void draw(data);

async function draw(data: PngRequest): Promise<void> {
  try {
    const { width, height } = rasterSize(data.svg, data.scale);
    const canvas = new OffscreenCanvas(width, height);
    const pen = canvas.getContext('2d');
    if (!pen) throw new Error('This browser cannot draw a PNG.');
    drawSvg(data.svg, pen as unknown as Pen, width, height);
    const png = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    const bytes = data.text === null ? png : withPngText(png, PNG_KEYWORD, data.text);
    scope.postMessage({ ok: true, bytes }, [bytes.buffer]);
  } catch (e) {
    scope.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
}
