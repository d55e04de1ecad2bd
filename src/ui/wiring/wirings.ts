import type { Wiring } from '../../model/rewire';

// The wirings rewire offers live with it (model/rewire.ts), so model tests can go over every one.
export { proxyModes, WIRINGS, wiringKey } from '../../model/rewire';

export const wiringLabel = (w: Wiring) => `${w.plugin} ${w.mode}${w.kubeProxy ? ` + ${w.kubeProxy}` : ''}`;
