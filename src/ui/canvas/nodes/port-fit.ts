/** Monospace glyphs are this wide per px of font size (DejaVu/Liberation Mono, the fonts the canvas falls back to). */
const MONO_ADVANCE = 0.6;
/** A port chip's border and padding, left and right together. */
const CHIP_CHROME = 6;
const SIZES = [10, 9, 8] as const;

export interface PortFit {
  /** Font size in px. */
  size: number;
  /** 1: the name on one line; 2: broken over two lines (a long veth or cali name in a crowded strip). */
  lines: 1 | 2;
}

/**
 * How a device name fits a port chip of `width` px whole, never cut: the largest size that holds it
 * on one line, else the smallest size over two lines (the chip is two 8-px lines tall).
 */
export function fitPortName(name: string, width: number): PortFit {
  const room = width - CHIP_CHROME;
  for (const size of SIZES) if (name.length * size * MONO_ADVANCE <= room) return { size, lines: 1 };
  return { size: SIZES[SIZES.length - 1]!, lines: 2 };
}
