/** What the readers of a kubectl import report as they go, said together at the end. */
import type { Problem } from '../topology';

export class ImportContext {
  /** Why the input cannot be imported; any one refuses the whole import. */
  readonly problems: Problem[] = [];
  /** What was assumed or changed, in the order it happened. */
  readonly warnings: string[] = [];
  /** Objects that hold IPv6 addresses too (only their IPv4 ones are kept). */
  dualStack = 0;
  /** Objects left out, by why (in the order the reasons first came up). */
  readonly skippedWhy = new Map<string, string[]>();
  skipped = 0;

  skip(why: string, what: string): void {
    this.skipped++;
    const list = this.skippedWhy.get(why);
    if (list) list.push(what);
    else this.skippedWhy.set(why, [what]);
  }
}
