/** Shared by the model tests: the three reference documents and small accessors. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ParseResult, Problem, Topology } from './topology';

export const FIXTURES = ['ack-flannel', 'calico-bgp-tor', 'terway-ipvlan-ebpf'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export function fixtureText(name: FixtureName): string {
  return readFileSync(new URL(`./testdata/${name}.yaml`, import.meta.url), 'utf8');
}

const parsed = new Map<FixtureName, unknown>();

/** A fresh, mutable plain-object copy of a fixture. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: FixtureName): any {
  if (!parsed.has(name)) parsed.set(name, parse(fixtureText(name)));
  return structuredClone(parsed.get(name));
}

export function expectOk(r: ParseResult): { topology: Topology; warnings: Problem[] } {
  if (!r.ok) throw new Error(`expected a valid document, got:\n${r.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  return r;
}

export function problemsOf(r: ParseResult): Problem[] {
  if (r.ok) throw new Error('expected the document to be refused, but it validated');
  return r.problems;
}
