import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ackFlannelYaml } from '../scenarios/ack-flannel';
import { run } from './main';
import { inMemory } from './test-files';

const ids = {
  centos: 'pod:default/centos-67756b6dc8-rmmxt',
  node180: 'ap-southeast-1.10.0.0.180',
  clusterIP: '192.168.13.23:80',
  pod163: '172.23.96.163:80',
};

/** Broken on purpose: a pod outside its node's block, an unknown field, a dangling node reference. */
const brokenYaml = ackFlannelYaml
  .replace('ip: 172.23.96.24,', 'ip: 172.23.97.24,')
  .replace('kubeProxy: { mode: ipvs }', 'kubeProxy: { mode: ipvs, mood: happy }')
  .replace('node: ap-southeast-1.10.0.1.216, ip: 172.23.96.82', 'node: ap-southeast-1.10.0.1.217, ip: 172.23.96.82');

const files: Record<string, string> = { 'ack.yaml': ackFlannelYaml, 'broken.yaml': brokenYaml };
const read = inMemory(files);
const cli = (...argv: string[]) => run(argv, read);
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at /m);

describe('validate', () => {
  it('prints a one-line summary of a valid document and exits 0', () => {
    const r = cli('validate', 'ack.yaml');
    expect(r).toMatchObject({ code: 0, stdout: 'ack.yaml: valid (3 nodes, 5 pods, 3 services)\n' });
  });

  it('lists every problem as "path: message" on stderr and exits 1', () => {
    const r = cli('validate', 'broken.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [head, ...problems] = r.stderr.trimEnd().split('\n');
    expect(head).toMatch(/^broken\.yaml: invalid \(\d+ problems\)$/);
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const line of problems) expect(line).toMatch(/^\S+: \S/);
    expect(r.stderr).toMatch(/^pods\[1\]\.ip: .*172\.23\.97\.24/m);
    expect(r.stderr).toMatch(/^cluster\.kubeProxy\.mood: /m);
    expect(r.stderr).toMatch(/^pods\[2\]\.node: /m);
    noStack(r.stderr);
  });

  it('says plainly when the file cannot be read', () => {
    const r = run(['validate', '/nonexistent/hopscope/doc.yaml']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'cannot read /nonexistent/hopscope/doc.yaml: no such file\n' });
  });
});

describe('trace', () => {
  it('--json prints the trace result and exits 0', () => {
    const r = cli('trace', 'ack.yaml', '--from', ids.centos, '--to', ids.clusterIP, '--pick', ids.pod163, '--json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({ verdict: 'delivered', deliveredTo: { ip: '172.23.96.163' }, sourceSeenByServer: '172.23.96.23', kernelStacks: 4 });
    expect(t.hops.length).toBeGreaterThan(4);
  });

  it('--json writes trace format 1 (`rewrite`) unless --trace-format 2 (`traceFormat`, a `rewrites` list per hop)', () => {
    const args = ['trace', 'ack.yaml', '--from', ids.centos, '--to', ids.clusterIP, '--pick', ids.pod163, '--json'];
    const v1 = JSON.parse(cli(...args).stdout);
    const v2 = JSON.parse(cli(...args, '--trace-format', '2').stdout);
    expect(v1.traceFormat).toBeUndefined();
    expect(v2.traceFormat).toBe(2);
    const dnat = { type: 'DNAT', from: '192.168.13.23:80', to: '172.23.96.163:80' };
    expect(v1.hops.find((h: { rewrite?: object }) => h.rewrite)?.rewrite).toMatchObject(dnat);
    expect(v2.hops.some((h: object) => 'rewrite' in h)).toBe(false);
    expect(v2.hops.find((h: { rewrites?: object[] }) => h.rewrites)?.rewrites).toEqual([expect.objectContaining(dnat)]);
  });

  it('exits 0 for a trace that ran whatever its verdict', () => {
    const r = cli('trace', 'ack.yaml', '--from', ids.centos, '--to', '8.219.164.113:80', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('refused');
  });

  it('prints a readable table by default', () => {
    const r = cli('trace', 'ack.yaml', '--from', ids.centos, '--to', ids.clusterIP, '--pick', ids.pod163);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`trace ${ids.centos} → ${ids.clusterIP}`);
    expect(r.stdout).toMatch(/DNAT 192\.168\.13\.23:80 → 172\.23\.96\.163:80 by /);
    expect(r.stdout).toMatch(/^verdict\s+delivered$/m);
  });

  it('--all adds the outcomes table', () => {
    const r = cli('trace', 'ack.yaml', '--from', 'external:internet-client', '--to', '8.219.170.20:80', '--all');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^outcomes$/m);
    expect(r.stdout).toMatch(/p sums to 1\)$/m);
  });

  it("a request naming nothing in the topology exits 1 with the engine's message on one line", () => {
    const r = cli('trace', 'ack.yaml', '--from', 'pod:default/nobody', '--to', ids.clusterIP);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nobody/);
  });

  it('an invalid document exits 1 with one line naming the first problem', () => {
    const r = cli('trace', 'broken.yaml', '--from', ids.centos, '--to', ids.clusterIP);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.yaml: invalid document: \S+: .*\(and \d+ more problems?; run validate to list them\)\n$/);
  });

  it('a usage error exits 1 with the message and the usage', () => {
    const r = cli('trace', 'ack.yaml', '--from', ids.centos, '--to', ids.clusterIP, '--bogus');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('trace: unknown option --bogus');
    expect(r.stderr).toContain('usage:');
  });
});

