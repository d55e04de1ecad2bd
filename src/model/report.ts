/**
 * Where the validator's passes put what they find: problems (the document is refused) and
 * warnings (it is accepted), each at a path into the document; and the results with one problem.
 */
import { formatSize, MAX_DOCUMENT_SIZE } from './limits';
import { said, type Said } from './problem-text';
import type { ParseResult, Problem } from './topology';

export class Report {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  // A problem is always said through problem-text.ts, so the UI can word it in the reader's language.
  error(path: string, m: Said): void {
    this.problems.push({ path, ...m });
  }
  warn(path: string, m: Said): void {
    this.warnings.push({ path, ...m });
  }
}

/** ['pods', 3, 'ip'] → "pods[3].ip"; keys that are not identifiers are quoted: labels["app.kubernetes.io/name"]. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** A result with one problem. */
export function fail(path: string, m: Said): ParseResult {
  return { ok: false, problems: [{ path, ...m }] };
}

/** The problem with a text of `size` characters (or a file of `size` bytes) over `max` (MAX_DOCUMENT_SIZE), if it is. */
export function documentTooLarge(size: number, max = MAX_DOCUMENT_SIZE): ParseResult | undefined {
  return size > max ? fail('', said('p_tooLarge', { size: formatSize(size), max: formatSize(max) })) : undefined;
}

/** The result when the validator itself failed (a bug). */
export function internalError(e: unknown): ParseResult {
  return fail('', said('p_internal', { error: e instanceof Error ? e.message : String(e) }));
}
