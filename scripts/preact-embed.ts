// The embed (`?embed=1`) runs on Preact, the full app on React. A `vite build` of the app first builds the embed
// (src/ui/embed/embed-main.tsx) in a build of its own with React aliased to preact/compat, puts its files under
// dist/embed/, and tells src/boot.ts (the page's entry) where its entry and stylesheets are.
// NOTE: why: React 19's runtime is ~66 KB gzip of the embed's ~214 KB with a trace; preact/compat does what the
// read-only embed and React Flow 12 ask of it (hooks, useSyncExternalStore, portals) in ~11 KB (docs/embed.md).
// The dev server (and the tests' modules) keep the embed on React: it starts from the same module there.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, type Alias, type ConfigEnv, type Plugin, type UserConfig } from 'vite';

/** The mode of the embed's own build (vite.config.ts gives it the aliases and the entry below). */
export const EMBED_MODE = 'preact-embed';
/** Where the embed's files go in dist/, and the URL path they are served from. */
export const EMBED_DIR = 'embed';
export const EMBED_ENTRY = 'src/ui/embed/embed-main.tsx';

/** React's entry points, each the preact/compat module that stands for it. */
export const PREACT_ALIASES: Alias[] = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];

/** What src/boot.ts is told about the embed's build: its entry module, its stylesheets, the modules the entry imports. */
export interface EmbedAssets {
  js: string;
  css: string[];
  preload: string[];
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

/** The entry's files from the embed build's manifest, as URL paths from the site's root. */
export function embedAssets(manifest: Record<string, ManifestChunk>, base: string): EmbedAssets {
  const entry = manifest[EMBED_ENTRY];
  if (!entry) throw new Error(`the embed build's manifest has no ${EMBED_ENTRY}`);
  const seen = new Set<string>();
  const css = new Set(entry.css ?? []);
  // The entry's static imports, transitively: preloaded beside it so the browser need not discover them one level at a time.
  const walk = (keys: string[] = []) => {
    for (const key of keys) {
      const chunk = manifest[key];
      if (!chunk || seen.has(chunk.file)) continue;
      seen.add(chunk.file);
      for (const c of chunk.css ?? []) css.add(c);
      walk(chunk.imports);
    }
  };
  walk(entry.imports);
  return { js: base + entry.file, css: [...css].map((c) => base + c), preload: [...seen].map((f) => base + f) };
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** Whether a build is the app's own: not the embed's build itself, nor a build of another root with this config (the bench's baseline). */
export const isAppBuild = (config: UserConfig, env: ConfigEnv): boolean =>
  env.command === 'build' && env.mode !== EMBED_MODE && !env.isPreview && config.root === undefined;

/** The app build's plugin: builds the embed on Preact and emits its files into the app's dist/ under embed/. */
export function preactEmbed(configFile: string): Plugin {
  let files: { fileName: string; source: Uint8Array }[] = [];
  return {
    name: 'hopscope:preact-embed',
    apply: isAppBuild,
    async config(config) {
      const base = `${config.base ?? '/'}${EMBED_DIR}/`;
      const out = mkdtempSync(join(tmpdir(), 'hopscope-embed-'));
      try {
        await build({ configFile, mode: EMBED_MODE, base, logLevel: 'warn', build: { outDir: out, emptyOutDir: true, manifest: true } });
        const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
        files = filesUnder(out)
          .filter((path) => !relative(out, path).startsWith('.vite'))
          .map((path) => ({ fileName: `${EMBED_DIR}/${relative(out, path)}`, source: readFileSync(path) }));
        return { define: { __PREACT_EMBED__: JSON.stringify(embedAssets(manifest, base)) } };
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: f.fileName, source: f.source });
    },
  };
}
