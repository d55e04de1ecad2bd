import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtins } from '../../scenarios';
import { builtinJson } from './builtin-json';

describe('the built-ins as JSON', () => {
  it.each(builtins.map((b) => [b.id, b] as const))('%s: the JSON twin is its YAML, parsed (npm run gen:builtins when not)', async (id, b) => {
    const file = readFileSync(new URL(`../../scenarios/json/${id}.json`, import.meta.url), 'utf8');
    expect(JSON.parse(file)).toEqual(parse(b.yaml));
    expect(file).toBe(JSON.stringify(parse(b.yaml)));
    expect(await builtinJson(id)).toBe(file);
  });

  it('no twin for an unknown id', async () => {
    expect(await builtinJson('no-such-doc')).toBeNull();
  });
});
