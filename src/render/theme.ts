/**
 * The app's visual language as colours, light and dark. The light palette is Tailwind's (what
 * the canvas components use); the dark one follows ui/prefs/dark.css: greys mirrored, pale tints
 * become dim washes of their hue over the dark background, saturated badges stay.
 */
export type ThemeName = 'light' | 'dark';

export interface Hue {
  /** Element fill (the -50 tint). */
  fill: string;
  /** Element border (-300). */
  stroke: string;
  /** The small tag's background (-600/-700). */
  tag: string;
}

export interface Theme {
  name: ThemeName;
  background: string;
  grid: string;
  text: string;
  textMuted: string;
  textFaint: string;
  edge: string;
  node: Hue;
  pod: Hue;
  service: Hue;
  slb: Hue;
  external: Hue;
  router: Hue;
  vpc: { fill: string; stroke: string; title: string; cidr: string };
  onPath: { fill: string; stroke: string };
  from: string;
  to: string;
  request: string;
  reply: string;
  drop: string;
  port: { fill: string; stroke: string; text: string };
  ipvsPort: { fill: string; stroke: string; text: string };
  label: { fill: string; replyFill: string; text: string; replyTag: string };
  nat: { fill: string; stroke: string; text: string };
  unNat: { fill: string; stroke: string; text: string };
  dropBox: { fill: string; stroke: string; text: string; title: string };
  policy: { allow: { fill: string; text: string }; deny: { fill: string; text: string }; proxy: { fill: string; text: string } };
  caption: { fill: string; stroke: string; title: string; text: string };
  warn: string;
  fault: { fill: string; stroke: string; text: string };
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const hex = (c: number[]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
/** `p` of colour `a` over `b`. */
const mix = (a: string, b: string, p: number) => {
  const x = rgb(a);
  const y = rgb(b);
  return hex(x.map((v, i) => v * p + y[i]! * (1 - p)));
};

// Tailwind: [50, 300, 400/500, 600, 700] of each hue the canvas uses.
const T = {
  sky: { 50: '#f0f9ff', 300: '#7dd3fc', 500: '#0ea5e9', 600: '#0284c7', 700: '#0369a1' },
  violet: { 50: '#f5f3ff', 300: '#c4b5fd', 500: '#8b5cf6', 600: '#7c3aed', 700: '#6d28d9', 900: '#4c1d95' },
  orange: { 50: '#fff7ed', 300: '#fdba74', 500: '#f97316', 600: '#ea580c', 700: '#c2410c' },
  emerald: { 50: '#ecfdf5', 300: '#6ee7b7', 500: '#10b981', 600: '#059669', 700: '#047857', 900: '#064e3b', 100: '#d1fae5' },
  teal: { 50: '#f0fdfa', 300: '#5eead4', 500: '#14b8a6', 600: '#0d9488', 700: '#0f766e' },
  amber: { 50: '#fffbeb', 300: '#fcd34d', 400: '#fbbf24', 500: '#f59e0b', 950: '#451a03' },
  rose: { 50: '#fff1f2', 100: '#ffe4e6', 300: '#fda4af', 600: '#e11d48', 700: '#be123c', 900: '#881337' },
  indigo: { 50: '#eef2ff', 300: '#a5b4fc', 500: '#6366f1', 700: '#4338ca' },
  blue: { 500: '#3b82f6' },
  slate: {
    50: '#f8fafc',
    100: '#f1f5f9',
    200: '#e2e8f0',
    300: '#cbd5e1',
    400: '#94a3b8',
    500: '#64748b',
    600: '#475569',
    700: '#334155',
    800: '#1e293b',
    900: '#0f172a',
  },
};

export const LIGHT: Theme = {
  name: 'light',
  background: '#ffffff',
  grid: T.slate[200],
  text: T.slate[800],
  textMuted: T.slate[600],
  textFaint: T.slate[500],
  edge: T.slate[300],
  node: { fill: '#ffffff', stroke: T.slate[300], tag: T.slate[700] },
  pod: { fill: T.sky[50], stroke: T.sky[300], tag: T.sky[600] },
  service: { fill: T.violet[50], stroke: T.violet[300], tag: T.violet[600] },
  slb: { fill: T.orange[50], stroke: T.orange[300], tag: T.orange[600] },
  external: { fill: T.emerald[50], stroke: T.emerald[300], tag: T.emerald[700] },
  router: { fill: T.teal[50], stroke: T.teal[300], tag: T.teal[700] },
  vpc: { fill: mix(T.indigo[50], '#ffffff', 0.4), stroke: T.indigo[300], title: T.indigo[700], cidr: T.indigo[500] },
  onPath: { fill: T.amber[50], stroke: T.amber[400] },
  from: T.blue[500],
  to: T.emerald[500],
  request: T.amber[500],
  reply: T.violet[500],
  drop: T.rose[600],
  port: { fill: T.slate[50], stroke: T.slate[300], text: T.slate[700] },
  ipvsPort: { fill: T.violet[50], stroke: T.violet[300], text: '#5b21b6' },
  label: { fill: T.slate[800], replyFill: T.violet[700], text: '#ffffff', replyTag: '#ddd6fe' },
  nat: { fill: T.amber[50], stroke: T.amber[300], text: T.amber[950] },
  unNat: { fill: T.violet[50], stroke: T.violet[300], text: T.violet[900] },
  dropBox: { fill: T.rose[50], stroke: T.rose[300], text: T.rose[900], title: T.rose[700] },
  policy: {
    allow: { fill: T.emerald[100], text: T.emerald[900] },
    deny: { fill: T.rose[100], text: T.rose[900] },
    proxy: { fill: T.sky[600], text: '#ffffff' },
  },
  caption: { fill: T.slate[50], stroke: T.slate[200], title: T.slate[900], text: T.slate[700] },
  warn: '#b45309',
  fault: { fill: '#fef3c7', stroke: T.amber[500], text: '#78350f' },
};

const BG = T.slate[900];
const wash = (c: string, p = 0.14) => mix(c, BG, p);

export const DARK: Theme = {
  name: 'dark',
  background: BG,
  grid: '#1e293b',
  text: T.slate[100],
  textMuted: T.slate[300],
  textFaint: T.slate[400],
  edge: T.slate[600],
  node: { fill: '#111a2e', stroke: T.slate[600], tag: T.slate[600] },
  pod: { fill: wash(T.sky[500]), stroke: wash(T.sky[500], 0.6), tag: T.sky[600] },
  service: { fill: wash(T.violet[500]), stroke: wash(T.violet[500], 0.6), tag: T.violet[600] },
  slb: { fill: wash(T.orange[500]), stroke: wash(T.orange[500], 0.6), tag: T.orange[600] },
  external: { fill: wash(T.emerald[500]), stroke: wash(T.emerald[500], 0.6), tag: T.emerald[700] },
  router: { fill: wash(T.teal[500]), stroke: wash(T.teal[500], 0.6), tag: T.teal[700] },
  vpc: { fill: wash(T.indigo[500], 0.08), stroke: wash(T.indigo[500], 0.6), title: '#c7d2fe', cidr: '#a5b4fc' },
  onPath: { fill: wash(T.amber[500], 0.16), stroke: T.amber[400] },
  from: '#60a5fa',
  to: '#34d399',
  request: T.amber[400],
  reply: '#a78bfa',
  drop: '#fb7185',
  port: { fill: '#020617', stroke: T.slate[600], text: T.slate[200] },
  ipvsPort: { fill: wash(T.violet[500]), stroke: wash(T.violet[500], 0.6), text: '#ddd6fe' },
  label: { fill: '#020617', replyFill: T.violet[700], text: '#ffffff', replyTag: '#ddd6fe' },
  nat: { fill: wash(T.amber[500], 0.2), stroke: wash(T.amber[500], 0.6), text: '#fef3c7' },
  unNat: { fill: wash(T.violet[500], 0.2), stroke: wash(T.violet[500], 0.6), text: '#ede9fe' },
  dropBox: { fill: wash(T.rose[600], 0.2), stroke: wash(T.rose[600], 0.6), text: '#ffe4e6', title: '#fda4af' },
  policy: {
    allow: { fill: wash(T.emerald[500], 0.3), text: '#d1fae5' },
    deny: { fill: wash(T.rose[600], 0.3), text: '#ffe4e6' },
    proxy: { fill: T.sky[600], text: '#ffffff' },
  },
  caption: { fill: '#020617', stroke: T.slate[700], title: T.slate[50], text: T.slate[300] },
  warn: '#fbbf24',
  fault: { fill: wash(T.amber[500], 0.3), stroke: T.amber[500], text: '#fef3c7' },
};

export const themeOf = (name: ThemeName | undefined): Theme => (name === 'dark' ? DARK : LIGHT);
