/**
 * The headless command line: `trace`, `validate`, `view`, `import` (see design/trace-format.md).
 * Exit status: 0 when the command ran (a trace whatever its verdict), 1 for an invalid
 * document, request or command line (one clear message on stderr), 2 for an internal error.
 * Never prints a stack trace unless HOPSCOPE_DEBUG is set.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { compile, renderView, RequestError, trace, type Dataplane } from '../engine';
// NOTE: not re-exported by engine/index yet; it marks documents the validator accepts but the
// engine does not model (e.g. calico, terway), which are the user's to change, not engine bugs.
import { UnsupportedError } from '../engine';
import { parseTopology, type Problem, type Topology, type Trace } from '../model';
import { capturePackets, traceToJson, traceToMarkdown, traceToPcapng } from '../engine/export';
import { importKubectl } from '../model/kubectl-import';
import { HELP, parseCommandLine, requestFromJson, USAGE, UsageError, type Command } from './args';
import { formatProblem, formatTrace } from './format';
import { runRender, tracePicture } from './picture';

/** What a run produced; `main` writes it out. Kept separate so tests can call `run` in-process. */
export interface RunResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** A failure the user can fix: exit 1 with this message. */
class CliError extends Error {
  override name = 'CliError';
}

/** Writes an export; injected so tests can keep files in memory. */
export type WriteFile = (path: string, data: string | Uint8Array) => void;

export function run(argv: readonly string[], readFile: (path: string) => string = readText, writeFile: WriteFile = writeOut): RunResult {
  const out: string[] = [];
  const err: string[] = [];
  let code: RunResult['code'];
  try {
    code = execute(parseCommandLine(argv), readFile, out, err, writeFile);
  } catch (e) {
    if (e instanceof UsageError) {
      err.push(e.message, USAGE);
      code = 1;
    } else if (e instanceof CliError || e instanceof RequestError) {
      err.push(e.message);
      code = 1;
    } else {
      err.push(`internal error: ${describe(e)}${process.env.HOPSCOPE_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (set HOPSCOPE_DEBUG=1 for the stack)'}`);
      code = 2;
    }
  }
  return { code, stdout: joinLines(out), stderr: joinLines(err) };
}

