import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeDocument } from './write-document';

describe('writeDocument', () => {
  const labels = { app: 'web' };
  // Two pods holding one labels record, as an edit that copies a pod can leave them in memory.
  const doc = {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: { name: 'shared' },
    pods: [
      { name: 'a', labels },
      { name: 'b', labels },
    ],
  };

  it('writes an object held twice out twice, as a person would, not as a YAML anchor and alias', () => {
    const text = writeDocument(doc, 'yaml');
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.match(/app: web/g)).toHaveLength(2);
    expect(parse(text)).toEqual(doc);
  });

  it('keeps long strings on one line, and JSON as the file format has it', () => {
    const long = { ...doc, metadata: { name: 'x'.repeat(200) } };
    expect(writeDocument(long, 'yaml')).toContain(`name: ${'x'.repeat(200)}\n`);
    expect(writeDocument(doc, 'json')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
});
