/**
 * What a trace shows of the dataplane's objects, written once per object (they never change once
 * built): a route as `ip route` prints it, an IPVS virtual server as its real servers (the
 * choice), its name and its DNAT's rule. Each text is kept on its object, not in a WeakMap: the
 * walk has just read the route or virtual server, so its field is in the cache, where a probe of
 * a WeakMap holding every route and virtual server a worker has shown was a miss or two per hop.
 * Not enumerable: the objects compare and print as before.
 */
import { intToIp } from '../model/cidr';
import type { ChoiceOption } from '../model';
import type { Route } from './dataplane';
import { addr } from './packet';
import type { VirtualServer } from './proxy/ipvs-table';
import { wordReason } from './said';

type VsShown = { options: ChoiceOption[]; where: string; by: string };
const SHOWN = Symbol('shown');
const TEXT = Symbol('text');

function keep<T>(on: object, key: symbol, value: T): T {
  Object.defineProperty(on, key, { value });
  return value;
}

/** What a trace shows of an IPVS virtual server: its real servers as choices, its name, its DNAT's rule. */
export function shownOf(vs: VirtualServer): VsShown {
  const kept = (vs as VirtualServer & { [SHOWN]?: VsShown })[SHOWN];
  if (kept) return kept;
  const where = `IPVS ${addr(vs.ip, vs.port, vs.proto)} ${vs.scheduler}`;
  const options = vs.reals.map((r) => ({ to: addr(r.ip, r.port, vs.proto), p: 1 / vs.reals.length, via: r.pod }));
  return keep(vs, SHOWN, { options, where, by: `${where} (${vs.kind} of ${vs.service}; ${wordReason(vs.policy)})` });
}

/** `ip route`'s text of a route, as notes quote it. */
export function fmtRoute(r: Route): string {
  const kept = (r as Route & { [TEXT]?: string })[TEXT];
  if (kept !== undefined) return kept;
  const dst = r.dst.bits === 0 ? 'default' : `${intToIp(r.dst.base)}/${r.dst.bits}`;
  return keep(r, TEXT, `${dst}${r.via !== undefined ? ` via ${intToIp(r.via)}` : ''} dev ${r.dev}`);
}
