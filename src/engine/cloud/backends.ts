/**
 * An SLB listener's backend group, kept compact. With `nodeport` or `vip` backends a listener
 * sends to every node (externalTrafficPolicy Cluster) or to the nodes with a local endpoint
 * (Local): over a 1,000-node cluster, writing each backend out — a record, its address as text,
 * its choice record — for every listener a trace first reached was the largest allocation of a
 * first-touch trace. So the nodes are listed once per dataplane (`NodeList`), a group is the
 * listener's port and which of those nodes it keeps, and its choices are made only when read
 * (choices.ts). Backend weights are equal (docs/engine.md, "Cloud and outside"), so every backend
 * is equally likely.
 */
import { ipToInt } from '../../model/cidr';
import type { ChoiceOption, Node } from '../../model';
import type { EndpointInfo } from '../dataplane';
import type { LazyChoices } from '../choices';
import { addr } from '../packet';
import { healthStatus } from '../proxy/endpoints';

/** The cluster's nodes, in the document's order, as SLB backend groups point into them. */
export class NodeList {
  readonly ips: number[];
  readonly names: string[];
  readonly indexOf: Map<string, number>;
  /** Every node's answer when no node has a local endpoint, as the note lists them, and where each node's part starts and ends. */
  private allIdle: { text: string; at: number[]; end: number[] } | undefined;

  constructor(nodes: readonly Node[]) {
    this.ips = nodes.map((n) => ipToInt(n.ip));
    this.names = nodes.map((n) => n.name);
    this.indexOf = new Map(this.names.map((n, i) => [n, i]));
  }

  /**
   * Every node's answer to a Local listener's health check, in node order, as the SLB hop's note
   * lists them. Most nodes answer 503 to every listener, so this is the all-503 list, made once
   * per cluster, with the few nodes that answer 200 written over their parts: slices share the
   * list's characters, so a listener's first touch does not write out a thousand answers.
   */
  healthList(readyByNode: ReadonlyMap<string, number>): string {
    const idle = (this.allIdle ??= this.idleList());
    const healthy: [number, number][] = [];
    for (const [name, n] of readyByNode) {
      const i = this.indexOf.get(name);
      if (i !== undefined) healthy.push([i, n]);
    }
    healthy.sort((x, y) => x[0] - y[0]);
    let out = '';
    let from = 0;
    for (const [i, n] of healthy) {
      out += idle.text.slice(from, idle.at[i]) + answer(this.names[i]!, n);
      from = idle.end[i]!;
    }
    return out + idle.text.slice(from);
  }

  private idleList(): { text: string; at: number[]; end: number[] } {
    const parts = this.names.map((name) => answer(name, 0));
    const at: number[] = [];
    const end: number[] = [];
    let pos = 0;
    for (const p of parts) {
      at.push(pos);
      end.push((pos += p.length));
      pos += SEPARATOR.length;
    }
    return { text: parts.join(SEPARATOR), at, end };
  }
}

const SEPARATOR = ', ';
/** A node's answer to the health check as the note words it. */
const answer = (name: string, localEndpoints: number) => `${name} ${healthStatus(localEndpoints)} (localEndpoints ${localEndpoints})`;

/**
 * The health check an ETP Local listener's SLB runs on every node's healthCheckNodePort (what
 * kube-proxy answers: 200 with local ready endpoints, else 503): the ready endpoint count of the
 * nodes that have any; every other node answers 503.
 */
export interface HealthCheck {
  nodes: NodeList;
  readyByNode: ReadonlyMap<string, number>;
  /** The note's list of every node's answer, made once. */
  text?: string;
}

export function healthResults(h: HealthCheck): string {
  return (h.text ??= h.nodes.healthList(h.readyByNode));
}

/** A listener's backend servers, offered to the walk as equally likely choices. */
export abstract class BackendGroup implements LazyChoices {
  private shown: ChoiceOption[] | undefined;

  constructor(
    private readonly proto: string,
    readonly length: number,
    /** Set for ETP Local with a healthCheckNodePort: how the backends were picked. */
    readonly health?: HealthCheck,
  ) {}

  abstract ip(k: number): number;
  abstract port(k: number): number;
  /** The node behind backend k (an ENI backend's pod's node). */
  abstract node(k: number): string;

  to(k: number): string {
    return addr(this.ip(k), this.port(k), this.proto);
  }

  list(): ChoiceOption[] {
    if (!this.shown) {
      const p = 1 / this.length;
      this.shown = [];
      for (let k = 0; k < this.length; k++) this.shown.push({ to: this.to(k), p, via: this.node(k) });
    }
    return this.shown;
  }
}

/** Nodes at one port (the nodePort, or the service port with the LB IP kept): all of them, or those `members` lists. */
export class NodeBackends extends BackendGroup {
  constructor(
    proto: string,
    private readonly nodes: NodeList,
    private readonly at: number,
    /** Indexes into `nodes`, in order; absent: every node. */
    private readonly members?: readonly number[],
    health?: HealthCheck,
  ) {
    super(proto, members ? members.length : nodes.ips.length, health);
  }

  private index(k: number): number {
    return this.members ? this.members[k]! : k;
  }
  ip(k: number): number {
    return this.nodes.ips[this.index(k)]!;
  }
  port(): number {
    return this.at;
  }
  node(k: number): string {
    return this.nodes.names[this.index(k)]!;
  }
}

/** Pod IPs straight from the SLB (`eni` backends): the service port's ready endpoints. */
export class PodBackends extends BackendGroup {
  constructor(
    proto: string,
    private readonly endpoints: readonly EndpointInfo[],
  ) {
    super(proto, endpoints.length);
  }

  ip(k: number): number {
    return this.endpoints[k]!.ip;
  }
  port(k: number): number {
    return this.endpoints[k]!.port;
  }
  node(k: number): string {
    return this.endpoints[k]!.node;
  }
}
