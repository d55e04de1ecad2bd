/**
 * Parse and validate a topology document (format v1, docs/topology-format.md).
 *
 * Validation runs in passes so that one mistake does not hide the others:
 * 1. shape: every section and every list element is checked on its own (zod), so a bad
 *    pod does not stop the nodes from being checked;
 * 2. meaning: names, references, mode combinations, addresses and ranges, over the
 *    elements that passed (1);
 * 3. IPAM (ipam.ts) fills what the document left out.
 * Every problem carries a path and says what to change. Nothing here throws.
 */
import * as z from 'zod/mini';
import type { core } from 'zod';
import {
  API_VERSION,
  type CniMode,
  type CniPlugin,
  type ParseResult,
  type Problem,
  type Topology,
  CNI_MODES,
} from './topology';
import { cidrSaid, ipv4Said } from './address-text';
import { PROBLEMS, part, problem, said, type ProblemKey, type Said } from './problem-text';
import { fillReason } from './reason';
import { formatSize, MAX_DEPTH, MAX_DOCUMENT_SIZE, MAX_VALUES } from './limits';
import type { Reason } from './trace';
import { cidrContains, cidrLast, cidrsOverlap, cidrWithin, intToIp, ipToInt, parseCidr, type ParsedCidr } from './cidr';
import {
  AddressBook,
  DEFAULT_ENI_MAX_IPS,
  assignClusterIPs,
  assignEnis,
  assignLoadBalancerIPs,
  assignNodeBlocks,
  assignNodePorts,
  assignPodAddresses,
  eniCapacity,
  flannelGateway,
  NODE_PORT_RANGE,
  vswitchRange,
  type IpamContext,
} from './ipam';

// ---- vocabulary -------------------------------------------------------------------

export { CNI_MODES };

/**
 * Pod network MTU when `cni.mtu` is left out: the node MTU less the encapsulation header
 * (VXLAN 50 bytes, IP-in-IP 20); routed modes need none.
 */
export function defaultPodMtu(plugin: CniPlugin, mode: CniMode): number {
  if (mode === 'vxlan') return 1450;
  if (plugin === 'calico' && mode === 'ipip') return 1480;
  return 1500;
}

/** Service range when the document leaves cluster.serviceCIDR out: kubeadm's default. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
const LAYOUT_KINDS = ['node', 'pod', 'service', 'loadBalancer', 'external', 'router'] as const;

// ---- schemas (shape only; meaning is checked afterwards) -------------------------
// zod/mini: wrappers and checks are functions (z.optional(s), z._default(s, v),
// s.check(z.minimum(n))), so the bundle keeps only what is used. No zod locale is loaded:
// messages come from the checks here or are built from the issue code in issueProblems
// (the codes it passes through worded by zod, such as invalid_union, cannot arise from
// these schemas).

function text<T extends z.ZodMiniString>(s: T, judge: (v: string) => Said | undefined) {
  return s.check(
    z.superRefine((v: string, ctx) => {
      const m = judge(v);
      // The data rides in params, so issueProblems can hand it on with the English message.
      if (m) ctx.addIssue({ code: 'custom', message: m.message, params: { why: m.why } });
    }),
  );
}

/** `text` whose problem is one key with the value as `value`. */
const textOr = (ok: (v: string) => boolean, key: ProblemKey) => (v: string) => (ok(v) ? undefined : said(key, { value: v }));

/** A whole number from min to max (inclusive). */
const whole = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
/** A list the document may leave out: each parse gets a fresh empty one. */
const list = <T extends core.SomeType>(element: T) => z._default(z.array(element), () => []);

const ipv4 = text(z.string(), ipv4Said);
const cidr = text(z.string(), cidrSaid);
const port = whole(1, 65535);
const protocol = z.enum(['TCP', 'UDP', 'SCTP']);
const named = (re: RegExp, what: ProblemKey, max: number) =>
  text(z.string(), (v) => {
    if (v.length === 0) return said('p_nameEmpty', { what: part(what) });
    if (v.length > max) return said('p_nameTooLong', { value: v, max });
    if (!re.test(v)) return said('p_nameInvalid', { value: v, what: part(what), rule: part(re === DNS_1035_LABEL ? 'p_ruleDns1035' : re === DNS_SUBDOMAIN ? 'p_ruleSubdomain' : 'p_ruleDnsLabel') });
    return undefined;
  });
const objectName = named(DNS_SUBDOMAIN, 'p_whatName', 253);
/** A named port (Kubernetes IANA_SVC_NAME): at most 15, at least one letter, no '--'. */
const IANA_SVC_NAME = /^(?!.*--)(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const portNameSaid = (v: string): Said | undefined => {
  if (v.length === 0) return said('p_nameEmpty', { what: part('p_whatPortName') });
  if (v.length > 15) return said('p_nameTooLong', { value: v, max: 15 });
  if (!IANA_SVC_NAME.test(v)) return said('p_nameInvalid', { value: v, what: part('p_whatPortName'), rule: part('p_ruleIanaSvcName') });
  return undefined;
};
const containerPortName = text(z.string(), portNameSaid);
/** A service targetPort: a port number, or the name of a container port (resolved per pod). */
const targetPort = z.custom<number | string>(() => true).check(
  z.superRefine((v: unknown, ctx) => {
    let m: Said | undefined;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) m = said('p_expected', { expected: part('p_expInt'), got: described(v) });
      else if (v < 1) m = said('p_atLeast', { min: '1', got: described(v) });
      else if (v > 65535) m = said('p_atMost', { max: '65535', got: described(v) });
    } else if (typeof v === 'string') {
      m = /^\d+$/.test(v) ? said('p_expectedUnquote', { expected: part('p_expInt'), got: described(v), value: v }) : portNameSaid(v);
    } else m = said('p_expected', { expected: part('p_expPortOrName'), got: described(v) });
    if (m) ctx.addIssue({ code: 'custom', message: m.message, params: { why: m.why } });
  }),
);
const namespace = named(DNS_LABEL, 'p_whatNamespace', 63);
/** Labels (and selectors) the document may leave out: each parse gets a fresh empty mapping. */
const labels = z._default(z.record(z.string(), z.string()), () => ({}));

const MetadataSchema = z.strictObject({
  name: text(z.string(), textOr((v) => /^[a-z0-9-]+$/.test(v), 'p_metadataName')),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
});

const CniSchema = z.strictObject({
  plugin: z.enum(['flannel', 'calico', 'terway']),
  mode: z.string(),
  version: z.optional(text(z.string(), textOr((v) => /^v?\d+(\.\d+){0,2}$/.test(v), 'p_cniVersion'))),
  mtu: z.optional(whole(576, 9216)),
  ipMasq: z._default(z.boolean(), true),
  bgp: z.optional(z.strictObject({ peering: z._default(z.enum(['tor', 'mesh']), 'mesh') })),
});

const KubeProxySchema = z.strictObject({
  mode: z._default(z.enum(['iptables', 'ipvs', 'ebpf']), 'iptables'),
  masqueradeAll: z._default(z.boolean(), false),
  version: z.optional(text(z.string(), textOr((v) => /^v?1\.\d{1,2}(\.\d+)?$/.test(v), 'p_k8sVersion'))),
});

const VpcSchema = z.strictObject({
  cidr,
  vswitches: list(z.strictObject({ name: objectName, cidr })),
  deletedRoutes: list(cidr),
});

const ClusterShape = {
  cni: CniSchema,
  kubeProxy: z.prefault(KubeProxySchema, {}),
  podCIDR: z.optional(cidr),
  serviceCIDR: z._default(cidr, DEFAULT_SERVICE_CIDR),
  vpc: VpcSchema,
};

const RouterSchema = z.strictObject({
  name: objectName,
  asn: whole(1, 4294967295),
  nodes: list(z.string()),
  ip: z.optional(ipv4),
});

const KernelSchema = z.strictObject({
  ipForward: z._default(z.boolean(), true),
  rpFilter: z._default(z.enum(['off', 'loose', 'strict']), 'loose'),
  mtu: z._default(whole(576, 9216), 1500),
  bridgeNfCallIptables: z._default(z.boolean(), true),
});

const FilterRuleSchema = z.strictObject({
  chain: z.enum(['INPUT', 'FORWARD', 'OUTPUT']),
  proto: z.optional(z.enum(['tcp', 'udp', 'icmp'])),
  source: z.optional(cidr),
  destination: z.optional(cidr),
  dport: z.optional(port),
  action: z.enum(['DROP', 'REJECT', 'ACCEPT']),
});

const ifname = text(z.string(), textOr((v) => IFNAME.test(v), 'p_ifname'));

