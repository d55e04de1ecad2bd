import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformWithOxc } from 'vite';
import { describe, expect, it } from 'vitest';
import { catalogueSections } from '../../scripts/catalogue-sections.ts';
import { NOTICE_KEYS } from '../model/message';
import { en } from './en';
import { SECTION_SETS } from './sections';

/** Every source file the embed's code reaches from its start (static and dynamic imports, not packages or stylesheets). */
function embedSources(): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = readFileSync(file, 'utf8');
    seen.set(file, code);
    // (a type-only import downloads nothing)
    for (const [, type, spec] of code.matchAll(/(?:^(?:import|export)\s+(type\s)?[^;]*?from|import\()\s*'(\.[^'?]+)'/gm)) {
      if (type) continue;
      const base = join(dirname(file), spec!);
      const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => /\.tsx?$/.test(f) && existsSync(f));
      if (found) visit(found);
    }
  };
  visit('src/ui/embed/embed-main.tsx');
  return seen;
}

/** The catalogue keys `code` names in a string (`'canvas.hint'`, `` `notices.${…}` ``: up to where it turns dynamic). */
function keysNamed(code: string): string[] {
  const names = Object.keys(en).join('|');
  return [...code.matchAll(new RegExp(`['\`"]((?:${names})\\.[\\w$.]*)`, 'g'))].map((m) => m[1]!);
}
const sectionOf = (key: string) => key.split('.')[0]!;

/**
 * Where the UI's catalogue keys are named: the UI's code and the store's (its notices). Not the model, the engine or the
 * catalogues, whose document paths look like keys (`cluster.podCIDR`, `app.kubernetes.io`) but are never worded.
 */
const wordsKeys = (file: string) => /^src\/(ui|store)\//.test(file) || /^src\/i18n\/(index|translator|use-translation)\.tsx?$/.test(file);

describe("The embed's strings are the catalogue sections its code names", () => {
  const sources = embedSources();
  const keys = new Set([...sources].flatMap(([file, code]) => (wordsKeys(file) ? keysNamed(code) : [])));
  const named = new Set([...keys].map(sectionOf));
  const set = SECTION_SETS.embed as readonly string[];

  it('every section the embed reaches is in its set (a missing one would show its keys)', () => {
    // Not vacuous: the crawl reaches the canvas, the playback bar and the caption.
    expect([...sources.keys()]).toEqual(
      expect.arrayContaining(['src/ui/canvas/FlowCanvas.tsx', 'src/ui/panels/PlaybackBar.tsx', 'src/ui/embed/EmbedCaption.tsx']),
    );
    expect([...named]).toEqual(expect.arrayContaining(['canvas', 'playback', 'embed', 'notices']));
    const missing = [...named].filter((s) => !set.some((e) => sectionOf(e) === s));
    expect(missing).toEqual([]);
  });

  it('every notice the embed can raise is in its part of the notices (its code words them by key: `notices.${key}`)', () => {
    // What raises one names its key: the page's code, not the list of keys itself, nor the worker (it answers with data, and
    // its compare's failure shares a name, 'rewired').
    const raises = (file: string) => file !== 'src/model/message.ts' && !file.startsWith('src/worker/');
    const raised = NOTICE_KEYS.filter((k) => [...sources].some(([file, code]) => raises(file) && code.includes(`'${k}'`)));
    // Not vacuous: a request the embed's link carries can be refused, and the worker can crash.
    expect(raised).toEqual(expect.arrayContaining(['noTo', 'badPort', 'simulatorCrashed']));
    expect(raised.filter((k) => !set.includes(`notices.${k}`))).toEqual([]);
  });

  it('every key the embed names in a section it keeps only part of is in that part', () => {
    const partly = new Set(set.filter((e) => e.includes('.')).map(sectionOf));
    // Not vacuous: the document library's section is cut to what a broken link says.
    expect([...partly]).toContain('documents');
    const outside = [...keys].filter(
      (k) => !k.endsWith('$') && partly.has(sectionOf(k)) && !set.some((e) => k === e || k.startsWith(`${e}.`) || (k.endsWith('.') && e.startsWith(k))),
    );
    expect(outside).toEqual([]);
  });

  it('the build cuts a catalogue to the set, keeping each section whole unless the set names a part of it', async () => {
    const plugin = catalogueSections();
    const js = (await transformWithOxc(readFileSync('src/i18n/en.ts', 'utf8'), 'en.ts')).code;
    const transform = plugin.transform as unknown as (this: { error(m: string): never }, code: string, id: string) => { code: string } | null;
    const ctx = {
      error(m: string): never {
        throw new Error(m);
      },
    };
    const cut = transform.call(ctx, js, '/x/src/i18n/en.ts?sections=embed')!;
    const mod = (await import(`data:text/javascript,${encodeURIComponent(cut.code)}`)) as { en: Record<string, unknown> };
    expect(Object.keys(mod.en).sort()).toEqual(
      Object.keys(en)
        .filter((k) => set.some((e) => sectionOf(e) === k))
        .sort(),
    );
    expect(mod.en.documents).toEqual({ note: { brokenLink: en.documents.note.brokenLink }, link: en.documents.link });
    expect(Object.keys(mod.en).length).toBeLessThan(Object.keys(en).length);
    expect(mod.en.canvas).toEqual(en.canvas);
    expect(transform.call(ctx, js, '/x/src/i18n/en.ts')).toBeNull();
    // zh.ts re-exports the reasons' and problems' wording: a cut module leaves them to be loaded apart.
    const zhJs = (await transformWithOxc(readFileSync('src/i18n/zh.ts', 'utf8'), 'zh.ts')).code;
    expect(zhJs).toMatch(/from ['"]\.\/problems-zh['"]/);
    const zhCut = transform.call(ctx, zhJs, '/x/src/i18n/zh.ts?sections=embed')!.code;
    expect(zhCut).not.toMatch(/from ['"]\.\/(problems|reasons)-zh['"]/);
    expect(zhCut).toMatch(/export const zh\b/);
    expect(() => transform.call(ctx, js, '/x/src/i18n/en.ts?sections=nope')).toThrow(/no section set "nope"/);
  });
});
