/**
 * The layer rule "model must not import engine" is kept by lint (eslint.config.js); this checks the
 * rule itself, by linting text as if it were a file of the model.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The probes are text, not files on disk, so the type-aware parser (which asks the TypeScript
// project for each file) is turned off; the import rules under test need no types.
const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Loading ESLint's TypeScript parser takes seconds, more on a loaded machine.
describe('the model layer', { timeout: 60_000 }, () => {
  it('may not import the engine', async () => {
    const found = await restrictedImports("import { compile } from '../engine';\nexport const c = compile;\n", 'src/model/probe.ts');
    expect(found).toEqual([expect.stringMatching(/model\/ may not import engine\//)]);
    const deep = await restrictedImports("import { trace } from '../engine/trace';\nexport const t = trace;\n", 'src/model/kubectl-import/probe.ts');
    expect(deep).toHaveLength(1);
  });

  it('still may not import UI libraries, and may import its own modules', async () => {
    expect(await restrictedImports("import { useState } from 'react';\nexport const s = useState;\n", 'src/model/probe.ts')).toHaveLength(1);
    expect(await restrictedImports("import { parseCidr } from './cidr';\nexport const p = parseCidr;\n", 'src/model/probe.ts')).toEqual([]);
  });

  it('leaves the engine free to import the model', async () => {
    expect(await restrictedImports("import { parseCidr } from '../model/cidr';\nexport const p = parseCidr;\n", 'src/engine/probe.ts')).toEqual([]);
  });
});
