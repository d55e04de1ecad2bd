import type { ChoiceOption, Endpoint, Hop, Rewrite } from '../../model';

export const formatRewrite = (r: Rewrite) => `${r.type} ${r.from} → ${r.to} by ${r.by}`;

/** A probability as people read it: 1, 0.5, 0.33; below 0.005 two significant digits (one branch of thousands is not 0). */
export const formatP = (p: number) => String(Number(p > 0 && p < 0.005 ? p.toPrecision(2) : p.toFixed(2)));

export { coveredText as formatCovered } from '../../model/trace';

export const formatChoice = (c: ChoiceOption) => `${c.to} (p=${formatP(c.p)})${c.via ? ` via ${c.via}` : ''}`;

/** An endpoint's address: `ip:port`, or the bare IP where it has no port. */
export const formatAddress = (e: Pick<Endpoint, 'ip' | 'port'>) => (e.port !== undefined ? `${e.ip}:${e.port}` : e.ip);

export const formatEndpoint = (e: Endpoint) => `${e.kind} ${e.name} ${formatAddress(e)}`;

export const formatPacket = (h: Hop) => `${h.packet.src} → ${h.packet.dst}`;
