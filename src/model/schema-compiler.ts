/**
 * zod's compiler (z.compile) installed into the shape check, which parses lists of COMPILED_FROM elements or more
 * with their schemas' compiled happy path (shape-check.ts). A module of its own so that the compiler (7.5 KB gzip) is a
 * chunk of its own: the worker loads it only for a document that has such a list (wantsCompiler); the CLI and the
 * benches install it at start.
 */
import * as z from 'zod/mini';
import { installCompiler } from './shape-check';

export function installSchemaCompiler(): void {
  installCompiler(z.compile);
}