describe('trace --batch', () => {
  const lines = [
    JSON.stringify({ from: ids.centos, to: ids.clusterIP, choice: { pick: [ids.pod163] } }),
    '',
    '{not json',
    JSON.stringify({ from: 'pod:default/nobody', to: ids.clusterIP }),
    JSON.stringify({ from: ids.centos, to: '172.23.96.24:80', protocol: 'TCP' }),
  ];

  it('answers line N on line N: a result, a blank, or {"error"}', () => {
    files['reqs.jsonl'] = lines.join('\n') + '\n';
    const r = cli('trace', 'ack.yaml', '--batch', 'reqs.jsonl');
    const out = r.stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    expect(JSON.parse(out[0]!)).toMatchObject({ verdict: 'delivered', deliveredTo: { ip: '172.23.96.163' } });
    expect(out[1]).toBe('');
    expect(JSON.parse(out[2]!).error).toMatch(/^line 3: not JSON/);
    expect(JSON.parse(out[3]!).error).toMatch(/^line 4: .*nobody/);
    expect(JSON.parse(out[4]!)).toMatchObject({ verdict: 'delivered', deliveredTo: { ip: '172.23.96.24' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('reqs.jsonl: 2 requests of 4 could not run (lines 3, 4)\n');
  });

  it('--trace-format 2 writes every result line in format 2', () => {
    files['two.jsonl'] = `${lines[0]}\n`;
    const r = cli('trace', 'ack.yaml', '--batch', 'two.jsonl', '--trace-format', '2');
    const t = JSON.parse(r.stdout.split('\n')[0]!);
    expect(t.traceFormat).toBe(2);
    expect(t.hops.some((h: { rewrites?: object[] }) => h.rewrites?.some((x) => (x as { type: string }).type === 'DNAT'))).toBe(true);
  });

  it('exits 0 when every line ran, CRLF line ends included', () => {
    files['ok.jsonl'] = [lines[0], lines[4]].join('\r\n');
    const r = cli('trace', 'ack.yaml', '--batch', 'ok.jsonl');
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).verdict),
    ).toEqual(['delivered', 'delivered']);
  });
});

describe('view', () => {
  it('prints a node view', () => {
    const r = cli('view', 'ack.yaml', '--node', ids.node180, '--what', 'routes');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('172.23.96.0/26 dev cni0');
  });

  it('runs the trace first when given trace flags, so conntrack shows its entry', () => {
    const r = cli('view', 'ack.yaml', '--node', ids.node180, '--what', 'conntrack', '--from', ids.centos, '--to', ids.clusterIP, '--pick', ids.pod163);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dst=192.168.13.23');
    expect(r.stdout).toContain('src=172.23.96.163');
  });

  it("prints ip -d link of a pod and of its node: the pod's eth0@ifN is line N: on the node (ACK Flannel article)", () => {
    const inPod = cli('view', 'ack.yaml', '--node', ids.centos, '--what', 'link');
    expect(inPod.code).toBe(0);
    const peer = /^2: eth0@if(\d+): /m.exec(inPod.stdout)?.[1];
    expect(peer).toBeDefined();
    const onNode = cli('view', 'ack.yaml', '--node', ids.node180, '--what', 'addr');
    expect(onNode.stdout).toMatch(new RegExp(`^${peer}: veth[0-9a-f]{8}@if2: .* master cni0 `, 'm'));
  });

  it('an unknown node exits 1 and lists the nodes', () => {
    const r = cli('view', 'ack.yaml', '--node', 'nope', '--what', 'routes');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`view: no node "nope" in ack.yaml (nodes: ${ids.node180}, ap-southeast-1.10.0.1.216, ap-southeast-1.10.0.1.206)\n`);
  });
});

describe('When run as a program', () => {
  const root = resolve(__dirname, '../..');
  const tsx = join(root, 'node_modules/.bin/tsx');
  const dir = mkdtempSync(join(tmpdir(), 'hopscope-cli-'));
  const exec = (...args: string[]) => spawnSync(tsx, ['src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

  it('validate of a broken file exits 1 with problems on stderr and no stack trace', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, brokenYaml);
    const r = exec('validate', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pods\[1\]\.ip: /m);
    noStack(r.stderr);
  }, 60_000);

  it('validate of a file that is not YAML exits 1 without a stack trace', () => {
    const file = join(dir, 'garbage.yaml');
    writeFileSync(file, 'apiVersion: [unclosed\n  : :\n');
    const r = exec('validate', file);
    expect(r.status).toBe(1);
    expect(r.stderr.length).toBeGreaterThan(0);
    noStack(r.stderr);
  }, 60_000);

  it('trace --json exits 0 and prints only JSON on stdout', () => {
    const file = join(dir, 'ack.yaml');
    writeFileSync(file, ackFlannelYaml);
    const r = exec('trace', file, '--from', ids.centos, '--to', '172.23.96.24:80', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('delivered');
  }, 60_000);

  it('an unknown flag exits 1 naming the flag', () => {
    const r = exec('trace', 'x.yaml', '--from', 'a', '--to', 'b', '--frobnicate');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('trace: unknown option --frobnicate');
  }, 60_000);
});
