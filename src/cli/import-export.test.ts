import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../model';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { parseCommandLine, UsageError } from './args';
import { run } from './main';
import { cliOver } from './test-files';

const kubectlAck = readFileSync(new URL('../model/testdata/kubectl-ack-flannel.yaml', import.meta.url), 'utf8');
const files: Record<string, string> = {
  'ack.yaml': ackFlannelYaml,
  'cluster.yaml': kubectlAck,
  'garbage.yaml': 'kind: [\n',
  'pods-only.yaml': 'apiVersion: v1\nkind: List\nitems: []\n',
};
const { cli, read, written } = cliOver(files);
const a2 = ['--from', 'pod:default/centos-67756b6dc8-rmmxt', '--to', '192.168.13.23:80', '--pick', '172.23.96.163:80'];

describe('import', () => {
  it('prints a valid topology document (YAML) and a summary on stderr', () => {
    const r = cli('import', 'cluster.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Imported from cluster\.yaml by hopscope import: CNI flannel vpc-route/);
    const p = parseTopology(r.stdout);
    expect(p.ok).toBe(true);
    expect(r.stderr).toMatch(/cluster\.yaml: imported 3 nodes, 15 pods, 5 services, 2 load balancers\n$/);
    expect(r.stderr).toMatch(/^warning: left out, headless services/m);
  });

  it('takes --cni and --name', () => {
    const r = cli('import', 'cluster.yaml', '--cni', 'flannel:vxlan', '--name', 'my-cluster');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cni:\n {4}plugin: flannel\n {4}mode: vxlan/);
    expect(r.stdout).toMatch(/^ {2}name: my-cluster$/m);
  });

  it('refuses garbage with problems on stderr and exit 1, nothing on stdout', () => {
    for (const f of ['garbage.yaml', 'pods-only.yaml']) {
      const r = cli('import', f);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^${f.replace('.', '\\.')}: cannot import \\(1 problem\\)\\n`));
    }
    expect(cli('import', 'cluster.yaml', '--cni', 'weave')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cluster\.cni: --cni takes PLUGIN\[:MODE\]/),
    });
  });

  it('is an npm script: npm run -s import -- FILE', () => {
    const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.import).toBe('tsx src/cli/main.ts import');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', 'src/model/testdata/kubectl-calico-ipip.json'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(parseTopology(r.stdout).ok).toBe(true);
  }, 30_000);
});

describe('trace --export', () => {
  it('md and json go to stdout without --out', () => {
    const md = cli('trace', 'ack.yaml', ...a2, '--export', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^### Trace /);
    expect(md.stdout).toContain('| # | namespace | device | dir | packet | rewrite / note |');
    const json = cli('trace', 'ack.yaml', ...a2, '--export', 'json');
    expect(JSON.parse(json.stdout).verdict).toBe('delivered');
  });

  it('pcap is written to --out as pcapng, with a summary on stderr', () => {
    const r = cli('trace', 'ack.yaml', ...a2, '--export', 'pcap', '--out', 'a2.pcapng');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^a2\.pcapng: 16 packets at 8 capture points \(pcapng; tshark -r a2\.pcapng\)\n$/);
    const data = written.get('a2.pcapng') as Uint8Array;
    expect(new DataView(data.buffer, data.byteOffset).getUint32(0, true)).toBe(0x0a0d0d0a);
  });

  it('writes a real file through the default writer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopscope-cli-'));
    const out = join(dir, 'trace.md');
    const r = run(['trace', 'ack.yaml', ...a2, '--export', 'md', '--out', out], read);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/- \*\*verdict\*\*: delivered/);
  });

  it('refuses what does not make sense', () => {
    const usage =
      (...argv: string[]) =>
      () =>
        parseCommandLine(['trace', 'ack.yaml', ...a2, ...argv]);
    expect(usage('--export', 'pdf')).toThrow(new UsageError('trace: --export must be one of md, json, pcap, svg, mermaid; got "pdf"'));
    expect(usage('--export', 'pcap')).toThrow(/--export pcap needs --out/);
    expect(usage('--out', 'x.md')).toThrow(/--out goes with --export/);
    expect(usage('--export', 'json', '--json')).toThrow(/contradict/);
  });
});
