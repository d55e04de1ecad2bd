/**
 * The layer rules of ARCHITECTURE.md are kept by lint (eslint.config.js); this checks each rule
 * itself, by linting text as if it were a file of that layer: the rule fires on a forbidden import
 * and stays quiet on an allowed one.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The probes are text, not files on disk, so the type-aware parser (which asks the TypeScript
// project for each file) is turned off; the import rules under test need no types.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

const IMPORT_RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports']);

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the probe must parse, or no rule could fire').toEqual([]);
  return result!.messages.filter((m) => m.ruleId !== null && IMPORT_RULES.has(m.ruleId)).map((m) => m.message);
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

describe('the worker layer', { timeout: 60_000 }, () => {
  it('may not import the UI or the store', async () => {
    const ui = await restrictedImports("import { ClusterPanel } from '../ui/editor/ClusterPanel';\nexport const c = ClusterPanel;\n", 'src/worker/probe.ts');
    expect(ui).toEqual([expect.stringMatching(/worker\/ may not import ui\/ or store\//)]);
    const store = await restrictedImports("import { createAppStore } from '../store';\nexport const s = createAppStore;\n", 'src/worker/probe.ts');
    expect(store).toEqual([expect.stringMatching(/worker\/ may not import ui\/ or store\//)]);
    expect(await restrictedImports("import { create } from 'zustand';\nexport const c = create;\n", 'src/worker/probe.ts')).toHaveLength(1);
  });

  it('may import the engine and the model', async () => {
    const code = "import { compile } from '../engine/compile';\nimport { parseCidr } from '../model/cidr';\nexport const c = [compile, parseCidr];\n";
    expect(await restrictedImports(code, 'src/worker/probe.ts')).toEqual([]);
  });
});

describe('the canvas', { timeout: 60_000 }, () => {
  it('may not import the editor', async () => {
    const found = await restrictedImports("import { Palette } from '../editor/Palette';\nexport const p = Palette;\n", 'src/ui/canvas/probe.tsx');
    expect(found).toEqual([expect.stringMatching(/ui\/canvas\/ may not import ui\/editor\//)]);
    const nested = await restrictedImports("import { Palette } from '../../editor/Palette';\nexport const p = Palette;\n", 'src/ui/canvas/kinds/probe.tsx');
    expect(nested).toHaveLength(1);
  });

  it('keeps the rules of the rest of the UI', async () => {
    expect(await restrictedImports("import { trace } from '../../engine/trace';\nexport const t = trace;\n", 'src/ui/canvas/probe.tsx')).toHaveLength(1);
  });

  it('leaves the editor free to import the canvas', async () => {
    expect(await restrictedImports("import { layout } from '../canvas/layout';\nexport const l = layout;\n", 'src/ui/editor/probe.tsx')).toEqual([]);
  });
});

describe('the UI and the store', { timeout: 60_000 }, () => {
  it('may not import engine values, only its types', async () => {
    const value = await restrictedImports("import { trace } from '../../engine/trace';\nexport const t = trace;\n", 'src/ui/panels/probe.ts');
    expect(value).toEqual([expect.stringMatching(/reach the engine only through worker\/sim-client/)]);
    expect(await restrictedImports("import { compile } from '../engine';\nexport const c = compile;\n", 'src/store/probe.ts')).toHaveLength(1);
    const types = "import type { Dataplane } from '../../engine/dataplane';\nexport type D = Dataplane;\n";
    expect(await restrictedImports(types, 'src/ui/panels/probe.ts')).toEqual([]);
  });

  it('may not import the simulator itself, only its client', async () => {
    expect(await restrictedImports("import { Simulator } from '../worker/simulator';\nexport const s = Simulator;\n", 'src/store/probe.ts')).toHaveLength(1);
    expect(await restrictedImports("import { SimClient } from '../worker/sim-client';\nexport const s = SimClient;\n", 'src/store/probe.ts')).toEqual([]);
  });
});
