/**
 * The canvas as vector art: a document, its layout and a trace (at one hop) drawn as an SVG
 * string of real elements (rect, path, text), in the app's visual language. Pure TypeScript:
 * no DOM, no React; the app's SVG and PNG exports and the CLI's `--export svg` and `render`
 * use it. Fonts are named, not embedded. The viewBox fits everything drawn, text included
 * (measured by a generous estimate, text.ts), so nothing is clipped.
 */
import type { Topology } from '../model/topology';
import type { Trace } from '../model/trace';
import { buildFrames, nodePorts, type Frame } from '../layout/frames';
import { absoluteRects, frameSpots, portSlot, type Callout, type Rect, type Spot } from '../layout/geometry';
import { buildGraph, SIZE } from '../layout/graph';
import { drawnEdges, EDGE_LIMIT } from '../layout/lod';
import { nodeFaults, vpcFaults } from '../layout/faults';
import { markGraph } from '../layout/marks';
import { placeGraph, withRouterRects, type AutoLayoutFn } from '../layout/place';
import type { GraphNode, Marks } from '../layout/types';
import { svgMetadata, type Embedded } from './embed';
import { fit, FONT, textWidth, wrap, type Face } from './text';
import { themeOf, type Hue, type Theme, type ThemeName } from './theme';
import { escapeXml, num } from './xml';
import { nodeId, routerId } from '../model/element-id';

export interface RenderOptions {
  topology: Topology;
  trace?: Trace | null;
  /** The frame to show (0-based, request hops then the reply's); default: the request's last hop. */
  hop?: number;
  theme?: ThemeName;
  /** Canvas ids of nodes drawn as a summary (as on the canvas). */
  collapsed?: ReadonlySet<string>;
  groupByNamespace?: boolean;
  /** For documents that do not place every element (the app passes the loaded one; the CLI imports it). */
  autoLayout?: AutoLayoutFn | null;
  /** What the picture carries in `<metadata>` so that opening it restores it; none when omitted. */
  embed?: Embedded | null;
}

/** The margin around everything drawn. */
const PAD = 24;
const CAPTION = { size: 12, title: 15, line: 18, pad: 14, minW: 760 } as const;
const CHIP = { size: 11, pad: 6, line: 15, gap: 4, maxW: 460 } as const;

interface Paint {
  fill?: string;
  stroke?: string;
  sw?: number;
  rx?: number;
  dash?: string;
  opacity?: number;
}
interface TextStyle {
  size: number;
  face?: Face;
  bold?: boolean;
  weight?: number;
  fill: string;
  anchor?: 'start' | 'middle' | 'end';
}

/** SVG elements and the box they cover, so the viewBox can fit them. */
class Drawing {
  readonly parts: string[] = [];
  x0 = Infinity;
  y0 = Infinity;
  x1 = -Infinity;
  y1 = -Infinity;

  grow(x: number, y: number, w: number, h: number): void {
    this.x0 = Math.min(this.x0, x);
    this.y0 = Math.min(this.y0, y);
    this.x1 = Math.max(this.x1, x + w);
    this.y1 = Math.max(this.y1, y + h);
  }

  private paint(p: Paint): string {
    let a = ` fill="${escapeXml(p.fill ?? 'none')}"`;
    if (p.stroke) a += ` stroke="${escapeXml(p.stroke)}" stroke-width="${num(p.sw ?? 1)}"`;
    if (p.dash) a += ` stroke-dasharray="${p.dash}"`;
    if (p.opacity !== undefined && p.opacity < 1) a += ` opacity="${num(p.opacity)}"`;
    return a;
  }

