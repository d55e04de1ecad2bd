/**
 * Multipath routes: the kernel hashes each flow onto one of a route's equal-cost next hops
 * (fib_select_multipath). Which one a flow gets depends on a hash the model does not compute, so
 * the next hop is a load-balancing choice like any other, each with an equal share.
 */
import { intToIp } from '../model/cidr';
import type { Route } from './dataplane';
import type { Acc, Chooser, OptionClasses } from './hop';
import type { ChoiceOption } from '../model';

/** The route with the chosen next hop as `via` (the route itself when it has one path); `classes` of the next hops for `all`. */
export function pickNexthop(route: Route | undefined, choose: Chooser, a: Acc, classes?: (o: ChoiceOption[]) => OptionClasses): Route | undefined {
  if (!route?.nexthops || route.nexthops.length < 2) return route;
  const options = route.nexthops.map((h) => ({ to: intToIp(h), p: 1 / route.nexthops!.length, via: `ECMP ${intToIp(route.dst.base)}/${route.dst.bits}` }));
  a.choices = options;
  return { ...route, via: route.nexthops[choose(options, classes && (() => classes(options)))]! };
}
