import type { ChoiceOption, Endpoint, Hop, Rewrite } from '../../model';

export const formatRewrite = (r: Rewrite) => `${r.type} ${r.from} → ${r.to} by ${r.by}`;

/** A probability as people read it: 1, 0.5, 0.33; below 0.005 two significant digits (one branch of thousands is not 0). */
export const formatP = (p: number) => String(Number(p > 0 && p < 0.005 ? p.toPrecision(2) : p.toFixed(2)));

export { coveredText as formatCovered } from '../../model/trace';

export const formatChoice = (c: ChoiceOption) => `${c.to} (p=${formatP(c.p)})${c.via ? ` via ${c.via}` : ''}`;

export const formatEndpoint = (e: Endpoint) => `${e.kind} ${e.name} ${e.ip}${e.port !== undefined ? `:${e.port}` : ''}`;

export const formatPacket = (h: Hop) => `${h.packet.src} → ${h.packet.dst}`;