  rect(x: number, y: number, w: number, h: number, p: Paint): void {
    const rx = p.rx ? ` rx="${num(p.rx)}"` : '';
    this.parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}"${rx}${this.paint(p)}/>`);
    const s = p.stroke ? (p.sw ?? 1) / 2 : 0;
    this.grow(x - s, y - s, w + 2 * s, h + 2 * s);
  }

  circle(cx: number, cy: number, r: number, p: Paint): void {
    this.parts.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}"${this.paint(p)}/>`);
    const s = r + (p.stroke ? (p.sw ?? 1) / 2 : 0);
    this.grow(cx - s, cy - s, 2 * s, 2 * s);
  }

  /** A path through `points` (M, L and C commands only); its box is the points' (a Bézier stays inside its control points). */
  path(d: string, points: readonly { x: number; y: number }[], p: Paint): void {
    if (points.length === 0) return;
    this.parts.push(`<path d="${d}"${this.paint(p)} stroke-linejoin="round" stroke-linecap="round"/>`);
    const s = p.stroke ? (p.sw ?? 1) / 2 : 0;
    for (const q of points) this.grow(q.x - s, q.y - s, 2 * s, 2 * s);
  }

  /** One line of text; `y` is its baseline. Returns its estimated width. */
  text(x: number, y: number, s: string, t: TextStyle): number {
    if (s === '') return 0;
    const face = t.face ?? 'sans';
    const bold = t.bold ?? (t.weight ?? 400) >= 600;
    const w = textWidth(s, t.size, face, bold);
    const anchor = t.anchor ?? 'start';
    const left = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
    const attrs = [
      `x="${num(x)}"`,
      `y="${num(y)}"`,
      `class="${face === 'mono' ? 'm' : 's'}"`,
      `font-size="${num(t.size)}"`,
      t.weight ? `font-weight="${t.weight}"` : bold ? 'font-weight="700"' : '',
      anchor !== 'start' ? `text-anchor="${anchor}"` : '',
      `fill="${escapeXml(t.fill)}"`,
    ].filter(Boolean);
    this.parts.push(`<text ${attrs.join(' ')}>${escapeXml(s)}</text>`);
    this.grow(left, y - t.size, w, t.size * 1.3);
    return w;
  }

  raw(s: string): void {
    this.parts.push(s);
  }
}

const tagFont = { size: 9, weight: 700, fill: '#ffffff' } as const;

/** A small coloured tag (NODE, SVC, SLB…) with its top-left at (x, y); returns its width. */
function tag(d: Drawing, x: number, y: number, label: string, color: string): number {
  const w = textWidth(label, 9, 'sans', true) + 6;
  d.rect(x, y, w, 16, { fill: color, rx: 3 });
  d.text(x + 3, y + 11.5, label, tagFont);
  return w;
}

/** An element's fill and border: its hue, amber when the trace passed through it. */
function boxPaint(th: Theme, hue: Hue, m: Marks, sw = 1, rx = 6): Paint {
  return m.onPath ? { fill: th.onPath.fill, stroke: th.onPath.stroke, sw, rx } : { fill: hue.fill, stroke: hue.stroke, sw, rx };
}

/** The FROM / TO ring and tags of an element at `r`. */
function endMarks(d: Drawing, th: Theme, r: Rect, m: Marks): void {
  if (!m.from && !m.to) return;
  d.rect(r.x - 3, r.y - 3, r.w + 6, r.h + 6, { stroke: m.from ? th.from : th.to, sw: 2, rx: 8 });
  const tags = [...(m.from ? [['FROM', th.from] as const] : []), ...(m.to ? [['TO', th.to] as const] : [])];
  let x = r.x + r.w - 8;
  for (const [label, color] of [...tags].reverse()) {
    const w = textWidth(label, 10, 'sans', true) + 8;
    x -= w;
    d.rect(x, r.y - 10, w, 16, { fill: color, rx: 3 });
    d.text(x + 4, r.y + 2, label, { size: 10, weight: 700, fill: '#ffffff' });
    x -= 4;
  }
}

