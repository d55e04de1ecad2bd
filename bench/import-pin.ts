/**
 * The kubectl import of a generated 1,000-node List (147 MB of JSON, as kubectl prints it): what it converts to, as a
 * sha-256 of the conversion (document, warnings, origins, inferred), and the read and the convert's CPU and wall time in
 * this process. A change to how the import reads must leave the hash as it was (the unit test pins 100 nodes).
 *
 *   npx tsx bench/import-pin.ts [--nodes 1000] [--file cluster.json]   # one run: prints one JSON line
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { convertKubectl, readKubectl } from '../src/model/kubectl-import';
import { kubectlListText } from '../src/scenarios/generate-kubectl';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1000' }, file: { type: 'string' } } });
const text = values.file ? readFileSync(values.file, 'utf8') : kubectlListText({ nodes: Number(values.nodes), seed: 1 }, 'json');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const w0 = performance.now();
const read = readKubectl(text);
const c1 = cpu();
const w1 = performance.now();
const r = convertKubectl(read, {});
const c2 = cpu();
const w2 = performance.now();
const hash = createHash('sha256').update(JSON.stringify(r)).digest('hex');
console.log(JSON.stringify({ readCpu: c1 - c0, convertCpu: c2 - c1, readWall: w1 - w0, convertWall: w2 - w1, hash }));
