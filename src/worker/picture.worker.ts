// Export → SVG and PNG off the main thread: the document read, placed and drawn here by the pure renderer (render/svg.ts),
// a PNG drawn on an OffscreenCanvas (render/raster.ts) and the document put in its iTXt chunk.
import { displayTopology } from '../model/display';
import type { Doc } from '../model/doc';
import { parseEmbeddedJson, PNG_KEYWORD } from '../render/embed';
import { utf8Encode, withPngText } from '../render/png';
import { drawSvg, rasterSize, type Pen } from '../render/raster';
import { renderSvg } from '../render/svg';
import { answerJobs } from './one-job';
import type { PictureRequest } from './picture-client';

// NOTE: the file's bytes, moved rather than copied: a 1,000-node SVG's text (9 MB) took the page ~60-80 ms to receive.
answerJobs(draw, (bytes) => [bytes.buffer]);

async function draw(r: PictureRequest): Promise<Uint8Array> {
  const embed = parseEmbeddedJson(r.json);
  if (!embed) throw new Error('The picture has no document.');
  // The canvas's own view of the document (store/edit-selectors.ts viewOf): drawn even while it has problems.
  const topology = displayTopology(embed.document as Doc);
  const svg = renderSvg({
    topology,
    trace: r.trace,
    hop: r.hop,
    theme: r.theme,
    collapsed: new Set(r.collapsed),
    groupByNamespace: r.groupByNamespace,
    autoLayout: r.autoLayout ? (await import('../layout/auto-layout')).autoLayout : null,
    // A PNG carries the document in a chunk of its own: its SVG is drawn without it.
    embed: r.kind === 'svg' ? embed : null,
  });
  return r.kind === 'svg' ? utf8Encode(svg) : withPngText(await png(svg, r.scale), PNG_KEYWORD, r.json);
}

async function png(svg: string, scale: number): Promise<Uint8Array> {
  const { width, height } = rasterSize(svg, scale);
  const canvas = new OffscreenCanvas(width, height);
  const pen = canvas.getContext('2d');
  if (!pen) throw new Error('This browser cannot draw a PNG.');
  drawSvg(svg, pen as unknown as Pen, width, height);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}
