/** Test helpers: the CLI run over files held in memory, and what it writes kept in a map. */
import { run } from './main';

/** A readFile over named texts; a name the test did not give throws, naming it. */
export const inMemory =
  (files: Record<string, string>) =>
  (path: string): string => {
    const text = files[path];
    if (text === undefined) throw new Error(`test has no file ${path}`);
    return text;
  };

/** `cli(...argv)` runs the CLI over `files`; what it writes (`--out`) lands in `written`. */
export function cliOver(files: Record<string, string>) {
  const written = new Map<string, string | Uint8Array>();
  const read = inMemory(files);
  const cli = (...argv: string[]) => run(argv, read, (p, d) => written.set(p, d));
  return { cli, read, written };
}
