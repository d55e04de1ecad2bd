import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compile, trace as runTrace } from '../engine';
import { parseTopology, rewritesOf, type Topology, type Trace, type TraceRequest } from '../model';
import { builtins } from '../scenarios';
import { applyEdits, faultLessons, lessons } from '../scenarios/lessons';
import { stringify } from 'yaml';
import { nodeFaults } from '../layout/faults';
import { buildFrames } from '../layout/frames';
import { captionLines, defaultHop, EMBED_NS, embeddedJson, isPng, readPngText, readSvgEmbedded, renderSvg, traceToMermaid, withPngText, PNG_KEYWORD } from '.';
import { buildGraph } from '../layout/graph';
import { EDGE_LIMIT } from '../layout/lod';
import { themeOf } from './theme';
import { generateFlannelCluster, pickTraceRequests } from '../scenarios/generate';
import { mermaidText } from './mermaid';
import { textWidth, wrap, fit } from './text';
import { escapeXml, unescapeXml } from './xml';
import { utf8Decode, utf8Encode } from './png';

const parse = (yaml: string): Topology => {
  const r = parseTopology(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.topology;
};

/** Every built-in with each of its lessons' traces. */
const cases = builtins.flatMap((b) => {
  const topology = parse(b.yaml);
  const dp = compile(topology);
  const document = parseYaml(b.yaml) as unknown;
  return lessons.filter((l) => l.doc === b.id).map((l) => ({ id: `${b.id} ${l.id}`, topology, document, request: l.request, trace: runTrace(dp, l.request) }));
});

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
type El = Record<string, unknown>;

/** Every drawn element of an SVG with the box it covers (text by the renderer's width estimate). */
function boxes(svg: string): { viewBox: Box; items: { tag: string; box: Box; text?: string }[] } {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false }).parse(svg) as El[];
  const root = doc.find((n) => 'svg' in n)!;
  const attrsOf = (n: El) => (n[':@'] ?? {}) as Record<string, string>;
  const [vx, vy, vw, vh] = attrsOf(root).viewBox!.split(' ').map(Number) as [number, number, number, number];
  const items: { tag: string; box: Box; text?: string }[] = [];
  for (const n of root.svg as El[]) {
    const tag = Object.keys(n).find((k) => k !== ':@')!;
    const a = attrsOf(n);
    const sw = a.stroke ? Number(a['stroke-width'] ?? 1) / 2 : 0;
    const num = (k: string) => Number(a[k]);
    switch (tag) {
      case 'rect':
        items.push({ tag, box: { x0: num('x') - sw, y0: num('y') - sw, x1: num('x') + num('width') + sw, y1: num('y') + num('height') + sw } });
        break;
      case 'circle':
        items.push({
          tag,
          box: { x0: num('cx') - num('r') - sw, y0: num('cy') - num('r') - sw, x1: num('cx') + num('r') + sw, y1: num('cy') + num('r') + sw },
        });
        break;
      case 'path': {
        const d = a.d!;
        expect(d).toMatch(/^[MLC0-9.,\s-]+$/);
        const v = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
        const xs = v.filter((_, i) => i % 2 === 0);
        const ys = v.filter((_, i) => i % 2 === 1);
        items.push({ tag, box: { x0: Math.min(...xs) - sw, y0: Math.min(...ys) - sw, x1: Math.max(...xs) + sw, y1: Math.max(...ys) + sw } });
        break;
      }
      case 'text': {
        const content = (n.text as El[]).map((c) => String(c['#text'] ?? '')).join('');
        const text = unescapeXml(content);
        const size = num('font-size');
        const w = textWidth(text, size, a.class === 'm' ? 'mono' : 'sans', Number(a['font-weight'] ?? 400) >= 600);
        const x = num('x');
        const left = a['text-anchor'] === 'middle' ? x - w / 2 : a['text-anchor'] === 'end' ? x - w : x;
        // Ascenders reach about 0.95 em above the baseline, descenders 0.25 em below.
        items.push({ tag, text, box: { x0: left, y0: num('y') - 0.95 * size, x1: left + w, y1: num('y') + 0.25 * size } });
        break;
      }
      case 'title':
      case 'metadata':
      case 'style':
      case '#text':
        break;
      default:
        throw new Error(`unexpected element <${tag}>`);
    }
  }
  return { viewBox: { x0: vx, y0: vy, x1: vx + vw, y1: vy + vh }, items };
}

