/// <reference types="vite/client" />
/**
 * The built-in documents as JSON (generated from their YAML by `npm run gen:builtins`), loaded one at a
 * time on demand: a page that opens a built-in hands the worker JSON, so neither loads a YAML parser.
 */
const twins = import.meta.glob<string>('../../scenarios/json/*.json', { query: '?raw', import: 'default' });

/** The built-in document `id` as compact JSON, or null when there is no such built-in. */
export async function builtinJson(id: string): Promise<string | null> {
  const load = twins[`../../scenarios/json/${id}.json`];
  return load ? load() : null;
}
