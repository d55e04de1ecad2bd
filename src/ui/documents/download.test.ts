import { describe, expect, it } from 'vitest';
import { documentFileName } from './download';

describe('documentFileName', () => {
  it('names the file after the document, made safe for a file system, with the format', () => {
    expect(documentFileName({ metadata: { name: 'ack-flannel' } }, 'yaml')).toBe('ack-flannel.yaml');
    expect(documentFileName({ metadata: { name: '../../etc' } }, 'json')).toBe('etc.json');
    expect(documentFileName({ metadata: { name: 'my cluster / prod' } }, 'json')).toBe('my-cluster-prod.json');
    expect(documentFileName({ metadata: {} }, 'json')).toBe('topology.json');
    expect(documentFileName(null, 'yaml')).toBe('topology.yaml');
  });
});
