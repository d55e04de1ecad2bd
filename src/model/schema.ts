/**
 * The shape of a topology document (format v1, docs/topology-format.md) as zod schemas: which
 * fields exist, their types, their ranges and the defaults filled in when they are left out
 * (from defaults.ts). Shape only: what the values mean together is checked in cross-checks.ts.
 */
import * as z from 'zod/mini';
import type { core } from 'zod';
import { cidrSaid, ipv4Said } from './address-text';
import { DEFAULT_ENI_MAX_IPS, DEFAULT_KERNEL, DEFAULT_SERVICE_CIDR, DETECT_LOCAL_MODES, NODE_PORT_ADDRESSES_PRIMARY } from './defaults';
import { described, part, said, type ProblemKey, type Said } from './problem-text';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
export const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
export const LAYOUT_KINDS = ['node', 'pod', 'service', 'loadBalancer', 'external', 'router'] as const;

// ---- schemas ------------------------------------------------------------------------
// zod/mini: wrappers and checks are functions (z.optional(s), z._default(s, v),
// s.check(z.minimum(n))), so the bundle keeps only what is used. No zod locale is loaded:
// messages come from the checks here or are built from the issue code (shape-check.ts issueProblems)
// (the codes it passes through worded by zod, such as invalid_union, cannot arise from
// these schemas).