const NatRuleSchema = z.strictObject({
  chain: z.enum(['PREROUTING', 'OUTPUT', 'POSTROUTING']),
  proto: z.optional(z.enum(['tcp', 'udp', 'icmp'])),
  source: z.optional(cidr),
  destination: z.optional(cidr),
  outInterface: z.optional(ifname),
  dport: z.optional(port),
  action: z.enum(['MASQUERADE', 'SNAT', 'DNAT', 'RETURN']),
  to: z.optional(text(z.string(), textOr((v) => /^\d+\.\d+\.\d+\.\d+(:\d{1,5})?$/.test(v) && !ipv4Said(v.split(':')[0]!), 'p_natTo'))),
});

const NodeSchema = z.strictObject({
  name: objectName,
  ip: ipv4,
  secondaryIPs: list(ipv4),
  interfaces: list(z.strictObject({ name: ifname, ip: ipv4, up: z._default(z.boolean(), true) })),
  routes: list(z.strictObject({ dst: cidr, via: z.optional(ipv4), dev: z.optional(ifname) })),
  deletedRoutes: list(cidr),
  linksDown: list(ifname),
  nat: list(NatRuleSchema),
  podCIDR: z.optional(cidr),
  enis: list(
    z.strictObject({
      name: text(z.string(), textOr((v) => IFNAME.test(v), 'p_ifname')),
      mac: z.optional(text(z.string(), textOr((v) => MAC.test(v), 'p_mac'))),
      maxIPs: z._default(whole(1, 1000), DEFAULT_ENI_MAX_IPS),
    }),
  ),
  kernel: z.prefault(KernelSchema, {}),
  filter: list(FilterRuleSchema),
});

const PodSchema = z.strictObject({
  name: objectName,
  namespace: z._default(namespace, 'default'),
  node: z.string(),
  ip: z.optional(ipv4),
  eni: z.optional(z.string()),
  labels,
  ready: z._default(z.boolean(), true),
  terminating: z._default(z.boolean(), false),
  hostNetwork: z._default(z.boolean(), false),
  ports: list(z.strictObject({ name: z.optional(containerPortName), containerPort: port, protocol: z._default(protocol, 'TCP') })),
});

const ServicePortSchema = z.strictObject({
  name: z.optional(named(DNS_LABEL, 'p_whatPortName', 63)),
  port,
  targetPort: z.optional(targetPort),
  nodePort: z.optional(z.number().check(z.int())),
  protocol: z._default(protocol, 'TCP'),
});

const ServiceSchema = z.strictObject({
  name: named(DNS_1035_LABEL, 'p_whatServiceName', 63),
  namespace: z._default(namespace, 'default'),
  type: z._default(z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']), 'ClusterIP'),
  clusterIP: z.optional(ipv4),
  externalIPs: list(ipv4),
  selector: labels,
  ports: z.array(ServicePortSchema).check(z.minLength(1)),
  externalTrafficPolicy: z._default(z.enum(['Cluster', 'Local']), 'Cluster'),
  internalTrafficPolicy: z._default(z.enum(['Cluster', 'Local']), 'Cluster'),
  sessionAffinity: z._default(z.enum(['None', 'ClientIP']), 'None'),
  loadBalancerSourceRanges: list(cidr),
  loadBalancer: z.optional(z.string()),
  healthCheckNodePort: z.optional(z.number().check(z.int())),
  allocateLoadBalancerNodePorts: z.optional(z.boolean()),
});

const LoadBalancerSchema = z.strictObject({
  name: objectName,
  ip: z.optional(ipv4),
  backend: z._default(z.enum(['nodeport', 'vip', 'eni']), 'nodeport'),
  preserveClientIP: z._default(z.boolean(), true),
});

const ExternalSchema = z.strictObject({
  name: objectName,
  ip: ipv4,
  network: z._default(z.enum(['internet', 'vpc']), 'internet'),
});

const SelectorSchema = z.strictObject({ matchLabels: labels });
const PeerSchema = z.strictObject({
  podSelector: z.optional(SelectorSchema),
  namespaceSelector: z.optional(SelectorSchema),
  ipBlock: z.optional(z.strictObject({ cidr, except: list(cidr) })),
});
const PolicyPortsSchema = list(z.strictObject({ protocol: z._default(protocol, 'TCP'), port: z.optional(port) }));
const NetworkPolicySchema = z.strictObject({
  name: objectName,
  namespace: z._default(namespace, 'default'),
  podSelector: z.prefault(SelectorSchema, {}),
  policyTypes: z.optional(z.array(z.enum(['Ingress', 'Egress']))),
  ingress: list(z.strictObject({ from: list(PeerSchema), ports: PolicyPortsSchema })),
  egress: list(z.strictObject({ to: list(PeerSchema), ports: PolicyPortsSchema })),
});
const NamespaceSchema = z.strictObject({ name: namespace, labels });
const IngressSchema = z.strictObject({
  name: objectName,
  namespace: z._default(namespace, 'default'),
  ingressClassName: z.optional(z.string()),
  rules: z
    .array(
      z.strictObject({
        host: z.optional(text(z.string(), textOr((v) => /^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v), 'p_host'))),
        paths: z
          .array(
            z.strictObject({
              path: z._default(text(z.string(), textOr((v) => v.startsWith('/'), 'p_httpPath')), '/'),
              pathType: z._default(z.enum(['Prefix', 'Exact']), 'Prefix'),
              backend: z.strictObject({ service: z.string(), port }),
            }),
          )
          .check(z.minLength(1)),
      }),
    )
    .check(z.minLength(1)),
});
const IngressClassSchema = z.strictObject({ name: objectName, controllerService: text(z.string(), textOr((v) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(v), 'p_controllerService')) });

const LayoutSchema = z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() }));

type CniDraft = z.output<typeof CniSchema>;
type RouterDraft = z.output<typeof RouterSchema>;
type NodeDraft = z.output<typeof NodeSchema>;
type PodDraft = z.output<typeof PodSchema>;
type ServiceDraft = z.output<typeof ServiceSchema>;
type LoadBalancerDraft = z.output<typeof LoadBalancerSchema>;
type ExternalDraft = z.output<typeof ExternalSchema>;

const TOP_LEVEL = ['apiVersion', 'kind', 'metadata', 'cluster', 'routers', 'nodes', 'pods', 'services', 'loadBalancers', 'externals', 'namespaces', 'networkPolicies', 'ingresses', 'ingressClasses', 'layout'];

// ---- problems ---------------------------------------------------------------------

class Report {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  // A problem is always said through problem-text.ts, so the UI can word it in the reader's language.
  error(path: string, m: Said): void {
    this.problems.push({ path, ...m });
  }
  warn(path: string, m: Said): void {
    this.warnings.push({ path, ...m });
  }
}

/** ['pods', 3, 'ip'] → "pods[3].ip"; keys that are not identifiers are quoted: labels["app.kubernetes.io/name"]. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** The known word closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const k of known) {
    const d = levenshtein(w, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

function unknownField(key: string, known: readonly string[]): Said {
  const guess = closest(key, known);
  return guess ? said('p_unknownFieldGuess', { key, guess }) : said('p_unknownField', { key, known: known.join(', ') });
}

/** A value as a problem message names it (`a number`, `null`, …). */
export function describe(v: unknown): string {
  return fillReason(described(v), PROBLEMS) ?? '';
}

/** `describe` as data, to nest in a problem. */
export function described(v: unknown): Reason {
  if (v === undefined) return part('p_descNothing');
  if (v === null) return part('p_descNull');
  if (Array.isArray(v)) return part('p_descList');
  if (typeof v === 'object') return part('p_descMapping');
  if (typeof v === 'string') return part('p_descText', { text: v.length > 40 ? `${v.slice(0, 40)}…` : v });
  if (typeof v === 'number') return part('p_descNumber', { value: String(v) });
  if (typeof v === 'boolean') return part('p_descBoolean', { value: String(v) });
  return part('p_descValue', { type: typeof v, value: String(v) });
}

const EXPECTED: Record<string, ProblemKey> = {
  string: 'p_expText',
  number: 'p_expNumber',
  int: 'p_expInt',
  boolean: 'p_expBoolean',
  object: 'p_expMapping',
  array: 'p_expList',
  record: 'p_expMapping',
};

type AnySchema = core.$ZodType;

/** The schema that judges `path` inside `schema`, unwrapping optional/default wrappers. */
function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = schema;
  let i = 0;
  while (s) {
    const def = s._zod.def as unknown as { type: string; innerType?: AnySchema; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema; in?: AnySchema };
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      s = def.innerType;
      continue;
    }
    if (def.type === 'pipe' && def.in) {
      s = def.in;
      continue;
    }
    if (i === path.length) return s;
    const seg = path[i++];
    if (def.type === 'object' && def.shape) s = def.shape[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return undefined;
  }
  return undefined;
}

function knownKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  const def = s?._zod.def as { shape?: Record<string, unknown> } | undefined;
  return def?.shape ? Object.keys(def.shape) : [];
}

function issueProblems(issue: core.$ZodIssue, schema: AnySchema, base: string): Problem[] {
  const at = (segs: readonly PropertyKey[]) => {
    const p = formatPath(segs);
    if (!base) return p;
    if (!p) return base;
    return p.startsWith('[') ? base + p : `${base}.${p}`;
  };
  const path = at(issue.path);
  const input = (issue as { input?: unknown }).input;
  const field = String(issue.path[issue.path.length - 1] ?? base);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, issue.path);
      return issue.keys.map((k) => ({ path: at([...issue.path, k]), ...unknownField(k, known) }));
    }
    case 'invalid_type': {
      const key = EXPECTED[issue.expected];
      const expected = key ? part(key) : part('p_expOther', { type: issue.expected });
      if (input === undefined) return [problem(path, 'p_required', { field })];
      const unquoted = typeof input === 'string' && (issue.expected === 'number' || issue.expected === 'int') && /^-?\d+(\.\d+)?$/.test(input) ? input : typeof input === 'string' && issue.expected === 'boolean' && /^(true|false)$/i.test(input) ? input.toLowerCase() : undefined;
      if (unquoted !== undefined) return [problem(path, 'p_expectedUnquote', { expected, got: described(input), value: unquoted })];
      return [problem(path, 'p_expected', { expected, got: described(input) })];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length === 1) return [problem(path, 'p_mustBe', { value: values[0]!, got: described(input) })];
      const guess = typeof input === 'string' ? closest(input, values) : undefined;
      return [guess ? problem(path, 'p_notOneOfGuess', { got: described(input), values: values.join(', '), guess }) : problem(path, 'p_notOneOf', { got: described(input), values: values.join(', ') })];
    }
    case 'too_small':
      if (issue.origin === 'array') return [problem(path, Number(issue.minimum) === 1 ? 'p_atLeastEntry' : 'p_atLeastEntries', { min: String(issue.minimum) })];
      return [problem(path, 'p_atLeast', { min: String(issue.minimum), got: described(input) })];
    case 'too_big':
      return [problem(path, 'p_atMost', { max: String(issue.maximum), got: described(input) })];
    case 'custom': {
      // text() puts the problem's data in params.
      const why = (issue.params as { why?: Reason } | undefined)?.why;
      return [why ? { path, message: issue.message, why } : { path, message: issue.message }];
    }
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    case 'invalid_format':
      return [{ path, message: issue.message }];
  }
}

function parseWith<S extends AnySchema>(report: Report, schema: S, value: unknown, base: string): core.output<S> | undefined {
  const r = z.safeParse(schema, value, { reportInput: true });
  if (r.success) return r.data;
  for (const issue of r.error.issues) report.problems.push(...issueProblems(issue, schema, base));
  return undefined;
}

/** Element-by-element parse of a list section: an invalid element leaves a hole, not a failed section. */
function parseList<S extends AnySchema>(report: Report, schema: S, value: unknown, base: string): (core.output<S> | undefined)[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(base, said('p_expected', { expected: part('p_expList'), got: described(value) }));
    return [];
  }
  return value.map((v, i) => parseWith(report, schema, v, `${base}[${i}]`));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why normalize stopped: the value is too deep, too big or contains itself. */
class Unreadable {
  constructor(
    readonly path: string,
    readonly said: Said,
  ) {}
}

/**
 * A deep copy with keys whose value is null dropped (YAML writes an empty field as null;
 * Kubernetes treats null as absent). Copies own enumerable keys only, with defineProperty,
 * so a "__proto__" key stays an ordinary (unknown) field. Bounded, since the value may come
 * from anywhere (a postMessage can carry shared and circular objects): nesting deeper than
 * MAX_DEPTH, more than MAX_VALUES values, or a value inside itself throws Unreadable.
 */
function normalize(input: unknown): unknown {
  const open = new Set<object>();
  const at: PropertyKey[] = [];
  let budget = MAX_VALUES;
  const copy = (v: unknown): unknown => {
    if (--budget < 0) throw new Unreadable(formatPath(at), said('p_tooManyValues', { max: MAX_VALUES }));
    if (typeof v !== 'object' || v === null) return v;
    if (open.has(v)) throw new Unreadable(formatPath(at), said('p_circular'));
    if (at.length >= MAX_DEPTH) throw new Unreadable(formatPath(at), said('p_tooDeep', { max: MAX_DEPTH }));
    open.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      const list: unknown[] = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        at.push(i);
        list[i] = copy(v[i]);
        at.pop();
      }
      out = list;
    } else if (isRecord(v)) {
      const map: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        if (v[k] === null) continue;
        at.push(k);
        // NOTE: defineProperty only where assignment would set the prototype instead (it is slow).
        if (k === '__proto__') Object.defineProperty(map, k, { value: copy(v[k]), enumerable: true, writable: true, configurable: true });
        else map[k] = copy(v[k]);
        at.pop();
      }
      out = map;
    }
    open.delete(v);
    return out;
  };
  return copy(input);
}

function namesIn(raw: unknown): Set<string> {
  const names = new Set<string>();
  if (Array.isArray(raw)) for (const e of raw) if (isRecord(e) && typeof e.name === 'string') names.add(e.name);
  return names;
}

function checkLabels(report: Report, l: Record<string, string>, base: string): void {
  for (const [k, v] of Object.entries(l)) {
    const key = formatPath([k]);
    const path = key.startsWith('[') ? base + key : `${base}.${key}`;
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) report.error(path, said('p_labelPrefix', { key: k, prefix }));
    else if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) report.error(path, said('p_labelKey', { key: k }));
    if (v.length > 63 || (v.length > 0 && !LABEL_NAME.test(v))) report.error(path, said('p_labelValue', { value: v }));
  }
}

// ---- entry points -------------------------------------------------------------------

/** Validates an already-parsed value (e.g. from JSON.parse or a URL), fills defaults and runs IPAM. */
export function validateTopology(raw: unknown): ParseResult {
  try {
    return validate(raw);
  } catch (e) {
    return internalError(e);
  }
}

/** A result with one problem. */
export function fail(path: string, m: Said): ParseResult {
  return { ok: false, problems: [{ path, ...m }] };
}

/** The problem with a text of `size` characters (or a file of `size` bytes) over MAX_DOCUMENT_SIZE, if it is. */
export function documentTooLarge(size: number): ParseResult | undefined {
  return size > MAX_DOCUMENT_SIZE ? fail('', said('p_tooLarge', { size: formatSize(size), max: formatSize(MAX_DOCUMENT_SIZE) })) : undefined;
}

/** The result when the validator itself failed (a bug). */
export function internalError(e: unknown): ParseResult {
  return fail('', said('p_internal', { error: e instanceof Error ? e.message : String(e) }));
}

// ---- the passes ---------------------------------------------------------------------

interface Cluster {
  cni?: CniDraft;
  kubeProxy?: z.output<typeof KubeProxySchema>;
  podCIDR?: string;
  serviceCIDR?: string;
  vpc?: z.output<typeof VpcSchema>;
  /** The podCIDR key itself failed to parse (so "required" would be a duplicate problem). */
  podCIDRBroken: boolean;
}

