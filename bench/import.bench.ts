/**
 * Import benchmark: `kubectl get nodes,pods,services,endpointslices -A -o json|yaml` of a
 * generated Flannel cluster (generate-kubectl.ts) read by importKubectl (what `npm run -s import`
 * and File → Import from cluster run), beside the floor: parsing the same text alone (JSON.parse,
 * or the yaml package's parse). Also the validation of the document it makes (validateTopology,
 * which the import ends with) on its own.
 *
 *   npm run bench:import                          # 100 and 1,000 nodes, JSON, 3 runs each
 *   npm run bench:import -- --nodes 100 --formats json,yaml --runs 5
 *
 * Each size and format runs in a child process of its own, so one's memory does not slow the next.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { importKubectl } from '../src/model/kubectl-import';
import { validateTopology } from '../src/model/validate';
import { installSchemaCompiler } from '../src/model/schema-compiler';
import { kubectlListText } from '../src/scenarios/generate-kubectl';

// As the worker validates a document with long lists: with zod's compiler.
installSchemaCompiler();

type Format = 'json' | 'yaml';

interface Row {
  nodes: number;
  format: Format;
  mb: number;
  pods: number;
  parse: number[];
  importMs: number[];
  validate: number[];
  heapMB: number;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)! };
};
const fmt = (xs: number[]) => {
  const { min, median, max } = stats(xs);
  return `${min.toFixed(0)} / ${median.toFixed(0)} / ${max.toFixed(0)}`;
};
const time = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function measure(nodes: number, format: Format, runs: number): Row {
  const text = kubectlListText({ nodes, seed: 1 }, format);
  const floor = format === 'json' ? (s: string) => JSON.parse(s) as unknown : (s: string) => parse(s) as unknown;
  const row: Row = { nodes, format, mb: text.length / 1024 / 1024, pods: 0, parse: [], importMs: [], validate: [], heapMB: 0 };
  for (let i = 0; i < runs; i++) {
    row.parse.push(time(() => floor(text)));
    let result: ReturnType<typeof importKubectl> | undefined;
    const before = process.memoryUsage().heapUsed;
    row.importMs.push(time(() => (result = importKubectl(text))));
    if (!result?.ok)
      throw new Error(
        `the import refused: ${result?.problems
          .slice(0, 3)
          .map((p) => p.message)
          .join('; ')}`,
      );
    row.heapMB = Math.max(row.heapMB, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
    row.pods = result.inferred.counts.pods;
    const copy = JSON.stringify(result.document);
    row.validate.push(time(() => validateTopology(JSON.parse(copy))));
  }
  return row;
}

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100,1000' },
    formats: { type: 'string', default: 'json' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
});
const runs = Math.max(3, Number(values.runs));

if (values.child) {
  const [nodes, format] = values.child.split(':') as [string, Format];
  process.send!(measure(Number(nodes), format, runs));
  process.exit(0);
} else {
  const rows: Row[] = [];
  for (const format of values.formats.split(',') as Format[]) {
    for (const nodes of values.nodes.split(',').map(Number)) {
      const child = fork(fileURLToPath(import.meta.url), ['--child', `${nodes}:${format}`, '--runs', String(runs)], {
        execArgv: [...process.execArgv, '--max-old-space-size=8192'],
      });
      rows.push(
        await new Promise<Row>((resolve, reject) => child.on('message', (m) => resolve(m as Row)).on('exit', (c) => c && reject(new Error(`exit ${c}`)))),
      );
      const r = rows.at(-1)!;
      console.error(`  ${nodes} nodes ${format}: done`);
      void r;
    }
  }
  console.log(`importKubectl vs parsing the same text alone; ms min / median / max of ${runs} runs`);
  console.log('| nodes | format | text | pods | parse alone (floor) | import | import ÷ floor | validate the document | heap during import |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = stats(r.importMs).median / stats(r.parse).median;
    console.log(
      `| ${r.nodes} | ${r.format} | ${r.mb.toFixed(1)} MB | ${r.pods} | ${fmt(r.parse)} | ${fmt(r.importMs)} | ${ratio.toFixed(1)}× | ${fmt(r.validate)} | ${r.heapMB.toFixed(0)} MB |`,
    );
  }
}
