import { describe, expect, it } from 'vitest';
import { REASONS, because, wordReason } from '../engine/said';
import { zhReasons } from './reasons-zh';

const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the engine reasons in Chinese', () => {
  it.each(Object.keys(REASONS) as (keyof typeof REASONS)[])('%s names the same values as the English', (key) => {
    expect(names(zhReasons[key])).toEqual(names(REASONS[key]));
    expect(zhReasons[key]).not.toBe(REASONS[key]);
  });

  it('words nested reasons in Chinese too', () => {
    const rule = because('ruleOfUser', { rule: '-A FORWARD -p icmp -j DROP', table: 'filter' });
    const why = because('withFaults', {
      reason: because('filterDropped', { ns: 'node:a', chain: 'FORWARD', rule }),
      faults: because('routeDeletedNone', { ns: 'node:a', route: '10.0.0.0/24 dev eth0', dst: '10.0.0.5' }),
    });
    const text = wordReason(why, zhReasons);
    expect(text).toContain('被用户规则 `-A FORWARD -p icmp -j DROP`（filter 表）丢弃');
    expect(text).toContain('路径上的故障');
    expect(text).not.toMatch(/[a-z]+ (in|by|the) /);
  });
});
