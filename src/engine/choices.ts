/**
 * The options of one load-balancing decision, as the walk offers them to a chooser and writes
 * them on the hop. Most decisions have a few options, listed (`ChoiceOption[]`). An SLB listener
 * over a 1,000-node cluster has a thousand equally likely backends: listing each one as a record
 * with its address as text, for every listener a first-touch trace reached, was the largest
 * allocation of the cold path (and the minor GCs it caused set its p99). Such a decision is a
 * `LazyChoices`: how many options, each equally likely, and each option's record made only when
 * something reads it.
 */
import type { ChoiceOption, Hop } from '../model';

/** Equally likely options whose records are made when read (and then kept). */
export interface LazyChoices {
  readonly length: number;
  /** Option k's address, the record's `to`. */
  to(k: number): string;
  /** Every option as the trace shows it. */
  list(): ChoiceOption[];
}

/** A load-balancing decision's options. */
export type Offer = ChoiceOption[] | LazyChoices;

const listed = (o: Offer): o is ChoiceOption[] => Array.isArray(o);

export const optionTo = (o: Offer, k: number): string => (listed(o) ? o[k]!.to : o.to(k));

/** Option k's probability; a lazy offer's options are equally likely. */
export const optionP = (o: Offer, k: number): number => (listed(o) ? o[k]!.p : 1 / o.length);

/** Every option as a record (a lazy offer's made once and kept). */
export const optionList = (o: Offer): ChoiceOption[] => (listed(o) ? o : o.list());

/** The first option whose address `picks` names, else -1. */
export function findPicked(o: Offer, picks: readonly string[]): number {
  if (picks.length === 0) return -1;
  return optionList(o).findIndex((x) => picks.includes(x.to));
}

/**
 * The options on the hop as `choices`. A lazy offer becomes an ordinary enumerable property whose
 * first read (the worker's reply, JSON, the CLI, a test) makes the records and keeps them as data,
 * so every reader sees the same plain list and a trace nobody reads never makes it.
 */
export function showChoices(h: Hop, o: Offer): void {
  if (listed(o)) {
    h.choices = o;
    return;
  }
  Object.defineProperty(h, 'choices', {
    enumerable: true,
    configurable: true,
    get(): ChoiceOption[] {
      const value = o.list();
      Object.defineProperty(h, 'choices', { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