function validate(input: unknown): ParseResult {
  const report = new Report();
  let raw: unknown;
  try {
    raw = normalize(input);
  } catch (e) {
    if (e instanceof Unreadable) return fail(e.path, e.said);
    throw e;
  }
  if (!isRecord(raw)) {
    return fail('', said('p_notDocument', { got: described(raw) }));
  }
  for (const k of Object.keys(raw)) if (!TOP_LEVEL.includes(k)) report.error(formatPath([k]), unknownField(k, TOP_LEVEL));

  if (raw.apiVersion === undefined) report.error('apiVersion', said('p_apiVersionMissing', { version: API_VERSION }));
  else if (raw.apiVersion !== API_VERSION) {
    const v = raw.apiVersion;
    const future = typeof v === 'string' && /^hopscope\/v\d+/.test(v);
    report.error('apiVersion', future ? said('p_apiVersionFuture', { value: v, version: API_VERSION }) : said('p_apiVersionBad', { got: described(v), version: API_VERSION }));
  }
  if (raw.kind === undefined) report.error('kind', said('p_kindMissing'));
  else if (raw.kind !== 'Topology') report.error('kind', said('p_mustBe', { value: 'Topology', got: described(raw.kind) }));

  const metadata = raw.metadata === undefined ? (report.error('metadata', said('p_metadataMissing')), undefined) : parseWith(report, MetadataSchema, raw.metadata, 'metadata');
  const cluster = parseCluster(report, raw.cluster);
  const routers = parseList(report, RouterSchema, raw.routers, 'routers');
  const nodes = parseList(report, NodeSchema, raw.nodes, 'nodes');
  const pods = parseList(report, PodSchema, raw.pods, 'pods');
  const services = parseList(report, ServiceSchema, raw.services, 'services');
  const loadBalancers = parseList(report, LoadBalancerSchema, raw.loadBalancers, 'loadBalancers');
  const externals = parseList(report, ExternalSchema, raw.externals, 'externals');
  const layout = raw.layout === undefined ? undefined : parseWith(report, LayoutSchema, raw.layout, 'layout');
  const extras: Extras = {
    namespaces: parseList(report, NamespaceSchema, raw.namespaces, 'namespaces'),
    networkPolicies: parseList(report, NetworkPolicySchema, raw.networkPolicies, 'networkPolicies'),
    ingresses: parseList(report, IngressSchema, raw.ingresses, 'ingresses'),
    ingressClasses: parseList(report, IngressClassSchema, raw.ingressClasses, 'ingressClasses'),
  };
  checkExtras(report, extras, services, nodes);

  // Names a reference may resolve to, including elements that failed to parse, so one bad
  // node does not also produce "unknown node" for each of its pods.
  const nodeNames = namesIn(raw.nodes);
  const lbNames = namesIn(raw.loadBalancers);

  const plugin = cluster.cni?.plugin;
  const mode = cluster.cni && plugin && (CNI_MODES[plugin] as readonly string[]).includes(cluster.cni.mode) ? (cluster.cni.mode as CniMode) : undefined;

  checkCluster(report, cluster, plugin, mode, routers.length > 0 || (Array.isArray(raw.routers) && raw.routers.length > 0));
  checkNames(report, routers, nodes, pods, services, loadBalancers, externals);
  checkRouters(report, routers, nodes, nodeNames, cluster, mode);
  checkNodes(report, nodes, plugin, mode, cluster.kubeProxy?.mode);
  // nodes that is not a list was reported once; its pods' node names cannot be checked against it.
  checkPods(report, pods, nodes, raw.nodes === undefined || Array.isArray(raw.nodes) ? nodeNames : undefined, plugin);
  checkServices(report, services, lbNames);
  checkLoadBalancers(report, loadBalancers, services, plugin);
  if (layout) checkLayout(report, layout, { node: nodes, pod: pods, service: services, loadBalancer: loadBalancers, external: externals, router: routers });

  // Addresses: claim every stated one (duplicates are errors), check each sits where it belongs,
  // then let IPAM fill the rest.
  const book = new AddressBook();
  const ctx: IpamContext = { book, error: (p, m) => report.error(p, m) };
  claimAddresses(report, book, cluster, nodes, pods, services, loadBalancers, externals, routers);
  checkNodeBlocks(report, cluster, plugin, nodes);

  const clusterPod = cluster.podCIDR ? parseCidr(cluster.podCIDR) : undefined;
  if ((plugin === 'flannel' || plugin === 'calico') && clusterPod && !report.problems.some((p) => /^nodes\[\d+\]\.podCIDR$/.test(p.path))) {
    assignNodeBlocks(ctx, plugin, clusterPod, nodes, pods);
  }
  checkPodAddresses(report, cluster, plugin, nodes, pods);
  if (plugin) {
    const vswitches = (cluster.vpc?.vswitches ?? []).map((v) => ({ name: v.name, cidr: parseCidr(v.cidr) as ParsedCidr }));
    assignPodAddresses(ctx, plugin, vswitches, nodes, pods);
    if (plugin === 'terway' && mode) {
      checkEniCapacity(report, mode, nodes, pods);
      assignEnis(ctx, mode, nodes, pods);
    }
  }
  const serviceCidr = cluster.serviceCIDR ? parseCidr(cluster.serviceCIDR) : undefined;
  if (serviceCidr) assignClusterIPs(ctx, serviceCidr, services);
  assignNodePorts(ctx, services);
  assignLoadBalancerIPs(ctx, loadBalancers);
  assignMacs(nodes);

  if (report.problems.length > 0) return { ok: false, problems: report.problems };
  return finish(report, metadata, cluster, routers, nodes, pods, services, loadBalancers, externals, layout, extras);
}

interface Extras {
  namespaces: (z.output<typeof NamespaceSchema> | undefined)[];
  networkPolicies: (z.output<typeof NetworkPolicySchema> | undefined)[];
  ingresses: (z.output<typeof IngressSchema> | undefined)[];
  ingressClasses: (z.output<typeof IngressClassSchema> | undefined)[];
}

/** Namespaces, NetworkPolicies, Ingresses and the faults on nodes: names unique, references resolve. */
function checkExtras(report: Report, x: Extras, services: (ServiceDraft | undefined)[], nodes: (NodeDraft | undefined)[]): void {
  checkUnique(report, x.namespaces, (n) => n?.name, (i) => `namespaces[${i}].name`, (k, first) => said('p_dupNamespace', { name: k, first }));
  checkUnique(report, x.networkPolicies, (n) => n && `${n.namespace}/${n.name}`, (i) => `networkPolicies[${i}].name`, (k, first) => said('p_dupNetworkPolicy', { name: k, first }));
  checkUnique(report, x.ingresses, (n) => n && `${n.namespace}/${n.name}`, (i) => `ingresses[${i}].name`, (k, first) => said('p_dupIngress', { name: k, first }));
  checkUnique(report, x.ingressClasses, (n) => n?.name, (i) => `ingressClasses[${i}].name`, (k, first) => said('p_dupIngressClass', { name: k, first }));
  x.networkPolicies.forEach((np, i) => {
    if (!np) return;
    checkLabels(report, np.podSelector.matchLabels, `networkPolicies[${i}].podSelector.matchLabels`);
  });
  const svcs = new Map(services.filter((s): s is ServiceDraft => !!s).map((s) => [`${s.namespace}/${s.name}`, s]));
  const classes = x.ingressClasses.filter((c): c is NonNullable<typeof c> => !!c);
  x.ingressClasses.forEach((c, i) => {
    if (c && !svcs.has(c.controllerService)) report.error(`ingressClasses[${i}].controllerService`, said('p_noControllerService', { service: c.controllerService }));
  });
  x.ingresses.forEach((ing, i) => {
    if (!ing) return;
    if (ing.ingressClassName !== undefined && !classes.some((c) => c.name === ing.ingressClassName)) {
      report.error(`ingresses[${i}].ingressClassName`, classes.length ? said('p_noIngressClassUse', { name: ing.ingressClassName, classes: classes.map((c) => c.name).join(', ') }) : said('p_noIngressClass', { name: ing.ingressClassName }));
    }
    if (ing.ingressClassName === undefined && classes.length !== 1) {
      report.error(`ingresses[${i}].ingressClassName`, classes.length === 0 ? said('p_ingressNoController') : said('p_ingressClassAmbiguous'));
    }
    ing.rules.forEach((r, j) =>
      r.paths.forEach((p, k) => {
        const svc = svcs.get(`${ing.namespace}/${p.backend.service}`);
        const at = `ingresses[${i}].rules[${j}].paths[${k}].backend`;
        if (!svc) report.error(`${at}.service`, said('p_noBackendService', { service: p.backend.service, namespace: ing.namespace }));
        else if (!svc.ports.some((sp) => sp.port === p.backend.port)) report.error(`${at}.port`, said('p_noBackendPort', { service: p.backend.service, port: p.backend.port, ports: svc.ports.map((sp) => sp.port).join(', ') }));
      }),
    );
  });
  nodes.forEach((n, i) => {
    if (!n) return;
    const devs = ['eth0', ...n.interfaces.map((f) => f.name), ...n.enis.map((e) => e.name)];
    checkUnique(report, n.interfaces, (f) => f.name, (j) => `nodes[${i}].interfaces[${j}].name`, (k) => said('p_dupInterface', { name: k }));
    n.interfaces.forEach((f, j) => {
      if (f.name === 'eth0') report.error(`nodes[${i}].interfaces[${j}].name`, said('p_interfaceEth0'));
    });
    n.routes.forEach((r, j) => {
      if (r.via === undefined && r.dev === undefined) report.error(`nodes[${i}].routes[${j}]`, said('p_routeNoHop'));
    });
    n.nat.forEach((r, j) => {
      if ((r.action === 'SNAT' || r.action === 'DNAT') && !r.to) report.error(`nodes[${i}].nat[${j}].to`, said(r.action === 'SNAT' ? 'p_snatNeedsTo' : 'p_dnatNeedsTo'));
      if (r.dport !== undefined && r.proto !== 'tcp' && r.proto !== 'udp') report.error(`nodes[${i}].nat[${j}].dport`, said('p_natDportProto'));
      if (r.outInterface !== undefined && r.chain !== 'POSTROUTING') report.error(`nodes[${i}].nat[${j}].outInterface`, said('p_outInterfaceChain'));
    });
    void devs;
  });
}

