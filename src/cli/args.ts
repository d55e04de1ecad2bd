/**
 * Command-line parsing for `hopscope trace | validate | view` (see docs/trace-format.md).
 * Pure: argv in, a typed command out, or a UsageError whose message is one line fit for stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VIEW_KINDS, type ViewKind } from '../engine';
import { TRACE_FORMATS, type TraceFormat } from '../engine/export/format';
import type { Choice, EarlierConnection, TraceProtocol, TraceRequest } from '../model';
import { parseRenderCommand, pictureFlags, type PictureOptions, type RenderCommand } from './picture';
import { RENDER_HELP, RENDER_USAGE } from './render-usage';

/** Bad command line or bad request JSON: exit 1, message on stderr, usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Command =
  | { cmd: 'help'; topic?: 'trace' | 'validate' | 'view' | 'import' | 'render' }
  | {
      cmd: 'trace';
      file: string;
      request: TraceRequest;
      json: boolean;
      verbose: boolean;
      traceFormat: TraceFormat;
      export?: { format: ExportFormat; out?: string } & PictureOptions;
    }
  | RenderCommand
  | { cmd: 'import'; file: string; cni?: string; name?: string }
  | { cmd: 'batch'; file: string; batch: string; traceFormat: TraceFormat }
  | { cmd: 'validate'; file: string }
  | { cmd: 'view'; file: string; node: string; what: ViewKind; request?: TraceRequest };

export const EXPORT_FORMATS = ['md', 'json', 'pcap', 'svg', 'mermaid'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const USAGE = `usage:
  hopscope trace FILE --from REF --to DEST [--proto TCP|UDP|ICMP] [--size N] [--df|--no-df]
                      [--seed N | --pick IP:PORT[,IP:PORT...] | --all] [--repeat N] [--after [FROM=]DEST ...] [--json [--trace-format 1|2]] [--verbose]
                      [--export md|json|pcap|svg|mermaid [--out PATH]] [--hop N] [--theme light|dark]
  hopscope trace FILE --batch REQUESTS.jsonl
${RENDER_USAGE}
  hopscope import KUBECTL.yaml [--cni PLUGIN[:MODE]] [--name NAME] > topology.yaml
  hopscope validate FILE
  hopscope view FILE --node NAME|pod:NS/NAME|router:NAME --what ${VIEW_KINDS.join('|')} [--from REF --to DEST ...]
  (via npm: npm run -s trace -- FILE ..., npm run -s validate -- FILE, npm run -s view -- FILE ...,
   npm run -s import -- KUBECTL.yaml ...)`;

export const HELP = `hopscope: simulate packets through a Kubernetes cluster described by a topology document.

${USAGE}

trace
  --from REF     pod:NS/NAME | node:NAME | external:NAME | an IP
  --to DEST      IP:PORT | IP (ICMP) | svc:NS/NAME:PORT | svc:NS/NAME:PORT@lb | svc:NS/NAME:PORT@node:NAME
  --proto P      TCP (default), UDP or ICMP
  --size N       IP total length in bytes (default 60)
  --df, --no-df  set or clear don't-fragment (default: set for TCP)
  --seed N       seeded random load-balancing choices (default seed 0)
  --pick LIST    follow these backends (IP:PORT, comma-separated) where they are offered
  --all          enumerate every load-balancing outcome
  --repeat N     N earlier connections from the same client first (session affinity keeps them together)
  --after [FROM=]DEST  an earlier connection (repeatable, oldest first; FROM defaults to --from), e.g.
                 --after 10.0.0.10:30080: the client's NodePort connection before this one
  --json         print the trace as JSON (stable field names) instead of a hop table
  --trace-format N  the JSON of --json, --batch and --export json: 1 (default; a hop's first
                 rewrite as "rewrite") or 2 (one "rewrites" list per hop, "traceFormat": 2)
  -v, --verbose  in the hop table, also list the netfilter rules each hop matched
  --export F     write the trace as md (a Markdown table), json (pretty, stable) or pcap (a pcapng
                 file, one interface per capture point, as tcpdump there would record the packets)
                 svg (a picture of the cluster at one hop, the caption and the document inside it)
                 or mermaid (a sequence diagram of the hops and rewrites, for Markdown docs)
  --hop N        svg: the hop the picture shows (1-based; default: the request's last hop)
  --theme T      svg: light (default) or dark
  --out PATH     where --export writes (default: stdout, except pcap, which needs --out)
  --batch FILE   one JSON request per line; prints one JSON result per line. Output line N
                 always answers input line N: a request that cannot run prints {"error": "..."},
                 a blank input line prints a blank line. Exit 1 if any line failed.

import           turns \`kubectl get nodes,pods,services,endpointslices -A -o yaml\` output (a List,
                 JSON, or a YAML stream; add the kube-proxy ConfigMap for its mode) into a topology
                 document on stdout; warnings and problems go to stderr (exit 1 when refused).
  --cni P[:MODE] the CNI when it cannot be inferred, e.g. flannel:vxlan, calico:ipip, terway:eniip
  --name NAME    the document's metadata.name (default "imported")

validate         prints "FILE: valid (N nodes, M pods, K services)", or every problem as
                 "path: message" on stderr and exits 1.

${RENDER_HELP}

view             what \`ip route\`, \`iptables-save\`, \`ipvsadm -Ln\`, \`conntrack -L\`, \`sysctl\` or the eBPF maps
                 would show on that node; with trace flags, the trace runs first (conntrack
                 entries it created, rules it matched).

exit status: 0 when the command ran (a trace whatever its verdict), 1 for an invalid
document, request or command line, 2 for an internal error.`;

const PROTOCOLS: readonly TraceProtocol[] = ['TCP', 'UDP', 'ICMP'];

const traceOptions = {
  from: { type: 'string' },
  to: { type: 'string' },
  proto: { type: 'string' },
  size: { type: 'string' },
  df: { type: 'boolean' },
  'no-df': { type: 'boolean' },
  seed: { type: 'string' },
  pick: { type: 'string' },
  all: { type: 'boolean' },
  repeat: { type: 'string' },
  after: { type: 'string', multiple: true },
} as const satisfies ParseArgsConfig['options'];

const OPTIONS = {
  trace: {
    ...traceOptions,
    json: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    batch: { type: 'string' },
    'trace-format': { type: 'string' },
    export: { type: 'string' },
    out: { type: 'string' },
    hop: { type: 'string' },
    theme: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  validate: { help: { type: 'boolean', short: 'h' } },
  import: { cni: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  view: { ...traceOptions, node: { type: 'string' }, what: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
} as const satisfies Record<string, ParseArgsConfig['options']>;

type TraceFlags = {
  [K in keyof typeof traceOptions]?: (typeof traceOptions)[K] extends { multiple: true }
    ? string[]
    : (typeof traceOptions)[K]['type'] extends 'string'
      ? string
      : boolean;
};

/** Parses `argv` (without node and the script), e.g. `['trace', 'doc.yaml', '--from', ...]`. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return { cmd: 'help' };
  if (sub === 'render') {
    const r = parseRenderCommand(rest);
    return r.cmd === 'help' ? { cmd: 'help', topic: 'render' } : r;
  }
  if (sub !== 'trace' && sub !== 'validate' && sub !== 'view' && sub !== 'import') {
    throw new UsageError(`unknown command "${sub}" (expected trace, validate, view, import or render)`);
  }
  const options = OPTIONS[sub];
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    // The option sets differ per subcommand; every value is a string or a boolean either way.
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError(describeParseArgsError(err, sub));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { cmd: 'help', topic: sub };
  if (positionals.length === 0) throw new UsageError(`${sub}: missing FILE (the topology document)`);
  if (positionals.length > 1) throw new UsageError(`${sub}: one FILE expected, got also "${positionals[1]}"`);
  const file = positionals[0]!;

  if (sub === 'validate') return { cmd: 'validate', file };
  if (sub === 'import') {
    return { cmd: 'import', file, ...(typeof v.cni === 'string' ? { cni: v.cni } : {}), ...(typeof v.name === 'string' ? { name: v.name } : {}) };
  }

  if (sub === 'trace') {
    const traceFormat = traceFormatOf(v['trace-format']);
    if (v.batch !== undefined) {
      const clash = Object.keys(v).filter((k) => k !== 'batch' && k !== 'trace-format' && v[k] !== undefined);
      if (clash.length > 0) {
        throw new UsageError(`trace: --batch takes its requests from the file; drop ${clash.map((k) => `--${k}`).join(', ')}`);
      }
      return { cmd: 'batch', file, batch: String(v.batch), traceFormat };
    }
    if (v['trace-format'] !== undefined && !v.json && v.export !== 'json')
      throw new UsageError('trace: --trace-format goes with --json, --batch or --export json');
    const request = requestFromFlags(v as TraceFlags, 'trace');
    if (v.out !== undefined && v.export === undefined) throw new UsageError('trace: --out goes with --export md|json|pcap|svg|mermaid');
    if ((v.hop !== undefined || v.theme !== undefined) && v.export !== 'svg')
      throw new UsageError(`trace: ${v.hop !== undefined ? '--hop' : '--theme'} goes with --export svg`);
    if (v.export === undefined) return { cmd: 'trace', file, request, json: v.json === true, verbose: v.verbose === true, traceFormat };
    const format = String(v.export);
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`trace: --export must be one of ${EXPORT_FORMATS.join(', ')}; got "${format}"`);
    }
    if (v.json) throw new UsageError('trace: --json and --export contradict each other (use --export json)');
    if (format === 'pcap' && (typeof v.out !== 'string' || v.out === '')) throw new UsageError('trace: --export pcap needs --out FILE.pcapng (it is binary)');
    return {
      cmd: 'trace',
      file,
      request,
      json: false,
      verbose: v.verbose === true,
      traceFormat,
      export: { format: format as ExportFormat, ...(typeof v.out === 'string' ? { out: v.out } : {}), ...pictureFlags(v, 'trace') },
    };
  }

  // view
  if (typeof v.node !== 'string' || v.node === '') throw new UsageError('view: missing --node NAME');
  if (typeof v.what !== 'string') throw new UsageError(`view: missing --what ${VIEW_KINDS.join('|')}`);
  if (!(VIEW_KINDS as readonly string[]).includes(v.what)) {
    throw new UsageError(`view: --what must be one of ${VIEW_KINDS.join(', ')}; got "${v.what}"`);
  }
  const anyTraceFlag = Object.keys(traceOptions).some((k) => v[k] !== undefined);
  return {
    cmd: 'view',
    file,
    node: v.node,
    what: v.what as ViewKind,
    ...(anyTraceFlag ? { request: requestFromFlags(v as TraceFlags, 'view') } : {}),
  };
}

function describeParseArgsError(err: unknown, sub: string): string {
  const e = err as { code?: string; message?: string };
  const msg = String(e.message ?? err);
  // node's messages are long and mention `--` and positional hints; name the flag plainly.
  const flag = /'(-{1,2}[^']+)'/.exec(msg)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${sub}: unknown option ${flag ?? msg}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(msg) ? `${sub}: option ${flag?.split(' ')[0] ?? msg} needs a value` : `${sub}: option ${flag ?? msg} takes no value`;
    default:
      return `${sub}: ${msg.split('\n')[0]}`;
  }
}

function requestFromFlags(v: TraceFlags, sub: string): TraceRequest {
  if (v.from === undefined || v.from === '') throw new UsageError(`${sub}: missing --from REF`);
  if (v.to === undefined || v.to === '') throw new UsageError(`${sub}: missing --to DEST`);
  const req: TraceRequest = { from: v.from, to: v.to };
  if (v.proto !== undefined) {
    const p = v.proto.toUpperCase();
    if (!(PROTOCOLS as readonly string[]).includes(p)) {
      throw new UsageError(`${sub}: --proto must be TCP, UDP or ICMP; got "${v.proto}"`);
    }
    req.protocol = p as TraceProtocol;
  }
  if (v.size !== undefined) req.size = parseInteger(v.size, '--size', 20, 65535, sub);
  if (v.df && v['no-df']) throw new UsageError(`${sub}: --df and --no-df contradict each other`);
  if (v.df) req.df = true;
  if (v['no-df']) req.df = false;
  const choices = (['seed', 'pick', 'all'] as const).filter((k) => v[k] !== undefined && v[k] !== false);
  if (choices.length > 1) {
    throw new UsageError(`${sub}: choose one of --seed, --pick, --all (got ${choices.map((k) => `--${k}`).join(' and ')})`);
  }
  if (v.seed !== undefined) req.choice = { seed: parseInteger(v.seed, '--seed', 0, 2 ** 32 - 1, sub) };
  if (v.pick !== undefined) {
    const pick = v.pick
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (pick.length === 0) throw new UsageError(`${sub}: --pick needs at least one IP:PORT`);
    const bad = pick.find((s) => !/^\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?$/.test(s));
    if (bad !== undefined) throw new UsageError(`${sub}: --pick takes IP:PORT entries; "${bad}" is not one`);
    req.choice = { pick };
  }
  if (v.all) req.choice = { all: true };
  if (v.repeat !== undefined) req.repeat = parseInteger(v.repeat, '--repeat', 0, 16, sub);
  if (v.after !== undefined) {
    const after = v.after.map((a): EarlierConnection => {
      const i = a.indexOf('=');
      return i < 0 ? { to: a } : { from: a.slice(0, i), to: a.slice(i + 1) };
    });
    req.after = after;
    if (after.some((a) => a.to === '' || a.from === '')) throw new UsageError(`${sub}: --after takes [FROM=]DEST, e.g. --after 10.0.0.10:30080`);
  }
  return req;
}

function parseInteger(text: string, flag: string, min: number, max: number, sub: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${sub}: ${flag} takes a whole number; got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${sub}: ${flag} must be between ${min} and ${max}; got ${n}`);
  return n;
}

const REQUEST_FIELDS = new Set(['from', 'to', 'protocol', 'size', 'df', 'choice', 'repeat', 'after']);

/**
 * Checks one request read from JSON (a --batch line) and returns it as a TraceRequest.
 * Unknown fields are errors, like in the topology document: a typo must not be ignored.
 */
