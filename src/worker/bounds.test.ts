/** The worker's ways in (JSON read here, YAML by the model) keep the document bounds of src/model/limits.ts. */
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_SIZE } from '../model/limits';
import { builtins } from '../scenarios';
import { createInlineSimClient } from './sim-client';

const keyOf = (r: { ok: boolean; problems?: { why?: { key: string } }[] }) => (r.ok ? 'ok' : r.problems?.map((p) => p.why?.key).join(','));

describe('the worker refuses what would hold it', () => {
  it('JSON over the size limit, before parsing it', async () => {
    const sim = await createInlineSimClient();
    const text = `{"apiVersion": "hopscope/v1", "pad": "${'x'.repeat(MAX_DOCUMENT_SIZE)}"}`;
    const t = performance.now();
    const r = await sim.load(text);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(keyOf(r)).toBe('p_tooLarge');
  });

  it('JSON nested without end, and YAML that refers to itself', async () => {
    const sim = await createInlineSimClient();
    expect(keyOf(await sim.load(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`))).toBe('p_tooDeep');
    const selfAlias = builtins[0]!.yaml.replace(/^metadata:\n( {2}.*\n)+/m, 'metadata: &m { name: x, self: *m }\n');
    expect(keyOf(await sim.load(selfAlias))).toBe('p_yamlCircular');
  });
});
