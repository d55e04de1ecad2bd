/**
 * Parse benchmark: parse + validate (parseTopology, as the CLI and the worker read a document)
 * of generated Flannel clusters of about 1, 10 and 50 MB, in YAML and in JSON, to show the
 * time grows linearly with the text. 50 MB is over MAX_DOCUMENT_SIZE, so it shows the refusal
 * (and how long that takes); a size just under the limit is timed instead.
 *
 *   npm run bench:parse                       # 1, 10, 19.9, 50 MB; 3 runs each
 *   npm run bench:parse -- --sizes 1,5 --runs 5 --formats json
 *
 * Each size and format runs in a child process of its own, so one's memory does not slow the next.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { MAX_DOCUMENT_SIZE, formatSize } from '../src/model/limits';
import { parseTopology } from '../src/model/parse';
import { installSchemaCompiler } from '../src/model/schema-compiler';
import { generateFlannelCluster } from '../src/scenarios/generate';

// As the worker validates a document with long lists: with zod's compiler.
installSchemaCompiler();

type Format = 'yaml' | 'json';
const MB = 1024 * 1024;

/** A generated document's text of about `bytes` (a little under), and its node and pod counts. */
function documentOf(bytes: number, format: Format): { text: string; nodes: number; pods: number } {
  const write = (nodes: number) => {
    const doc = generateFlannelCluster({ nodes: Math.min(16384, nodes), podsPerNode: 61, seed: 1 });
    return format === 'yaml' ? stringify(doc, { lineWidth: 0 }) : JSON.stringify(doc);
  };
  const perNode = write(100).length / 100;
  let nodes = Math.max(1, Math.floor(bytes / perNode));
  let text = write(nodes);
  // The generator's text is not exactly proportional: step down until under the target.
  while (text.length > bytes && nodes > 1) {
    nodes = Math.max(1, Math.floor(nodes * (bytes / text.length) * 0.995));
    text = write(nodes);
  }
  if (nodes > 16384) throw new RangeError(`${formatSize(bytes)} needs more than 16,384 nodes`);
  // Pad with a comment (YAML) or a description (JSON) to the size asked for when a bigger one is refused anyway.
  if (bytes > MAX_DOCUMENT_SIZE && text.length < bytes)
    text = format === 'yaml' ? `# ${'x'.repeat(bytes - text.length)}\n${text}` : text.replace('{', `{"padding":"${'x'.repeat(bytes - text.length)}",`);
  return { text, nodes, pods: nodes * 61 };
}

interface Row {
  format: Format;
  target: number;
  size: number;
  nodes: number;
  ms: number[];
  outcome: string;
  heapMB: number;
}

function measure(targetMB: number, format: Format, runs: number): Row {
  const target = Math.round(targetMB * MB);
  const { text, nodes } = documentOf(target, format);
  const ms: number[] = [];
  let outcome = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = parseTopology(text);
    ms.push(performance.now() - t);
    outcome = r.ok
      ? `valid: ${r.topology.nodes.length} nodes, ${r.topology.pods.length} pods`
      : `refused: ${r.problems[0]!.message.slice(0, 70)}${r.problems.length > 1 ? ` (+${r.problems.length - 1})` : ''}`;
  }
  return {
    format,
    target,
    size: text.length,
    nodes,
    ms,
    outcome,
    heapMB: Math.round(process.memoryUsage().rss / MB) /* the process's resident memory, generated text included */,
  };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

if (process.env.PARSE_BENCH_CHILD) {
  const [mb, format, runs] = process.env.PARSE_BENCH_CHILD.split(',');
  process.send!(measure(Number(mb), format as Format, Number(runs)));
} else {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: `1,10,${((MAX_DOCUMENT_SIZE - 0.1 * MB) / MB).toFixed(1)},50` },
      runs: { type: 'string', default: '3' },
      formats: { type: 'string', default: 'json,yaml' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const formats = values.formats.split(',') as Format[];
  const runs = Math.max(1, Number(values.runs));
  console.log(`parse + validate (parseTopology); limit ${formatSize(MAX_DOCUMENT_SIZE)}; ${runs} runs each; Node ${process.version}`);
  console.log(
    `${'format'.padEnd(6)} ${'size'.padStart(9)} ${'min'.padStart(9)} ${'median'.padStart(9)} ${'max'.padStart(9)} ${'MB/s'.padStart(6)} ${'rss'.padStart(8)}  outcome`,
  );
  for (const format of formats) {
    for (const mb of sizes) {
      const row = await new Promise<Row | string>((resolve) => {
        const child = fork(fileURLToPath(import.meta.url), [], {
          env: { ...process.env, PARSE_BENCH_CHILD: `${mb},${format},${runs}` },
          execArgv: ['--import', 'tsx', '--max-old-space-size=6144'],
        });
        child.on('message', (m) => resolve(m as Row));
        child.on('exit', (code, signal) => resolve(`the child ended (${signal ?? `exit ${code}`}) before reporting`));
      });
      if (typeof row === 'string') {
        console.log(`${format.padEnd(6)} ${`${mb} MB`.padStart(9)}  ${row}`);
        continue;
      }
      const sorted = [...row.ms].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      // A refusal reads nothing, so it has no rate.
      const rate = row.outcome.startsWith('valid') ? (row.size / MB / (median / 1000)).toFixed(1) : '–';
      console.log(
        `${format.padEnd(6)} ${formatSize(row.size).padStart(9)} ${fmt(sorted[0]!).padStart(9)} ${fmt(median).padStart(9)} ${fmt(sorted.at(-1)!).padStart(9)} ${rate.padStart(6)} ${`${row.heapMB} MB`.padStart(8)}  ${row.outcome}`,
      );
    }
  }
}
