// A build step for src/i18n/sections.ts: `…/en.ts?sections=NAME` is the module with its catalogue (an exported
// object literal of sections, each an object) cut down to the sections SECTION_SETS[NAME] lists; an entry with dots
// (`documents.link`) keeps only that part of its section. What the module
// re-exports from others (zh.ts: the reasons' and problems' wording) is left out too: a page loads those apart.
import { parseAst, type Plugin } from 'vite';
import { SECTION_SETS } from '../src/i18n/sections.ts';

interface Node {
  type: string;
  start: number;
  end: number;
  [k: string]: unknown;
}
const isObject = (n: unknown): n is Node & { properties: Property[] } => !!n && (n as Node).type === 'ObjectExpression';

/** The parts of a catalogue `paths` keep: `true` for a whole subtree, else the kept keys below. */
type Keep = { [key: string]: Keep | true };
function keepTree(paths: readonly string[]): Keep {
  const root: Keep = {};
  for (const path of paths) {
    const keys = path.split('.');
    let at = root;
    keys.forEach((k, i) => {
      const below = at[k];
      if (below === true) return;
      if (i === keys.length - 1) at[k] = true;
      else at = at[k] = below ?? {};
    });
  }
  return root;
}

type Property = Node & { key: Node & { name?: string; value?: string }; value: Node };
/** The object literal `node` with only what `keep` names (whole, or cut further where `keep` goes deeper). */
function cutObject(code: string, node: Node & { properties: Property[] }, keep: Keep): string {
  const kept = node.properties.flatMap((p) => {
    const k = keep[p.key.name ?? p.key.value ?? ''];
    if (!k) return [];
    if (k === true || !isObject(p.value)) return [code.slice(p.start, p.end)];
    return [`${code.slice(p.start, p.value.start)}${cutObject(code, p.value, k)}`];
  });
  return `{${kept.join(',')}}`;
}

export function catalogueSections(): Plugin {
  return {
    name: 'catalogue-sections',
    // After TypeScript is stripped, so the code parses as JavaScript.
    enforce: 'post',
    transform(code, id) {
      const name = /[?&]sections=(\w+)/.exec(id)?.[1];
      if (!name) return null;
      const keep: readonly string[] | undefined = SECTION_SETS[name as keyof typeof SECTION_SETS];
      if (!keep) this.error(`catalogue-sections: no section set "${name}" in src/i18n/sections.ts`);
      const cuts: [number, number, string][] = [];
      for (const stmt of parseAst(code).body as unknown as Node[]) {
        if ((stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportAllDeclaration') && stmt.source) {
          cuts.push([stmt.start, stmt.end, '']);
          continue;
        }
        const decl = stmt.type === 'ExportNamedDeclaration' ? (stmt.declaration as Node | null) : null;
        if (decl?.type !== 'VariableDeclaration') continue;
        for (const d of decl.declarations as { init: unknown }[]) {
          const init = d.init;
          // A catalogue: every property is a section (an object). Flat maps (zhSymptoms) are left whole.
          if (!isObject(init) || !init.properties.every((p) => isObject(p.value))) continue;
          cuts.push([init.start, init.end, cutObject(code, init, keepTree(keep))]);
        }
      }
      if (!cuts.some(([, , text]) => text)) this.error(`catalogue-sections: ${id} has no catalogue to cut`);
      let out = code;
      for (const [start, end, text] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
