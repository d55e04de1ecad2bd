/**
 * The simulation engine: pure functions from data to data, no DOM, no React, no clock.
 *
 * @example
 *   const dp = compile(topology);
 *   const t = trace(dp, { from: 'pod:default/centos', to: '192.168.13.23:80' });
 */
// Node's consumers (the CLI, scripts) get every CNI and kube-proxy module at once; the worker loads them lazily.
import './wiring-modules-all';
export { compile, UnsupportedError } from './compile';
export type { Dataplane } from './dataplane';
export { trace, RequestError } from './trace';
export { renderView, VIEW_KINDS } from './views';
export type { ViewKind } from './views';
export type { Interface } from './ip-link';
export { cniCall } from './cni/call';
export type { CniCall, CniStep, PodSpec } from './cni/call';
export { decide as policyDecision } from './policy';
export { compare, describeDifference, differences, summarise } from './compare';
export type { Comparison, Difference, WiringSummary } from './compare';
