// Lint is how the layer rules of ARCHITECTURE.md are kept: the model and the engine stay pure
// and deterministic, the UI reaches the engine only through the worker.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const UI_LIBS = ['react', 'react-dom', 'zustand'];

/** Imports the pure layers (model, engine) may not make. */
const pureLayerImports = {
  paths: UI_LIBS.map((name) => ({ name, message: 'model/ and engine/ are pure TypeScript: no UI, store or worker libraries.' })),
  patterns: [
    {
      group: ['react/*', 'react-dom/*', 'zustand/*', '@xyflow/*'],
      message: 'model/ and engine/ are pure TypeScript: no UI, store or worker libraries.',
    },
    {
      group: ['**/store', '**/store/**', '**/ui', '**/ui/**', '**/worker', '**/worker/**'],
      message: 'model/ and engine/ may not reach up into store/, ui/ or worker/.',
    },
  ],
};

/** Imports the main thread (ui/, store/) may not make: it reaches the engine only through the worker. */
const mainThreadImports = [
  {
    group: ['**/engine', '**/engine/**'],
    allowTypeImports: true,
    message: 'ui/ and store/ reach the engine only through worker/sim-client (type imports are allowed).',
  },
  { group: ['**/worker/simulator', '**/worker/sim.worker'], message: 'The main thread talks to the simulator through worker/sim-client.' },
  {
    regex: '(^|/)model(/(index|validate|schema|shape-check|cross-checks|assign-addresses|ipam))?$',
    allowTypeImports: true,
    message:
      'Import values from model/topology or model/trace: the model index pulls the YAML parser and validator into the main bundle (they run in the worker).',
  },
];

/** Globals that would make a simulation depend on the clock, chance or a browser. */
const nondeterministicGlobals = [
  { name: 'setTimeout', message: 'The engine is synchronous and deterministic: no timers.' },
  { name: 'setInterval', message: 'The engine is synchronous and deterministic: no timers.' },
  { name: 'requestAnimationFrame', message: 'The engine has no frames: playback belongs to the UI.' },
  { name: 'window', message: 'model/ and engine/ run in Node and in a worker: no window.' },
  { name: 'document', message: 'model/ and engine/ run in Node and in a worker: no document.' },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'blob-report', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Type-aware rules: a promise nobody awaits or catches loses its error silently.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/store/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts', 'src/engine/**/*.ts', 'src/layout/**/*.ts', 'src/render/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', pureLayerImports],
      'no-restricted-globals': ['error', ...nondeterministicGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine is deterministic: take time as an input.' },
        { object: 'Math', property: 'random', message: 'The engine is deterministic: use the seeded RNG.' },
        { object: 'performance', property: 'now', message: 'The engine is deterministic: take time as an input.' },
        { object: 'globalThis', property: 'setTimeout', message: 'The engine is synchronous and deterministic: no timers.' },
        { object: 'globalThis', property: 'window', message: 'model/ and engine/ run in Node and in a worker: no window.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The engine is deterministic: `new Date()` reads the clock.' },
      ],
    },
  },
  {
    // A module past 600 lines mixes concerns (issue 12): split it along its seams. Data tables are exempt.
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/testdata/**'],
    rules: { 'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The engine compiles and walks the model; the model never reaches into the engine, so the
    // document, its checks and the kubectl import load without it. Tests may use the engine to
    // check that what the model produces runs.
    files: ['src/model/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: pureLayerImports.paths,
          patterns: [
            ...pureLayerImports.patterns,
            { group: ['**/engine', '**/engine/**'], message: 'model/ may not import engine/: the engine reads the model, never the other way round.' },
          ],
        },
      ],
    },
  },
  {
    // Tests may use timers and clocks of their own; the rules above guard engine code.
    files: ['src/model/**/*.test.ts', 'src/engine/**/*.test.ts', 'src/layout/**/*.test.ts', 'src/render/**/*.test.ts'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.{ts,tsx}', 'src/App.tsx', 'src/main.tsx', 'src/boot.ts'],
    // Tests run in Node and may build fixtures with the real parser.
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: mainThreadImports }] },
  },
  {
    // The canvas draws; the editor (palette, inspector, dialogs) builds on it, never the other way round.
    files: ['src/ui/canvas/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...mainThreadImports,
            { group: ['**/editor', '**/editor/**'], message: 'ui/canvas/ may not import ui/editor/: the editor builds on the canvas.' },
          ],
        },
      ],
    },
  },
  {
    // The worker runs the model and the engine off the main thread; it knows nothing of the UI or the store.
    files: ['src/worker/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand'].map((name) => ({ name, message: 'worker/ runs no UI: no React or zustand.' })),
          patterns: [
            {
              group: ['**/ui', '**/ui/**', '**/store', '**/store/**'],
              message: 'worker/ may not import ui/ or store/: the main thread calls the worker, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['*.{js,ts}', 'e2e/**/*.ts', 'src/cli/**/*.ts', 'bench/**/*.ts', '.ci/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
