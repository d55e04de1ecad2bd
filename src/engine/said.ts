/**
 * Why a packet went no further, and what a hop's note says, as a key and its values. The engine words it in English here (the
 * CLI, the exports, the trace's `reason`); the UI may word the same key in another language.
 * A value may itself be a reason (a rule, a fault), worded the same way.
 */
import { fillReason } from '../model/reason';
import type { Reason } from '../model/trace';

export const REASONS = {
  // the kernel
  routingLoop: 'routing loop: the packet passed {{max}} hops without arriving',
  noRoute: 'no route to {{dst}} in {{ns}} (`ip route` has no matching entry): connect() fails with "Network is unreachable"',
  filterRejected: 'rejected in {{ns}} filter {{chain}} by {{rule}}',
  filterRejectedIcmp: 'rejected (ICMP port unreachable) in {{ns}} filter {{chain}} by {{rule}}',
  filterDropped: 'dropped in {{ns}} filter {{chain}} by {{rule}}',
  ruleOfUser: 'a user rule `{{rule}}` ({{table}} table)',
  ruleOf: "{{origin}}'s rule `{{rule}}` ({{table}} table)",
  rulePolicy: 'the {{table}} {{chain}} policy',
  linkDownFix: '{{dev}} in {{ns}} is down (`ip link set {{dev}} up` brings it back)',
  linkDown: '{{dev}} in {{ns}} is down',
  noIpvlanSlave: 'no ipvlan slave of {{dev}} on {{ns}} holds {{dst}}',
  noArpOnBridge: 'nothing on bridge {{bridge}} answers ARP for {{ip}}',
  bridgedRejected: 'bridged frame rejected on {{ns}} by {{rule}} (br_netfilter sends bridged traffic through iptables)',
  bridgedDropped: 'bridged frame dropped on {{ns}} by {{rule}} (br_netfilter sends bridged traffic through iptables)',
  rpFilterNoRoute: 'rp_filter on {{ns}}: no route back to {{src}}, so the packet arriving on {{dev}} is dropped as martian',
  rpFilterStrict:
    'rp_filter=1 (strict) on {{ns}}: the packet from {{src}} arrived on {{dev}} but the route back leaves by {{back}} (asymmetric path); `sysctl -w net.ipv4.conf.all.rp_filter=2` (loose) accepts it',
  netUnreachable: '{{ns}} has no route to {{dst}}: ICMP net unreachable back to {{src}}',
  ipForwardOff: 'net.ipv4.ip_forward=0 on {{ns}}: the kernel will not forward {{src}} → {{dst}} (fix: `sysctl -w net.ipv4.ip_forward=1`)',
  ttlExpired: 'TTL expired in {{ns}}: ICMP time exceeded',
  ipvsNoRealServer:
    'IPVS virtual server {{vs}} ({{kind}} of {{service}}) on {{ns}} has no real server: {{policy}}. The kernel answers ICMP port unreachable (ip_vs_leave), so connect() is refused',
  ipvsAllReady: 'all ready endpoints',
  ipvsLocalOnly: 'local endpoints only',
  ipvsLocalFallback: 'no local endpoint: kube-proxy ≥1.21 falls back to all endpoints (kubernetes#97081)',
  ipvsLocalNone: 'local endpoints only, and this node has none (kube-proxy before 1.21)',
  ipvsLocalPolicy: '{{name}}=Local: {{policy}}',
  noRouteToRealServer: '{{ns}} has no route to real server {{dst}}',
  vpcFragmentationNeeded:
    'the VPC forwards at most {{mtu}} bytes: a {{size}}-byte packet with DF set is dropped and the VPC gateway {{gw}} sends ICMP "fragmentation needed" (mtu {{mtu}}) to {{src}}, whose kernel records that path MTU for {{dst}} and sends smaller packets',
  vpcMtuSilentDrop:
    'the VPC forwards at most {{mtu}} bytes: a {{size}}-byte packet with DF set is dropped and no ICMP "fragmentation needed" comes back (icmpFragNeeded false), so {{src}} never learns the path MTU: a PMTU black hole',
  fragmentationNeeded:
    'fragmentation needed: a {{size}}-byte packet with DF set does not fit the {{mtu}}-byte MTU of {{dev}} in {{ns}}; ICMP "fragmentation needed" (mtu {{mtu}}) goes back to {{src}}',
  slbHealth:
    "SLB {{slb}} probes every node at HTTP :{{port}}/healthz (kube-proxy's health check node port) and forwards only to nodes answering 200: {{results}}",
  healthCheck: "kube-proxy's health check server for {{service}} on {{node}} answers HTTP {{status}}: {{count}} local ready endpoint(s)",
  ipvsPersistent: 'IPVS persistence ({{timeout}} s, sessionAffinity ClientIP): {{client}} was sent to {{rs}} by {{vs}} before, so it goes there again',
  ebpfHairpin:
    'the backend is this pod itself: eBPF also rewrites the source to the service loopback {{lo}} and hands the packet back to the ingress of {{dev}}',
  ebpfHairpinBack: 'a reply to the service loopback: eBPF reverses both translations and hands it back to the ingress of {{dev}}',
  ebpfNoBackend: 'eBPF service map on tc egress of {{dev}} ({{service}}, {{frontend}}) has no backend for {{dst}}: the eBPF program answers with a reset',
  noFdbEntry: '{{dev}} has no FDB entry for {{ip}}: no VTEP to send to',
  tunnelLoop: "{{dev}}'s outer packet to {{ip}} is routed out of {{dev}} again: a routing loop, so the tunnel drops it",
  noNeighbour: 'no neighbour answers ARP for {{ip}} on {{dev}} in {{ns}}: ICMP host unreachable',
  cannotCarry: '{{dev}} ({{kind}}) in {{ns}} cannot carry the packet',
  strayReset: 'the TCP reset reached {{ns}}, not the client',
  strayIcmp: 'the ICMP error reached {{ns}}, not the client',
  replyNoSocket:
    'the reply reached the client from {{from}}, but the client sent to {{sent}}: no socket matches, so it is discarded (a TCP RST answers it) and the connection times out. The reply was not un-NATed because it did not pass back through the namespace whose conntrack rewrote the request (asymmetric routing)',
  replyElsewhere: 'the reply was delivered to {{ns}}, which never sent the request: the client never hears back',
  tcpNoListener: 'nothing listens on {{addr}} in {{ns}}: the kernel answers with TCP RST',
  udpNoListener: 'nothing listens on UDP {{addr}} in {{ns}}: ICMP port unreachable',
  // NetworkPolicy
  policyDenied:
    'NetworkPolicy: pod {{pod}} is isolated for {{direction}} by {{policies}} and no rule allows {{subject}} on {{proto}} port {{port}}; {{where}} drops it',
  policyDeniedIcmp: 'NetworkPolicy: pod {{pod}} is isolated for {{direction}} by {{policies}} and no rule allows {{subject}} (ICMP); {{where}} drops it',
  policyIngressOf: 'ingress of pod {{pod}} from {{peer}}',
  policyEgressOf: 'egress of pod {{pod}} to {{peer}}',
  // the cloud
  vpcRouteDeleted:
    "the VPC route table entry for {{cidr}} was deleted: nothing routes {{dst}} to the node that holds it (add the custom route entry back: destination {{cidr}}, next hop the node's instance)",
  vpcNoRoute: 'the VPC route table has no entry for {{dst}}',
  vpcNoNat: 'the VPC sends {{dst}} towards the internet, but the source {{src}} is private and no NAT gateway or EIP is modelled: nothing comes back',
  vpcNoInstance: '{{why}}, but no instance in the VPC holds {{ip}}',
  vpcInSwitch: 'delivered in the vSwitch to {{ip}}',
  vpcToInstance: 'VPC route table: {{cidr}} → instance {{node}} (custom entry)',
  vpcToLocal: 'VPC route table: {{cidr}} → local (vSwitch)',
  internetHost: '{{ip}} is an internet host, not attached to the VPC',
  notFromInternet: '{{ip}} is not reachable from the internet (a private address, or a host with no public address)',
  slbNoListener: 'SLB {{slb}} has no {{proto}} listener on port {{port}}',
  slbSourceDenied: "SLB {{slb}}: {{src}} is not in the listener's access list (loadBalancerSourceRanges {{ranges}})",
  slbNoBackends:
    'SLB {{slb}} listener {{proto}}:{{port}} has an empty backend group (externalTrafficPolicy={{etp}}: no node has a ready endpoint of {{service}})',
  // the ingress controller
  http404: 'HTTP 404 from the ingress controller: no Ingress rule matches {{host}}{{path}}',
  http503: 'HTTP 503 from the ingress controller: {{rule}} sends to service {{service}}, which has no ready endpoints',
  http502: 'HTTP 502 from the ingress controller: {{rule}} sends to service {{service}}, and the connection to its endpoint failed ({{reason}})',
  http504: 'HTTP 504 from the ingress controller: {{rule}} sends to service {{service}}, and its endpoint never answered ({{reason}})',
  // the whole trace
  errorLost: '{{reason}}, but that error never reached the client ({{lost}})',
  replyLost: 'the request reached {{name}}, but its reply did not make it back: {{reason}}',
  withFaults: '{{reason}} (fault on the path: {{faults}})',
  routeDeletedInstead: 'on {{ns}} the route `{{route}}` was deleted, so {{dst}} follows `{{instead}}` instead; `ip route add {{route}}` restores it',
  routeDeletedNone: 'on {{ns}} the route `{{route}}` was deleted, so {{dst}} has no route; `ip route add {{route}}` restores it',
  both: '{{a}}; {{b}}',
  // notes on hops
  localDelivery: '{{dst}} is a local address (on {{dev}}): delivered over lo',
  tcpMss: 'TCP sizes the segment to the {{mtu}}-byte MTU of {{dev}} (MSS {{mss}}) instead of {{size}}',
  ipvlanToSlave: 'ipvlan: {{dev}} hands the frame to the slave holding {{dst}} (no host stack)',
  brnfRouted: 'DNAT moved the destination off the bridge: br_netfilter hands the packet to the host to route',
  bridgeForwards: 'bridge {{bridge}} forwards the frame to {{port}} (fdb)',
  route: 'route {{route}}',
  ipvsNoRealServers: '{{where}} ({{kind}} of {{service}}) has no real servers: {{policy}}',
  fragmented: 'fragmented: {{size}} bytes > MTU {{mtu}} of {{dev}}',
  ebpfToHost: 'eBPF redirects {{dst}} to the host through its ipvlan slave {{slave}}',
  ebpfToHostExternal:
    "eBPF redirects {{dst}} to the host through its ipvlan slave {{slave}} (this Terway version leaves external IPs to the host's kube-proxy)",
  ipvlanOutOfEni: 'ipvlan: out of the ENI {{eni}} ({{mac}})',
  policyNotEnforced: 'NetworkPolicy {{policies}} selects this pod, but nothing enforces it: {{who}}',
  policyNotEnforcedDeny: 'NetworkPolicy {{policies}} selects this pod and would deny this, but nothing enforces it: {{who}}',
  policyAllows: 'NetworkPolicy {{policy}} allows {{subject}} ({{where}})',
  slbReplyReturned: 'reply of a connection that came through SLB {{slb}}: returned to it',
  vpcToInternet: 'VPC route table: 0.0.0.0/0 → internet',
  eniSecondary: '{{why}}; {{ip}} is a secondary IP of ENI {{eni}} on {{node}}',
  slbForwards: 'SLB {{slb}} forwards to {{node}} with the LB IP as destination',
  ingress404Note: 'no Ingress rule matches {{host}}{{path}}: the controller answers HTTP 404',
  ingress503Note: '{{rule}} → service {{service}}, which has no ready endpoints: the controller answers HTTP 503',
  ingress502Note: 'the upstream connection failed ({{reason}}): the controller answers HTTP 502',
  ingress504Note: 'the upstream connection timed out ({{reason}}): the controller answers HTTP 504',
  ingressBalances: "{{rule}} → service {{service}}; the controller balances over the service's endpoints itself and opens a new connection from {{src}}",
} as const satisfies Record<string, string>;

export type ReasonKey = keyof typeof REASONS;

/** A reason of the engine's. */
export const because = (key: ReasonKey, params?: Reason['params']): Reason => (params ? { key, params } : { key });

/** `reason` worded in English; with `templates` (another language), keys missing there stay English. */
export function wordReason(reason: Reason, templates?: Readonly<Record<string, string>>): string {
  return fillReason(reason, templates ? withEnglish(templates) : REASONS) ?? reason.key;
}

// One merged table per other language, so its compiled templates are kept (model/reason.ts caches by table).
const merged = new WeakMap<Readonly<Record<string, string>>, Record<string, string>>();
const withEnglish = (templates: Readonly<Record<string, string>>): Record<string, string> => {
  let m = merged.get(templates);
  if (!m) merged.set(templates, (m = { ...REASONS, ...templates }));
  return m;
};

/** Several reasons as one ("a; b; c"). */
export const allOf = (rs: readonly Reason[]): Reason => rs.slice(1).reduce((a, b) => because('both', { a, b }), rs[0]!);