function text<T extends z.ZodMiniString>(s: T, judge: (v: string) => Said | undefined) {
  // A plain check, the issue as superRefine's addIssue completes it: superRefine makes an addIssue
  // closure for every value it checks (every address and name of a 30,000-pod document).
  const ch: core.$ZodCheck<string> = z.check<string>((payload) => {
    const m = judge(payload.value);
    // The data rides in params, so issueProblems can hand it on with the English message.
    if (m) payload.issues.push({ code: 'custom', message: m.message, params: { why: m.why }, input: payload.value, inst: ch, continue: true });
  });
  return s.check(ch);
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
    if (!re.test(v))
      return said('p_nameInvalid', {
        value: v,
        what: part(what),
        rule: part(re === DNS_1035_LABEL ? 'p_ruleDns1035' : re === DNS_SUBDOMAIN ? 'p_ruleSubdomain' : 'p_ruleDnsLabel'),
      });
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
const targetPort = z
  .custom<number | string>(() => true)
  .check(
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

export const MetadataSchema = z.strictObject({
  name: text(
    z.string(),
    textOr((v) => /^[a-z0-9-]+$/.test(v), 'p_metadataName'),
  ),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
});

const CniSchema = z.strictObject({
  plugin: z.enum(['flannel', 'calico', 'terway']),
  mode: z.string(),
  version: z.optional(
    text(
      z.string(),
      textOr((v) => /^v?\d+(\.\d+){0,2}$/.test(v), 'p_cniVersion'),
    ),
  ),
  mtu: z.optional(whole(576, 9216)),
  ipMasq: z._default(z.boolean(), true),
  bgp: z.optional(
    z.strictObject({
      peering: z._default(z.enum(['tor', 'mesh']), 'mesh'),
      serviceClusterIPs: z.optional(z.array(z.strictObject({ cidr }))),
      serviceExternalIPs: z.optional(z.array(z.strictObject({ cidr }))),
      serviceLoadBalancerIPs: z.optional(z.array(z.strictObject({ cidr }))),
    }),
  ),
});

const ifname = text(
  z.string(),
  textOr((v) => IFNAME.test(v), 'p_ifname'),
);

export const KubeProxySchema = z.strictObject({
  mode: z._default(z.enum(['iptables', 'ipvs', 'ebpf']), 'iptables'),
  masqueradeAll: z._default(z.boolean(), false),
  version: z.optional(
    text(
      z.string(),
      textOr((v) => /^v?1\.\d{1,2}(\.\d+)?$/.test(v), 'p_k8sVersion'),
    ),
  ),
  // kube-proxy's own flags (KubeProxyConfiguration); absent means kube-proxy's default (defaults.ts).
  detectLocalMode: z.optional(z.enum(DETECT_LOCAL_MODES)),
  /** --cluster-cidr; "" is kube-proxy started without it (ClusterCIDR mode then detects nothing). */
  clusterCIDR: z.optional(text(z.string(), (v) => (v === '' ? undefined : cidrSaid(v)))),
  detectLocal: z.optional(z.strictObject({ bridgeInterface: z.optional(ifname), interfaceNamePrefix: z.optional(ifname) })),
  nodePortAddresses: z.optional(z.array(text(z.string(), (v) => (v === NODE_PORT_ADDRESSES_PRIMARY ? undefined : cidrSaid(v))))),
  localhostNodePorts: z.optional(z.boolean()),
});

export const VpcSchema = z.strictObject({
  cidr,
  vswitches: list(z.strictObject({ name: objectName, cidr })),
  deletedRoutes: list(cidr),
  /** Static route-table entries to a node (e.g. the service CIDR, so clients off the cluster reach ClusterIPs). */
  routes: z.optional(z.array(z.strictObject({ dst: cidr, node: z.string() }))),
  /** The cloud network's MTU (Alibaba ECS jumbo frames 8500, AWS 9001 in a VPC, GCP 1300–8896). */
  mtu: z.optional(whole(576, 9216)),
  /** Whether the cloud answers an oversize DF packet with ICMP "fragmentation needed" (else it drops it silently). */
  icmpFragNeeded: z.optional(z.boolean()),
});

export const ClusterShape = {
  cni: CniSchema,
  kubeProxy: z.prefault(KubeProxySchema, {}),
  podCIDR: z.optional(cidr),
  serviceCIDR: z._default(cidr, DEFAULT_SERVICE_CIDR),
  vpc: VpcSchema,
};

export const RouterSchema = z.strictObject({
  name: objectName,
  asn: whole(1, 4294967295),
  nodes: list(z.string()),
  ip: z.optional(ipv4),
});

const KernelSchema = z.strictObject({
  ipForward: z._default(z.boolean(), DEFAULT_KERNEL.ipForward),
  rpFilter: z._default(z.enum(['off', 'loose', 'strict']), DEFAULT_KERNEL.rpFilter),
  mtu: z._default(whole(576, 9216), DEFAULT_KERNEL.mtu),
  bridgeNfCallIptables: z._default(z.boolean(), DEFAULT_KERNEL.bridgeNfCallIptables),
});

const FilterRuleSchema = z.strictObject({
  chain: z.enum(['INPUT', 'FORWARD', 'OUTPUT']),
  proto: z.optional(z.enum(['tcp', 'udp', 'icmp'])),
  source: z.optional(cidr),
  destination: z.optional(cidr),
  dport: z.optional(port),
  action: z.enum(['DROP', 'REJECT', 'ACCEPT']),
});

const NatRuleSchema = z.strictObject({
  chain: z.enum(['PREROUTING', 'OUTPUT', 'POSTROUTING']),
  proto: z.optional(z.enum(['tcp', 'udp', 'icmp'])),
  source: z.optional(cidr),
  destination: z.optional(cidr),
  outInterface: z.optional(ifname),
  dport: z.optional(port),
  action: z.enum(['MASQUERADE', 'SNAT', 'DNAT', 'RETURN']),
  to: z.optional(
    text(
      z.string(),
      textOr((v) => /^\d+\.\d+\.\d+\.\d+(:\d{1,5})?$/.test(v) && !ipv4Said(v.split(':')[0]!), 'p_natTo'),
    ),
  ),
});

export const NodeSchema = z.strictObject({
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
      name: text(
        z.string(),
        textOr((v) => IFNAME.test(v), 'p_ifname'),
      ),
      mac: z.optional(
        text(
          z.string(),
          textOr((v) => MAC.test(v), 'p_mac'),
        ),
      ),
      maxIPs: z._default(whole(1, 1000), DEFAULT_ENI_MAX_IPS),
    }),
  ),
  kernel: z.prefault(KernelSchema, {}),
  filter: list(FilterRuleSchema),
});