function drawElement(d: Drawing, th: Theme, n: GraphNode, r: Rect): void {
  const inner = r.w - 20;
  switch (n.type) {
    case 'vpc': {
      d.rect(r.x, r.y, r.w, r.h, {
        fill: n.data.onPath ? th.onPath.fill : th.vpc.fill,
        stroke: n.data.onPath ? th.onPath.stroke : th.vpc.stroke,
        sw: 2,
        rx: 12,
        dash: '6 4',
      });
      const w = d.text(r.x + 16, r.y + 19, n.data.title, { size: 12, weight: 700, fill: th.vpc.title });
      d.text(r.x + 20 + w, r.y + 19, fit(n.data.cidr, r.w - w - 40, 12, 'mono'), { size: 12, face: 'mono', fill: th.vpc.cidr });
      return;
    }
    case 'clusterNode': {
      const m = n.data;
      d.rect(r.x, r.y, r.w, r.h, boxPaint(th, th.node, m, 2, 8));
      const tw = tag(d, r.x + 12, r.y + 9, 'NODE', th.node.tag);
      d.text(r.x + 18 + tw, r.y + 21.5, fit(m.name, r.w - 36 - tw, 12, 'sans', true), { size: 12, weight: 700, fill: th.text });
      const info = [`eth0 ${m.ip}`, m.podCIDR ? `pods ${m.podCIDR}` : '', m.enis.length ? `ENIs ${m.enis.join(', ')}` : ''].filter(Boolean).join('  ');
      d.text(r.x + 12, r.y + 40, fit(info, r.w - 24, 11, 'mono'), { size: 11, face: 'mono', fill: th.textFaint });
      if (m.collapsed) {
        const pods = m.pods ?? 0;
        d.rect(r.x + 12, r.y + 52, r.w - 24, 20, { fill: th.pod.fill, stroke: th.pod.stroke, sw: 1, rx: 4, dash: '3 2' });
        d.text(r.x + 20, r.y + 66, `${pods} pod${pods === 1 ? '' : 's'} (collapsed)`, { size: 11, fill: th.textMuted });
      }
      for (const f of m.frames ?? []) {
        const y = r.y + SIZE.nodeHeader + f.first * (SIZE.podH + SIZE.podGap) - 5;
        d.rect(r.x + SIZE.nodePad - 5, y, r.w - 2 * SIZE.nodePad + 10, f.count * (SIZE.podH + SIZE.podGap) - SIZE.podGap + 10, {
          stroke: f.color,
          sw: 2,
          rx: 6,
        });
      }
      (m.devices ?? []).forEach((dev, i, all) => {
        const s = portSlot(i, all, r.w, r.h);
        const ipvs = dev === 'kube-ipvs0';
        const c = ipvs ? th.ipvsPort : th.port;
        d.rect(r.x + s.x, r.y + s.y, s.w, s.h, { fill: c.fill, stroke: c.stroke, sw: 1, rx: 3 });
        d.text(r.x + s.x + s.w / 2, r.y + s.y + 13, fit(dev, s.w - 4, 10, 'mono'), { size: 10, face: 'mono', fill: c.text, anchor: 'middle' });
      });
      return;
    }
    case 'pod': {
      const m = n.data;
      d.rect(r.x, r.y, r.w, r.h, { ...boxPaint(th, th.pod, m), ...(m.ready ? {} : { dash: '4 3', opacity: 0.7 }) });
      d.text(r.x + 10, r.y + 20, fit(m.name, inner, 12, 'sans', true), { size: 12, weight: 500, fill: th.text });
      const info = [m.ip, m.namespace !== 'default' ? `ns ${m.namespace}` : '', m.hostNetwork ? 'hostNetwork' : '', m.ready ? '' : 'not ready']
        .filter(Boolean)
        .join('  ');
      d.text(r.x + 10, r.y + 37, fit(info, inner, 11, 'mono'), { size: 11, face: 'mono', fill: th.textFaint });
      return;
    }
    case 'service': {
      const m = n.data;
      d.rect(r.x, r.y, r.w, r.h, boxPaint(th, th.service, m));
      const tw = tag(d, r.x + 10, r.y + 8, 'SVC', th.service.tag);
      const name = m.namespace === 'default' ? m.name : `${m.namespace}/${m.name}`;
      d.text(r.x + 16 + tw, r.y + 20.5, fit(name, inner - tw - 6, 12, 'sans', true), { size: 12, weight: 700, fill: th.text });
      d.text(r.x + 10, r.y + 38, fit(`${m.clusterIP}  ${m.ports}`, inner, 11, 'mono'), { size: 11, face: 'mono', fill: th.textMuted });
      d.text(r.x + 10, r.y + 54, fit(`${m.type}${m.type !== 'ClusterIP' ? ` · ETP ${m.etp}` : ''}`, inner, 10), { size: 10, fill: th.textFaint });
      return;
    }
    case 'slb': {
      const m = n.data;
      d.rect(r.x, r.y, r.w, r.h, boxPaint(th, th.slb, m));
      const tw = tag(d, r.x + 10, r.y + 9, 'SLB', th.slb.tag);
      d.text(r.x + 16 + tw, r.y + 21.5, fit(m.name, inner - tw - 6, 12, 'sans', true), { size: 12, weight: 700, fill: th.text });
      d.text(r.x + 10, r.y + 40, fit(`${m.ip} → ${m.backend}`, inner, 11, 'mono'), { size: 11, face: 'mono', fill: th.textMuted });
      return;
    }
    case 'external': {
      const m = n.data;
      d.rect(r.x, r.y, r.w, r.h, boxPaint(th, th.external, m));
      const tw = tag(d, r.x + 10, r.y + 9, m.network === 'vpc' ? 'VPC HOST' : 'INTERNET', th.external.tag);
      d.text(r.x + 16 + tw, r.y + 21.5, fit(m.name, inner - tw - 6, 12, 'sans', true), { size: 12, weight: 700, fill: th.text });
      d.text(r.x + 10, r.y + 40, fit(m.ip, inner, 11, 'mono'), { size: 11, face: 'mono', fill: th.textMuted });
      return;
    }
    default: {
      const never: never = n;
      void never;
    }
  }
}

