/**
 * Pictures from the command line, no browser: `trace … --export svg|mermaid` and the `render`
 * command (one SVG per request of a batch file). The SVG is the app's export (src/render),
 * carrying the document and the request, so it opens again in Hopscope.
 */
import type { Lines } from './main';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Dataplane } from '../engine';
import { RequestError, trace } from '../engine';
import type { Topology, Trace } from '../model';
import { readDocument } from '../model/parse';
import { autoLayout } from '../layout/auto-layout';
import { buildFrames } from '../layout/frames';
import { renderSvg, traceToMermaid, type ThemeName } from '../render';
import { requestFromJson, UsageError } from './args';

export const THEMES: readonly ThemeName[] = ['light', 'dark'];

export interface PictureOptions {
  /** 1-based, as the caption counts; default: the request's last hop. */
  hop?: number;
  theme?: ThemeName;
}

export interface RenderCommand extends PictureOptions {
  cmd: 'render';
  file: string;
  batch: string;
  outDir: string;
}

/** --hop and --theme, checked. */
export function pictureFlags(v: { hop?: unknown; theme?: unknown }, sub: string): PictureOptions {
  const o: PictureOptions = {};
  if (v.hop !== undefined) {
    const s = String(v.hop);
    if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`${sub}: --hop takes a hop number from 1; got "${s}"`);
    o.hop = Number(s);
  }
  if (v.theme !== undefined) {
    if (!(THEMES as readonly string[]).includes(String(v.theme))) throw new UsageError(`${sub}: --theme must be light or dark; got "${String(v.theme)}"`);
    o.theme = v.theme as ThemeName;
  }
  return o;
}

/** `render FILE --batch REQUESTS.jsonl --out-dir DIR [--hop N] [--theme T]` (argv after "render"). */
export function parseRenderCommand(rest: readonly string[]): RenderCommand | { cmd: 'help' } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: {
        batch: { type: 'string' },
        'out-dir': { type: 'string' },
        hop: { type: 'string' },
        theme: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const flag = /'(-{1,2}[^' ]+)/.exec(String((e as Error).message))?.[1];
    throw new UsageError(
      `render: ${(e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option ${flag}` : String((e as Error).message).split('\n')[0]}`,
    );
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { cmd: 'help' };
  if (positionals.length === 0) throw new UsageError('render: missing FILE (the topology document)');
  if (positionals.length > 1) throw new UsageError(`render: one FILE expected, got also "${positionals[1]}"`);
  if (!v.batch) throw new UsageError('render: missing --batch REQUESTS.jsonl');
  if (!v['out-dir']) throw new UsageError('render: missing --out-dir DIR');
  return { cmd: 'render', file: positionals[0]!, batch: v.batch, outDir: v['out-dir'], ...pictureFlags(v, 'render') };
}

/** The document as the picture carries it: the file's own YAML or JSON, as data. */
function documentOf(text: string, topology: Topology): unknown {
  // The file parsed as a topology, so it reads; the parsed form is only a fallback.
  return readDocument(text) ?? (JSON.parse(JSON.stringify(topology)) as unknown);
}

/** The frame index of a 1-based --hop, checked against the trace. */
function frameOf(t: Trace, hop: number | undefined): number | undefined {
  if (hop === undefined) return undefined;
  const n = buildFrames(t).length;
  if (hop > n) throw new RequestError(`--hop ${hop}: the trace has ${n} hop${n === 1 ? '' : 's'} (its reply included)`);
  return hop - 1;
}

/** The trace as an SVG picture (with the document inside) or a Mermaid sequence diagram. */
export function tracePicture(format: 'svg' | 'mermaid', t: Trace, topology: Topology, documentText: string, o: PictureOptions = {}): string {
  if (format === 'mermaid') return traceToMermaid(t);
  const hop = frameOf(t, o.hop);
  return renderSvg({
    topology,
    trace: t,
    ...(hop !== undefined ? { hop } : {}),
    theme: o.theme ?? 'light',
    autoLayout,
    embed: { document: documentOf(documentText, topology), request: t.request, ...(hop !== undefined ? { hop } : {}) },
  });
}

/** Runs `render`: returns the exit code; `out` gets one line per input line. */
export function runRender(
  cmd: RenderCommand,
  loaded: { topology: Topology; dp: Dataplane; text: string },
  readFile: (path: string) => string,
  writeFile: (path: string, data: string) => void,
  out: Lines,
  err: Lines,
): 0 | 1 {
  const lines = readFile(cmd.batch).split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const width = Math.max(3, String(lines.length).length);
  try {
    mkdirSync(cmd.outDir, { recursive: true });
  } catch (e) {
    throw new RequestError(`cannot create ${cmd.outDir}: ${(e as Error).message.split('\n')[0]}`);
  }
  const failed: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      out.push('');
      return;
    }
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        throw new UsageError(`not JSON: ${(e as Error).message.split('\n')[0]}`);
      }
      const t = trace(loaded.dp, requestFromJson(raw));
      const path = join(cmd.outDir, `${String(i + 1).padStart(width, '0')}.svg`);
      writeFile(path, tracePicture('svg', t, loaded.topology, loaded.text, cmd));
      out.push(`${path}\t${t.verdict}`);
    } catch (e) {
      failed.push(i + 1);
      const msg = e instanceof UsageError || e instanceof RequestError ? e.message : `internal error: ${(e as Error).message ?? String(e)}`;
      out.push(`line ${i + 1}: ${msg}`);
    }
  });
  const ran = lines.filter((l) => l.trim() !== '').length;
  err.push(`${cmd.outDir}: ${ran - failed.length} picture${ran - failed.length === 1 ? '' : 's'} of ${ran} request${ran === 1 ? '' : 's'}`);
  if (failed.length > 0) {
    err.push(`${cmd.batch}: line${failed.length > 1 ? 's' : ''} ${failed.join(', ')} could not be drawn`);
    return 1;
  }
  return 0;
}