/** A value as JSON, at most 60 characters of it: a message never quotes megabytes of input. */
function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

export function requestFromJson(raw: unknown): TraceRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UsageError('a request must be a JSON object like {"from": "pod:NS/NAME", "to": "IP:PORT"}');
  }
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !REQUEST_FIELDS.has(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown
        .slice(0, 5)
        .map((k) => short(k))
        .join(', ')}${unknown.length > 5 ? ', …' : ''} (a request has ${[...REQUEST_FIELDS].join(', ')})`,
    );
  }
  if (typeof o.from !== 'string' || o.from === '') throw new UsageError('"from" must be a non-empty string');
  if (typeof o.to !== 'string' || o.to === '') throw new UsageError('"to" must be a non-empty string');
  const req: TraceRequest = { from: o.from, to: o.to };
  if (o.protocol !== undefined) {
    if (typeof o.protocol !== 'string' || !(PROTOCOLS as readonly string[]).includes(o.protocol)) {
      throw new UsageError(`"protocol" must be "TCP", "UDP" or "ICMP"; got ${short(o.protocol)}`);
    }
    req.protocol = o.protocol as TraceProtocol;
  }
  if (o.size !== undefined) {
    if (typeof o.size !== 'number' || !Number.isInteger(o.size) || o.size < 20 || o.size > 65535) {
      throw new UsageError(`"size" must be a whole number of bytes between 20 and 65535; got ${short(o.size)}`);
    }
    req.size = o.size;
  }
  if (o.df !== undefined) {
    if (typeof o.df !== 'boolean') throw new UsageError(`"df" must be true or false; got ${short(o.df)}`);
    req.df = o.df;
  }
  if (o.choice !== undefined) req.choice = choiceFromJson(o.choice);
  if (o.repeat !== undefined) {
    if (typeof o.repeat !== 'number' || !Number.isInteger(o.repeat) || o.repeat < 0 || o.repeat > 16) {
      throw new UsageError(`"repeat" must be a whole number of earlier connections from 0 to 16; got ${JSON.stringify(o.repeat)}`);
    }
    req.repeat = o.repeat;
  }
  if (o.after !== undefined) req.after = afterFromJson(o.after);
  return req;
}

function afterFromJson(raw: unknown): EarlierConnection[] {
  const hint = '"after" must be a list of earlier connections like {"to": "IP:PORT"} or {"from": "pod:NS/NAME", "to": "svc:NS/NAME:PORT", "protocol": "TCP"}';
  if (!Array.isArray(raw) || raw.length > 16) throw new UsageError(hint);
  return raw.map((a: unknown) => {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new UsageError(hint);
    const o = a as Record<string, unknown>;
    if (Object.keys(o).some((k) => k !== 'from' && k !== 'to' && k !== 'protocol')) throw new UsageError(hint);
    if ((o.from !== undefined && (typeof o.from !== 'string' || o.from === '')) || (o.to !== undefined && (typeof o.to !== 'string' || o.to === '')))
      throw new UsageError(hint);
    if (o.protocol !== undefined && !(PROTOCOLS as readonly unknown[]).includes(o.protocol)) throw new UsageError(hint);
    return o as EarlierConnection;
  });
}

function choiceFromJson(raw: unknown): Choice {
  const hint = '"choice" must be {"seed": N}, {"pick": ["IP:PORT", ...]} or {"all": true}';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(hint);
  const o = raw as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 1) throw new UsageError(hint);
  if (keys[0] === 'seed' && typeof o.seed === 'number' && Number.isInteger(o.seed) && o.seed >= 0) return { seed: o.seed };
  if (keys[0] === 'pick' && Array.isArray(o.pick) && o.pick.length > 0 && o.pick.every((x) => typeof x === 'string')) {
    return { pick: o.pick as string[] };
  }
  if (keys[0] === 'all' && o.all === true) return { all: true };
  throw new UsageError(`${hint}; got ${JSON.stringify(raw)}`);
}

/** `--trace-format`: 1 (what the JSON always was) unless 2 is asked for. */
function traceFormatOf(raw: string | boolean | undefined): TraceFormat {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!(TRACE_FORMATS as readonly number[]).includes(n))
    throw new UsageError(`trace: --trace-format must be ${TRACE_FORMATS.join(' or ')}; got "${String(raw)}"`);
  return n as TraceFormat;
}