function parseCluster(report: Report, value: unknown): Cluster {
  const out: Cluster = { podCIDRBroken: false };
  if (value === undefined) {
    report.error('cluster', said('p_clusterMissing'));
    return out;
  }
  if (!isRecord(value)) {
    report.error('cluster', said('p_expected', { expected: part('p_expMapping'), got: described(value) }));
    return out;
  }
  const known = Object.keys(ClusterShape);
  for (const k of Object.keys(value)) if (!known.includes(k)) report.error(`cluster${formatPath([k]).startsWith('[') ? '' : '.'}${formatPath([k])}`, unknownField(k, known));
  out.cni = value.cni === undefined ? (report.error('cluster.cni', said('p_cniMissing')), undefined) : parseWith(report, ClusterShape.cni, value.cni, 'cluster.cni');
  out.kubeProxy = parseWith(report, ClusterShape.kubeProxy, value.kubeProxy, 'cluster.kubeProxy');
  const before = report.problems.length;
  out.podCIDR = parseWith(report, ClusterShape.podCIDR, value.podCIDR, 'cluster.podCIDR');
  out.podCIDRBroken = report.problems.length > before;
  out.serviceCIDR = parseWith(report, ClusterShape.serviceCIDR, value.serviceCIDR, 'cluster.serviceCIDR');
  out.vpc = value.vpc === undefined ? (report.error('cluster.vpc', said('p_vpcMissing')), undefined) : parseWith(report, ClusterShape.vpc, value.vpc, 'cluster.vpc');
  return out;
}

function checkCluster(report: Report, c: Cluster, plugin: CniPlugin | undefined, mode: CniMode | undefined, hasRouters: boolean): void {
  const cni = c.cni;
  if (cni && plugin && !mode) {
    const owner = (Object.keys(CNI_MODES) as CniPlugin[]).find((p) => (CNI_MODES[p] as readonly string[]).includes(cni.mode));
    const guess = closest(cni.mode, CNI_MODES[plugin]);
    report.error(
      'cluster.cni.mode',
      said(guess ? (owner ? 'p_badModeGuessOwner' : 'p_badModeGuess') : owner ? 'p_badModeOwner' : 'p_badMode', { mode: cni.mode, plugin, modes: CNI_MODES[plugin].join(', '), ...(guess ? { guess } : {}), ...(owner ? { owner } : {}) }),
    );
  }
  if (cni?.bgp && !(plugin === 'calico' && mode === 'bgp')) {
    report.error('cluster.cni.bgp', said(plugin === 'calico' ? 'p_bgpNotBgpMode' : 'p_bgpNotCalico'));
  }
  if (hasRouters && !(plugin === 'calico' && mode === 'bgp' && cni?.bgp?.peering === 'tor')) {
    report.error('routers', said('p_routersNeedTor'));
  }
  if (plugin === 'calico' && mode === 'bgp' && cni?.bgp?.peering === 'tor' && !hasRouters) {
    report.warn('routers', said('p_torNoRouters'));
  }
  if (c.kubeProxy?.mode === 'ebpf' && !(plugin === 'terway' && mode === 'ipvlan-ebpf')) {
    report.error('cluster.kubeProxy.mode', said(plugin === 'terway' ? 'p_noEbpfTerway' : 'p_noEbpf'));
  }
  if (plugin === 'flannel' || plugin === 'calico') {
    if (c.podCIDR === undefined && !c.podCIDRBroken) report.error('cluster.podCIDR', said('p_podCidrNeeded', { plugin }));
  } else if (plugin === 'terway' && c.podCIDR !== undefined) {
    report.error('cluster.podCIDR', said('p_terwayPodCidr'));
  }
  const vswitches = c.vpc?.vswitches ?? [];
  if (plugin === 'terway' && c.vpc && vswitches.length === 0) {
    report.error('cluster.vpc.vswitches', said('p_terwayNoVswitch'));
  }
  const vpc = c.vpc?.cidr;
  const seen = new Map<string, number>();
  vswitches.forEach((v, i) => {
    const path = `cluster.vpc.vswitches[${i}]`;
    const earlier = seen.get(v.name);
    if (earlier !== undefined) report.error(`${path}.name`, said('p_dupVswitch', { name: v.name, first: earlier }));
    else seen.set(v.name, i);
    if (vpc && !cidrWithin(v.cidr, vpc)) report.error(`${path}.cidr`, said('p_vswitchOutsideVpc', { cidr: v.cidr, vpc }));
    const overlap = vswitches.findIndex((o, j) => j < i && cidrsOverlap(o.cidr, v.cidr));
    if (overlap >= 0) report.error(`${path}.cidr`, said('p_vswitchOverlap', { cidr: v.cidr, other: overlap, otherCidr: vswitches[overlap].cidr }));
    if ((parseCidr(v.cidr) as ParsedCidr).bits > 29) report.error(`${path}.cidr`, said('p_vswitchTooSmall', { cidr: v.cidr }));
  });
  const ranges: [string, string | undefined][] = [
    ['cluster.podCIDR', plugin === 'terway' ? undefined : c.podCIDR],
    ['cluster.serviceCIDR', c.serviceCIDR],
    ['cluster.vpc.cidr', vpc],
  ];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [pa, a] = ranges[i];
      const [pb, b] = ranges[j];
      if (a && b && cidrsOverlap(a, b)) report.error(pb, said('p_rangesOverlap', { cidr: b, otherPath: pa, other: a }));
    }
  }
}

type Named = { name: string } | undefined;

function checkUnique<T>(report: Report, list: readonly T[], key: (t: T) => string | undefined, path: (i: number) => string, say: (k: string, first: number) => Said): void {
  const seen = new Map<string, number>();
  list.forEach((t, i) => {
    const k = key(t);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) report.error(path(i), say(k, first));
    else seen.set(k, i);
  });
}

function checkNames(report: Report, routers: Named[], nodes: Named[], pods: (PodDraft | undefined)[], services: (ServiceDraft | undefined)[], lbs: Named[], externals: Named[]): void {
  const simple: [string, Named[], ProblemKey][] = [
    ['routers', routers, 'p_kindRouter'],
    ['nodes', nodes, 'p_kindNode'],
    ['loadBalancers', lbs, 'p_kindLoadBalancer'],
    ['externals', externals, 'p_kindExternal'],
  ];
  for (const [section, list, what] of simple) {
    checkUnique(report, list, (x) => x?.name, (i) => `${section}[${i}].name`, (k, first) => said('p_dupName', { what: part(what), name: k, section, first }));
  }
  for (const [section, list, what] of [
    ['pods', pods, 'p_kindPod'],
    ['services', services, 'p_kindService'],
  ] as const) {
    checkUnique(report, list as readonly ({ name: string; namespace: string } | undefined)[], (x) => (x ? `${x.namespace}/${x.name}` : undefined), (i) => `${section}[${i}].name`, (k, first) => said('p_dupNamespaced', { what: part(what), name: k, section, first }));
  }
}

function checkRouters(report: Report, routers: (RouterDraft | undefined)[], nodes: (NodeDraft | undefined)[], nodeNames: Set<string>, cluster: Cluster, mode: CniMode | undefined): void {
  const peered = new Map<string, string>();
  routers.forEach((r, i) => {
    if (!r) return;
    r.nodes.forEach((n, j) => {
      if (!nodeNames.has(n)) {
        const guess = closest(n, [...nodeNames]);
        report.error(`routers[${i}].nodes[${j}]`, guess ? said('p_noNodeGuess', { name: n, guess }) : said('p_noNodeName', { name: n }));
      } else if (peered.has(n) && peered.get(n) !== r.name) {
        report.error(`routers[${i}].nodes[${j}]`, said('p_nodePeersTwice', { node: n, router: peered.get(n) ?? '' }));
      } else peered.set(n, r.name);
    });
  });
  if (cluster.cni?.plugin === 'calico' && mode === 'bgp' && cluster.cni.bgp?.peering === 'tor' && routers.some(Boolean)) {
    nodes.forEach((n, i) => {
      if (n && !peered.has(n.name)) report.warn(`nodes[${i}]`, said('p_nodeNoRouter', { node: n.name }));
    });
  }
}

/**
 * The interfaces of a node a route or `ip link set … down` may name: eth0, the CNI's own
 * devices, the node's extra interfaces and ENIs. Per-pod devices (veth…, cali…, ipvl_N) have
 * generated names and are accepted as they are.
 */
