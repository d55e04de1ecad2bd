const NS_COLORS = ['#0ea5e9', '#a855f7', '#f97316', '#22c55e', '#e11d48', '#eab308', '#14b8a6', '#6366f1'];

/** A namespace's colour when the canvas groups by namespace: its place among `all` (sorted), cycling through eight. */
export const namespaceColor = (ns: string, all: readonly string[]): string => NS_COLORS[Math.max(0, all.indexOf(ns)) % NS_COLORS.length]!;

/** Every namespace with a pod or a service, sorted. */
export const namespacesOf = (t: { pods: readonly { namespace: string }[]; services: readonly { namespace: string }[] }): string[] =>
  [...new Set([...t.pods.map((p) => p.namespace), ...t.services.map((s) => s.namespace)])].sort();
