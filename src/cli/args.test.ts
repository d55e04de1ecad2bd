import { describe, expect, it } from 'vitest';
import { parseCommandLine, requestFromJson, UsageError } from './args';

const usageError = (argv: string[]): string => {
  try {
    parseCommandLine(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
};

describe('When the trace command line is well formed', () => {
  it('builds the request with defaults left to the engine', () => {
    expect(parseCommandLine(['trace', 'doc.yaml', '--from', 'pod:default/a', '--to', '10.0.0.1:80'])).toEqual({
      cmd: 'trace',
      file: 'doc.yaml',
      request: { from: 'pod:default/a', to: '10.0.0.1:80' },
      json: false,
      verbose: false,
      traceFormat: 1,
    });
  });

  it('reads --trace-format 2 with --json, --batch or --export json', () => {
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--json', '--trace-format', '2'])).toMatchObject({ json: true, traceFormat: 2 });
    expect(parseCommandLine(['trace', 'f', '--batch', 'r.jsonl', '--trace-format', '2'])).toEqual({
      cmd: 'batch',
      file: 'f',
      batch: 'r.jsonl',
      traceFormat: 2,
    });
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--export', 'json', '--trace-format', '1'])).toMatchObject({
      traceFormat: 1,
      export: { format: 'json' },
    });
  });

  it('reads protocol (any case), size, df and --json; flags may precede FILE', () => {
    const c = parseCommandLine(['trace', '--proto', 'udp', '--size', '1400', '--df', '--json', 'doc.yaml', '--from', 'node:n1', '--to', '1.2.3.4:53']);
    expect(c).toMatchObject({ cmd: 'trace', file: 'doc.yaml', json: true, request: { protocol: 'UDP', size: 1400, df: true } });
  });

  it("--no-df clears don't-fragment", () => {
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--no-df'])).toMatchObject({ request: { df: false } });
  });

  it('turns --seed, --pick and --all into the request choice', () => {
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--seed', '7'])).toMatchObject({ request: { choice: { seed: 7 } } });
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--pick', '172.23.96.163:80, 10.0.0.1:30875'])).toMatchObject({
      request: { choice: { pick: ['172.23.96.163:80', '10.0.0.1:30875'] } },
    });
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--all'])).toMatchObject({ request: { choice: { all: true } } });
  });

  it('reads --after as earlier connections, oldest first, FROM= optional', () => {
    expect(parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--after', '10.0.0.10:30080', '--after', 'node:n1=10.96.0.50:80'])).toMatchObject({
      request: { after: [{ to: '10.0.0.10:30080' }, { from: 'node:n1', to: '10.96.0.50:80' }] },
    });
    expect(() => parseCommandLine(['trace', 'f', '--from', 'a', '--to', 'b', '--after', 'node:n1='])).toThrow(/--after takes \[FROM=\]DEST/);
  });

  it('takes --batch alone', () => {
    expect(parseCommandLine(['trace', 'f', '--batch', 'reqs.jsonl'])).toEqual({ cmd: 'batch', file: 'f', batch: 'reqs.jsonl', traceFormat: 1 });
  });
});

