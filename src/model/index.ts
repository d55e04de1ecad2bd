export * from './topology';
export * from './trace';
export { parseTopology, validateTopology } from './validate';