const inside = (b: Box, v: Box) => b.x0 >= v.x0 && b.y0 >= v.y0 && b.x1 <= v.x1 && b.y1 <= v.y1;

describe('renderSvg on every built-in with a trace', () => {
  it('has cases for every built-in', () => {
    expect(new Set(cases.map((c) => c.id.split(' ')[0]))).toEqual(new Set(builtins.map((b) => b.id)));
  });

  for (const theme of ['light', 'dark'] as const) {
    it.each(cases)(`$id (${theme}): well-formed, captioned, every hop's device, inside its viewBox, small, carrying its document`, (c) => {
      const svg = renderSvg({ topology: c.topology, trace: c.trace, theme, embed: { document: c.document, request: c.request } });
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg.length).toBeLessThan(150 * 1024);
      expect(svg).not.toMatch(/foreignObject|<image|base64|@font-face/);

      const { viewBox, items } = boxes(svg);
      const outside = items.filter((i) => !inside(i.box, viewBox));
      expect(outside).toEqual([]);

      const texts = items.filter((i) => i.text !== undefined).map((i) => i.text!);
      const all = texts.join('\n');
      const frames = buildFrames(c.trace);
      const cap = captionLines(c.topology, c.trace, frames, defaultHop(c.trace));
      // Wrapped lines join back into the caption's text.
      expect(all.replace(/\n/g, ' ')).toContain(cap.title.split(' ').slice(0, 2).join(' '));
      expect(texts.some((s) => s.startsWith(`Hop ${defaultHop(c.trace) + 1}/${frames.length}`))).toBe(true);
      expect(texts.some((s) => s.startsWith(`Verdict: ${c.trace.verdict}`))).toBe(true);
      expect(texts.some((s) => s.startsWith('Rewrite at this hop:'))).toBe(true);
      for (const h of [...c.trace.hops, ...(c.trace.reply?.hops ?? [])]) if (h.device) expect(texts, `${h.ns} ${h.device}`).toContain(h.device);

      const back = readSvgEmbedded(svg);
      expect(back?.document).toEqual(c.document);
      expect(back?.request).toEqual(c.request);
      expect(svg).toContain(`data-theme="${theme}"`);
    });
  }

  it('draws every hop of a trace, the reply included, and says which one it shows', () => {
    const c = cases[0]!;
    const frames = buildFrames(c.trace);
    for (const hop of [0, frames.length - 1]) {
      const svg = renderSvg({ topology: c.topology, trace: c.trace, hop });
      const { viewBox, items } = boxes(svg);
      expect(items.filter((i) => !inside(i.box, viewBox))).toEqual([]);
      expect(svg).toContain(`Hop ${hop + 1}/${frames.length}`);
    }
  });

  it('shows the rewrite at a hop where one happened, as a badge and in the caption', () => {
    const c = cases.find((x) => buildFrames(x.trace).some((f) => f.badges.some((b) => b.type === 'DNAT')))!;
    const frames = buildFrames(c.trace);
    const hop = frames.findIndex((f) => f.badges.some((b) => b.type === 'DNAT'));
    const svg = renderSvg({ topology: c.topology, trace: c.trace, hop });
    const { viewBox, items } = boxes(svg);
    expect(items.filter((i) => !inside(i.box, viewBox))).toEqual([]);
    const texts = items.map((i) => i.text ?? '').join(' ');
    expect(texts).toContain(`Rewrite at this hop: DNAT ${frames[hop]!.badges[0]!.text.slice(5, 30)}`);
    expect(texts.match(/DNAT /g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('marks a drop and words its reason', () => {
    const t = parse(builtins.find((b) => b.id === 'shop-calico')!.yaml);
    const dp = compile(t);
    const request: TraceRequest = { from: 'pod:shop/web-5d9f7c8b6-a1b2c', to: '10.244.2.40:5432' };
    const tr = runTrace(dp, request);
    expect(tr.verdict).not.toBe('delivered');
    const svg = renderSvg({ topology: t, trace: tr });
    expect(XMLValidator.validate(svg)).toBe(true);
    const { viewBox, items } = boxes(svg);
    expect(items.filter((i) => !inside(i.box, viewBox))).toEqual([]);
    expect(items.some((i) => i.text === `✕ ${tr.verdict}`)).toBe(true);
    expect(svg).toContain(`Verdict: ${tr.verdict}`);
  });

  it.each(faultLessons)('find-the-fault $id: the broken node carries its warning, as on the canvas', (l) => {
    const b = builtins.find((x) => x.id === l.doc)!;
    const doc = applyEdits(parseYaml(b.yaml) as Record<string, unknown>, l.fault);
    const t = parse(stringify(doc));
    const tr = runTrace(compile(t), l.request);
    const svg = renderSvg({ topology: t, trace: tr, embed: { document: doc, request: l.request } });
    expect(XMLValidator.validate(svg)).toBe(true);
    const { viewBox, items } = boxes(svg);
    expect(items.filter((i) => !inside(i.box, viewBox))).toEqual([]);
    const labels = t.nodes.flatMap((n) => nodeFaults(n as unknown as Record<string, unknown>).map((f) => f.label));
    const warnings = items.filter((i) => i.text?.startsWith('⚠ ')).map((i) => i.text!);
    // Every node with a fault shows the first of them (long ones shortened to fit).
    expect(warnings.length).toBe(t.nodes.filter((n) => nodeFaults(n as unknown as Record<string, unknown>).length > 0).length);
    for (const w of warnings)
      expect(
        labels.some((x) =>
          x.startsWith(
            w
              .slice(2)
              .replace(/( \+\d+)?…?$/, '')
              .replace(/…$/, ''),
          ),
        ),
      ).toBe(true);
    expect(readSvgEmbedded(svg)?.document).toEqual(doc);
  });

  it('escapes what the document says (names, the caption) for XML', () => {
    const c = cases[0]!;
    const t: Topology = { ...c.topology, metadata: { ...c.topology.metadata, name: 'a <b> & "c" \'d\' ]]> \u0001' } };
    const svg = renderSvg({ topology: t, trace: c.trace, embed: { document: { ...(c.document as object), note: '</metadata><script>x</script>' } } });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; ]]&gt;');
    expect((readSvgEmbedded(svg)?.document as { note: string }).note).toBe('</metadata><script>x</script>');
  });

  it('carries the document as JSON in CDATA, reading back exactly what XML and CDATA cannot hold, and still reads the escaped form', () => {
    const c = cases[0]!;
    const note = 'a "quoted" ]]> <b> & \uFFFE \uFFFF \u0001 \uD800 end';
    const plain = 'a "quoted" <b> & end';
    const document = { ...(c.document as object), note };
    const svg = renderSvg({ topology: c.topology, trace: c.trace, embed: { document, request: c.request, hop: 1 } });
    expect(XMLValidator.validate(svg)).toBe(true);
    const inside = /<metadata>([\s\S]*)<\/metadata>/.exec(svg)![1]!;
    // Not escaped for XML (a quote is a quote), and no tag inside.
    expect(inside).toContain('<![CDATA[{"hopscope":1,"document":{');
    expect(inside).not.toContain('&quot;');
    expect(inside.replace(/^<hopscope[^>]*><!\[CDATA\[/, '').replace(/\]\]><\/hopscope>$/, '')).not.toMatch(/<|]]>/);
    expect(readSvgEmbedded(svg)).toEqual({ document, request: c.request, hop: 1 });
    // A picture exported with the JSON XML-escaped (before the CDATA form) still opens.
    const old = `<svg xmlns="http://www.w3.org/2000/svg"><metadata><hopscope xmlns="${EMBED_NS}" type="application/json">${escapeXml(embeddedJson({ document: { ...document, note: plain } }))}</hopscope></metadata></svg>`;
    expect(old).toContain('&quot;');
    expect((readSvgEmbedded(old)?.document as { note: string }).note).toBe(plain);
  });

  it('past EDGE_LIMIT lines, draws only the trace’s (as the canvas does) and says how many it left out', () => {
    const doc = generateFlannelCluster({ nodes: 20 });
    const topology = parse(stringify(doc));
    const request = pickTraceRequests(doc, 10).find((r) => r.kind === 'pod-clusterip')!.request;
    const tr = runTrace(compile(topology), request);
    const svg = renderSvg({ topology, trace: tr });
    expect(XMLValidator.validate(svg)).toBe(true);
    const th = themeOf('light');
    const paths = svg.match(/<path [^>]*>/g) ?? [];
    const graphLines = buildGraph(topology).edges.length;
    expect(graphLines).toBeGreaterThan(EDGE_LIMIT);
    // No line in the graph's own colour; the trace's lines (the request's colour, 2.5 wide, not dashed) are drawn.
    expect(paths.filter((l) => l.includes(`stroke="${th.edge}"`))).toEqual([]);
    const onPath = paths.filter((l) => l.includes(`stroke="${th.request}" stroke-width="2.5"`) && !l.includes('dasharray')).length;
    expect(onPath).toBeGreaterThan(0);
    // The caption counts the rest.
    expect(svg).toContain(`Lines: ${graphLines - onPath} not drawn`);
    // A small document draws every line and says nothing of it.
    const small = cases[0]!;
    const all = renderSvg({ topology: small.topology, trace: small.trace });
    expect((all.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(buildGraph(small.topology).edges.length - 1);
    expect(all).not.toContain('not drawn');
  });

  it('draws a document without a trace, and without stored positions when given the automatic layout', async () => {
    const { autoLayout } = await import('../layout/auto-layout');
    const t = parse(builtins[1]!.yaml);
    const bare: Topology = { ...t, layout: undefined } as Topology;
    for (const svg of [renderSvg({ topology: t }), renderSvg({ topology: bare, autoLayout })]) {
      expect(XMLValidator.validate(svg)).toBe(true);
      const { viewBox, items } = boxes(svg);
      expect(items.filter((i) => !inside(i.box, viewBox))).toEqual([]);
      expect(svg).toContain('No trace');
      expect(readSvgEmbedded(svg)).toBeNull();
    }
  });
});

describe('text helpers', () => {
  it('escape and unescape XML, dropping characters XML forbids', () => {
    expect(escapeXml('<a href="x">&\'</a>\u0000\uD800')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\uFFFD');
    expect(unescapeXml(escapeXml('a<b>&"\'c'))).toBe('a<b>&"\'c');
  });

  it('wrap and fit keep within the width they are given', () => {
    const s = 'DNAT 10.0.0.180:30875 → 172.23.96.163:80 by IPVS 10.0.0.180:30875 rr (nodePort of default/nginx2:http)';
    for (const l of wrap(s, 200, 11, 'mono')) expect(textWidth(l, 11, 'mono')).toBeLessThanOrEqual(200);
    expect(wrap(s, 200, 11, 'mono').join(' ').replace(/\s+/g, ' ')).toBe(s);
    expect(textWidth(fit(s, 120, 12), 12)).toBeLessThanOrEqual(120);
    expect(fit('short', 120, 12)).toBe('short');
    expect(textWidth('集群', 12)).toBeGreaterThan(textWidth('ab', 12));
  });
});

describe('the document inside a PNG', () => {
  // A 1×1 transparent PNG.
  const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

  it('is written as an iTXt chunk after the header and read back, replacing an earlier one', () => {
    expect(isPng(png)).toBe(true);
    const text = JSON.stringify({ hopscope: 1, document: { metadata: { name: '集群 ✓ <&>' } } });
    const once = withPngText(png, PNG_KEYWORD, text);
    expect(readPngText(once, PNG_KEYWORD)).toBe(text);
    const twice = withPngText(once, PNG_KEYWORD, 'again');
    expect(readPngText(twice, PNG_KEYWORD)).toBe('again');
    expect(twice.length).toBeLessThan(once.length);
    expect(readPngText(png, PNG_KEYWORD)).toBeNull();
    expect(readPngText(utf8Encode('<svg/>'), PNG_KEYWORD)).toBeNull();
    // The chunk is after IHDR, and the picture's own chunks are intact.
    expect(String.fromCharCode(...once.subarray(12, 16))).toBe('IHDR');
    expect(String.fromCharCode(...once.subarray(37, 41))).toBe('iTXt');
    expect(String.fromCharCode(...twice.subarray(twice.length - 8, twice.length - 4))).toBe('IEND');
  });

  it('UTF-8 round-trips', () => {
    const s = 'a é 集 😀';
    expect(utf8Decode(utf8Encode(s))).toBe(s);
    expect(utf8Encode(s).length).toBe(new TextEncoder().encode(s).length);
  });
});

describe('traceToMermaid', () => {
  const check = (text: string, t: Trace) => {
    const lines = text.trimEnd().split('\n');
    const head = lines.findIndex((l) => l === 'sequenceDiagram');
    expect(head).toBeGreaterThanOrEqual(0);
    expect(lines.slice(0, head).every((l) => l.startsWith('%%'))).toBe(true);
    const declared = new Set<string>();
    let messages = 0;
    for (const l of lines.slice(head + 1)) {
      const p = /^ {2}participant (p\d+) as (.+)$/.exec(l);
      const m = /^ {2}(p\d+)(->>|-->>)(p\d+): (.+)$/.exec(l);
      const n = /^ {2}Note over (p\d+): (.+)$/.exec(l);
      expect(p || m || n, l).toBeTruthy();
      const text = p?.[2] ?? m?.[4] ?? n?.[2] ?? '';
      // Nothing Mermaid would read as syntax inside a name or a message.
      expect(text.replace(/#\d+;/g, ''), l).not.toMatch(/[;#%<>"`{}|]/);
      if (p) {
        expect(messages, 'participants come first').toBe(0);
        declared.add(p[1]!);
      }
      if (m) {
        messages++;
        expect(declared.has(m[1]!) && declared.has(m[3]!)).toBe(true);
      }
      if (n) expect(declared.has(n[1]!)).toBe(true);
    }
    const hops = t.hops.length + (t.reply?.hops.length ?? 0);
    expect(messages).toBe(hops - 1);
    expect(declared.size).toBe(new Set([...t.hops, ...(t.reply?.hops ?? [])].map((h) => h.ns)).size);
  };

  it.each(cases)('$id is a sequence diagram with one message per hop and a note per rewrite', (c) => {
    const text = traceToMermaid(c.trace);
    check(text, c.trace);
    const rewrites = [...c.trace.hops, ...(c.trace.reply?.hops ?? [])].reduce((a, h) => a + rewritesOf(h).length, 0);
    expect(text.match(/Note over p\d+: (DNAT|SNAT|MASQUERADE|un-DNAT|un-SNAT|ENCAP|DECAP) /g)?.length ?? 0).toBe(rewrites);
  });

  it('escapes what Mermaid would read as syntax', () => {
    expect(mermaidText('a;b #c %%d <e> "f"\nnext')).toBe('a#59;b #35;c #37;#37;d #60;e#62; #34;f#34; next');
  });
});
