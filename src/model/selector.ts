/**
 * Service selectors: which pods a selector picks, fast enough for thousands of pods and
 * hundreds of services (an index by namespace and label, starting from the rarest label).
 */

/** Whether a pod's labels satisfy a service selector (an empty selector selects nothing). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/**
 * Indexes `pods` once; the returned function lists the pods of namespace `ns` a selector picks.
 * @example const select = podSelector(topology.pods); select('default', { app: 'web' })
 */
export function podSelector<P extends { namespace: string; labels: Record<string, string> }>(pods: P[]): (ns: string, selector: Record<string, string>) => P[] {
  const byLabel = new Map<string, P[]>();
  for (const p of pods) {
    for (const [k, v] of Object.entries(p.labels)) {
      const key = `${p.namespace}\0${k}\0${v}`;
      const list = byLabel.get(key);
      if (list) list.push(p);
      else byLabel.set(key, [p]);
    }
  }
  return (ns, selector) => {
    const entries = Object.entries(selector);
    if (entries.length === 0) return [];
    const lists = entries.map(([k, v]) => byLabel.get(`${ns}\0${k}\0${v}`) ?? []);
    const smallest = lists.reduce((a, b) => (b.length < a.length ? b : a));
    return smallest.filter((p) => selects(selector, p.labels));
  };
}
