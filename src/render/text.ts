/**
 * How wide text is, without a browser to measure it. The estimate is deliberately generous (it
 * is used to size boxes and the viewBox, so nothing drawn is cut off): every Latin character
 * counts as wide as a monospace cell or wider, East Asian characters as a full em and more.
 * The unit tests and the browser test check it against real fonts.
 */
export type Face = 'sans' | 'mono';

/** Font stacks, named, never embedded: the picture uses what the reader has. */
export const FONT = {
  sans: 'Liberation Sans, Arial, Helvetica, sans-serif',
  mono: 'ui-monospace, Liberation Mono, DejaVu Sans Mono, Menlo, Consolas, monospace',
} as const;

const wide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) ||
  (c >= 0x2e80 && c <= 0xa4cf) ||
  (c >= 0xac00 && c <= 0xd7a3) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) ||
  (c >= 0xff00 && c <= 0xff60) ||
  (c >= 0xffe0 && c <= 0xffe6) ||
  c >= 0x1f000;

// Advance widths (thousandths of an em) of Liberation Sans / Arial / Helvetica, regular and bold,
// for ASCII 0x20–0x7e: the faces the picture names first.
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
  556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
  469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260,
  334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584,
  611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333,
  584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280,
  389, 584,
];
/** Headroom over the table: a fallback face (DejaVu Sans) runs about this much wider. */
const SANS_MARGIN = 1.12;

/** Em widths of one character (an upper bound for the named faces). */
function charEm(c: number, face: Face, bold: boolean): number {
  if (wide(c)) return 1.15;
  if (face === 'mono') return 0.62;
  if (c >= 0x20 && c <= 0x7e) return ((bold ? BOLD : REGULAR)[c - 0x20]! / 1000) * SANS_MARGIN;
  if (c >= 0x2190 && c <= 0x21ff) return 1.05; // arrows
  return 1.0;
}

/** The estimated advance width of `s` at `size` px. */
export function textWidth(s: string, size: number, face: Face = 'sans', bold = false): number {
  let em = 0;
  for (const ch of s) em += charEm(ch.codePointAt(0)!, face, bold);
  return em * size;
}

/** `s`, shortened with an ellipsis to fit `max` px (by the estimate). */
export function fit(s: string, max: number, size: number, face: Face = 'sans', bold = false): string {
  if (textWidth(s, size, face, bold) <= max) return s;
  const chars = [...s];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', size, face, bold) <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : chars.slice(0, lo).join('').trimEnd() + '…';
}

/** `s` broken into lines no wider than `max` px, at spaces where it can, mid-word where it must. */
export function wrap(s: string, max: number, size: number, face: Face = 'sans', bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/ +/)) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next, size, face, bold) <= max) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (textWidth(rest, size, face, bold) > max) {
      const chars = [...rest];
      let n = 1;
      while (n < chars.length && textWidth(chars.slice(0, n + 1).join(''), size, face, bold) <= max) n++;
      lines.push(chars.slice(0, n).join(''));
      rest = chars.slice(n).join('');
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
