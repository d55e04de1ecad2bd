// A build step for src/i18n/sections.ts: `…/en.ts?sections=NAME` is the module with its catalogue (an exported
// object literal of sections, each an object) cut down to the sections SECTION_SETS[NAME] lists. What the module
// re-exports from others (zh.ts: the reasons' and problems' wording) is left out too: a page loads those apart.
import { parseAst, type Plugin } from 'vite';
import { SECTION_SETS } from '../src/i18n/sections.ts';

interface Node {
  type: string;
  start: number;
  end: number;
  [k: string]: unknown;
}
const isObject = (n: unknown): n is Node & { properties: (Node & { key: Node & { name?: string; value?: string }; value: Node })[] } =>
  !!n && (n as Node).type === 'ObjectExpression';

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
          const kept = init.properties.filter((p) => keep.includes(p.key.name ?? p.key.value ?? ''));
          cuts.push([init.start, init.end, `{${kept.map((p) => code.slice(p.start, p.end)).join(',')}}`]);
        }
      }
      if (!cuts.some(([, , text]) => text)) this.error(`catalogue-sections: ${id} has no catalogue to cut`);
      let out = code;
      for (const [start, end, text] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