function drawRouter(d: Drawing, th: Theme, r: Rect, name: string, asn: number, peers: number, onPath: boolean): void {
  d.rect(r.x, r.y, r.w, r.h, boxPaint(th, th.router, { onPath }));
  const tw = tag(d, r.x + 10, r.y + 9, 'ToR', th.router.tag);
  d.text(r.x + 16 + tw, r.y + 21.5, fit(name, r.w - 26 - tw, 12, 'sans', true), { size: 12, weight: 700, fill: th.text });
  d.text(r.x + 10, r.y + 40, fit(`AS ${asn} · ${peers} peer${peers === 1 ? '' : 's'}`, r.w - 20, 11, 'mono'), { size: 11, face: 'mono', fill: th.textMuted });
}

/** The warning on an element with faults switched on (the first named, the rest counted), on its top edge at the left. */
function faultBadge(d: Drawing, th: Theme, r: Rect, labels: readonly string[]): void {
  if (labels.length === 0) return;
  const text = fit(`⚠ ${labels[0]}${labels.length > 1 ? ` +${labels.length - 1}` : ''}`, r.w * 0.9, 10, 'mono');
  const w = textWidth(text, 10, 'mono') + 8;
  d.rect(r.x + 8, r.y - 10, w, 16, { fill: th.fault.fill, stroke: th.fault.stroke, sw: 1, rx: 3 });
  d.text(r.x + 12, r.y + 2, text, { size: 10, face: 'mono', fill: th.fault.text });
}

/** A line from the bottom middle of `a` to the top middle of `b`, curved as React Flow draws it. */
function edge(d: Drawing, a: Rect, b: Rect, p: Paint): void {
  const s = { x: a.x + a.w / 2, y: a.y + a.h };
  const t = { x: b.x + b.w / 2, y: b.y };
  const my = (s.y + t.y) / 2;
  const c1 = { x: s.x, y: my };
  const c2 = { x: t.x, y: my };
  d.path(`M${num(s.x)},${num(s.y)} C${num(c1.x)},${num(c1.y)} ${num(c2.x)},${num(c2.y)} ${num(t.x)},${num(t.y)}`, [s, c1, c2, t], p);
}

/** One chip of the label stack beside the packet: lines of text on a box. */
interface Chip {
  lines: { text: string; face: Face; bold?: boolean; fill: string; size?: number }[];
  fill: string;
  stroke?: string;
}

const chipSize = (c: Chip) => ({
  w: Math.max(...c.lines.map((l) => textWidth(l.text, l.size ?? CHIP.size, l.face, l.bold))) + 2 * CHIP.pad,
  h: c.lines.length * CHIP.line + 6,
});

function wrapped(text: string, face: Face, fill: string, max = CHIP.maxW - 2 * CHIP.pad, bold = false): Chip['lines'] {
  return wrap(text, max, CHIP.size, face, bold).map((t) => ({ text: t, face, fill, bold }));
}

