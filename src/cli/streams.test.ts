/** The command line's input and output under hostile input: streamed results, short errors, encodings. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_SIZE } from '../model/limits';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { run } from './main';
import { inMemory } from './test-files';

const centos = 'pod:default/centos-67756b6dc8-rmmxt';
const ok = JSON.stringify({ from: centos, to: '192.168.13.23:80' });

/** A sink that keeps what each push wrote, one entry per call. */
const sink = () => {
  const calls: string[][] = [];
  return { calls, push: (...lines: string[]) => calls.push(lines) };
};

describe('trace --batch writes as it goes', () => {
  it('hands each result to the output as soon as it is computed, holding none', () => {
    const stdout = sink();
    const stderr = sink();
    const batch = [ok, '', ok, 'oops'].join('\n');
    const r = run(['trace', 'ack.yaml', '--batch', 'reqs.jsonl'], inMemory({ 'ack.yaml': ackFlannelYaml, 'reqs.jsonl': batch }), undefined, { stdout, stderr });
    expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
    // One call per line, in order: nothing waits for the end.
    expect(stdout.calls.map((c) => c.length)).toEqual([1, 1, 1, 1]);
    expect(JSON.parse(stdout.calls[0]![0]!)).toMatchObject({ verdict: 'delivered' });
    expect(stdout.calls[1]).toEqual(['']);
    expect(JSON.parse(stdout.calls[3]![0]!)).toEqual({ error: expect.stringMatching(/^line 4: not JSON/) });
    expect(stderr.calls.flat()).toEqual(['reqs.jsonl: 1 request of 3 could not run (line 4)']);
  });

  it('stops at the first result it cannot write (a closed pipe), not after computing all', () => {
    let writes = 0;
    const stdout = {
      push: () => {
        if (++writes === 2) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      },
    };
    const batch = Array.from({ length: 50 }, () => ok).join('\n');
    const r = run(['trace', 'ack.yaml', '--batch', 'reqs.jsonl'], inMemory({ 'ack.yaml': ackFlannelYaml, 'reqs.jsonl': batch }), undefined, {
      stdout,
      stderr: sink(),
    });
    expect(writes).toBe(2);
    expect(r.code).toBe(2);
  });

  it('quotes at most a short prefix of a huge request (a 10 MB `to` gave a 10 MB error line)', () => {
    const huge = JSON.stringify({ from: centos, to: `10.0.0.1:80${'x'.repeat(10 * 1024 * 1024)}` });
    const hugeKey = JSON.stringify({ from: centos, to: '192.168.13.23:80', ['k'.repeat(1024 * 1024)]: 1 });
    const r = run(['trace', 'ack.yaml', '--batch', 'reqs.jsonl'], inMemory({ 'ack.yaml': ackFlannelYaml, 'reqs.jsonl': [huge, hugeKey, ok].join('\n') }));
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(3);
    expect(out[0]!.length).toBeLessThan(300);
    expect(JSON.parse(out[0]!).error).toMatch(/^line 1: to: '10\.0\.0\.1:80x+…' is 10485771 characters long, more than the 2048 a request may have$/);
    expect(out[1]!.length).toBeLessThan(300);
    expect(JSON.parse(out[1]!).error).toMatch(/^line 2: unknown field "k+… \(a request has/);
    expect(JSON.parse(out[2]!)).toMatchObject({ verdict: 'delivered' });
    expect(r.stderr.length).toBeLessThan(200);
  });

  it('refuses a line over the size limit, and answers the lines around it', () => {
    const big = `{"from": "${'p'.repeat(MAX_DOCUMENT_SIZE)}"}`;
    const r = run(['trace', 'ack.yaml', '--batch', 'reqs.jsonl'], inMemory({ 'ack.yaml': ackFlannelYaml, 'reqs.jsonl': [ok, big, ok].join('\r\n') }));
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(3);
    expect(JSON.parse(out[1]!)).toEqual({ error: 'line 2: the line is 20.0 MiB, more than the 20 MiB a request may be' });
    expect(JSON.parse(out[2]!)).toMatchObject({ verdict: 'delivered' });
  });

  it('lists at most twenty failed lines', () => {
    const r = run(['trace', 'ack.yaml', '--batch', 'reqs.jsonl'], inMemory({ 'ack.yaml': ackFlannelYaml, 'reqs.jsonl': Array(500).fill('x').join('\n') }));
    expect(r.stderr).toBe('reqs.jsonl: 500 requests of 500 could not run (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, …)\n');
  });
});

describe('the command line reads files in the encodings editors write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hopscope-enc-'));
  const file = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const utf16le = (s: string) => Buffer.from(s, 'utf16le');
  const utf16be = (s: string) => utf16le(s).swap16();
  const bom8 = Buffer.from([0xef, 0xbb, 0xbf]);

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([bom8, Buffer.from(ackFlannelYaml)])],
    ['UTF-16 LE with a BOM (PowerShell >)', utf16le(`\ufeff${ackFlannelYaml}`)],
    ['UTF-16 BE with a BOM', utf16be(`\ufeff${ackFlannelYaml}`)],
    ['UTF-16 LE without a BOM', utf16le(ackFlannelYaml)],
  ])('a document in %s', (name, bytes) => {
    const path = file(`${name.replace(/\W+/g, '-')}.yaml`, bytes);
    const r = run(['validate', path]);
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: `${path}: valid (3 nodes, 5 pods, 3 services)\n` });
  });

  it.each([
    ['UTF-8 with a BOM on line 1 (it was "not JSON")', Buffer.concat([bom8, Buffer.from(`${ok}\n${ok}\n`)])],
    ['UTF-16 LE with a BOM', utf16le(`\ufeff${ok}\r\n${ok}\r\n`)],
    ['UTF-16 BE with a BOM', utf16be(`\ufeff${ok}\n${ok}\n`)],
  ])('a batch file in %s', (name, bytes) => {
    const doc = file('ack.yaml', Buffer.from(ackFlannelYaml));
    const path = file(`${name.replace(/\W+/g, '-')}.jsonl`, bytes);
    const r = run(['trace', doc, '--batch', path]);
    expect(r.stderr).toBe('');
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { verdict?: string });
    expect(out.map((o) => o.verdict)).toEqual(['delivered', 'delivered']);
  });

  it('refuses a document over the size limit with the limit in the message', () => {
    const path = file('big.yaml', Buffer.from(`# ${'x'.repeat(MAX_DOCUMENT_SIZE)}\n`));
    const r = run(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${path}: invalid (1 problem)\n(document): the document is 20.0 MiB, more than the 20 MiB Hopscope reads: remove what the simulation does not need, or split the cluster\n`,
    );
  });
});

describe('validate lists a bounded number of problems', () => {
  it('the first 500, then how many more', () => {
    const pods = Array.from({ length: 700 }, (_, i) => `  - { name: p${i}, node: nowhere }`).join('\n');
    const doc = ackFlannelYaml.replace(/^pods:\n( {2}- .*\n)+/m, `pods:\n${pods}\n`);
    const r = run(['validate', 'doc.yaml'], inMemory({ 'doc.yaml': doc }));
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^doc\.yaml: invalid \(\d+ problems\)$/);
    expect(lines).toHaveLength(502);
    expect(lines.at(-1)).toMatch(/^… and \d+ more problems$/);
  });
});

describe('control characters in what the CLI prints', () => {
  it('are shown as \\u001b, not sent to the terminal, in text and in JSON', () => {
    const files = inMemory({ 'ack.yaml': ackFlannelYaml, 'reqs.jsonl': JSON.stringify({ from: centos, to: '10.0.0.1\u001b[2J\u009b31m\u202e:80' }) });
    const text = run(['trace', 'ack.yaml', '--from', centos, '--to', '10.0.0.1\u001b[2J:80'], files);
    expect(text.stderr).toContain('10.0.0.1\\u001b[2J:80');
    const batch = run(['trace', 'ack.yaml', '--batch', 'reqs.jsonl'], files);
    // eslint-disable-next-line no-control-regex
    expect(batch.stdout + batch.stderr + text.stderr).not.toMatch(/[\u001b\u009b\u202e]/);
    expect(JSON.parse(batch.stdout)).toEqual({ error: expect.stringContaining('\u001b[2J\u009b31m\u202e') });
  });
});
