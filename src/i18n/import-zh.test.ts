import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importKubectl } from '../model/kubectl-import';
import { IMPORT_TEXT, type ImportKey } from '../model/kubectl-import/import-text';
import { fillReason } from '../model/reason';
import type { Problem } from '../model/topology';
import { zhImport } from './import-zh';

const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const input = (name: string) => readFileSync(new URL(`../model/testdata/${name}`, import.meta.url), 'utf8');
const zh = (p: Problem) => (p.why ? fillReason(p.why, zhImport) : null);

describe("the kubectl importer's problems and warnings in Chinese", () => {
  it.each(Object.keys(IMPORT_TEXT) as ImportKey[])('%s names the same values as the English', (key) => {
    expect(names(zhImport[key])).toEqual(names(IMPORT_TEXT[key]));
    expect(zhImport[key]).not.toBe(IMPORT_TEXT[key]);
  });

  it("words every warning of a real cluster's import, nested values too", () => {
    const r = importKubectl(input('kubectl-ack-flannel.yaml'));
    if (!r.ok) throw new Error('expected an import');
    // Only the importer's own warnings: the validator's have their own catalogue (problems-zh).
    const own = r.warnings.filter((w) => w.why?.key.startsWith('k_'));
    expect(own.length).toBeGreaterThan(2);
    for (const w of own) {
      expect(fillReason(w.why!, IMPORT_TEXT)).toBe(w.message);
      expect(zh(w)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(own.map(zh)).toContainEqual(expect.stringMatching(/^已省略，已结束（Succeeded）：default\/db-migrate-8x2kq/));
  });

  it('words a refusal', () => {
    const r = importKubectl('kind: Pod\nmetadata: {name: a}\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(zh)).toEqual(['输入中没有 Node 对象（其中只有 Pod）：请运行 kubectl get nodes,pods,services,endpointslices -A -o yaml']);
  });
});
