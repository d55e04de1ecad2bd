/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';
import { catalogueSections } from './scripts/catalogue-sections.ts';
import { EMBED_ENTRY, EMBED_MODE, isAppBuild, PREACT_ALIASES, preactEmbed } from './scripts/preact-embed.ts';

// .ci/run asks for a JSON report it can count; people get the default reporter.
const jsonReport = process.env.VITEST_JSON_OUTPUT;

// The embed's own build (scripts/preact-embed.ts): the embed's entry alone, with React aliased to preact/compat.
const embed = (mode: string) => mode === EMBED_MODE;
// NOTE: React Flow's zustand 4 reads its store through use-sync-external-store's CommonJS shim: React 19 and
// preact/compat have useSyncExternalStore, and its selector hook as an ES module (src/ui/lib/with-selector.ts) spares
// the embed preact/compat wrapped whole in CommonJS interop.
const withSelector = {
  find: /^use-sync-external-store\/shim\/with-selector(\.js)?$/,
  replacement: fileURLToPath(new URL('./src/ui/lib/with-selector.ts', import.meta.url)),
};

/** The small model and layout modules every page draws with (the `model` chunk). */
const MODEL = /src[\\/](model[\\/](element-id|topology|cidr|defaults|trace)|layout[\\/](graph|frames))\.ts$/;

/** Where src/boot.ts is told about the app's build (its `__APP_BUILD__`), until the build knows its files' names. */
const APP_BUILD = '__hopscope_app_build__';

/**
 * The app's start: src/start.ts an entry of its own (it starts a generated cluster's place worker, then imports main),
 * and src/boot.ts told its file and the modules requested beside it (its imports, main's and the
 * editor's chunk, src/App.tsx: main asked for it as it started, after its own download and run), as it is told the embed's. NOTE: boot's `import('./main')` put Vite's preload helper in boot's
 * chunk, which every embed downloads (0.7 KB of its gzip) and only the app's chunks use. (The stylesheets are main's and
 * the editor's to ask for, in that order: see nameFiles.)
 */
function appBuild(): Plugin {
  let base = '/';
  return {
    name: 'app-build',
    apply: isAppBuild,
    config: () => ({ define: { __APP_BUILD__: JSON.stringify(APP_BUILD) } }),
    configResolved: (config) => void (base = config.base),
    buildStart() {
      this.emitFile({ type: 'chunk', id: fileURLToPath(new URL('./src/start.ts', import.meta.url)), name: 'start' });
    },
    // (Once the page's HTML is written: it is told boot's new name.)
    generateBundle: { order: 'post', handler: nameFiles },
  };

  function nameFiles(this: Rollup.PluginContext, _: unknown, bundle: Rollup.OutputBundle) {
    const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const from = (module: RegExp) => chunks.find((c) => module.test(c.facadeModuleId ?? ''));
    const entry = from(/[\\/]src[\\/]start\.ts$/);
    const main = from(/[\\/]src[\\/]main\.tsx$/);
    const editor = from(/[\\/]src[\\/]App\.tsx$/);
    const boot = chunks.find((c) => c.code.includes(APP_BUILD));
    if (!entry || !main || !editor || !boot) throw new Error('app-build: the build has no start, main, editor or boot chunk');
    const js = new Set<string>();
    const walk = (file: string) => {
      const chunk = byFile.get(file);
      if (!chunk || js.has(file)) return;
      js.add(file);
      chunk.imports.forEach(walk);
    };
    walk(entry.fileName);
    walk(main.fileName);
    js.add(editor.fileName);
    const url = (f: string) => base + f;
    // NOTE: no stylesheets: boot runs the entry once they are in, and the entry starts a generated cluster's place worker,
    // which draws nothing. Main's are asked for by the entry's import of main (Vite's preload helper: main runs once they
    // are in); waited for by boot, they held the worker's start back (0-100 ms after start's own chunk, at load 7).
    const build = JSON.stringify({ js: url(entry.fileName), css: [], preload: [...js].map(url) });
    boot.code = boot.code.replace(new RegExp(`(["'\`])${APP_BUILD}\\1`), build);
    // NOTE: boot's name was hashed from the placeholder: named again from what it now holds, so that a build with a new
    // main has a new boot (a cached boot of the same name would start a main that is gone).
    const hash = createHash('sha256').update(boot.code).digest('base64url').slice(0, 8);
    const named = boot.fileName.replace(/-[\w-]+\.js$/, `-${hash}.js`);
    const html = Object.values(bundle).find((a) => a.type === 'asset' && a.fileName === 'index.html');
    if (html?.type !== 'asset' || !String(html.source).includes(boot.fileName)) throw new Error('app-build: index.html does not name boot');
    html.source = String(html.source).replace(boot.fileName, named);
    delete bundle[boot.fileName];
    this.emitFile({ type: 'asset', fileName: named, source: boot.code });
  }
}

