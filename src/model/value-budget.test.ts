/**
 * The shape check copies a document within a budget of MAX_VALUES values (shape-check.ts
 * normalize), counting them in document order; the problem names the value where it ran out,
 * whether that value is a scalar in a list or in a mapping (scalars are counted without a call).
 */
import { describe, expect, it } from 'vitest';
import { MAX_VALUES } from './limits';
import { problemsOf } from './test-helpers';
import { API_VERSION } from './topology';
import { validateTopology } from './validate';

const first = (doc: unknown) => {
  const p = problemsOf(validateTopology(doc))[0]!;
  return { path: p.path, key: p.why?.key };
};

describe('the value budget', () => {
  it('names the scalar in a list where it ran out', () => {
    // The document is value 1, apiVersion 2, kind 3, the pods list 4, pods[k] 5 + k: the
    // (MAX_VALUES + 1)th value is pods[MAX_VALUES − 4].
    const doc = { apiVersion: API_VERSION, kind: 'Topology', pods: new Array<number>(MAX_VALUES).fill(0) };
    expect(first(doc)).toEqual({ path: `pods[${MAX_VALUES - 4}]`, key: 'p_tooManyValues' });
  });

  it('names the scalar in a mapping, or the mapping, where it ran out', () => {
    // pods[j] is value 5 + 2j and pods[j].x is 6 + 2j (one shared mapping, listed again and again).
    const doc = { apiVersion: API_VERSION, kind: 'Topology', pods: new Array<unknown>(Math.ceil(MAX_VALUES / 2)).fill({ x: 0 }) };
    const n = MAX_VALUES + 1 - 5;
    const j = Math.floor(n / 2);
    expect(first(doc)).toEqual({ path: n % 2 === 0 ? `pods[${j}]` : `pods[${j}].x`, key: 'p_tooManyValues' });
  });
});
