import { describe, expect, it, vi } from 'vitest';
import { MAX_ALIAS_VALUES, MAX_DEPTH, MAX_DOCUMENT_SIZE, MAX_VALUES } from './limits';
import { parseTopology } from './parse';
import { expectOk, fixture, fixtureText, problemsOf } from './test-helpers';
import { validateTopology } from './validate';
import { readYaml } from './yaml-read';

/** The options each parseAllDocuments call got (the yaml package, passed through). */
const yamlOptions: unknown[] = vi.hoisted(() => []);
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseAllDocuments: (...args: Parameters<typeof yaml.parseAllDocuments>) => {
      yamlOptions.push(args[1]);
      return yaml.parseAllDocuments(...args);
    },
  };
});

const flannel = fixtureText('ack-flannel');
/** The ACK document with its metadata replaced by `metadata`. */
const withMetadata = (metadata: string) => flannel.replace(/^metadata:\n( {2}.*\n)+/m, `metadata: ${metadata}\n`);

/** The one problem of `text`, as its key and English message. */
function onlyProblem(text: string): { key: string | undefined; message: string } {
  const problems = problemsOf(parseTopology(text));
  expect(problems.length, problems.map((p) => p.message).join('\n')).toBe(1);
  return { key: problems[0]!.why?.key, message: problems[0]!.message };
}

describe('reading YAML within bounds', () => {
  it('refuses an alias inside the value its anchor names, naming the anchor (it grew to 4 GB)', () => {
    // Refused as it is met: were the alias followed, the read would not return (the test's timeout).
    const p = onlyProblem(withMetadata('&m { name: x, self: *m, again: *m }'));
    expect(p.key).toBe('p_yamlCircular');
    expect(p.message).toContain('*m at line 4');
    expect(p.message).toContain('&m');
  });

  it('refuses the circular alias in a list too, and in the kubectl import', () => {
    expect(onlyProblem(flannel.replace('externals:', 'externals: &e [*e]\nx:')).key).toBe('p_yamlCircular');
    const r = readYaml('kind: List\nitems: &i [{ kind: Node, more: *i }]');
    expect(r.ok && r.documents[0]!.ok).toBe(false);
  });

  it('refuses a billion laughs by counting every expansion', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const p = onlyProblem(levels.join('\n'));
    expect(p.key).toBe('p_yamlAliasBlowup');
    expect(p.message).toContain(`more than ${MAX_ALIAS_VALUES} values`);
  });

  it('keeps aliases that repeat a value a sensible number of times', () => {
    const text = flannel.replace('labels: { app: nginx1 } }', 'labels: &web { app: nginx1 } }').replace(/labels: \{ app: nginx1 \} \}/g, 'labels: *web }');
    expect(text).toContain('*web');
    const { topology } = expectOk(parseTopology(text));
    expect(topology.pods.filter((p) => p.labels.app === 'nginx1')).toHaveLength(3);
  });

  it('refuses nesting deeper than the limit, in flow and block style', () => {
    expect(onlyProblem('['.repeat(20000)).key).toBe('p_yamlTooDeep');
    expect(onlyProblem(`a: ${'['.repeat(100)}${']'.repeat(100)}`).message).toContain(`more than ${MAX_DEPTH} levels`);
    const block = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(onlyProblem(block).key).toBe('p_yamlTooDeep');
  });

  it('refuses text over the size limit before parsing it', () => {
    // Broken YAML and JSON too: a parse would add a syntax error, so one problem means none ran.
    const text = `{ "a": [\n# ${'x'.repeat(MAX_DOCUMENT_SIZE)}\n`;
    const p = onlyProblem(text);
    expect(p.key).toBe('p_tooLarge');
    expect(p.message).toMatch(/^the document is 20\.0 MiB, more than the 20 MiB Hopscope reads/);
  });

  it('still says a key is given twice, with its line', () => {
    const p = onlyProblem(flannel.replace('kind: Topology', 'kind: Topology\nkind: Topology'));
    expect(p.message).toBe('YAML syntax error at line 4, column 1: Map keys must be unique');
  });

  it('reads a mapping of many keys with its own duplicate check (the package compares each key with every earlier one: 6.5 s for 1 MB)', () => {
    const text = `layout:\n${Array.from({ length: 5000 }, (_, i) => `  "pod:default/p-${i}": { x: ${i}, y: ${i} }`).join('\n')}\n`;
    yamlOptions.length = 0;
    const r = readYaml(text);
    expect(r.ok && r.documents[0]!.ok).toBe(true);
    // The package's quadratic check is off; the Set in mapOf still finds a key given twice (below).
    expect(yamlOptions).toEqual([expect.objectContaining({ uniqueKeys: false })]);
    expect(onlyProblem(`layout:\n  a: { x: 1, y: 1 }\n  a: { x: 2, y: 2 }\n`).message).toMatch(
      /^YAML syntax error at line 3, column 3: Map keys must be unique/,
    );
  });

  it('reads JSON with the same result as YAML', () => {
    const json = JSON.stringify(fixture('ack-flannel'));
    expect(parseTopology(json)).toEqual(parseTopology(flannel));
    expect(onlyProblem('{"a": ').key).toBe('p_yamlSyntax');
  });

  it('keeps "__proto__" an ordinary field', () => {
    const r = readYaml('__proto__: { polluted: 1 }\n');
    const v = r.ok && r.documents[0]!.ok ? (r.documents[0]!.value as Record<string, unknown>) : {};
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validating a value within bounds', () => {
  it('refuses a value that contains itself, with its path', () => {
    const doc = fixture('ack-flannel');
    doc.metadata.self = doc.metadata;
    const problems = problemsOf(validateTopology(doc));
    expect(problems).toEqual([expect.objectContaining({ path: 'metadata.self', why: { key: 'p_circular' } })]);
  });

  it('refuses a value nested deeper than the limit instead of dropping it', () => {
    const doc = fixture('ack-flannel');
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    doc.metadata.title = deep;
    const problems = problemsOf(validateTopology(doc));
    expect(problems[0]!.why?.key).toBe('p_tooDeep');
    expect(problems[0]!.path).toMatch(/^metadata\.title(\.d)+$/);
  });

  it('refuses shared values that expand beyond the value budget, having read no more than the budget', () => {
    const doc = fixture('ack-flannel');
    let shared: unknown = [1, 2, 3, 4];
    for (let i = 0; i < 30; i++) shared = [shared, shared];
    // Every read of a list element counted: 2^32 if followed; the budget stops it at MAX_VALUES.
    let reads = 0;
    const proxies = new Map<unknown, unknown>(); // one proxy per list, so the sharing stays
    const counted = (v: unknown): unknown => {
      if (!Array.isArray(v)) return v;
      let p = proxies.get(v);
      if (!p) {
        p = new Proxy(v.map(counted), {
          get: (t, k, r) => {
            if (typeof k === 'string' && /^\d+$/.test(k)) reads++;
            return Reflect.get(t, k, r) as unknown;
          },
        });
        proxies.set(v, p);
      }
      return p;
    };
    doc.metadata.title = counted(shared);
    const problems = problemsOf(validateTopology(doc));
    expect(problems[0]!.why?.key).toBe('p_tooManyValues');
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(MAX_VALUES);
  }, 60_000);
});