export default defineConfig(({ mode }) => ({
  plugins: [react(), tailwindcss(), catalogueSections(), preactEmbed(fileURLToPath(import.meta.url)), appBuild()],
  // What src/boot.ts starts: the Preact build's entry (`?embed=1`) and main's once the app's build made them, else (the dev server) the modules.
  define: { __PREACT_EMBED__: 'null', __APP_BUILD__: 'null' },
  resolve: { alias: embed(mode) ? [...PREACT_ALIASES, withSelector] : [withSelector] },
  ...(embed(mode) ? { publicDir: false as const } : {}),
  worker: {
    format: 'es',
    // NOTE: the engine a trace needs (src/worker/engine-core.ts) travels as one chunk, loaded on the first trace:
    // split by what else shares each module it was eight requests, 3 KB more gzip. The modules loaded on their own
    // (node views, exports, the CNI call, Calico, Terway, the comparison, the search of `all`) stay out of it.
    rolldownOptions: {
      output: {
        // NOTE: the worker's minified chunks kept each `/* @__PURE__ */` the transform wrote (97 in the engine's
        // chunk, 165 B of its gzip); they tell a bundler what it may drop, and nothing bundles these chunks again.
        comments: { annotation: false },
        codeSplitting: {
          groups: [
            {
              name: 'engine',
              test: (id) =>
                /src[\\/](engine[\\/]|worker[\\/]engine-core)/.test(id) &&
                !/src[\\/]engine[\\/](views|compare|export[\\/]|cni[\\/](call|calico|terway)|fork[\\/](?!lazy))/.test(id),
            },
          ],
        },
      },
    },
  },
  // NOTE: every browser the app runs in preloads modules itself; the polyfill was half a KB of every first load.
  build: {
    modulePreload: { polyfill: false },
    // NOTE: the small model and layout modules every page draws with travel as one chunk: split into
    // seven (each under 1.5 KB) they lost more to gzip and requests than any page saved by skipping one.
    rolldownOptions: {
      ...(embed(mode) ? { input: EMBED_ENTRY } : {}),
      output: {
        // (In the app, Vite's preload helper too: main imports it, and as a chunk of its own it was one more request.)
        codeSplitting: {
          groups: [
            {
              name: 'model',
              test: embed(mode) ? MODEL : (id: string) => MODEL.test(id) || id.startsWith('\0vite/preload-helper'),
            },
          ],
        },
      },
    },
  },
  // NOTE: without the worker entry here the dev server discovers the worker's imports late
  // and reloads the page the first time the worker starts, losing the app's state.
  optimizeDeps: { entries: ['index.html', 'src/**/*.worker.ts'] },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Tests compile every wiring at once, as the CLI does (src/engine/wiring-modules.ts).
    setupFiles: ['src/engine/wiring-modules-all.ts'],
    exclude: ['node_modules', 'dist', 'e2e', 'bench'],
    passWithNoTests: true,
    // NOTE: a timeout only catches a hang; several tests spawn the CLI or build a 100-node cluster and took 3–4 s of the
    // default 5 s at load 10 (the whole suite ran 12 min there), so a busy CI machine would fail them for being slow.
    testTimeout: 20_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
}));