function nodeDevices(n: NodeDraft, plugin: CniPlugin | undefined, mode: CniMode | undefined, proxy: string | undefined): string[] {
  const cni =
    plugin === 'flannel' ? ['cni0', ...(mode === 'vxlan' ? ['flannel.1'] : [])]
    : plugin === 'calico' ? (mode === 'ipip' ? ['tunl0'] : mode === 'vxlan' ? ['vxlan.calico'] : [])
    : [];
  return ['eth0', ...cni, ...(proxy === 'ipvs' ? ['kube-ipvs0'] : []), ...n.interfaces.map((f) => f.name), ...(plugin === 'terway' ? n.enis.map((e) => e.name) : [])];
}

const POD_DEVICE = /^(veth|cali|ipvl_)/;

function checkNodes(report: Report, nodes: (NodeDraft | undefined)[], plugin: CniPlugin | undefined, mode: CniMode | undefined, proxy: string | undefined): void {
  const macs = new Map<string, string>();
  nodes.forEach((n, i) => {
    if (!n) return;
    // A device that does not exist: `ip route add … dev eth9` and `ip link set eth9 down` fail ("Cannot find device").
    if (plugin && mode) {
      const devices = nodeDevices(n, plugin, mode, proxy);
      const missing = (dev: string, path: string) => {
        if (!devices.includes(dev) && !POD_DEVICE.test(dev)) report.error(path, said('p_noDevice', { node: n.name, dev, devices: devices.join(', ') }));
      };
      n.routes.forEach((r, j) => r.dev !== undefined && missing(r.dev, `nodes[${i}].routes[${j}].dev`));
      n.linksDown.forEach((d, j) => missing(d, `nodes[${i}].linksDown[${j}]`));
    }
    if (n.enis.length > 0 && plugin && plugin !== 'terway') report.error(`nodes[${i}].enis`, said('p_enisTerwayOnly', { plugin, path: `nodes[${i}].enis` }));
    if (n.podCIDR !== undefined && plugin === 'terway') report.error(`nodes[${i}].podCIDR`, said('p_terwayNodeBlock'));
    checkUnique(report, n.enis, (e) => e.name, (j) => `nodes[${i}].enis[${j}].name`, (k, first) => said('p_dupEni', { name: k, path: `nodes[${i}].enis[${first}]` }));
    n.enis.forEach((e, j) => {
      if (e.name === 'eth0') report.error(`nodes[${i}].enis[${j}].name`, said('p_eniEth0'));
      if (e.mac) {
        const mac = e.mac.toLowerCase();
        const other = macs.get(mac);
        if (other) report.error(`nodes[${i}].enis[${j}].mac`, said('p_dupMac', { mac: e.mac, other }));
        else macs.set(mac, `nodes[${i}].enis[${j}]`);
      }
    });
    n.filter.forEach((f, j) => {
      if (f.dport !== undefined && f.proto !== 'tcp' && f.proto !== 'udp') report.error(`nodes[${i}].filter[${j}].dport`, said('p_filterDportProto'));
    });
  });
}

function checkPods(report: Report, pods: (PodDraft | undefined)[], nodes: (NodeDraft | undefined)[], nodeNames: Set<string> | undefined, plugin: CniPlugin | undefined): void {
  pods.forEach((p, i) => {
    if (!p) return;
    if (nodeNames && !nodeNames.has(p.node)) {
      const guess = closest(p.node, [...nodeNames]);
      report.error(`pods[${i}].node`, guess ? said('p_noNodeGuess', { name: p.node, guess }) : nodeNames.size ? said('p_noNodeUse', { name: p.node, nodes: [...nodeNames].slice(0, 5).join(', ') }) : said('p_noNodeAdd', { name: p.node }));
    }
    checkLabels(report, p.labels, `pods[${i}].labels`);
    checkUnique(report, p.ports, (c) => `${c.containerPort}/${c.protocol}`, (j) => `pods[${i}].ports[${j}]`, (k) => said('p_dupContainerPort', { port: k }));
    checkUnique(report, p.ports, (c) => c.name, (j) => `pods[${i}].ports[${j}].name`, (k) => said('p_dupContainerPortName', { name: k }));
    if (p.eni !== undefined) {
      if (plugin && plugin !== 'terway') report.error(`pods[${i}].eni`, said('p_eniTerwayOnly', { plugin }));
      else if (p.hostNetwork) report.error(`pods[${i}].eni`, said('p_eniHostNetwork'));
      else {
        const node = nodes.find((n) => n?.name === p.node);
        if (node && !node.enis.some((e) => e.name === p.eni)) {
          const names = node.enis.map((e) => e.name);
          report.error(`pods[${i}].eni`, names.length ? said('p_noEniUse', { node: node.name, eni: p.eni, enis: names.join(', ') }) : said('p_noEniAdd', { node: node.name, eni: p.eni }));
        }
      }
    }
  });
}

function checkServices(report: Report, services: (ServiceDraft | undefined)[], lbNames: Set<string>): void {
  const nodePorts = new Map<number, { i: number; j: number; protocol: string }>();
  services.forEach((s, i) => {
    if (!s) return;
    const base = `services[${i}]`;
    checkLabels(report, s.selector, `${base}.selector`);
    const external = s.type !== 'ClusterIP';
    if (s.externalTrafficPolicy === 'Local' && !external && s.externalIPs.length === 0) {
      report.warn(`${base}.externalTrafficPolicy`, said('p_etpClusterIP'));
    }
    if (s.loadBalancerSourceRanges.length > 0 && s.type !== 'LoadBalancer') {
      report.warn(`${base}.loadBalancerSourceRanges`, said('p_sourceRangesNoLb'));
    }
    if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer') report.error(`${base}.allocateLoadBalancerNodePorts`, said('p_allocNodePortsLbOnly'));
    if (s.loadBalancer !== undefined) {
      if (s.type !== 'LoadBalancer') report.error(`${base}.loadBalancer`, said('p_lbNeedsType'));
      else if (!lbNames.has(s.loadBalancer)) {
        const guess = closest(s.loadBalancer, [...lbNames]);
        report.error(`${base}.loadBalancer`, guess ? said('p_noLbGuess', { name: s.loadBalancer, guess }) : said('p_noLbAdd', { name: s.loadBalancer }));
      }
    } else if (s.type === 'LoadBalancer') {
      report.warn(`${base}.loadBalancer`, said('p_lbPending'));
    }
    if (s.ports.length > 1) {
      s.ports.forEach((p, j) => {
        if (p.name === undefined) report.error(`${base}.ports[${j}].name`, said('p_portNeedsName'));
      });
    }
    checkUnique(report, s.ports, (p) => p.name, (j) => `${base}.ports[${j}].name`, (k, first) => said('p_dupPortName', { name: k, path: `${base}.ports[${first}]` }));
    checkUnique(report, s.ports, (p) => `${p.port}/${p.protocol}`, (j) => `${base}.ports[${j}].port`, (k, first) => said('p_dupPort', { port: k, path: `${base}.ports[${first}]` }));
    s.ports.forEach((p, j) => {
      const path = `${base}.ports[${j}].nodePort`;
      if (p.nodePort === undefined) return;
      if (!external) {
        report.error(path, said('p_clusterIPNodePort'));
        return;
      }
      if (p.nodePort < NODE_PORT_RANGE.first || p.nodePort > NODE_PORT_RANGE.last) {
        report.error(path, said('p_nodePortRange', { port: p.nodePort, first: NODE_PORT_RANGE.first, last: NODE_PORT_RANGE.last }));
        return;
      }
      const other = nodePorts.get(p.nodePort);
      if (other && !(other.i === i && other.protocol !== p.protocol)) {
        report.error(path, said('p_nodePortTaken', { port: p.nodePort, path: `services[${other.i}].ports[${other.j}]` }));
      } else if (!other) nodePorts.set(p.nodePort, { i, j, protocol: p.protocol });
    });
  });
  // healthCheckNodePort: the API server allows it only on LoadBalancer + externalTrafficPolicy Local,
  // from the nodePort range, and not a port another service (or port) holds.
  services.forEach((s, i) => {
    if (!s || s.healthCheckNodePort === undefined) return;
    const path = `services[${i}].healthCheckNodePort`;
    const hc = s.healthCheckNodePort;
    if (s.type !== 'LoadBalancer' || s.externalTrafficPolicy !== 'Local') report.error(path, said('p_hcNodePortNeedsLocal'));
    else if (hc < NODE_PORT_RANGE.first || hc > NODE_PORT_RANGE.last) report.error(path, said('p_nodePortRange', { port: hc, first: NODE_PORT_RANGE.first, last: NODE_PORT_RANGE.last }));
    else {
      const other = nodePorts.get(hc);
      if (other) report.error(path, said('p_nodePortTaken', { port: hc, path: other.j < 0 ? `services[${other.i}].healthCheckNodePort` : `services[${other.i}].ports[${other.j}]` }));
      else nodePorts.set(hc, { i, j: -1, protocol: 'TCP' });
    }
  });
  // Listeners of a load balancer shared by several services must not collide.
  const listeners = new Map<string, string>();
  services.forEach((s, i) => {
    if (!s || s.type !== 'LoadBalancer' || s.loadBalancer === undefined) return;
    s.ports.forEach((p, j) => {
      const k = `${s.loadBalancer}\u0000${p.port}/${p.protocol}`;
      const other = listeners.get(k);
      if (other) report.error(`services[${i}].ports[${j}].port`, said('p_lbListener', { lb: s.loadBalancer ?? '', port: `${p.port}/${p.protocol}`, other }));
      else listeners.set(k, `services[${i}]`);
    });
  });
}