/** What the label stack says at a frame: the addresses, the hook, each rewrite, the drop. */
function chipsOf(th: Theme, f: Frame): Chip[] {
  const chips: Chip[] = [];
  const reply = f.leg === 'reply';
  const prefix = [reply ? (f.hop.packet.icmp ? 'error back' : 'reply') : '', f.hop.leg === 2 ? 'conn 2' : ''].filter(Boolean).join(' ');
  chips.push({ fill: reply ? th.label.replyFill : th.label.fill, lines: wrapped(`${prefix ? `${prefix}  ` : ''}${f.label}`, 'mono', th.label.text) });
  if (f.hop.packet.icmp) chips.push({ fill: th.drop, lines: wrapped(`↩ ${f.hop.packet.icmp}`, 'sans', '#ffffff', undefined, true) });
  if (f.hop.hook) {
    const proxy = f.hop.hook === 'L7 proxy';
    const c = proxy ? th.policy.proxy : f.drop ? th.policy.deny : th.policy.allow;
    chips.push({
      fill: c.fill,
      lines: wrapped(proxy ? '⇄ L7 proxy: new connection' : f.drop ? '✕ NetworkPolicy' : '✓ NetworkPolicy', 'sans', c.text, undefined, true),
    });
  }
  for (const b of f.badges) {
    const c = b.type.startsWith('un-') ? th.unNat : th.nat;
    chips.push({ fill: c.fill, stroke: c.stroke, lines: wrapped(b.text, 'mono', c.text) });
  }
  if (f.drop) {
    chips.push({
      fill: th.dropBox.fill,
      stroke: th.dropBox.stroke,
      lines: [{ text: `✕ ${f.drop.verdict}`, face: 'sans', bold: true, fill: th.dropBox.title }, ...wrapped(f.drop.reason, 'sans', th.dropBox.text, 400)],
    });
  }
  return chips;
}

/** The label stack beside the marker: above it inside the cluster, below it in the top rows; to the left when the right has no room. */
function drawChips(d: Drawing, chips: Chip[], at: Callout): void {
  const sizes = chips.map(chipSize);
  const w = Math.max(...sizes.map((z) => z.w));
  // Where the canvas hangs them (geometry.ts): under the box the packet is in, clear of its names.
  const left = at.leftward ? at.x - w : at.x;
  let y = at.y;
  chips.forEach((c, i) => {
    const z = sizes[i]!;
    const top = y;
    d.rect(left, top, z.w, z.h, { fill: c.fill, ...(c.stroke ? { stroke: c.stroke, sw: 1 } : {}), rx: 4 });
    c.lines.forEach((l, k) =>
      d.text(left + CHIP.pad, top + 3 + (k + 1) * CHIP.line - 4, l.text, {
        size: l.size ?? CHIP.size,
        face: l.face,
        fill: l.fill,
        ...(l.bold ? { weight: 700 } : {}),
      }),
    );
    y = top + z.h + CHIP.gap;
  });
}

/**
 * The caption's lines: what was asked, where the packet is, how it ended, what was rewritten here; and how many of the
 * graph's lines were not drawn (`linesLeftOut`, past EDGE_LIMIT).
 */
export function captionLines(
  topology: Topology,
  trace: Trace | null | undefined,
  frames: Frame[],
  i: number,
  linesLeftOut = 0,
): { title: string; lines: string[] } {
  const said = captionSaid(topology, trace, frames, i);
  if (linesLeftOut > 0)
    said.lines.push(`Lines: ${linesLeftOut} not drawn (past ${EDGE_LIMIT} lines only the trace's are): the service → pod and node links are in the document`);
  return said;
}

function captionSaid(topology: Topology, trace: Trace | null | undefined, frames: Frame[], i: number): { title: string; lines: string[] } {
  const name = topology.metadata.name;
  if (!trace || frames.length === 0) return { title: name, lines: ['No trace: the cluster as drawn.'] };
  const rq = trace.request;
  const f = frames[i]!;
  const title = `${name}: ${rq.from} → ${rq.to} (${rq.protocol ?? 'TCP'})`;
  const where = [f.at, f.hop.device, f.hop.dir].filter(Boolean).join(' ');
  const leg = f.leg === 'reply' ? `reply ${f.legIndex + 1}/${trace.reply?.hops.length ?? 0}` : `request ${f.legIndex + 1}/${trace.hops.length}`;
  const verdict = `Verdict: ${trace.verdict}${trace.reason ? ` (${trace.reason})` : ''}${trace.sourceSeenByServer ? ` · the server sees ${trace.sourceSeenByServer}` : ''} · ${trace.kernelStacks} kernel stack${trace.kernelStacks === 1 ? '' : 's'}`;
  const rewrites = f.badges.length ? f.badges.map((b) => `Rewrite at this hop: ${b.text}`) : ['Rewrite at this hop: none'];
  return { title, lines: [`Hop ${i + 1}/${frames.length} (${leg}) · ${where} · ${f.label}`, verdict, ...rewrites] };
}

