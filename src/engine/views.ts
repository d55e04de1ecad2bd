import type { Dataplane } from './dataplane';
export const VIEW_KINDS = ['routes', 'iptables', 'ipvs', 'conntrack', 'bpf'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];
export function renderView(dp: Dataplane, node: string, what: ViewKind): string { void dp; void node; void what; return ''; }
