import { describe, expect, it } from 'vitest';
import { documentFileName } from './download';

describe('documentFileName', () => {
  it('names the file after the document’s name, made safe for a file system, with the format', () => {
    expect(documentFileName('ack-flannel', 'yaml')).toBe('ack-flannel.yaml');
    expect(documentFileName('../../etc', 'json')).toBe('etc.json');
    expect(documentFileName('my cluster / prod', 'json')).toBe('my-cluster-prod.json');
    expect(documentFileName(undefined, 'json')).toBe('topology.json');
    expect(documentFileName(null, 'yaml')).toBe('topology.yaml');
  });
});
