// The engine a trace needs (compile and walk, and the loader of a document's CNI modules), one chunk the simulator
// loads on the first trace, node view or CNI call: a document opens (and a built-in embed draws) without it.
export { compile } from '../engine/compile';
export { RequestError, trace } from '../engine/trace';
export { hasFork, provideFork } from '../engine/fork/lazy';
export { loadWiringModules } from './load-wiring';
