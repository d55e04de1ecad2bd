import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readSvgEmbedded } from '../render';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { parseCommandLine, UsageError } from './args';
import { cliOver } from './test-files';

const centos = 'pod:default/centos-67756b6dc8-rmmxt';
const req = ['--from', centos, '--to', '192.168.13.23:80', '--pick', '172.23.96.163:80'];
const files: Record<string, string> = {
  'ack.yaml': ackFlannelYaml,
  'reqs.jsonl': [
    JSON.stringify({ from: centos, to: '192.168.13.23:80' }),
    '',
    JSON.stringify({ from: 'external:internet-client', to: '8.219.170.20:80' }),
    '{"from": 1}',
    '',
  ].join('\n'),
};
const { cli, written } = cliOver(files);

describe('trace --export svg', () => {
  it('prints a well-formed SVG picture carrying the document and the request', () => {
    const r = cli('trace', 'ack.yaml', ...req, '--export', 'svg');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<?xml')).toBe(true);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout).toContain('Verdict: delivered');
    expect(r.stdout).toContain('data-theme="light"');
    const e = readSvgEmbedded(r.stdout);
    expect(e?.document).toEqual(parseYaml(ackFlannelYaml));
    expect(e?.request).toEqual({ from: centos, to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } });
  });

  it('takes --hop (1-based) and --theme, and writes to --out', () => {
    const r = cli('trace', 'ack.yaml', ...req, '--export', 'svg', '--hop', '3', '--theme', 'dark', '--out', 'pic.svg');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pic\.svg: SVG picture, \d+ KB/);
    const svg = written.get('pic.svg') as string;
    expect(svg).toMatch(/Hop 3\/\d+ \(request 3\//);
    expect(svg).toContain('data-theme="dark"');
    expect(readSvgEmbedded(svg)?.hop).toBe(2);
  });

  it('refuses a hop the trace does not have, and --hop or --theme without --export svg', () => {
    expect(cli('trace', 'ack.yaml', ...req, '--export', 'svg', '--hop', '99')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: '--hop 99: the trace has 18 hops (its reply included)\n',
    });
    expect(() => parseCommandLine(['trace', 'ack.yaml', ...req, '--hop', '2'])).toThrow(new UsageError('trace: --hop goes with --export svg'));
    expect(() => parseCommandLine(['trace', 'ack.yaml', ...req, '--export', 'md', '--theme', 'dark'])).toThrow(UsageError);
    expect(() => parseCommandLine(['trace', 'ack.yaml', ...req, '--export', 'svg', '--hop', '0'])).toThrow(/--hop takes a hop number from 1/);
    expect(() => parseCommandLine(['trace', 'ack.yaml', ...req, '--export', 'svg', '--theme', 'blue'])).toThrow(/--theme must be light or dark/);
  });
});

describe('trace --export mermaid', () => {
  it('prints a sequence diagram: a participant per namespace, a message per hop, a note per rewrite', () => {
    const r = cli('trace', 'ack.yaml', ...req, '--export', 'mermaid');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[1]).toBe('sequenceDiagram');
    expect(lines.filter((l) => /^ {2}participant p\d+ as /.test(l)).length).toBe(5);
    expect(lines.filter((l) => /^ {2}p\d+(->>|-->>)p\d+: /.test(l)).length).toBe(17);
    expect(r.stdout).toMatch(/^ {2}Note over p2: DNAT 192\.168\.13\.23:80 → 172\.23\.96\.163:80 by IPVS .*#59; all ready endpoints\)$/m);
    expect(r.stdout).toMatch(/^ {2}Note over p2: un-DNAT /m);
  });
});

describe('render', () => {
  it('writes one SVG per request line into --out-dir, names what it wrote, and fails for lines that cannot run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopscope-render-'));
    const out = join(dir, 'pictures');
    const r = cli('render', 'ack.yaml', '--batch', 'reqs.jsonl', '--out-dir', out, '--theme', 'dark');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([`${out}/001.svg\tdelivered`, '', `${out}/003.svg\tdelivered`, 'line 4: "from" must be a non-empty string', '']);
    expect(r.stderr).toBe(`${out}: 2 pictures of 3 requests\nreqs.jsonl: line 4 could not be drawn\n`);
    for (const [n, from] of [
      ['001', centos],
      ['003', 'external:internet-client'],
    ] as const) {
      const svg = written.get(`${out}/${n}.svg`) as string;
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toContain('data-theme="dark"');
      expect(readSvgEmbedded(svg)?.request?.from).toBe(from);
    }
  });

  it('needs --batch and --out-dir', () => {
    expect(() => parseCommandLine(['render', 'ack.yaml', '--out-dir', 'x'])).toThrow('render: missing --batch REQUESTS.jsonl');
    expect(() => parseCommandLine(['render', 'ack.yaml', '--batch', 'r.jsonl'])).toThrow('render: missing --out-dir DIR');
    expect(() => parseCommandLine(['render', 'ack.yaml', '--batch', 'r.jsonl', '--out-dir', 'x', '--nope'])).toThrow('render: unknown option --nope');
    expect(parseCommandLine(['render', 'ack.yaml', '--batch', 'r.jsonl', '--out-dir', 'x', '--hop', '2'])).toEqual({
      cmd: 'render',
      file: 'ack.yaml',
      batch: 'r.jsonl',
      outDir: 'x',
      hop: 2,
    });
  });

  it('runs as `npm run -s render` writes files on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopscope-render-'));
    writeFileSync(join(dir, 'ack.yaml'), ackFlannelYaml);
    writeFileSync(join(dir, 'reqs.jsonl'), `${JSON.stringify({ from: centos, to: '192.168.13.23:80' })}\n`);
    const root = resolve(__dirname, '../..');
    const p = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/tsx/dist/cli.mjs'),
        join(root, 'src/cli/main.ts'),
        'render',
        join(dir, 'ack.yaml'),
        '--batch',
        join(dir, 'reqs.jsonl'),
        '--out-dir',
        join(dir, 'out'),
      ],
      { encoding: 'utf8' },
    );
    expect(p.status).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['001.svg']);
    const svg = readFileSync(join(dir, 'out', '001.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.length).toBeLessThan(150 * 1024);
    // A child tsx process compiles the CLI from source: seconds on a loaded 2-core machine.
  }, 60_000);
});
