/**
 * How much of a document Hopscope reads. One place, so every way in (the CLI, the worker, the
 * kubectl import, a link, an embed's postMessage, a batch line) refuses the same sizes with the
 * same words. Nothing but numbers here, so the worker's first chunk can hold them; the problem
 * a limit gives is report.ts's documentTooLarge.
 */
/**
 * The longest document text read, in characters (UTF-16 code units, what `string.length`
 * counts; the CLI compares a file's bytes with it). A topology of thousands of nodes and pods
 * is well under 1 MB; 20 MiB leaves room for generated ones and keeps a parse to seconds.
 */
export const MAX_DOCUMENT_SIZE = 20 * 1024 * 1024;

/**
 * The longest kubectl output an import reads. A List carries what the API server keeps (uids,
 * timestamps, conditions, owner references, one EndpointSlice per service): about 5 KB per pod
 * as `-o json`, so 1,000 nodes of 30 pods are about 150 MB, for a document of a few MB.
 * JSON.parse holds such a text in well under a second; a browser's strings end near 512 MB.
 */
export const MAX_KUBECTL_SIZE = 256 * 1024 * 1024;

/** Nesting a document may have: a topology is about ten levels deep (networkPolicies[0].ingress[0].from[0].podSelector.matchLabels). */
export const MAX_DEPTH = 64;

/**
 * Values (mappings, lists and scalars) one document may hold once read. Text within the size
 * limit holds at most half as many values as characters (`[1,1,…]`); only shared or aliased
 * parts can hold more, which is how a few lines expand to gigabytes.
 */
export const MAX_VALUES = MAX_DOCUMENT_SIZE / 2 + 1000;

/** Values YAML aliases (`*name`) may add by repeating what they name: generous for repeated labels, far below a blow-up. */
export const MAX_ALIAS_VALUES = 100_000;

/** "20 MiB", "1.5 KiB", "312 bytes". */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Up to `max` characters of `text` for a message, with … when cut (a huge value is never quoted whole). */
export function excerpt(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
