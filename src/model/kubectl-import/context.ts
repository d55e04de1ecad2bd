/** What the readers of a kubectl import report as they go, said together at the end. */
import type { Params } from '../problem-text';
import { fillReason } from '../reason';
import type { Problem } from '../topology';
import type { Reason } from '../trace';
import { IMPORT_TEXT, importPart, importSaid, type ImportKey } from './import-text';

export class ImportContext {
  /** Why the input cannot be imported; any one refuses the whole import. */
  readonly problems: Problem[] = [];
  /** What was assumed or changed, in the order it happened. */
  readonly warnings: Problem[] = [];
  /** Objects that hold IPv6 addresses too (only their IPv4 ones are kept). */
  dualStack = 0;
  /** Objects left out, grouped by why (keyed by its English wording), in the order the reasons first came up. */
  readonly skippedWhy = new Map<string, { why: Reason; what: string[] }>();
  skipped = 0;

  problem(path: string, key: ImportKey, params?: Params): void {
    this.problems.push(importSaid(path, key, params));
  }

  warn(path: string, key: ImportKey, params?: Params): void {
    this.warnings.push(importSaid(path, key, params));
  }

  /** `what` (an object's name) was left out, for the reason `key`. */
  skip(key: ImportKey, what: string, params?: Params): void {
    this.skipped++;
    const why = importPart(key, params);
    const said = fillReason(why, IMPORT_TEXT) ?? key;
    const group = this.skippedWhy.get(said);
    if (group) group.what.push(what);
    else this.skippedWhy.set(said, { why, what: [what] });
  }
}
