/**
 * The headless command line: `trace`, `validate`, `view`, `import` (see docs/trace-format.md).
 * Exit status: 0 when the command ran (a trace whatever its verdict), 1 for an invalid
 * document, request or command line (one clear message on stderr), 2 for an internal error.
 * Never prints a stack trace unless HOPSCOPE_DEBUG is set.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { writeDocument } from '../model/write-document';
// UnsupportedError marks a document the engine refuses to simulate (kube-proxy's ebpf mode outside
// Terway IPVLAN, which the validator refuses too): the user's to change, not an engine bug.
// Flannel, Calico and Terway are all modelled.
import { compile, renderView, RequestError, trace, UnsupportedError, type Dataplane } from '../engine';
import { parseTopology, type Problem, type Topology, type Trace } from '../model';
import { installSchemaCompiler } from '../model/schema-compiler';
import { capturePackets, traceAs, traceToJson, traceToMarkdown, traceToPcapng, type TraceFormat } from '../engine/export';
import { importKubectl } from '../model/kubectl-import';
import { formatSize, MAX_DOCUMENT_SIZE, MAX_KUBECTL_SIZE } from '../model/limits';
import { decodeText } from '../model/text-decode';
import { HELP, parseCommandLine, requestFromJson, USAGE, UsageError, type Command } from './args';
import { formatProblem, formatTrace, formatWarning } from './format';
import { runRender, tracePicture } from './picture';

// Long lists are validated with zod's compiler; the worker loads it only when a document needs it.
installSchemaCompiler();

/** What a run produced; `main` writes it out. Kept separate so tests can call `run` in-process. */
export interface RunResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Problems `validate` lists before it says how many more there are. */
const MAX_LISTED = 500;

/** A failure the user can fix: exit 1 with this message. */
class CliError extends Error {
  override name = 'CliError';
}

/** Writes an export; injected so tests can keep files in memory. */
export type WriteFile = (path: string, data: string | Uint8Array) => void;

/** Where output lines go: an array (kept for RunResult), or straight to a stream as they are made. */
export interface Lines {
  push(...lines: string[]): unknown;
}

/**
 * Runs a command. Output is kept and returned in RunResult, unless `streams` are given: then
 * each line goes to them as soon as it is made (a --batch of 45,000 requests writes 45,000
 * results without holding them), and RunResult's stdout and stderr are empty.
 */
export function run(
  argv: readonly string[],
  readFile: (path: string, limit?: number) => string = readText,
  writeFile: WriteFile = writeOut,
  streams?: { stdout: Lines; stderr: Lines },
): RunResult {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const out = visible(streams?.stdout ?? outLines);
  const err = visible(streams?.stderr ?? errLines);
  let code: RunResult['code'];
  try {
    code = execute(parseCommandLine(argv), readFile, out, err, writeFile);
  } catch (e) {
    if (e instanceof UsageError) {
      err.push(clip(e.message), USAGE);
      code = 1;
    } else if (e instanceof CliError || e instanceof RequestError) {
      err.push(clip(e.message));
      code = 1;
    } else {
      err.push(
        `internal error: ${clip(describe(e))}${process.env.HOPSCOPE_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (set HOPSCOPE_DEBUG=1 for the stack)'}`,
      );
      code = 2;
    }
  }
  return { code, stdout: joinLines(outLines), stderr: joinLines(errLines) };
}

