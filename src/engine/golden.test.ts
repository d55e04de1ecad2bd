/**
 * Golden traces: the fixed request set of testdata/golden-cases.ts must trace byte for byte as
 * committed in testdata/golden/. After an intended behaviour change, `npm run golden:update`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenFiles, goldenText } from './testdata/golden-cases';

const dir = join(__dirname, 'testdata', 'golden');

describe('golden traces', () => {
  for (const f of goldenFiles()) {
    it(`${f.name} traces as committed`, () => {
      const want = readFileSync(join(dir, `${f.name}.json`), 'utf8');
      const got = goldenText(f);
      // Compare entry by entry first for a readable failure, then byte for byte.
      expect(JSON.parse(got)).toEqual(JSON.parse(want));
      expect(got === want).toBe(true);
    });
  }
});