function checkLoadBalancers(report: Report, lbs: (LoadBalancerDraft | undefined)[], services: (ServiceDraft | undefined)[], plugin: CniPlugin | undefined): void {
  lbs.forEach((lb, i) => {
    if (!lb) return;
    if (lb.backend === 'eni' && plugin && plugin !== 'terway') {
      report.error(`loadBalancers[${i}].backend`, said('p_eniBackend', { plugin }));
    }
    if (!services.some((s) => s?.loadBalancer === lb.name)) report.warn(`loadBalancers[${i}]`, said('p_lbUnused', { name: lb.name }));
  });
}

function checkLayout(report: Report, layout: Record<string, { x: number; y: number }>, lists: Record<(typeof LAYOUT_KINDS)[number], readonly ({ name: string; namespace?: string } | undefined)[]>): void {
  for (const key of Object.keys(layout)) {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon) as (typeof LAYOUT_KINDS)[number];
    if (colon < 0 || !LAYOUT_KINDS.includes(kind)) continue;
    const ref = key.slice(colon + 1);
    const found = lists[kind].some((e) => e && (e.namespace !== undefined ? `${e.namespace}/${e.name}` === ref || (e.namespace === 'default' && e.name === ref) : e.name === ref));
    if (!found) report.warn(`layout${formatPath([key])}`, said('p_layoutUnknown', { kind, ref }));
  }
}

function claimAddresses(
  report: Report,
  book: AddressBook,
  cluster: Cluster,
  nodes: (NodeDraft | undefined)[],
  pods: (PodDraft | undefined)[],
  services: (ServiceDraft | undefined)[],
  lbs: (LoadBalancerDraft | undefined)[],
  externals: (ExternalDraft | undefined)[],
  routers: (RouterDraft | undefined)[],
): void {
  // The address book keeps owners as English text; their data is kept here by that text, so a
  // clash can name the owner in the reader's language (IPAM claims only after these checks).
  const owners = new Map<string, Reason>();
  const ownerOf = (what: string): Reason | string => owners.get(what) ?? what;
  const claim = (ip: string, path: string, owner: Reason) => {
    const n = ipToInt(ip);
    const what = fillReason(owner, PROBLEMS) ?? '';
    owners.set(what, owner);
    const earlier = book.claim(n, { path, what });
    if (earlier) report.error(path, said('p_addressTaken', { ip, owner: ownerOf(earlier.what), path: earlier.path }));
  };
  const vpc = cluster.vpc?.cidr;
  const inVpc = (ip: string, path: string, key: ProblemKey) => {
    if (vpc && !cidrContains(vpc, ip)) report.error(path, said(key, { ip, vpc }));
  };
  nodes.forEach((n, i) => {
    if (!n) return;
    claim(n.ip, `nodes[${i}].ip`, part('p_ownerNode', { name: n.name }));
    inVpc(n.ip, `nodes[${i}].ip`, 'p_nodeOutsideVpc');
    n.secondaryIPs.forEach((ip, j) => {
      claim(ip, `nodes[${i}].secondaryIPs[${j}]`, part('p_ownerNodeSecondary', { name: n.name }));
      inVpc(ip, `nodes[${i}].secondaryIPs[${j}]`, 'p_secondaryOutsideVpc');
    });
  });
  pods.forEach((p, i) => {
    if (!p || p.ip === undefined || p.hostNetwork) return;
    claim(p.ip, `pods[${i}].ip`, part('p_ownerPod', { name: `${p.namespace}/${p.name}` }));
  });
  const svcCidr = cluster.serviceCIDR ? parseCidr(cluster.serviceCIDR) : undefined;
  let nodeHeld: Set<string> | undefined; // every node's ip and secondaryIPs, built when an externalIP needs it
  services.forEach((s, i) => {
    if (!s) return;
    if (s.clusterIP !== undefined) {
      const path = `services[${i}].clusterIP`;
      claim(s.clusterIP, path, part('p_ownerService', { name: `${s.namespace}/${s.name}` }));
      if (svcCidr) {
        const n = ipToInt(s.clusterIP);
        if (!cidrContains(svcCidr, n)) report.error(path, said('p_clusterIPOutside', { ip: s.clusterIP, cidr: cluster.serviceCIDR ?? '' }));
        else if (n === svcCidr.base || n === cidrLast(svcCidr)) report.error(path, said(n === svcCidr.base ? 'p_clusterIPNetwork' : 'p_clusterIPBroadcast', { ip: s.clusterIP }));
      }
    }
    // NOTE externalIPs are not claimed: they are routed to a node that already holds them
    // (its ip or a secondaryIP), and several services may share one on different ports.
    s.externalIPs.forEach((ip, j) => {
      nodeHeld ??= new Set(nodes.flatMap((n) => (n ? [n.ip, ...n.secondaryIPs] : [])));
      if (!nodeHeld.has(ip)) report.warn(`services[${i}].externalIPs[${j}]`, said('p_externalIPNoNode', { ip }));
      const owner = book.ownerOf(ipToInt(ip));
      if (owner && !owner.what.startsWith('node ')) report.error(`services[${i}].externalIPs[${j}]`, said('p_externalIPTaken', { ip, owner: ownerOf(owner.what), path: owner.path }));
    });
  });
  lbs.forEach((lb, i) => {
    if (lb?.ip !== undefined) claim(lb.ip, `loadBalancers[${i}].ip`, part('p_ownerLoadBalancer', { name: lb.name }));
  });
  externals.forEach((e, i) => {
    if (!e) return;
    claim(e.ip, `externals[${i}].ip`, part('p_ownerExternal', { name: e.name }));
  });
  routers.forEach((r, i) => {
    if (!r?.ip) return;
    claim(r.ip, `routers[${i}].ip`, part('p_ownerRouter', { name: r.name }));
    inVpc(r.ip, `routers[${i}].ip`, 'p_routerOutsideVpc');
  });
}

function checkNodeBlocks(report: Report, cluster: Cluster, plugin: CniPlugin | undefined, nodes: (NodeDraft | undefined)[]): void {
  if (plugin !== 'flannel' && plugin !== 'calico') return;
  const clusterPod = cluster.podCIDR;
  const clusterPodParsed = clusterPod ? parseCidr(clusterPod) : undefined;
  // Each block parsed once; then the first earlier overlapping block of each, found by
  // sort-and-sweep instead of comparing every pair: only blocks in one chain of overlapping
  // intervals (sorted by start) can overlap, and those are compared in document order.
  const blocks = nodes.map((n) => (n?.podCIDR !== undefined ? parseCidr(n.podCIDR) : undefined));
  const firstOverlap = firstEarlierOverlap(blocks);
  nodes.forEach((n, i) => {
    if (!n?.podCIDR) return;
    const path = `nodes[${i}].podCIDR`;
    if (clusterPod && !(clusterPodParsed && blocks[i] && cidrWithin(blocks[i], clusterPodParsed))) {
      report.error(path, said('p_nodeBlockOutside', { cidr: n.podCIDR, podCidr: clusterPod }));
      return;
    }
    const j = firstOverlap[i]!;
    if (j >= 0) report.error(path, said('p_nodeBlockOverlap', { cidr: n.podCIDR, node: String(nodes[j]?.name), other: String(nodes[j]?.podCIDR), path: `nodes[${j}].podCIDR` }));
  });
}

/**
 * For each block, the index of the first earlier block that overlaps it, or -1 (undefined
 * blocks overlap nothing). Sorted by start, overlapping blocks fall in runs whose intervals
 * chain; a block outside every run overlaps nothing, and within a run the blocks are compared
 * in document order, so the answer is the same as comparing every pair.
 */
