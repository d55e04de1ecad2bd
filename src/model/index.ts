export * from './topology';
export * from './trace';
// NOTE: parseTopology reads YAML (parse.ts); code that must not load a YAML parser (the worker) imports
// validate.ts directly, not this index.
export { parseTopology } from './parse';
export { validateTopology } from './validate';
export { rewire } from './rewire';
export type { Wiring } from './rewire';
