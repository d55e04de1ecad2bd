/**
 * `choice: {all: true}`: every branch with its probability, and an honest cut when there are
 * more branches than the engine enumerates.
 */
import { describe, expect, it } from 'vitest';
import { trace, traceAll } from './trace';
import { build } from './test/kit';
import { formatTrace } from '../cli/format';

const web = { name: 'web', namespace: 'default', selector: { app: 'web' }, clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const req = { from: 'pod:default/client', to: '10.96.0.50:80', choice: { all: true as const } };

describe('When every outcome is asked for', () => {
  const dp = build({ services: [web] });

  it('lists every branch, their probabilities summing to 1, and says nothing was cut', () => {
    const t = trace(dp, req);
    expect(t.outcomes).toHaveLength(3);
    expect(t.outcomes!.reduce((s, o) => s + o.p, 0)).toBeCloseTo(1, 9);
    expect(t.truncated).toBeUndefined();
    expect(t.covered).toBeUndefined();
    expect(formatTrace(t)).not.toMatch(/TRUNCATED/);
  });

  it('says so when it must cut: truncated, and the probability the listed branches cover', () => {
    const t = traceAll(dp, req, 2);
    expect(t.outcomes).toHaveLength(2);
    expect(t.truncated).toBe(true);
    expect(t.covered).toBeCloseTo(
      t.outcomes!.reduce((s, o) => s + o.p, 0),
      12,
    );
    expect(t.covered!).toBeLessThan(1);
    expect(formatTrace(t)).toMatch(/TRUNCATED: only the first 2 branches are listed; they cover p = 0\.\d+ of 1/);
  });

  it('does not call a search cut when the limit is exactly the number of branches', () => {
    expect(traceAll(dp, req, 3).truncated).toBeUndefined();
  });
});
