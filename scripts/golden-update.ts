/** Rewrites src/engine/testdata/golden/*.json from the engine as it is (npm run golden:update). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenFiles, goldenText } from '../src/engine/testdata/golden-cases';

const dir = join(import.meta.dirname, '..', 'src', 'engine', 'testdata', 'golden');
mkdirSync(dir, { recursive: true });
for (const f of goldenFiles()) {
  writeFileSync(join(dir, `${f.name}.json`), goldenText(f));
  console.log(`${f.name}.json: ${f.entries.length} requests`);
}