function execute(cmd: Command, readFile: (path: string) => string, out: string[], err: string[], writeFile: WriteFile): RunResult['code'] {
  switch (cmd.cmd) {
    case 'help':
      out.push(HELP);
      return 0;
    case 'validate': {
      const text = readFile(cmd.file);
      const r = parseTopology(text);
      if (!r.ok) {
        err.push(`${cmd.file}: invalid (${plural(r.problems.length, 'problem')})`);
        for (const p of r.problems) err.push(formatProblem(p));
        return 1;
      }
      const t = r.topology;
      out.push(`${cmd.file}: valid (${plural(t.nodes.length, 'node')}, ${plural(t.pods.length, 'pod')}, ${plural(t.services.length, 'service')})`);
      for (const w of r.warnings) err.push(`warning: ${formatProblem(w)}`);
      return 0;
    }
    case 'trace': {
      const { dp, topology } = load(cmd.file, readFile, err);
      const t = trace(dp, cmd.request);
      const ex = cmd.export;
      if (ex && (ex.format === 'svg' || ex.format === 'mermaid')) {
        const how = { format: ex.format, ...(ex.out !== undefined ? { out: ex.out } : {}) };
        writePicture(tracePicture(ex.format, t, topology, readFile(cmd.file), ex), how, out, err, writeFile);
        return 0;
      }
      if (cmd.export) {
        exportTrace(t, topology, cmd.export as { format: 'md' | 'json' | 'pcap'; out?: string }, out, err, writeFile);
        return 0;
      }
      out.push(cmd.json ? JSON.stringify(t, null, 2) : formatTrace(t, { verbose: cmd.verbose }).trimEnd());
      return 0;
    }
    case 'batch': {
      const { dp } = load(cmd.file, readFile, err);
      const lines = splitLines(readFile(cmd.batch));
      const failed: number[] = [];
      lines.forEach((line, i) => {
        // Output line N answers input line N; a blank line stays blank so alignment holds.
        if (line.trim() === '') {
          out.push('');
          return;
        }
        try {
          let raw: unknown;
          try {
            raw = JSON.parse(line);
          } catch (e) {
            throw new UsageError(`not JSON: ${describe(e)}`);
          }
          out.push(JSON.stringify(trace(dp, requestFromJson(raw))));
        } catch (e) {
          failed.push(i + 1);
          const msg = e instanceof UsageError || e instanceof RequestError ? e.message : `internal error: ${describe(e)}`;
          out.push(JSON.stringify({ error: `line ${i + 1}: ${msg}` }));
        }
      });
      if (failed.length > 0) {
        err.push(`${cmd.batch}: ${plural(failed.length, 'request')} of ${lines.filter((l) => l.trim() !== '').length} could not run (line${failed.length > 1 ? 's' : ''} ${failed.join(', ')})`);
        return 1;
      }
      return 0;
    }
    case 'render': {
      const { dp, topology } = load(cmd.file, readFile, err);
      return runRender(cmd, { dp, topology, text: readFile(cmd.file) }, readFile, writeFile, out, err);
    }
    case 'import': {
      const r = importKubectl(readFile(cmd.file), { ...(cmd.cni !== undefined ? { cni: cmd.cni } : {}), ...(cmd.name !== undefined ? { name: cmd.name } : {}) });
      if (!r.ok) {
        err.push(`${cmd.file}: cannot import (${plural(r.problems.length, 'problem')})`);
        for (const p of r.problems) err.push(formatProblem(p));
        return 1;
      }
      const i = r.inferred;
      out.push(
        `# Imported from ${cmd.file} by hopscope import: CNI ${i.cni.plugin} ${i.cni.mode} (${i.cni.from}); kube-proxy ${i.kubeProxy.mode}${i.kubeProxy.version ? ` ${i.kubeProxy.version}` : ''} (${i.kubeProxy.from})`,
        stringify(r.document, { lineWidth: 0 }).trimEnd(),
      );
      for (const w of r.warnings) err.push(`warning: ${w}`);
      err.push(`${cmd.file}: imported ${plural(i.counts.nodes, 'node')}, ${plural(i.counts.pods, 'pod')}, ${plural(i.counts.services, 'service')}, ${plural(i.counts.loadBalancers, 'load balancer')}`);
      return 0;
    }
    case 'view': {
      const { dp, topology } = load(cmd.file, readFile, err);
      if (!namespaceExists(topology, cmd.node)) {
        const names = topology.nodes.map((n) => n.name);
        const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, … (${names.length} in all)` : '');
        throw new CliError(`view: no node "${cmd.node}" in ${cmd.file} (nodes: ${shown || 'none'})`);
      }
      // The trace runs first so the conntrack view shows the entries it made and the
      // iptables view the rules it matched (renderView's optional 4th argument).
      const t = cmd.request ? trace(dp, cmd.request) : undefined;
      const text = renderView(dp, cmd.node, cmd.what, t);
      out.push(text.replace(/\n+$/, ''));
      return 0;
    }
  }
}

function exportTrace(t: Trace, topology: Topology, how: { format: 'md' | 'json' | 'pcap'; out?: string }, out: string[], err: string[], writeFile: WriteFile): void {
  const data = how.format === 'md' ? traceToMarkdown(t) : how.format === 'json' ? traceToJson(t) : traceToPcapng(t, { topology });
  if (how.out === undefined) {
    out.push((data as string).trimEnd());
    return;
  }
  try {
    writeFile(how.out, data);
  } catch (e) {
    throw new CliError(`cannot write ${how.out}: ${describe(e)}`);
  }
  if (how.format === 'pcap') {
    const pk = capturePackets(t, { topology });
    err.push(`${how.out}: ${plural(pk.length, 'packet')} at ${plural(new Set(pk.map((p) => p.point)).size, 'capture point')} (pcapng; tshark -r ${how.out})`);
  } else {
    err.push(`${how.out}: trace written as ${how.format === 'md' ? 'Markdown' : 'JSON'}`);
  }
}

/** An SVG or Mermaid export: to --out, or to stdout. */
function writePicture(data: string, how: { format: 'svg' | 'mermaid'; out?: string }, out: string[], err: string[], writeFile: WriteFile): void {
  if (how.out === undefined) {
    out.push(data.trimEnd());
    return;
  }
  try {
    writeFile(how.out, data);
  } catch (e) {
    throw new CliError(`cannot write ${how.out}: ${describe(e)}`);
  }
  err.push(`${how.out}: ${how.format === 'svg' ? `SVG picture, ${Math.ceil(data.length / 1024)} KB (the document inside; open it in Hopscope)` : 'Mermaid sequence diagram'}`);
}

function load(file: string, readFile: (path: string) => string, err: string[]): { topology: Topology; dp: Dataplane } {
  const r = parseTopology(readFile(file));
  if (!r.ok) throw new CliError(invalidDocument(file, r.problems));
  for (const w of r.warnings) err.push(`warning: ${formatProblem(w)}`);
  try {
    return { topology: r.topology, dp: compile(r.topology) };
  } catch (e) {
    if (e instanceof UnsupportedError) throw new CliError(`${file}: cannot simulate this document yet: ${e.message}`);
    throw e;
  }
}

/** A node by name, or a namespace id the engine also renders: node:NAME, pod:NS/NAME. */
function namespaceExists(t: Topology, ref: string): boolean {
  if (ref.startsWith('node:')) return t.nodes.some((n) => n.name === ref.slice(5));
  if (ref.startsWith('pod:')) return t.pods.some((p) => `${p.namespace}/${p.name}` === ref.slice(4));
  return t.nodes.some((n) => n.name === ref);
}

/** One line: the first problem, and how to see the rest. */
function invalidDocument(file: string, problems: readonly Problem[]): string {
  const first = problems[0] ? formatProblem(problems[0]) : 'invalid';
  const more = problems.length > 1 ? ` (and ${plural(problems.length - 1, 'more problem')}; run validate to list them)` : '';
  return `${file}: invalid document: ${first}${more}`;
}

function writeOut(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file'
      : code === 'EISDIR' ? 'it is a directory'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : describe(e);
    throw new CliError(`cannot read ${path}: ${why}`);
  }
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop(); // the newline that ends the last line does not start another
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

// Run only as a program, not when imported by tests.
const invokedDirectly = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (invokedDirectly) {
  const r = run(process.argv.slice(2));
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
