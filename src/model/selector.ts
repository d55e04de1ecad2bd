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
  // NOTE: by namespace, then label key, then value (a map each), not under one `ns\0key\0value` key: writing and
  // hashing a new key for each label of 30,000 pods was most of the index's time (a 1,000-node cluster's first picture
  // and its compile make one each).
  const byNamespace = new Map<string, Map<string, Map<string, P[]>>>();
  for (const p of pods) {
    let byKey = byNamespace.get(p.namespace);
    if (!byKey) byNamespace.set(p.namespace, (byKey = new Map()));
    for (const k of Object.keys(p.labels)) {
      let byValue = byKey.get(k);
      if (!byValue) byKey.set(k, (byValue = new Map()));
      const v = p.labels[k]!;
      const list = byValue.get(v);
      if (list) list.push(p);
      else byValue.set(v, [p]);
    }
  }
  return (ns, selector) => {
    // (An empty selector selects nothing: no list is taken.)
    const keys = Object.keys(selector);
    let smallest: P[] | undefined;
    for (const k of keys) {
      const list = byNamespace.get(ns)?.get(k)?.get(selector[k]!);
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    // NOTE: a selector of one label (a Deployment's, the usual) selects its list as it is; others are checked label by
    // label, the selector's keys listed once (not once per pod: 30,000 arrays before a big cluster's first picture).
    if (!smallest) return [];
    if (keys.length === 1) return smallest.slice();
    return smallest.filter((p) => keys.every((k) => p.labels[k] === selector[k]));
  };
}
