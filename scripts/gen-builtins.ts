// Writes src/scenarios/json/ID.json for every built-in document: its YAML as compact JSON, exactly what
// the worker's toJson would return. The page sends these to the worker, which then opens a built-in
// without loading a YAML parser (the embed). Run after editing a built-in: npm run gen:builtins
// (src/ui/lib/builtin-json.test.ts fails while a twin is stale).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { builtins } from '../src/scenarios';

const dir = fileURLToPath(new URL('../src/scenarios/json/', import.meta.url));
for (const b of builtins) {
  writeFileSync(`${dir}${b.id}.json`, JSON.stringify(parse(b.yaml)));
  console.log(`src/scenarios/json/${b.id}.json`);
}