/** The devices the packet used in each element that is not a node box (node boxes draw theirs as ports). */
function elementDevices(frames: Frame[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of frames) {
    const dev = f.hop.device;
    if (!dev || f.at.startsWith('node:') || f.at === 'vpc') continue;
    const list = out.get(f.at) ?? [];
    if (!list.includes(dev)) list.push(dev);
    out.set(f.at, list);
  }
  return out;
}

/** The frame a picture shows by default: the request's last hop (where it was delivered or died). */
export const defaultHop = (trace: Trace | null | undefined): number => Math.max(0, (trace?.hops.length ?? 1) - 1);

/** The SVG picture (a complete document, starting with the XML declaration). */
export function renderSvg(o: RenderOptions): string {
  const th = themeOf(o.theme);
  const t = o.topology;
  const trace = o.trace ?? null;
  const frames = buildFrames(trace);
  const hop = Math.min(Math.max(0, o.hop ?? defaultHop(trace)), Math.max(0, frames.length - 1));

  const placed = placeGraph(buildGraph(t), t, {
    collapsed: o.collapsed ?? new Set(),
    groupByNamespace: o.groupByNamespace ?? false,
    autoLayout: o.autoLayout ?? null,
  });
  const g = markGraph(placed, trace?.request.from ?? '', trace?.request.to ?? '', trace);
  const rects = withRouterRects(absoluteRects(g), t, placed);
  const spots = frameSpots(frames, rects, nodePorts(trace));
  const onPathNs = new Set(frames.map((f) => f.at));

  const d = new Drawing();
  // Boxes first, so the layout's extent is known before the labels decide where they fit.
  const vpc = g.nodes.find((n) => n.type === 'vpc');
  if (vpc) drawElement(d, th, vpc, rects.get('vpc')!);
  // NOTE: the lines the canvas draws (it has no selection): at 1,000 nodes the 30,607 service → node lines were 19 MB of
  // crossing strokes and most of the seconds the page froze drawing it. The caption says how many were left out.
  const lines = drawnEdges(g.edges, g.edges.length);
  for (const e of lines) {
    const a = rects.get(e.source);
    const b = rects.get(e.target);
    if (a && b) edge(d, a, b, e.className === 'on-path' ? { stroke: th.request, sw: 2.5 } : { stroke: th.edge, sw: 1.25 });
  }
  for (const r of t.routers) {
    for (const n of r.nodes) {
      const a = rects.get(routerId(r.name));
      const b = rects.get(nodeId(n));
      if (a && b) edge(d, a, b, { stroke: th.edge, sw: 1.25, dash: '4 3' });
    }
  }
  for (const n of g.nodes) if (n.type !== 'vpc') drawElement(d, th, n, rects.get(n.id)!);
  for (const r of t.routers) drawRouter(d, th, rects.get(routerId(r.name))!, r.name, r.asn, r.nodes.length, onPathNs.has(routerId(r.name)));
  // Devices the packet used outside the nodes (a pod's eth0, a client's): chips on the element's right edge.
  for (const [id, devs] of elementDevices(frames)) {
    const r = rects.get(id);
    if (!r) continue;
    // A pod's packet sits near its right edge (geometry.ts): the chips go just left of it.
    let right = r.x + r.w - (id.startsWith('pod:') ? 26 : 4);
    for (const dev of [...devs].reverse()) {
      const w = textWidth(dev, 10, 'mono') + 6;
      right -= w;
      d.rect(right, r.y + r.h / 2 - 9, w, 18, { fill: th.port.fill, stroke: th.port.stroke, sw: 1, rx: 3 });
      d.text(right + 3, r.y + r.h / 2 + 4, dev, { size: 10, face: 'mono', fill: th.port.text });
      right -= 3;
    }
  }
  for (const n of g.nodes) if (n.type !== 'vpc') endMarks(d, th, rects.get(n.id)!, n.data);
  // Faults switched on (Break it, find-the-fault lessons): a warning on the node or the VPC, as on the canvas.
  for (const n of t.nodes) {
    const r = rects.get(nodeId(n.name));
    if (r)
      faultBadge(
        d,
        th,
        r,
        nodeFaults(n as unknown as Record<string, unknown>).map((f) => f.label),
      );
  }
  const vpcRect = rects.get('vpc');
  if (vpcRect)
    faultBadge(
      d,
      th,
      vpcRect,
      vpcFaults({ cluster: t.cluster } as unknown as Parameters<typeof vpcFaults>[0]).map((c) => `VPC route ${c} deleted`),
    );

  // The packet: the way there and back, a dot per hop, the drop mark, the current hop.
  if (frames.length > 0) {
    const line = (leg: Frame['leg']) => spots.filter((_, i) => frames[i]!.leg === leg);
    const poly = (pts: Spot[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)},${num(p.y)}`).join(' ');
    const there = line('request');
    const back = line('reply');
    if (there.length > 1) d.path(poly(there), there, { stroke: th.request, sw: 3, opacity: 0.75 });
    if (back.length > 1) d.path(poly(back), back, { stroke: th.reply, sw: 2.5, dash: '7 5', opacity: 0.8 });
    spots.forEach((s, i) => {
      const f = frames[i]!;
      d.circle(s.x, s.y, 5, { fill: f.drop ? th.drop : f.leg === 'reply' ? th.reply : th.request, stroke: th.background, sw: 1.5 });
    });
    const dropAt = frames.findIndex((f) => f.drop);
    if (dropAt >= 0) {
      const s = spots[dropAt]!;
      d.circle(s.x, s.y, 11, { fill: th.drop, stroke: th.background, sw: 2 });
      const k = 5;
      d.path(
        `M${num(s.x - k)},${num(s.y - k)} L${num(s.x + k)},${num(s.y + k)} M${num(s.x + k)},${num(s.y - k)} L${num(s.x - k)},${num(s.y + k)}`,
        [
          { x: s.x - k, y: s.y - k },
          { x: s.x + k, y: s.y + k },
        ],
        { stroke: '#ffffff', sw: 2.5 },
      );
    }
    const f = frames[hop]!;
    const s = spots[hop]!;
    const tone = f.drop ? th.drop : f.leg === 'reply' ? th.reply : th.request;
    d.rect(s.rect.x - 2, s.rect.y - 2, s.rect.w + 4, s.rect.h + 4, { stroke: tone, sw: 4, rx: 7, opacity: 0.8 });
    d.circle(s.x, s.y, 8, { fill: tone, stroke: '#ffffff', sw: 2 });
    drawChips(d, chipsOf(th, f), s.callout);
  }

  // The caption strip under the picture.
  const cap = captionLines(t, trace, frames, hop, g.edges.length - lines.length);
  const cx0 = d.x0;
  const cw = Math.max(d.x1 - d.x0, CAPTION.minW);
  const textW = cw - 2 * CAPTION.pad;
  const titleLines = wrap(cap.title, textW, CAPTION.title, 'sans', true);
  const bodyLines = cap.lines.flatMap((l) => wrap(l, textW, CAPTION.size, 'mono'));
  const cy0 = d.y1 + 28;
  const ch = CAPTION.pad * 2 + titleLines.length * (CAPTION.title + 6) + bodyLines.length * CAPTION.line;
  d.rect(cx0, cy0, cw, ch, { fill: th.caption.fill, stroke: th.caption.stroke, sw: 1, rx: 8 });
  let y = cy0 + CAPTION.pad + CAPTION.title;
  for (const l of titleLines) {
    d.text(cx0 + CAPTION.pad, y, l, { size: CAPTION.title, weight: 700, fill: th.caption.title });
    y += CAPTION.title + 6;
  }
  y += CAPTION.line - CAPTION.title - 6 + 2;
  for (const l of bodyLines) {
    d.text(cx0 + CAPTION.pad, y, l, { size: CAPTION.size, face: 'mono', fill: th.caption.text });
    y += CAPTION.line;
  }

  const x = Math.floor(d.x0 - PAD);
  const yy = Math.floor(d.y0 - PAD);
  const w = Math.ceil(d.x1 + PAD) - x;
  const h = Math.ceil(d.y1 + PAD) - yy;
  const title = frames.length ? `${cap.title} — hop ${hop + 1}/${frames.length}` : cap.title;
  const style = `.s{font-family:${FONT.sans}}.m{font-family:${FONT.mono}}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${x} ${yy} ${w} ${h}" role="img" data-theme="${th.name}">`,
    `<title>${escapeXml(title)}</title>`,
    o.embed ? svgMetadata(o.embed) : '',
    `<style>${style}</style>`,
    `<rect x="${x}" y="${yy}" width="${w}" height="${h}" fill="${th.background}"/>`,
    ...d.parts,
    '</svg>',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}
