import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockSize, cidrContains, cidrLast, cidrsOverlap, ipToInt, parseCidr, type ParsedCidr } from './cidr';
import { AddressBook, Cursors, firstFree, nextFreeBlock, TakenBlocks, type Owner } from './ipam';
import { validateTopology } from './validate';
import { expectOk, fixture, problemsOf } from './test-helpers';
import type { Topology } from './topology';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

const ok = (doc: Doc): Topology => expectOk(validateTopology(doc)).topology;

function bare(plugin: 'flannel' | 'calico', podCIDR: string, nodeCount: number, podsPerNode: number, mode = plugin === 'flannel' ? 'vxlan' : 'ipip'): Doc {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i}`, ip: `10.0.0.${10 + i}` }));
  const pods = nodes.flatMap((n) => Array.from({ length: podsPerNode }, (_, j) => ({ name: `${n.name}-pod-${j}`, node: n.name })));
  return {
    apiVersion: 'hopscope/v1',
    kind: 'Topology',
    metadata: { name: 'ipam' },
    cluster: { cni: { plugin, mode }, podCIDR, serviceCIDR: '10.96.0.0/12', vpc: { cidr: '10.0.0.0/16' } },
    nodes,
    pods,
  };
}

describe('When flannel nodes and pods leave addresses out', () => {
  it('gives each node the next /24 and each pod the next address after the cni0 gateway', () => {
    const t = ok(bare('flannel', '10.244.0.0/16', 2, 2));
    expect(t.nodes.map((n) => n.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect(t.pods.map((p) => p.ip)).toEqual(['10.244.0.2', '10.244.0.3', '10.244.1.2', '10.244.1.3']);
  });

  it('sizes a new block like the blocks other nodes state, and skips the taken ones', () => {
    const doc = fixture('ack-flannel');
    doc.nodes.push({ name: 'new-node', ip: '10.0.2.1' });
    doc.pods.push({ name: 'new-pod', node: 'new-node' }, { name: 'new-pod-2', node: 'ap-southeast-1.10.0.0.180' });
    const t = ok(doc);
    expect(t.nodes[3]?.podCIDR).toBe('172.23.96.192/26');
    expect(t.pods.slice(-2).map((p) => p.ip)).toEqual(['172.23.96.194', '172.23.96.2']);
  });

  it("gives a node the block that holds its pods' stated addresses", () => {
    const doc = bare('flannel', '10.244.0.0/16', 2, 0);
    doc.pods = [{ name: 'p', node: 'node-0', ip: '10.244.7.9' }];
    const t = ok(doc);
    expect(t.nodes.map((n) => n.podCIDR)).toEqual(['10.244.7.0/24', '10.244.0.0/24']);
  });

  it('reports a cluster pod CIDR with no block left, on the node left without one', () => {
    const problems = problemsOf(validateTopology(bare('calico', '10.1.0.0/24', 5, 0)));
    expect(problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'nodes[4].podCIDR', message: 'cluster.podCIDR 10.1.0.0/24 has no free /26 block left for node node-4: widen cluster.podCIDR or remove a node' },
    ]);
  });

  it('reports a full node block on the pod left without an address', () => {
    const doc = bare('flannel', '10.244.0.0/16', 1, 3);
    doc.nodes[0].podCIDR = '10.244.0.0/30';
    const problems = problemsOf(validateTopology(doc));
    expect(problems.map((p) => p.path)).toEqual(['pods[1].ip', 'pods[2].ip']);
    expect(problems[0]?.message).toMatch(/node node-0's podCIDR 10.244.0.0\/30 has no free address left/);
  });
});

describe('When calico pods leave addresses out', () => {
  it('uses /26 blocks and skips only the network address', () => {
    const t = ok(bare('calico', '10.217.0.0/16', 2, 2));
    expect(t.nodes.map((n) => n.podCIDR)).toEqual(['10.217.0.0/26', '10.217.0.64/26']);
    expect(t.pods.map((p) => p.ip)).toEqual(['10.217.0.1', '10.217.0.2', '10.217.0.65', '10.217.0.66']);
  });
});

describe('When terway pods leave addresses out', () => {
  it('takes the next vSwitch address after the reserved first one, and the first ENI with room', () => {
    const doc = fixture('terway-ipvlan-ebpf');
    doc.nodes[0].enis[0].maxIPs = 2;
    doc.pods.push({ name: 'a', node: 'cn-hongkong.10.0.3.15' }, { name: 'b', node: 'cn-hongkong.10.0.3.16' });
    const t = ok(doc);
    expect(t.pods.slice(-2).map((p) => [p.ip, p.eni])).toEqual([
      ['10.0.3.1', 'eth2'],
      ['10.0.3.2', 'eth1'],
    ]);
  });

  it('never uses the last three addresses of a vSwitch', () => {
    const doc = fixture('terway-ipvlan-ebpf');
    doc.cluster.vpc.vswitches = [
      { name: 'tiny', cidr: '10.0.3.0/29' },
      { name: 'next', cidr: '10.0.4.0/24' },
    ];
    doc.nodes = [{ name: 'n', ip: '10.0.3.2', enis: [{ name: 'eth1', maxIPs: 10 }] }];
    doc.pods = [1, 2, 3].map((i) => ({ name: `p${i}`, node: 'n' }));
    const t = ok(doc);
    // 10.0.3.0/29: .0 and .5-.7 reserved, .2 is the node → .1, .3, .4, then the next vSwitch.
    expect(t.pods.map((p) => p.ip)).toEqual(['10.0.3.1', '10.0.3.3', '10.0.3.4']);
    doc.pods.push({ name: 'p4', node: 'n' });
    expect(ok(doc).pods[3]?.ip).toBe('10.0.4.1');
  });

  it('fills a missing MAC deterministically', () => {
    const doc = fixture('terway-ipvlan-ebpf');
    delete doc.nodes[1].enis[0].mac;
    expect(ok(doc).nodes[1]?.enis[0]?.mac).toBe('00:16:3e:00:00:01');
  });

  it('holds one pod per ENI in eni-exclusive mode', () => {
    const doc = fixture('terway-ipvlan-ebpf');
    doc.cluster.cni.mode = 'eni-exclusive';
    doc.cluster.kubeProxy.mode = 'iptables';
    doc.pods = [
      { name: 'a', node: 'cn-hongkong.10.0.3.15' },
      { name: 'b', node: 'cn-hongkong.10.0.3.15' },
      { name: 'c', node: 'cn-hongkong.10.0.3.15' },
    ];
    const problems = problemsOf(validateTopology(doc));
    expect(problems.map((p) => p.path)).toEqual(['pods[2].eni']);
    expect(problems[0]?.message).toMatch(/has no ENI with spare capacity/);
  });
});

describe('When services and load balancers leave addresses out', () => {
  it('takes cluster IPs from the service CIDR after .1, skipping used ones', () => {
    const doc = fixture('ack-flannel');
    doc.cluster.serviceCIDR = '192.168.0.0/24';
    doc.services[0].clusterIP = '192.168.0.2';
    delete doc.services[1].clusterIP;
    delete doc.services[2].clusterIP;
    expect(ok(doc).services.map((s) => s.clusterIP)).toEqual(['192.168.0.2', '192.168.0.3', '192.168.0.4']);
  });

  it('reports an exhausted service CIDR', () => {
    const doc = fixture('ack-flannel');
    doc.cluster.serviceCIDR = '192.168.0.0/30';
    for (const s of doc.services) delete s.clusterIP;
    expect(problemsOf(validateTopology(doc)).map((p) => p.path)).toEqual(['services[1].clusterIP', 'services[2].clusterIP']);
  });

  it('takes nodePorts from 30000 up for NodePort and LoadBalancer ports only', () => {
    const doc = fixture('ack-flannel');
    doc.services[1].ports[0].nodePort = 30000;
    delete doc.services[2].ports[0].nodePort;
    doc.services[2].ports.push({ name: 'https', port: 443 });
    const t = ok(doc);
    // The fixture's first service has a port; a missing one must fail here, not pass as undefined.
    expect(t.services[0]!.ports[0]!.nodePort).toBeUndefined();
    expect(t.services[2]?.ports.map((p) => p.nodePort)).toEqual([30001, 30002]);
    expect(t.services[2]?.ports[1]?.targetPort).toBe(443);
  });

  it('gives a load balancer without an ip one from 203.0.113.0/24, skipping used addresses', () => {
    const doc = fixture('ack-flannel');
    delete doc.loadBalancers[0].ip;
    delete doc.loadBalancers[1].ip;
    doc.externals.push({ name: 'doc-host', ip: '203.0.113.1' });
    expect(ok(doc).loadBalancers.map((l) => l.ip)).toEqual(['203.0.113.2', '203.0.113.3']);
  });
});

describe('IPAM as a whole', () => {
  it('is deterministic: the same document gives the same topology', () => {
    const make = () => bare('calico', '10.217.0.0/16', 4, 5);
    expect(ok(make())).toEqual(ok(make()));
  });

  it('never assigns an address twice or outside its range', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'flannel' | 'calico'>('flannel', 'calico'),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        (plugin, nodes, pods, stated) => {
          const doc = bare(plugin, '10.244.0.0/16', nodes, pods);
          // State a few addresses so IPAM has to step around them.
          for (let i = 0; i < stated && i < doc.pods.length; i++) doc.pods[i].ip = `10.244.0.${3 + i * 2}`;
          const r = validateTopology(doc);
          if (!r.ok) return; // stated addresses may land on another node's block; that is a problem, not a crash
          const ips = r.topology.pods.map((p) => p.ip);
          expect(new Set(ips).size).toBe(ips.length);
          for (const p of r.topology.pods) {
            const node = r.topology.nodes.find((n) => n.name === p.node);
            expect(cidrContains(node?.podCIDR ?? '', p.ip)).toBe(true);
          }
          const blocks = r.topology.nodes.map((n) => parseCidr(n.podCIDR ?? '') as ParsedCidr);
          expect(new Set(blocks.map((b) => b.base)).size).toBe(blocks.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('nextFreeBlock', () => {
  const c = (s: string) => parseCidr(s) as ParsedCidr;
  it('jumps over taken blocks of any size', () => {
    expect(nextFreeBlock(c('10.0.0.0/16'), 24, TakenBlocks.of([c('10.0.0.0/23'), c('10.0.2.128/25')]))).toEqual(c('10.0.3.0/24'));
  });
  it('prefers the block holding a given address when it is free', () => {
    expect(nextFreeBlock(c('10.0.0.0/16'), 24, TakenBlocks.of([]), [ipToInt('10.0.9.9')])).toEqual(c('10.0.9.0/24'));
    expect(nextFreeBlock(c('10.0.0.0/16'), 24, TakenBlocks.of([c('10.0.9.0/24')]), [ipToInt('10.0.9.9')])).toEqual(c('10.0.0.0/24'));
  });
  it('returns undefined when no block fits', () => {
    expect(nextFreeBlock(c('10.0.0.0/25'), 24, TakenBlocks.of([]))).toBeUndefined();
  });
});

/** Random blocks inside 10.0.0.0/16, of /18 to /32, so that they overlap (and touch) often. */
const blockArb = fc.record({ offset: fc.nat(65535), bits: fc.integer({ min: 18, max: 32 }) }).map(({ offset, bits }) => {
  const size = blockSize(bits);
  const ip = ipToInt('10.0.0.0') + offset;
  return { base: ip - (ip % size), bits };
});

describe('the indexed free-block search agrees with comparing every block', () => {
  /** The lowest aligned block in `parent` overlapping none of `taken`, checked pair by pair. */
  function naiveNextFree(parent: ParsedCidr, bits: number, taken: readonly ParsedCidr[], prefer: readonly number[]): ParsedCidr | undefined {
    const size = blockSize(bits);
    const free = (b: ParsedCidr) => taken.every((t) => !cidrsOverlap(t, b));
    for (const ip of prefer) {
      const b = { base: ip - (ip % size), bits };
      if (b.base >= parent.base && cidrLast(b) <= cidrLast(parent) && free(b)) return b;
    }
    for (let base = parent.base; base + size - 1 <= cidrLast(parent); base += size) if (free({ base, bits })) return { base, bits };
    return undefined;
  }

  it('finds the same block for random taken sets, block sizes and preferred addresses', () => {
    const parent = parseCidr('10.0.0.0/16') as ParsedCidr;
    fc.assert(
      fc.property(
        fc.array(blockArb, { maxLength: 60 }),
        fc.integer({ min: 16, max: 32 }),
        fc.array(
          fc.nat(65535).map((o) => ipToInt('10.0.0.0') + o),
          { maxLength: 3 },
        ),
        (taken, bits, prefer) => {
          expect(nextFreeBlock(parent, bits, TakenBlocks.of(taken), prefer)).toEqual(naiveNextFree(parent, bits, taken, prefer));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('says a range is taken exactly when some block overlaps it', () => {
    fc.assert(
      fc.property(fc.array(blockArb, { maxLength: 40 }), blockArb, (taken, probe) => {
        const clash = TakenBlocks.of(taken).clashEnd(probe.base, cidrLast(probe));
        expect(clash !== undefined).toBe(taken.some((t) => cidrsOverlap(t, probe)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Cursors', () => {
  it('hands out the same addresses as searching each range from its start', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(63), { maxLength: 40 }),
        fc.array(fc.record({ first: fc.nat(40), length: fc.nat(30), take: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        (held, asks) => {
          const a = new Set(held);
          const b = new Set(held);
          const cursors = new Cursors((n) => !a.has(n));
          // An address found is not always taken (IPAM may report a problem instead).
          for (const { first, length, take } of asks) {
            const range = { first, last: first + length };
            const fast = cursors.firstFree(range);
            const slow = firstFree(range, (n) => !b.has(n));
            expect(fast).toBe(slow);
            if (take && fast !== undefined) a.add(fast);
            if (take && slow !== undefined) b.add(slow);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('resumes where the last search stopped: n allocations from one range take n steps, not n²', () => {
    let steps = 0;
    const held = new Set<number>();
    const cursors = new Cursors((n) => {
      steps++;
      return !held.has(n);
    });
    for (let i = 0; i < 1000; i++) held.add(cursors.firstFree({ first: 0, last: 5000 }) as number);
    expect(held.size).toBe(1000);
    // Each address is asked about once (taken) plus once more as the next free one: under 2n.
    expect(steps).toBeLessThan(2000);
  });
});

describe('AddressBook', () => {
  it('answers as a map of every address: the first claim holds, whatever block, top bit or NaN', () => {
    fc.assert(
      fc.property(
        // Addresses from a few blocks (so claims meet), anywhere in 0..2³²−1, and NaN (a text that is no address).
        fc.array(
          fc.oneof(
            fc.record({ block: fc.constantFrom(0, 1, 0xc0a801, 0xffffff, 0x0a0000), last: fc.nat(255) }).map(({ block, last }) => block * 256 + last),
            fc.nat(2 ** 32 - 1),
            fc.constant(Number.NaN),
          ),
          { maxLength: 60 },
        ),
        (ips) => {
          const book = new AddressBook();
          const model = new Map<number, Owner>();
          ips.forEach((ip, i) => {
            const owner: Owner = { path: `x[${i}]`, what: 'x' };
            expect(book.claim(ip, owner)).toBe(model.get(ip));
            if (!model.has(ip)) model.set(ip, owner);
          });
          for (const ip of [...ips, 0, 255, 256, 2 ** 32 - 1, Number.NaN]) {
            expect(book.ownerOf(ip)).toBe(model.get(ip));
            expect(book.isFree(ip)).toBe(!model.has(ip));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