export const PodSchema = z.strictObject({
  name: objectName,
  namespace: z._default(namespace, 'default'),
  node: z.string(),
  ip: z.optional(ipv4),
  eni: z.optional(z.string()),
  labels,
  ready: z._default(z.boolean(), true),
  terminating: z._default(z.boolean(), false),
  hostNetwork: z._default(z.boolean(), false),
  ports: list(
    z.strictObject({
      name: z.optional(containerPortName),
      containerPort: port,
      protocol: z._default(protocol, 'TCP'),
      // hostPort/hostIP: the portmap CNI plugin's port mapping on the pod's node (cni/portmap.ts).
      hostPort: z.optional(port),
      hostIP: z.optional(ipv4),
    }),
  ),
});

const ServicePortSchema = z.strictObject({
  name: z.optional(named(DNS_LABEL, 'p_whatPortName', 63)),
  port,
  targetPort: z.optional(targetPort),
  nodePort: z.optional(z.number().check(z.int())),
  protocol: z._default(protocol, 'TCP'),
});

export const ServiceSchema = z.strictObject({
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

export const LoadBalancerSchema = z.strictObject({
  name: objectName,
  ip: z.optional(ipv4),
  secondaryIPs: z.optional(z.array(ipv4)),
  backend: z._default(z.enum(['nodeport', 'vip', 'eni']), 'nodeport'),
  preserveClientIP: z._default(z.boolean(), true),
});

export const ExternalSchema = z.strictObject({
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
export const NetworkPolicySchema = z.strictObject({
  name: objectName,
  namespace: z._default(namespace, 'default'),
  podSelector: z.prefault(SelectorSchema, {}),
  policyTypes: z.optional(z.array(z.enum(['Ingress', 'Egress']))),
  ingress: list(z.strictObject({ from: list(PeerSchema), ports: PolicyPortsSchema })),
  egress: list(z.strictObject({ to: list(PeerSchema), ports: PolicyPortsSchema })),
});
export const NamespaceSchema = z.strictObject({ name: namespace, labels });
export const IngressSchema = z.strictObject({
  name: objectName,
  namespace: z._default(namespace, 'default'),
  ingressClassName: z.optional(z.string()),
  rules: z
    .array(
      z.strictObject({
        host: z.optional(
          text(
            z.string(),
            textOr((v) => /^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v), 'p_host'),
          ),
        ),
        paths: z
          .array(
            z.strictObject({
              path: z._default(
                text(
                  z.string(),
                  textOr((v) => v.startsWith('/'), 'p_httpPath'),
                ),
                '/',
              ),
              pathType: z._default(z.enum(['Prefix', 'Exact']), 'Prefix'),
              backend: z.strictObject({ service: z.string(), port }),
            }),
          )
          .check(z.minLength(1)),
      }),
    )
    .check(z.minLength(1)),
});
export const IngressClassSchema = z.strictObject({
  name: objectName,
  controllerService: text(
    z.string(),
    textOr((v) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(v), 'p_controllerService'),
  ),
});

export const LayoutSchema = z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() }));

export type CniDraft = z.output<typeof CniSchema>;
export type RouterDraft = z.output<typeof RouterSchema>;
export type NodeDraft = z.output<typeof NodeSchema>;
export type PodDraft = z.output<typeof PodSchema>;
export type ServiceDraft = z.output<typeof ServiceSchema>;
export type LoadBalancerDraft = z.output<typeof LoadBalancerSchema>;
export type ExternalDraft = z.output<typeof ExternalSchema>;

export const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'metadata',
  'cluster',
  'routers',
  'nodes',
  'pods',
  'services',
  'loadBalancers',
  'externals',
  'namespaces',
  'networkPolicies',
  'ingresses',
  'ingressClasses',
  'layout',
];
