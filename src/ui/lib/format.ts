import type { ChoiceOption, Endpoint, Hop, Rewrite } from '../../model';

export const formatRewrite = (r: Rewrite) => `${r.type} ${r.from} → ${r.to} by ${r.by}`;

/** A probability as people read it: 1, 0.5, 0.33. */
export const formatP = (p: number) => String(Number(p.toFixed(2)));

export const formatChoice = (c: ChoiceOption) => `${c.to} (p=${formatP(c.p)})${c.via ? ` via ${c.via}` : ''}`;

export const formatEndpoint = (e: Endpoint) => `${e.kind} ${e.name} ${e.ip}${e.port !== undefined ? `:${e.port}` : ''}`;

export const formatPacket = (h: Hop) => `${h.packet.src} → ${h.packet.dst}`;
