/**
 * The hostile corpus (src/model/testdata/hostile, plus big and re-encoded inputs made here) run
 * through the real command line, each in a child process with a time limit: no input hangs
 * it, crashes it (exit 2, a stack, a signal) or floods the terminal, and each gets a clear
 * message naming the problem. A valid one is traced too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_SIZE } from '../model/limits';
import { ackFlannelYaml } from '../scenarios/ack-flannel';

const root = resolve(__dirname, '../..');
const corpus = join(root, 'src/model/testdata/hostile');
const tmp = mkdtempSync(join(tmpdir(), 'hopscope-hostile-'));
/** What one input may take, the child's start-up included (a loaded machine is slow; a hang is forever). */
const LIMIT_MS = 90_000;

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The CLI in a child process, killed at LIMIT_MS; output kept up to 1 MB. */
function cli(...args: string[]): Promise<Ran> {
  return new Promise((done) => {
    const start = performance.now();
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, HOPSCOPE_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout = (stdout + b.toString()).slice(0, 1 << 20)));
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(0, 1 << 20)));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** Ran to an answer: exit 0 or 1, no crash, no stack, no flood. */
function answered(r: Ran): void {
  expect(r.signal, `killed after ${Math.round(r.ms)} ms: it hung`).toBeNull();
  expect(r.stderr).not.toMatch(/internal error|^\s+at |FATAL|heap out of memory/m);
  expect([0, 1]).toContain(r.code);
  expect(r.stderr.length + r.stdout.length).toBeLessThan(20_000);
}

// Each file of the corpus, and the message it must get (exit 1) or null when it is valid (exit 0).
const EXPECT: Record<string, RegExp | null> = {
  'billion-laughs.yaml': /the YAML aliases expand to more than 100000 values \(at \*\w, line \d+\)/,
  'comments-only.yaml': /the document is empty/,
  'complex-key.yaml': /a mapping key at line 6 is a list: keys of a topology are plain text/,
  'control-chars.yaml': null,
  'deep-block.yaml': /the YAML is nested more than 64 levels deep \(line \d+\)/,
  'deep-flow.yaml': /the YAML is nested more than 64 levels deep \(line 2\)/,
  'deep-json.json': /^(a\.){63}a: the value is nested more than 64 levels deep/m,
  'duplicate-key.yaml': /YAML syntax error at line 5, column 1: Map keys must be unique/,
  'html-names.yaml': /nodes\[0\]\.name: '<script>alert\(1\)<\/script>' is not a valid name/,
  'many-documents.yaml': /the text holds 3 YAML documents/,
  'merge-key.yaml': /metadata\["<<"\]: unknown field '<<'/,
  'nodes-string.yaml': /^nodes: expected a list, got the text 'abc'$/m,
  'numbers.yaml': /nodes\[0\]\.ip: expected text, got number Infinity[\s\S]*ports\[0\]\.port: expected a number, got number NaN/,
  'pods-null.yaml': null,
  'proto-pollution.json': /^__proto__: unknown field '__proto__'/m,
  'route-missing-dev.yaml': /nodes\[0\]\.routes\[0\]\.dev: node ap-southeast-1\.10\.0\.0\.180 has no interface 'eth1': use one of eth0, cni0, kube-ipvs0/,
  'scalar.yaml': /expected a topology document .*got the text 'just some text'/,
  'self-alias-list.yaml': /the YAML alias \*r at line \d+ is inside the value &r names/,
  'self-alias.yaml': /the YAML alias \*m at line 5 is inside the value &m names/,
  'tabs.yaml': /Tabs are not allowed as indentation/,
};

