/**
 * Trace requests and results (see docs/trace-format.md). These types cross the worker
 * boundary and the CLI, so they are plain JSON.
 */

export type TraceProtocol = 'TCP' | 'UDP' | 'ICMP';

export type Choice = { seed: number } | { pick: string[] } | { all: true };

export interface TraceRequest {
  /** pod:NS/NAME | node:NAME | external:NAME | an IP */
  from: string;
  /** IP:PORT | IP (ICMP) | svc:NS/NAME:PORT[@lb|@node:NAME] | http(s)://HOST/PATH (through an Ingress) */
  to: string;
  protocol?: TraceProtocol;
  /** IP total length in bytes (default 60). */
  size?: number;
  /** Don't-fragment (default true for TCP, false otherwise). */
  df?: boolean;
  choice?: Choice;
  /**
   * How many earlier connections the same client opened to the same destination just before this
   * one (default 0). They are walked first, unreported except for their load-balancing choices, so
   * session affinity (`sessionAffinity: ClientIP`: iptables `recent`, IPVS persistence) sends this
   * one where the first went.
   */
  repeat?: number;
  /**
   * Earlier connections, oldest first, walked before the `repeat` ones and this one: each names its
   * own `from`/`to`/`protocol` (absent: this request's), e.g. the same client to another port of the
   * service, or another client. Like `repeat`, only what they leave behind (affinity state) and
   * their load-balancing choices count. At most 16 earlier connections in all.
   */
  after?: EarlierConnection[];
}

/** One earlier connection of TraceRequest.after; absent fields are the traced request's. */
export interface EarlierConnection {
  from?: string;
  to?: string;
  protocol?: TraceProtocol;
}

export type Verdict = 'delivered' | 'refused' | 'unreachable' | 'dropped';

export interface PacketView {
  src: string;
  dst: string;
  proto: TraceProtocol;
  size?: number;
  df?: boolean;
  /** Set when the packet is an error sent back: "TCP RST", "ICMP port unreachable", … */
  icmp?: string;
  /** Outer header when encapsulated (vxlan, ipip). */
  outer?: { src: string; dst: string; proto: string; vni?: number };
}

export type RewriteType = 'DNAT' | 'SNAT' | 'MASQUERADE' | 'un-DNAT' | 'un-SNAT' | 'ENCAP' | 'DECAP';

export interface Rewrite {
  type: RewriteType;
  from: string;
  to: string;
  /** What did it: the rule, chain, IPVS virtual server, eBPF map or SLB listener. */
  by: string;
}

/** A hop's rewrites, none when it made none. */
/** The probability a cut `all` covers, as text rounded down: a cut never reads as all of it (0.99996 is not 1). */
export const coveredText = (p: number): string => String(Math.floor(p * 10000) / 10000);

export const rewritesOf = (h: Hop): readonly Rewrite[] => h.rewrites ?? [];

export interface ChoiceOption {
  to: string;
  p: number;
  /** The rule or chain that leads to this option, e.g. KUBE-SEP-… */
  via?: string;
}

/** Why something happened, as a key of the engine's reasons (src/engine/said.ts) and its values, for wording in any language. */
export interface Reason {
  key: string;
  params?: Record<string, string | number | Reason>;
}

export interface Hop {
  seq: number;
  /** pod:NS/NAME | node:NAME | vpc | slb:NAME | router:NAME | external:NAME | internet */
  ns: string;
  node?: string;
  device: string | null;
  dir: 'in' | 'out' | null;
  packet: PacketView;
  note?: string;
  /** `note` as data, for wording it in another language. */
  noteWhy?: Reason;
  /** What this hop rewrote, in order (a reply un-SNATed and un-DNATed at once has two); absent when nothing. */
  rewrites?: Rewrite[];
  choices?: ChoiceOption[];
  /** 2 for hops of the second connection an L7 proxy (an ingress controller) opens. */
  leg?: number;
  /** The netfilter hook or table step where this hop happened, when it is one. */
  hook?: string;
  /** Rules that matched here (chain: rule text), for node views. */
  matched?: string[];
  /** Set on the last hop of a path that did not complete. */
  drop?: { verdict: Exclude<Verdict, 'delivered'>; reason: string; why?: Reason };
  /** The HTTP status an L7 proxy (an ingress controller) answered with itself, on its decision hop. */
  httpStatus?: number;
}

export interface ConntrackView {
  ns: string;
  proto: string;
  orig: string;
  reply: string;
}

export interface Endpoint {
  kind: 'pod' | 'node' | 'external' | 'host';
  name: string;
  ip: string;
  port?: number;
}

export interface Outcome {
  p: number;
  verdict: Verdict;
  reason: string | null;
  /** `reason` as a key and values, for wording it in another language. */
  why?: Reason | null;
  deliveredTo: Endpoint | null;
  sourceSeenByServer: string | null;
  kernelStacks: number;
  path: string[];
  /** See Trace.httpStatus. */
  httpStatus?: number;
  /** How many equivalent branches this outcome stands for (engine/outcomes.ts), when more than one; `path` is the first. */
  branches?: number;
  /** How many different source addresses the server saw across those branches, when more than one; `sourceSeenByServer` is the first. */
  sourcesSeen?: number;
}

export interface Trace {
  request: TraceRequest;
  verdict: Verdict;
  reason: string | null;
  /** `reason` as a key and values, for wording it in another language. */
  why?: Reason | null;
  deliveredTo: Endpoint | null;
  sourceSeenByServer: string | null;
  kernelStacks: number;
  hops: Hop[];
  conntrack: ConntrackView[];
  reply: { hops: Hop[] } | null;
  outcomes?: Outcome[];
  /**
   * With `choice.all`: set (true) when the search needed more walks than the engine makes
   * (16,384); `outcomes` then groups the branches found, depth-first (a class of equivalent
   * branches counts one walk: engine/fork), and `covered` is the probability they hold together
   * (less than 1). Absent when nothing was cut.
   */
  truncated?: true;
  /** With `truncated`: the probability the listed outcomes cover (their `p` summed). */
  covered?: number;
  /** With `truncated`: how many walks the search made (each walk also lists its class's other members, so more branches are listed). */
  branchesWalked?: number;
  /**
   * An HTTP answer the ingress controller gave itself (404: no rule matches; 503: the backend has
   * no ready endpoints; 502: the connection to the picked endpoint failed with a reset or an ICMP
   * error; 504: it timed out, nothing came back). The verdict stays the transport's: `delivered` to the controller, whose
   * response reached the client; `reason` says why the controller answered so.
   */
  httpStatus?: number;
}