function execute(cmd: Command, readFile: (path: string, limit?: number) => string, out: Lines, err: Lines, writeFile: WriteFile): RunResult['code'] {
  switch (cmd.cmd) {
    case 'help':
      out.push(HELP);
      return 0;
    case 'validate': {
      const text = readFile(cmd.file);
      const r = parseTopology(text);
      if (!r.ok) {
        err.push(`${cmd.file}: invalid (${plural(r.problems.length, 'problem')})`);
        // A generated document can have a problem per pod: the first MAX_LISTED say what is wrong.
        for (const p of r.problems.slice(0, MAX_LISTED)) err.push(clip(formatProblem(p)));
        if (r.problems.length > MAX_LISTED) err.push(`… and ${plural(r.problems.length - MAX_LISTED, 'more problem')}`);
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
        exportTrace(t, topology, cmd.export as { format: 'md' | 'json' | 'pcap'; out?: string }, cmd.traceFormat, out, err, writeFile);
        return 0;
      }
      out.push(cmd.json ? JSON.stringify(traceAs(t, cmd.traceFormat), null, 2) : formatTrace(t, { verbose: cmd.verbose }).trimEnd());
      return 0;
    }
    case 'batch': {
      const { dp } = load(cmd.file, readFile, err);
      const failed: number[] = [];
      let requests = 0;
      let n = 0;
      // Each result is written as soon as it is computed: nothing grows with the number of lines.
      for (const line of lines(readFile(cmd.batch))) {
        n++;
        // Output line N answers input line N; a blank line stays blank so alignment holds.
        if (line.trim() === '') {
          out.push('');
          continue;
        }
        requests++;
        let result: string;
        try {
          if (line.length > MAX_DOCUMENT_SIZE)
            throw new UsageError(`the line is ${formatSize(line.length)}, more than the ${formatSize(MAX_DOCUMENT_SIZE)} a request may be`);
          let raw: unknown;
          try {
            raw = JSON.parse(line);
          } catch (e) {
            throw new UsageError(`not JSON: ${describe(e)}`);
          }
          result = JSON.stringify(traceAs(trace(dp, requestFromJson(raw)), cmd.traceFormat));
        } catch (e) {
          failed.push(n);
          const msg = e instanceof UsageError || e instanceof RequestError ? e.message : `internal error: ${describe(e)}`;
          result = JSON.stringify({ error: clip(`line ${n}: ${msg}`) });
        }
        // Outside the try: an output that cannot be written (a closed pipe) ends the run.
        out.push(result);
      }
      if (failed.length > 0) {
        const shown = failed.slice(0, 20).join(', ') + (failed.length > 20 ? ', …' : '');
        err.push(`${cmd.batch}: ${plural(failed.length, 'request')} of ${requests} could not run (line${failed.length > 1 ? 's' : ''} ${shown})`);
        return 1;
      }
      return 0;
    }
    case 'render': {
      const { dp, topology } = load(cmd.file, readFile, err);
      return runRender(cmd, { dp, topology, text: readFile(cmd.file) }, readFile, writeFile, out, err);
    }
    case 'import': {
      // kubectl output of a whole cluster is bigger than any document: read up to the import's own limit.
      const r = importKubectl(readFile(cmd.file, MAX_KUBECTL_SIZE), {
        ...(cmd.cni !== undefined ? { cni: cmd.cni } : {}),
        ...(cmd.name !== undefined ? { name: cmd.name } : {}),
      });
      if (!r.ok) {
        err.push(`${cmd.file}: cannot import (${plural(r.problems.length, 'problem')})`);
        for (const p of r.problems) err.push(formatProblem(p));
        return 1;
      }
      const i = r.inferred;
      out.push(
        `# Imported from ${cmd.file} by hopscope import: CNI ${i.cni.plugin} ${i.cni.mode} (${i.cni.from}); kube-proxy ${i.kubeProxy.mode}${i.kubeProxy.version ? ` ${i.kubeProxy.version}` : ''} (${i.kubeProxy.from})`,
        writeDocument(r.document, 'yaml').trimEnd(),
      );
      for (const w of r.warnings) err.push(`warning: ${formatWarning(w)}`);
      err.push(
        `${cmd.file}: imported ${plural(i.counts.nodes, 'node')}, ${plural(i.counts.pods, 'pod')}, ${plural(i.counts.services, 'service')}, ${plural(i.counts.loadBalancers, 'load balancer')}`,
      );
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

function exportTrace(
  t: Trace,
  topology: Topology,
  how: { format: 'md' | 'json' | 'pcap'; out?: string },
  traceFormat: TraceFormat,
  out: Lines,
  err: Lines,
  writeFile: WriteFile,
): void {
  const data = how.format === 'md' ? traceToMarkdown(t) : how.format === 'json' ? traceToJson(t, traceFormat) : traceToPcapng(t, { topology });
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
function writePicture(data: string, how: { format: 'svg' | 'mermaid'; out?: string }, out: Lines, err: Lines, writeFile: WriteFile): void {
  if (how.out === undefined) {
    out.push(data.trimEnd());
    return;
  }
  try {
    writeFile(how.out, data);
  } catch (e) {
    throw new CliError(`cannot write ${how.out}: ${describe(e)}`);
  }
  err.push(
    `${how.out}: ${how.format === 'svg' ? `SVG picture, ${Math.ceil(data.length / 1024)} KB (the document inside; open it in Hopscope)` : 'Mermaid sequence diagram'}`,
  );
}

function load(file: string, readFile: (path: string) => string, err: Lines): { topology: Topology; dp: Dataplane } {
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
  // A top-of-rack router: its routes and what BGP taught it.
  if (ref.startsWith('router:')) return t.routers.some((r) => r.name === ref.slice(7));
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

/**
 * A file's text: UTF-8, or UTF-16 LE/BE when a byte order mark (or NUL bytes) says so, with a
 * UTF-8 BOM dropped (decodeText). A file too big to be read as a string is refused here; the
 * document limit itself is the parser's (MAX_DOCUMENT_SIZE).
 */
function readText(path: string, limit = 4 * MAX_DOCUMENT_SIZE): string {
  let bytes: Buffer;
  try {
    // Four times the document limit: a batch file holds many requests; a bigger one would not fit a string.
    const size = statSync(path).size;
    if (size > limit)
      throw new CliError(
        `cannot read ${path}: it is ${formatSize(size)}, more than the ${formatSize(limit)} the command line reads (a document may be ${formatSize(MAX_DOCUMENT_SIZE)})`,
      );
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : describe(e);
    throw new CliError(`cannot read ${path}: ${why}`);
  }
  return decodeText(bytes);
}

/** The lines of `text` one at a time (\n or \r\n); the newline that ends the last line does not start another. */
function* lines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    yield text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
  }
}

/**
 * Lines with their control characters shown, not obeyed: an ingress path or a `to` holding
 * ESC [ 31 m, a carriage return or a right-to-left override would otherwise act on the
 * terminal. Written as \u001b, which reads the same in text and is the same value in JSON.
 */
function visible(target: Lines): Lines {
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
  const show = (l: string) => l.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { push: (...lines: string[]) => target.push(...lines.map(show)) };
}

/** A message short enough for one line: what the user wrote may be megabytes long (a 10 MB `to`). */
export function clip(message: string, max = 400): string {
  return message.length > max ? `${message.slice(0, max - 120)} … ${message.slice(-100)} (${formatSize(message.length)} message cut)` : message;
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
  // Lines go out as they are made (process.stdout is synchronous for files and pipes).
  // A reader that went away (`| head`) is not an error of ours: stop quietly, as other tools do.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 2));
  const to = (stream: NodeJS.WriteStream): Lines => ({ push: (...lines: string[]) => lines.forEach((l) => stream.write(`${l}\n`)) });
  const r = run(process.argv.slice(2), readText, writeOut, { stdout: to(process.stdout), stderr: to(process.stderr) });
  process.exitCode = r.code;
}
