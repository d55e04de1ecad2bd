/**
 * The renderer's SVG (svg.ts) drawn on a 2D canvas, element by element, so that a PNG can be drawn in a worker: a
 * browser draws an SVG only through an <img> on the page's thread (at 1,000 nodes a 2.3 s task of parse, layout and
 * raster), and no browser decodes an SVG in a worker. It reads the few elements svg.ts writes (rect, circle, path of
 * M, L and C, text; the rest is not drawn) and throws on any other: a new kind of element must be taught here too.
 * Pure: the canvas is the caller's.
 */
import { FONT } from './text';
import { unescapeXml } from './xml';

/** Longest side of a PNG, in pixels (browsers refuse much bigger canvases). */
const MAX_SIDE = 8192;

/** What of a CanvasRenderingContext2D (an OffscreenCanvas's in the worker) the drawing uses. */
export interface Pen {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: unknown;
  lineCap: unknown;
  globalAlpha: number;
  font: string;
  textAlign: unknown;
  setLineDash(segments: number[]): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  roundRect(x: number, y: number, w: number, h: number, radius: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
}

/** The picture's box (its viewBox) and the canvas's size in pixels at `scale` (less when a side would pass MAX_SIDE). */
export function rasterSize(svg: string, scale: number): { x: number; y: number; w: number; h: number; width: number; height: number } {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)" viewBox="(-?[\d.]+) (-?[\d.]+) [\d.]+ [\d.]+"/.exec(svg);
  const w = Number(m?.[1] ?? 0);
  const h = Number(m?.[2] ?? 0);
  if (!w || !h) throw new Error('The picture has no size.');
  const k = Math.min(scale, MAX_SIDE / w, MAX_SIDE / h);
  return { x: Number(m![3]), y: Number(m![4]), w, h, width: Math.round(w * k), height: Math.round(h * k) };
}

// Elements svg.ts writes that draw nothing: the document's head and the embedded document.
const UNDRAWN = new Set(['?xml', 'svg', '/svg', 'title', '/title', 'metadata', '/metadata', 'hopscope', '/hopscope', 'style', '/style', '/text']);
const TAG = /<([?/]?[a-z]+)([^>]*)>/g;
const ATTR = /([a-z-]+)="([^"]*)"/g;

/** Draws `svg` (as renderSvg writes it) on `pen`, fitted to a canvas of `width` × `height` pixels. */
export function drawSvg(svg: string, pen: Pen, width: number, height: number): void {
  const box = rasterSize(svg, 1);
  pen.setTransform(width / box.w, 0, 0, height / box.h, (-box.x * width) / box.w, (-box.y * height) / box.h);
  // The embedded document (CDATA, its `<` escaped) and the title hold no tags; skipped whole all the same.
  const body = svg.replace(/<metadata>[\s\S]*?<\/metadata>|<title>[^<]*<\/title>|<style>[^<]*<\/style>/g, '');
  for (const m of body.matchAll(TAG)) {
    const tag = m[1]!;
    if (UNDRAWN.has(tag)) continue;
    const a: Record<string, string> = {};
    for (const [, k, v] of m[2]!.matchAll(ATTR)) a[k!] = unescapeXml(v!);
    const n = (k: string) => Number(a[k] ?? 0);
    pen.beginPath();
    switch (tag) {
      case 'rect':
        if (a.rx) pen.roundRect(n('x'), n('y'), n('width'), n('height'), n('rx'));
        else pen.rect(n('x'), n('y'), n('width'), n('height'));
        paint(pen, a, 'miter', 'butt');
        break;
      case 'circle':
        pen.arc(n('cx'), n('cy'), n('r'), 0, 2 * Math.PI);
        paint(pen, a, 'miter', 'butt');
        break;
      case 'path':
        trace(pen, a.d ?? '');
        paint(pen, a, a['stroke-linejoin'] ?? 'miter', a['stroke-linecap'] ?? 'butt');
        break;
      case 'text': {
        const end = body.indexOf('</text>', m.index + m[0].length);
        const weight = a['font-weight'] ?? '400';
        pen.globalAlpha = 1;
        pen.font = `${weight} ${n('font-size')}px ${a.class === 'm' ? FONT.mono : FONT.sans}`;
        pen.textAlign = a['text-anchor'] === 'middle' ? 'center' : a['text-anchor'] === 'end' ? 'right' : 'left';
        pen.fillStyle = a.fill ?? '#000000';
        // As SVG lays out text (xml:space default): runs of spaces as one, none at the ends.
        const text = unescapeXml(body.slice(m.index + m[0].length, end))
          .replace(/\s+/g, ' ')
          .trim();
        pen.fillText(text, n('x'), n('y'));
        break;
      }
      default:
        throw new Error(`The PNG cannot draw an SVG <${tag}>.`);
    }
  }
}

/** Fill, then stroke, as SVG paints a shape; `opacity` is the shape's. */
function paint(pen: Pen, a: Record<string, string>, join: string, cap: string): void {
  pen.globalAlpha = a.opacity ? Number(a.opacity) : 1;
  if (a.fill && a.fill !== 'none') {
    pen.fillStyle = a.fill;
    pen.fill();
  }
  if (a.stroke && a.stroke !== 'none') {
    pen.strokeStyle = a.stroke;
    pen.lineWidth = Number(a['stroke-width'] ?? 1);
    pen.lineJoin = join;
    pen.lineCap = cap;
    pen.setLineDash(a['stroke-dasharray'] ? a['stroke-dasharray'].split(/[\s,]+/).map(Number) : []);
    pen.stroke();
  }
}

/** A path's data of absolute M, L and C commands (what svg.ts writes). */
function trace(pen: Pen, d: string): void {
  for (const [, c, args] of d.matchAll(/([A-Za-z])([^A-Za-z]*)/g)) {
    const v = args!
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const step = c === 'C' ? 6 : 2;
    if (!'MLC'.includes(c!) || v.length === 0 || v.length % step !== 0) throw new Error(`The PNG cannot draw the path command "${c}${args}".`);
    for (let i = 0; i < v.length; i += step) {
      if (c === 'C') pen.bezierCurveTo(v[i]!, v[i + 1]!, v[i + 2]!, v[i + 3]!, v[i + 4]!, v[i + 5]!);
      else if (c === 'M' && i === 0) pen.moveTo(v[i]!, v[i + 1]!);
      else pen.lineTo(v[i]!, v[i + 1]!);
    }
  }
}
