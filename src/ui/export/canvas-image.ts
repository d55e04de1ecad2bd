/**
 * The canvas as a picture (PNG or SVG) at the frame on screen: the whole cluster, not just the
 * part in view, drawn the way React Flow's docs export images (html-to-image on the viewport
 * element, with a transform that fits every element). Loaded only when an image is asked for.
 */
import { toPng, toSvg } from 'html-to-image';

const PAD = 24;
const MAX_SIDE = 4096;

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The rectangle every element and the packet occupy, in flow coordinates (read from the DOM, so it is what is drawn). */
function flowBounds(root: HTMLElement, viewport: HTMLElement): Bounds | null {
  const m = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
  const zoom = m.a || 1;
  const origin = viewport.getBoundingClientRect();
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const el of root.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    x0 = Math.min(x0, (r.left - origin.left) / zoom);
    y0 = Math.min(y0, (r.top - origin.top) / zoom);
    x1 = Math.max(x1, (r.right - origin.left) / zoom);
    y1 = Math.max(y1, (r.bottom - origin.top) / zoom);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** The background the canvas is drawn on (the dark theme's or the light one's). */
function backgroundOf(root: HTMLElement): string {
  for (let el: HTMLElement | null = root; el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor;
    if (c && c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)') return c;
  }
  return '#ffffff';
}

/**
 * Render the React Flow canvas inside `root` as a data URL.
 * @throws Error when there is no canvas or nothing drawn on it.
 */
export async function canvasImage(root: HTMLElement, format: 'png' | 'svg'): Promise<string> {
  const viewport = root.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport) throw new Error('There is no canvas to export.');
  const b = flowBounds(root, viewport);
  if (!b) throw new Error('The canvas is empty.');
  const scale = Math.min(1, MAX_SIDE / (b.width + 2 * PAD), MAX_SIDE / (b.height + 2 * PAD));
  const width = Math.ceil((b.width + 2 * PAD) * scale);
  const height = Math.ceil((b.height + 2 * PAD) * scale);
  const options = {
    backgroundColor: backgroundOf(root),
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${(PAD - b.x) * scale}px, ${(PAD - b.y) * scale}px) scale(${scale})`,
    },
    // Handles and the resize grips are for editing, not for the picture.
    filter: (n: HTMLElement) => !(n.classList?.contains('react-flow__handle') || n.classList?.contains('react-flow__resize-control')),
  };
  if (format === 'png') return toPng(viewport, { ...options, pixelRatio: 2 });
  // NOTE: in an SVG the background would be the transformed element's own box, which does not
  // cover the picture: paint it as a rectangle under the foreignObject instead.
  const url = await toSvg(viewport, { ...options, backgroundColor: undefined });
  return withBackground(url, options.backgroundColor);
}

const SVG_PREFIX = 'data:image/svg+xml;charset=utf-8,';

function withBackground(url: string, color: string): string {
  if (!url.startsWith(SVG_PREFIX)) return url;
  const svg = decodeURIComponent(url.slice(SVG_PREFIX.length));
  const at = svg.indexOf('<foreignObject');
  if (at < 0) return url;
  const rect = `<rect x="0" y="0" width="100%" height="100%" fill="${color.replace(/"/g, '')}"/>`;
  return SVG_PREFIX + encodeURIComponent(svg.slice(0, at) + rect + svg.slice(at));
}
