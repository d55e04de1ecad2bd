/** Namespaces (when the input holds them): their labels, for NetworkPolicy namespace selectors. */
import type { ImportContext } from './context';
import { labelsOf, type Source } from './objects';

export function readNamespaces(ctx: ImportContext, namespacesIn: readonly Source[]): { name: string; labels?: Record<string, string> }[] {
  return namespacesIn.map((s) => {
    const labels = labelsOf(s.obj, ctx.problems, s.at);
    delete labels['kubernetes.io/metadata.name']; // every namespace has it implicitly
    return { name: s.name, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
  });
}