export function firstEarlierOverlap(blocks: readonly (ParsedCidr | undefined)[]): number[] {
  const out = new Array<number>(blocks.length).fill(-1);
  const order = blocks.flatMap((b, i) => (b ? [i] : [])).sort((a, b) => blocks[a]!.base - blocks[b]!.base || a - b);
  let start = 0;
  let runLast = -1;
  const closeRun = (end: number) => {
    if (end - start < 2) return;
    const run = order.slice(start, end).sort((a, b) => a - b);
    for (let x = 1; x < run.length; x++) {
      const bi = blocks[run[x]!]!;
      for (let y = 0; y < x; y++) {
        if (cidrsOverlap(blocks[run[y]!]!, bi)) {
          out[run[x]!] = run[y]!;
          break;
        }
      }
    }
  };
  order.forEach((i, k) => {
    const b = blocks[i]!;
    if (k > 0 && b.base > runLast) {
      closeRun(k);
      start = k;
    }
    runLast = Math.max(k === start ? -1 : runLast, cidrLast(b));
  });
  closeRun(order.length);
  return out;
}

function checkPodAddresses(report: Report, cluster: Cluster, plugin: CniPlugin | undefined, nodes: (NodeDraft | undefined)[], pods: (PodDraft | undefined)[]): void {
  const vswitches = (cluster.vpc?.vswitches ?? []).map((v) => ({ ...v, parsed: parseCidr(v.cidr) as ParsedCidr }));
  // The first node of each name (as a find would give), and each node's block parsed once.
  const nodeByName = new Map<string, NodeDraft>();
  for (const n of nodes) if (n && !nodeByName.has(n.name)) nodeByName.set(n.name, n);
  const blockOfNode = new Map<NodeDraft, ParsedCidr | undefined>();
  pods.forEach((p, i) => {
    if (!p || p.ip === undefined) return;
    const node = nodeByName.get(p.node);
    if (!node) return;
    const path = `pods[${i}].ip`;
    const ip = ipToInt(p.ip);
    if (p.hostNetwork) {
      if (p.ip !== node.ip && !node.secondaryIPs.includes(p.ip)) report.error(path, said('p_hostNetworkIp', { ip: node.ip, node: node.name }));
      return;
    }
    if (plugin === 'flannel' || plugin === 'calico') {
      let block = blockOfNode.get(node);
      if (block === undefined && !blockOfNode.has(node)) blockOfNode.set(node, (block = node.podCIDR ? parseCidr(node.podCIDR) : undefined));
      if (!block) return;
      if (!cidrContains(block, ip)) {
        report.error(path, said('p_podOutsideBlock', { ip: p.ip, node: node.name, cidr: String(node.podCIDR) }));
      } else if (ip === block.base) {
        report.error(path, said('p_podNetworkAddress', { ip: p.ip, node: node.name, cidr: String(node.podCIDR) }));
      } else if (plugin === 'flannel' && ip === flannelGateway(block)) {
        report.error(path, said('p_podGateway', { ip: p.ip, node: node.name, from: intToIp(block.base + 2) }));
      } else if (plugin === 'flannel' && ip === cidrLast(block)) {
        report.error(path, said('p_podBroadcast', { ip: p.ip, node: node.name, cidr: String(node.podCIDR) }));
      }
    } else if (plugin === 'terway') {
      const vsw = vswitches.find((v) => cidrContains(v.parsed, ip));
      if (!vsw) {
        report.error(path, vswitches.length ? said('p_podNoVswitch', { ip: p.ip, vswitches: vswitches.map((v) => v.cidr).join(', ') }) : said('p_podNoVswitchNone', { ip: p.ip }));
      } else {
        const r = vswitchRange(vsw.parsed);
        if (ip < r.first || ip > r.last) report.error(path, said('p_podVswitchReserved', { ip: p.ip, vswitch: vsw.name, cidr: vsw.cidr }));
      }
    }
  });
}

function checkEniCapacity(report: Report, mode: CniMode, nodes: (NodeDraft | undefined)[], pods: (PodDraft | undefined)[]): void {
  nodes.forEach((n, i) => {
    n?.enis.forEach((e, j) => {
      const holders = pods.flatMap((p, k) => (p && !p.hostNetwork && p.node === n.name && p.eni === e.name ? [k] : []));
      const cap = eniCapacity(mode, e);
      if (holders.length > cap) {
        const at = { eni: e.name, node: n.name, path: `nodes[${i}].enis[${j}]`, count: holders.length };
        report.error(`pods[${holders[cap]}].eni`, mode === 'eni-exclusive' ? said('p_eniFullExclusive', at) : said('p_eniFull', { ...at, max: cap }));
      }
    });
  });
}

/** Deterministic MACs (Alibaba's 00:16:3e OUI) for ENIs that leave mac out. */
function assignMacs(nodes: (NodeDraft | undefined)[]): void {
  const used = new Set<string>();
  for (const n of nodes) for (const e of n?.enis ?? []) if (e.mac) used.add(e.mac.toLowerCase());
  let counter = 0;
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  for (const n of nodes) {
    for (const e of n?.enis ?? []) {
      if (e.mac) continue;
      let mac: string;
      do {
        counter++;
        mac = `00:16:3e:${hex((counter >> 16) & 255)}:${hex((counter >> 8) & 255)}:${hex(counter & 255)}`;
      } while (used.has(mac));
      used.add(mac);
      e.mac = mac;
    }
  }
}

function finish(
  report: Report,
  metadata: z.output<typeof MetadataSchema> | undefined,
  cluster: Cluster,
  routers: (RouterDraft | undefined)[],
  nodes: (NodeDraft | undefined)[],
  pods: (PodDraft | undefined)[],
  services: (ServiceDraft | undefined)[],
  loadBalancers: (LoadBalancerDraft | undefined)[],
  externals: (ExternalDraft | undefined)[],
  layout: Record<string, { x: number; y: number }> | undefined,
  extras: Extras,
): ParseResult {
  // With no problems reported every element parsed and IPAM filled every address; the
  // checks below only narrow the types (and guard against a validator bug).
  const all = <T>(list: (T | undefined)[]): T[] | undefined => (list.every((x) => x !== undefined) ? (list as T[]) : undefined);
  const cni = cluster.cni;
  const plugin = cni?.plugin;
  const r = all(routers);
  const n = all(nodes);
  const p = all(pods);
  const s = all(services);
  const l = all(loadBalancers);
  const e = all(externals);
  if (!metadata || !cni || !plugin || !cluster.kubeProxy || !cluster.serviceCIDR || !cluster.vpc || !r || !n || !p || !s || !l || !e) {
    return internalError(new Error('incomplete document passed validation'));
  }
  const mode = cni.mode as CniMode;
  const missing: string[] = [];
  const topology: Topology = {
    apiVersion: API_VERSION,
    kind: 'Topology',
    metadata,
    cluster: {
      cni: {
        plugin,
        mode,
        ...(cni.version !== undefined ? { version: cni.version } : {}),
        mtu: cni.mtu ?? defaultPodMtu(plugin, mode),
        ipMasq: cni.ipMasq,
        ...(plugin === 'calico' && mode === 'bgp' ? { bgp: cni.bgp ?? { peering: 'mesh' } } : {}),
      },
      kubeProxy: cluster.kubeProxy,
      ...(cluster.podCIDR !== undefined ? { podCIDR: cluster.podCIDR } : {}),
      serviceCIDR: cluster.serviceCIDR,
      vpc: cluster.vpc,
    },
    routers: r,
    nodes: n.map((node, i) => ({
      ...node,
      enis: node.enis.map((eni, j) => ({ name: eni.name, mac: eni.mac ?? (missing.push(`nodes[${i}].enis[${j}].mac`), ''), maxIPs: eni.maxIPs })),
    })),
    pods: p.map((pod, i) => ({ ...pod, ip: pod.ip ?? (missing.push(`pods[${i}].ip`), '') })),
    services: s.map((svc, i) => ({
      ...svc,
      clusterIP: svc.clusterIP ?? (missing.push(`services[${i}].clusterIP`), ''),
      ports: svc.ports.map((port) => ({ ...port, targetPort: port.targetPort ?? port.port })),
    })),
    loadBalancers: l.map((lb, i) => ({ ...lb, ip: lb.ip ?? (missing.push(`loadBalancers[${i}].ip`), '') })),
    externals: e,
    namespaces: extras.namespaces.filter((x) => !!x),
    networkPolicies: extras.networkPolicies.filter((x) => !!x).map((np) => ({
      name: np.name,
      namespace: np.namespace,
      podSelector: np.podSelector,
      // Kubernetes: Ingress always, Egress when egress rules are given (unless policyTypes says).
      policyTypes: np.policyTypes ?? (np.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress']),
      ingress: np.ingress.map((r) => ({ peers: r.from, ports: r.ports })),
      egress: np.egress.map((r) => ({ peers: r.to, ports: r.ports })),
    })),
    ingresses: extras.ingresses.filter((x) => !!x),
    ingressClasses: extras.ingressClasses.filter((x) => !!x),
    ...(layout !== undefined ? { layout } : {}),
  };
  if (missing.length > 0) return internalError(new Error(`IPAM left ${missing.join(', ')} unassigned`));
  return { ok: true, topology, warnings: report.warnings };
}
