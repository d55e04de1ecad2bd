import { describe, expect, it } from 'vitest';
import { compile, trace as runTrace } from '../engine';
import { parseTopology } from '../model';
import { builtins } from '../scenarios';
import { lessons } from '../scenarios/lessons';
import { renderSvg } from './svg';
import { drawSvg, rasterSize, type Pen } from './raster';
import { FONT } from './text';
import { unescapeXml } from './xml';

/** A pen that writes down what it is asked to draw, with the style it was set to at each fill, stroke and text. */
function recorder(): { pen: Pen; log: string[] } {
  const log: string[] = [];
  const call =
    (name: string) =>
    (...args: unknown[]) =>
      log.push(`${name}(${args.join(',')})`);
  const pen: Pen = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: '',
    lineCap: '',
    globalAlpha: 1,
    font: '',
    textAlign: '',
    setLineDash: (d) => log.push(`dash(${d.join(' ')})`),
    setTransform: call('transform'),
    beginPath: call('begin'),
    rect: call('rect'),
    roundRect: call('roundRect'),
    arc: call('arc'),
    moveTo: call('M'),
    lineTo: call('L'),
    bezierCurveTo: call('C'),
    fill: () => log.push(`fill ${String(pen.fillStyle)} α${pen.globalAlpha}`),
    stroke: () => log.push(`stroke ${String(pen.strokeStyle)} ${pen.lineWidth} ${String(pen.lineJoin)}/${String(pen.lineCap)} α${pen.globalAlpha}`),
    fillText: (t, x, y) => log.push(`text "${t}" ${x},${y} ${pen.font} ${String(pen.textAlign)} ${String(pen.fillStyle)}`),
  };
  return { pen, log };
}

const SVG = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="-10 -5 100 50" role="img" data-theme="light">',
  '<title>a &lt;rect&gt;</title>',
  '<style>.s{font-family:x}</style>',
  '<rect x="-10" y="-5" width="100" height="50" fill="#fff"/>',
  '<rect x="1" y="2" width="30" height="10" rx="4" fill="#eee" stroke="#333" stroke-width="1.5" stroke-dasharray="4 3" opacity="0.5"/>',
  '<path d="M0,0 C1,2 3,4 5,6 L7,8 M9,9 L10,10" fill="none" stroke="#f00" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>',
  '<circle cx="5" cy="6" r="2" fill="#0f0"/>',
  '<text x="3" y="9" class="m" font-size="10" font-weight="700" text-anchor="middle" fill="#000"> a  &lt;b&gt; </text>',
  '<text x="4" y="20" class="s" font-size="12" fill="#111">c</text>',
  '</svg>',
].join('\n');

describe('the PNG drawn from the SVG (raster.ts)', () => {
  it('draws each element with its paint, fitted to the canvas, and nothing of the title or style', () => {
    const { pen, log } = recorder();
    drawSvg(SVG, pen, 200, 100);
    expect(log).toEqual([
      'transform(2,0,0,2,20,10)',
      'begin()',
      'rect(-10,-5,100,50)',
      'fill #fff α1',
      'begin()',
      'roundRect(1,2,30,10,4)',
      'fill #eee α0.5',
      'dash(4 3)',
      'stroke #333 1.5 miter/butt α0.5',
      'begin()',
      'M(0,0)',
      'C(1,2,3,4,5,6)',
      'L(7,8)',
      'M(9,9)',
      'L(10,10)',
      'dash()',
      'stroke #f00 2 round/round α1',
      'begin()',
      'arc(5,6,2,0,6.283185307179586)',
      'fill #0f0 α1',
      'begin()',
      // Spaces as SVG lays them out: one between words, none at the ends.
      `text "a <b>" 3,9 700 10px ${FONT.mono} center #000`,
      'begin()',
      `text "c" 4,20 400 12px ${FONT.sans} left #111`,
    ]);
  });

  it('refuses what it cannot draw rather than leave it out', () => {
    const { pen } = recorder();
    expect(() => drawSvg(SVG.replace('<circle', '<ellipse'), pen, 100, 50)).toThrow('<ellipse>');
    expect(() => drawSvg(SVG.replace('L7,8', 'Q7,8 9,9'), pen, 100, 50)).toThrow('path command');
  });

  it('sizes the canvas at the scale asked, its longest side at most 8,192 pixels', () => {
    expect(rasterSize(SVG, 2)).toEqual({ x: -10, y: -5, w: 100, h: 50, width: 200, height: 100 });
    const wide = SVG.replace('width="100" height="50"', 'width="20000" height="500"');
    expect(rasterSize(wide, 2)).toMatchObject({ width: 8192, height: 205 });
  });

  it('draws every element and every text of each built-in’s picture, each lesson’s trace at its last hop', () => {
    for (const b of builtins) {
      const r = parseTopology(b.yaml);
      if (!r.ok) throw new Error(b.id);
      const dp = compile(r.topology);
      const traces = lessons.filter((l) => l.doc === b.id).map((l) => runTrace(dp, l.request));
      for (const [i, trace] of [null, ...traces].entries()) {
        const svg = renderSvg({ topology: r.topology, trace, theme: i % 2 ? 'dark' : 'light' });
        const { pen, log } = recorder();
        drawSvg(svg, pen, 100, 100);
        const elements = svg.match(/<(rect|circle|path|text)[ >]/g)!.length;
        expect(log.filter((l) => l === 'begin()').length, b.id).toBe(elements);
        const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1]!).replace(/\s+/g, ' ').trim());
        expect(
          log.filter((l) => l.startsWith('text "')).map((l) => /^text "(.*)" /.exec(l)![1]),
          b.id,
        ).toEqual(texts);
      }
    }
  });
});
