/**
 * What a trace shows of the dataplane's objects, written once per object (they never change once
 * built): a route as `ip route` prints it, an IPVS virtual server as its real servers (the
 * choice), its name and its DNAT's rule.
 */
import { intToIp } from '../model/cidr';
import type { ChoiceOption } from '../model';
import type { Route } from './dataplane';
import { addr } from './packet';
import type { VirtualServer } from './proxy/ipvs-table';
import { wordReason } from './said';

/** What a trace shows of an IPVS virtual server (its real servers as choices, its name, its DNAT's rule): immutable, so built once. */
const vsShown = new WeakMap<VirtualServer, { options: ChoiceOption[]; where: string; by: string }>();

export function shownOf(vs: VirtualServer): { options: ChoiceOption[]; where: string; by: string } {
  let s = vsShown.get(vs);
  if (!s) {
    const where = `IPVS ${addr(vs.ip, vs.port, vs.proto)} ${vs.scheduler}`;
    const options = vs.reals.map((r) => ({ to: addr(r.ip, r.port, vs.proto), p: 1 / vs.reals.length, via: r.pod }));
    vsShown.set(vs, (s = { options, where, by: `${where} (${vs.kind} of ${vs.service}; ${wordReason(vs.policy)})` }));
  }
  return s;
}

const routeTexts = new WeakMap<Route, string>();

/** `ip route`'s text of a route, as notes quote it. */
export function fmtRoute(r: Route): string {
  let text = routeTexts.get(r);
  if (text === undefined) {
    const dst = r.dst.bits === 0 ? 'default' : `${intToIp(r.dst.base)}/${r.dst.bits}`;
    routeTexts.set(r, (text = `${dst}${r.via !== undefined ? ` via ${intToIp(r.via)}` : ''} dev ${r.dev}`));
  }
  return text;
}
