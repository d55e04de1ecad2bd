export * from './topology';
export * from './trace';
export { parseTopology, validateTopology } from './validate';
export { rewire } from './rewire';
export type { Wiring } from './rewire';
