import { describe, expect, it } from 'vitest';
import { fitPortName } from './port-fit';

describe('fitPortName: a port chip shows the whole device name', () => {
  it('keeps 10 px where the name fits on one line', () => {
    expect(fitPortName('eth0', 40)).toEqual({ size: 10, lines: 1 });
  });
  it('shrinks before it breaks the line', () => {
    // "veth80884ed9" is 12 glyphs: 72 px at 10 px, 64.8 at 9 px.
    expect(fitPortName('veth80884ed9', 72)).toEqual({ size: 9, lines: 1 });
  });
  it('breaks a name too long for one line at the smallest size over two lines', () => {
    expect(fitPortName('cali1234567890a', 60)).toEqual({ size: 8, lines: 2 });
  });
});