describe('the hostile corpus through the command line', () => {
  const files = readdirSync(corpus).sort();

  it('is small, and each file has its expectation', () => {
    expect(files).toEqual(Object.keys(EXPECT).sort());
    for (const f of files) expect(readFileSync(join(corpus, f)).length).toBeLessThan(20 * 1024);
  });

  it.concurrent.each(files)(
    '%s: answered in time, with a message naming the problem',
    async (name) => {
      const path = join(corpus, name);
      const r = await cli('validate', path);
      answered(r);
      const want = EXPECT[name];
      if (want === null || want === undefined) {
        expect(r.code, r.stderr).toBe(0);
        // A valid one is traced as well: the engine has its say.
        const t = await cli('trace', path, '--from', 'node:ap-southeast-1.10.0.1.216', '--to', '8.8.8.8:80');
        answered(t);
        expect(t.stdout).toMatch(/^verdict\s+\w+/m);
      } else {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(want);
        // and trace says the same in one line
        const t = await cli('trace', path, '--from', 'node:x', '--to', '8.8.8.8:80');
        answered(t);
        expect(t.code).toBe(1);
        expect(t.stderr.trimEnd().split('\n')).toHaveLength(1);
      }
    },
    2 * LIMIT_MS + 10_000,
  );
});

describe('big and re-encoded inputs made at test time', () => {
  it(
    'a document over the size limit is refused quickly',
    async () => {
      const path = join(tmp, 'big.yaml');
      writeFileSync(path, `${ackFlannelYaml}\n# ${'x'.repeat(MAX_DOCUMENT_SIZE)}\n`);
      const r = await cli('validate', path);
      answered(r);
      expect(r.stderr).toMatch(/the document is 20\.0 MiB, more than the 20 MiB Hopscope reads/);
    },
    LIMIT_MS + 10_000,
  );

  it(
    'a 100 MB file is refused before it is read',
    async () => {
      const path = join(tmp, 'huge.yaml');
      writeFileSync(path, Buffer.alloc(100 * 1024 * 1024, 0x20));
      const r = await cli('validate', path);
      answered(r);
      expect(r.stderr).toMatch(/cannot read .*huge\.yaml: it is 100 MiB, more than the 80 MiB the command line reads/);
    },
    LIMIT_MS + 10_000,
  );

  it(
    'a huge string in a field is quoted by its start only',
    async () => {
      const path = join(tmp, 'long-name.yaml');
      writeFileSync(path, ackFlannelYaml.replace('name: ack-flannel', `name: ${'A'.repeat(5 * 1024 * 1024)}`));
      const r = await cli('validate', path);
      answered(r);
      expect(r.stderr).toMatch(/metadata\.name: 'A+… \(5242880 characters\)' is not a valid metadata\.name/);
    },
    LIMIT_MS + 10_000,
  );

  it.each([
    ['UTF-16 LE with BOM', (s: string) => Buffer.from(`\ufeff${s}`, 'utf16le')],
    ['UTF-16 BE with BOM', (s: string) => Buffer.from(`\ufeff${s}`, 'utf16le').swap16()],
    ['UTF-8 with BOM', (s: string) => Buffer.from(`\ufeff${s}`)],
  ])(
    'a document in %s is read, and a batch in it traced',
    async (name, encode) => {
      const doc = join(tmp, `${name}.yaml`.replace(/\W+/g, '-'));
      const batch = join(tmp, `${name}.jsonl`.replace(/\W+/g, '-'));
      writeFileSync(doc, encode(ackFlannelYaml));
      writeFileSync(batch, encode(`${JSON.stringify({ from: 'pod:default/centos-67756b6dc8-rmmxt', to: '192.168.13.23:80' })}\r\n`));
      const v = await cli('validate', doc);
      answered(v);
      expect(v.stdout).toMatch(/: valid \(3 nodes, 5 pods, 3 services\)/);
      const t = await cli('trace', doc, '--batch', batch);
      answered(t);
      expect(JSON.parse(t.stdout) as unknown).toMatchObject({ verdict: 'delivered' });
    },
    2 * LIMIT_MS,
  );

  it(
    'a 100 KB destination gets a one-line error quoting its start',
    async () => {
      const path = join(tmp, 'ack.yaml');
      writeFileSync(path, ackFlannelYaml);
      const r = await cli('trace', path, '--from', 'pod:default/centos-67756b6dc8-rmmxt', '--to', `10.0.0.1:80${'9'.repeat(100_000)}`);
      answered(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^to: '10\.0\.0\.1:809+…' is 100011 characters long, more than the 2048 a request may have\n$/);
    },
    LIMIT_MS + 10_000,
  );
});
