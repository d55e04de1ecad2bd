/**
 * NetworkPolicy as the walk meets it: the hop that names the policy deciding a connection and,
 * when it denies, the drop; or, where nothing enforces policy, a note saying what it would do.
 */
import type { Hop, Pod } from '../model';
import { podRef } from '../model/topology';
import type { Dataplane, Netns } from './dataplane';
import { note, type End } from './hop';
import { addr, type Pkt } from './packet';
import { decide, enforcer, podBehind } from './policy';
import { because } from './said';
import type { Walker } from './walk';

/**
 * Applies NetworkPolicy where the CNI enforces it. Writes a hop naming the policy when one
 * selects the pod; returns an End when the connection is denied.
 */
export function enforcePolicy(w: Walker, ns: Netns, pod: Pod | undefined, direction: 'ingress' | 'egress', pkt: Pkt, where: string): End | undefined {
  if (!pod || w.phase !== 'request' || pkt.inner) return undefined;
  const peer = direction === 'ingress' ? pkt.src : pkt.dst;
  const d = decide(w.dp, pod, direction, peer, pkt.dport, pkt.proto);
  if (d.selecting.length === 0) return undefined;
  const of = because(direction === 'ingress' ? 'policyIngressOf' : 'policyEgressOf', {
    pod: podRef(pod),
    peer: addr(peer, direction === 'ingress' ? pkt.sport : pkt.dport, pkt.proto),
  });
  const h = w.hop(ns.id, null, null, pkt, undefined, ns.node);
  h.hook = 'NetworkPolicy';
  if (d.allowed) {
    note(h, because('policyAllows', { policy: d.allowedBy ?? '', subject: of, where }));
    return undefined;
  }
  const denied = { pod: podRef(pod), direction, policies: d.selecting.join(', '), subject: of, where };
  return w.end(
    'dropped',
    pkt.proto === 'ICMP' ? because('policyDeniedIcmp', denied) : because('policyDenied', { ...denied, proto: pkt.proto, port: pkt.dport }),
    h,
  );
}

/** Delivery to a pod that a policy selects where nothing enforces policy: hop `h` says what the policy would do. */
export function noteUnenforced(dp: Dataplane, ns: Netns, pkt: Pkt, h: Hop): void {
  const d = decide(dp, podBehind(dp, ns)!, 'ingress', pkt.src, pkt.dport, pkt.proto);
  if (d.selecting.length > 0)
    note(h, because(d.allowed ? 'policyNotEnforced' : 'policyNotEnforcedDeny', { policies: d.selecting.join(', '), who: enforcer(dp).who }), true);
}
