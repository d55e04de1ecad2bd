// Folders of src/ui depend on each other one way only (editor → canvas, never back): a folder-level
// cycle means two folders are one concern split in two, and every move between them drags the other.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const UI = dirname(fileURLToPath(import.meta.url));

// Static imports, re-exports and dynamic import()s; type-only imports count too (they still tie the folders).
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]+)['"]/g;

/** The top-level folder under src/ui that a file belongs to ('' for files directly in src/ui). */
const folderOf = (file: string) => {
  const parts = relative(UI, file).split(sep);
  return parts.length > 1 ? parts[0]! : '';
};

/** Folder → folders it imports from, given each file's path and text. */
export function folderGraph(files: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, text] of files) {
    const from = folderOf(file);
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolve(dirname(file), m[1]!);
      if (!target.startsWith(UI + sep)) continue;
      const to = folderOf(target);
      if (to === from || !from || !to) continue;
      (graph.get(from) ?? graph.set(from, new Set()).get(from)!).add(to);
    }
  }
  return graph;
}

/** Every strongly connected set of more than one folder, each as a path that closes on itself. */
export function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's algorithm: one pass, every cycle's folders reported together.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) out.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

function sources(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, into);
    else if (/\.tsx?$/.test(e.name)) into.set(p, readFileSync(p, 'utf8'));
  }
  return into;
}

describe('folder-level imports in src/ui', () => {
  it('finds a cycle between two folders, and one through three', () => {
    const files = new Map([
      [join(UI, 'a/A.tsx'), "import { B } from '../b/B';"],
      [join(UI, 'b/B.ts'), "export { A } from '../a/A';"],
      [join(UI, 'c/C.ts'), "const d = () => import('../d/D');"],
      [join(UI, 'd/D.ts'), "import type { E } from '../e/E';"],
      [join(UI, 'e/E.ts'), "import '../c/C';"],
      [join(UI, 'f/F.ts'), "import { A } from '../a/A'; import { x } from './x'; import { y } from '../../store';"],
    ]);
    expect(cycles(folderGraph(files))).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('has no cycle', () => {
    const found = cycles(folderGraph(sources(UI)));
    expect(found, found.map((c) => c.join(' ⇄ ')).join('\n')).toEqual([]);
  });
});