describe('When the command line is wrong, the message names the problem', () => {
  it.each([
    [['trace', 'f', '--from', 'a', '--to', 'b', '--bogus'], /unknown option --bogus/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--json', '--trace-format', '3'], /--trace-format must be 1 or 2; got "3"/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--trace-format', '2'], /--trace-format goes with --json, --batch or --export json/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '-x'], /unknown option -x/],
    [['trace', 'f', '--from', 'a'], /missing --to/],
    [['trace', 'f', '--to', 'b'], /missing --from/],
    [['trace', '--from', 'a', '--to', 'b'], /missing FILE/],
    [['trace', 'f', 'g', '--from', 'a', '--to', 'b'], /one FILE expected.*"g"/],
    [['trace', 'f', '--from', 'a', '--to'], /--to needs a value/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--all=yes'], /--all takes no value/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--proto', 'SCTP'], /--proto must be TCP, UDP or ICMP/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--size', 'big'], /--size takes a whole number/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--size', '10'], /--size must be between 20 and 65535/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--df', '--no-df'], /contradict/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--seed', '1', '--all'], /one of --seed, --pick, --all/],
    [['trace', 'f', '--from', 'a', '--to', 'b', '--pick', 'nginx'], /"nginx" is not one/],
    [['trace', 'f', '--batch', 'r.jsonl', '--from', 'a'], /--batch.*drop --from/],
    [['view', 'f', '--what', 'routes'], /missing --node/],
    [['view', 'f', '--node', 'n1'], /missing --what/],
    [
      ['view', 'f', '--node', 'n1', '--what', 'arp'],
      /--what must be one of routes, rules, iptables, ipvs, ipset, conntrack, bpf, eni, bgp, link, addr, sysctl; got "arp"/,
    ],
    [['view', 'f', '--node', 'n1', '--what', 'conntrack', '--from', 'a'], /missing --to/],
    [['validate', 'f', '--json'], /unknown option --json/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j', (argv, message) => {
    const m = usageError(argv);
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });
});

describe('validate, view and help', () => {
  it('validate takes one FILE', () => {
    expect(parseCommandLine(['validate', 'doc.yaml'])).toEqual({ cmd: 'validate', file: 'doc.yaml' });
  });

  it('view without trace flags carries no request', () => {
    expect(parseCommandLine(['view', 'f', '--node', 'n1', '--what', 'ipvs'])).toEqual({ cmd: 'view', file: 'f', node: 'n1', what: 'ipvs' });
  });

  it('view with trace flags carries the request to run first', () => {
    expect(
      parseCommandLine(['view', 'f', '--node', 'n1', '--what', 'conntrack', '--from', 'pod:default/a', '--to', '10.0.0.1:80', '--pick', '10.0.0.2:80']),
    ).toMatchObject({
      request: { from: 'pod:default/a', to: '10.0.0.1:80', choice: { pick: ['10.0.0.2:80'] } },
    });
  });

  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j prints help', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ cmd: 'help' });
  });

  it('--help after a command asks for help on it', () => {
    expect(parseCommandLine(['trace', '--help'])).toEqual({ cmd: 'help', topic: 'trace' });
  });
});

describe('When a --batch line is read', () => {
  it('accepts the request format of trace-format.md, choice included', () => {
    const r = { from: 'pod:default/c', to: '192.168.13.23:80', protocol: 'TCP', size: 1500, df: true, choice: { pick: ['172.23.96.163:80'] } };
    expect(requestFromJson(r)).toEqual(r);
    expect(requestFromJson({ from: 'a', to: 'b', choice: { seed: 3 } })).toEqual({ from: 'a', to: 'b', choice: { seed: 3 } });
    expect(requestFromJson({ from: 'a', to: 'b', choice: { all: true } })).toEqual({ from: 'a', to: 'b', choice: { all: true } });
  });

  it.each([
    [[1, 2], /must be a JSON object/],
    [null, /must be a JSON object/],
    [{ from: 'a' }, /"to" must be a non-empty string/],
    [{ from: 'a', to: 'b', proto: 'TCP' }, /unknown field "proto"/],
    [{ from: 'a', to: 'b', protocol: 'tcp' }, /"protocol" must be/],
    [{ from: 'a', to: 'b', size: '60' }, /"size" must be a whole number/],
    [{ from: 'a', to: 'b', df: 'yes' }, /"df" must be true or false/],
    [{ from: 'a', to: 'b', choice: { seed: 1, all: true } }, /"choice" must be/],
    [{ from: 'a', to: 'b', choice: { all: false } }, /"choice" must be/],
    [{ from: 'a', to: 'b', after: [{ to: 'c', port: 1 }] }, /"after" must be a list/],
    [{ from: 'a', to: 'b', after: { to: 'c' } }, /"after" must be a list/],
  ])('%j is refused', (raw, message) => {
    expect(() => requestFromJson(raw)).toThrow(message);
  });
});
