/**
 * Which /16 blocks a set of IPv4 addresses falls in, one bit per block (8 KB): a test the walk
 * makes before probing a big map or set of addresses (the service addresses, a chain's verdict
 * map), since the packets it asks about mostly carry pod and node addresses, in none of the
 * services' few blocks, and a probe of a map of thousands for them was a cache miss or two.
 */
export const newBlocks = (): Uint32Array => new Uint32Array(65536 / 32);

export function markBlock(blocks: Uint32Array, ip: number): void {
  const block = ip >>> 16;
  blocks[block >>> 5]! |= 1 << (block & 31);
}

export function blockMarked(blocks: Uint32Array, ip: number): boolean {
  const block = ip >>> 16;
  return (blocks[block >>> 5]! & (1 << (block & 31))) !== 0;
}
