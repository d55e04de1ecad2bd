/**
 * Lessons over the built-in documents, one per scenario row (A1, B3, …: `row`). A lesson is a request,
 * a short narrative and what to notice; the outcome always comes from the engine, so a lesson
 * never states the answer it scores. "Find the fault" lessons add a fault to the document
 * (as field edits) and ask the learner to find it from the symptom.
 */
import type { TraceRequest } from '../model/trace';

export type Text = { en: string; zh: string };

export interface Lesson {
  id: string;
  /** Built-in document id (src/scenarios/index.ts). */
  doc: string;
  row: string;
  title: Text;
  request: TraceRequest;
  narrative: Text;
  notice: Text[];
}

/** A field edit on the document: `path` in the validator's notation, e.g. "nodes[1].kernel.ipForward". */
export interface FieldEdit {
  path: string;
  value: unknown;
}

export interface FaultLesson {
  id: string;
  doc: string;
  row: string;
  title: Text;
  /** What users report (the symptom), not the cause. */
  symptom: Text;
  request: TraceRequest;
  /** The fault, applied to the document before the learner sees it. */
  fault: FieldEdit[];
  /** The path the learner must point at (the culprit), and how to fix it. */
  answer: { path: string; fix: Text };
}

const centos = 'pod:default/centos-67756b6dc8-rmmxt';

export const lessons: Lesson[] = [
  {
    id: 'a1',
    doc: 'ack-flannel',
    row: 'A1',
    title: { en: 'Two pods on one node', zh: '同节点 Pod 互访' },
    request: { from: centos, to: '172.23.96.24:80' },
    narrative: {
      en: "centos and nginx share node .180. The frame leaves centos by eth0, crosses its veth into the node, and cni0 bridges it to nginx's veth.",
      zh: 'centos 与 nginx 位于同一节点 .180。报文从 centos 的 eth0 经 veth 进入节点,由 cni0 网桥转发到 nginx 的 veth。',
    },
    notice: [
      { en: 'No VPC hop: the packet never leaves the node.', zh: '没有 VPC 跳:报文不离开节点。' },
      { en: 'Three kernel stacks: two pods and the node.', zh: '经过三个内核协议栈:两个 Pod 和节点。' },
    ],
  },
  {
    id: 'a2',
    doc: 'ack-flannel',
    row: 'A2',
    title: { en: 'A ClusterIP whose backend is on another node', zh: '访问 ClusterIP,后端在其他节点' },
    request: { from: centos, to: '192.168.13.23:80', choice: { pick: ['172.23.96.163:80'] } },
    narrative: {
      en: 'kube-proxy runs in IPVS mode: the service IP is bound on kube-ipvs0, so node .180 takes the packet in and IPVS rewrites it to a backend. The VPC route table carries it to node .206.',
      zh: 'kube-proxy 为 IPVS 模式:Service IP 绑定在 kube-ipvs0 上,节点 .180 收下报文,由 IPVS 改写为后端地址,再经 VPC 路由表送到节点 .206。',
    },
    notice: [
      { en: 'The service IP is seen only in the pod and on its veth.', zh: 'Service IP 只在 Pod 内和它的 veth 上可见。' },
      { en: 'Conntrack on .180 remembers the service IP; .206 never sees it.', zh: '.180 的 conntrack 记录了 Service IP,.206 从未见到它。' },
    ],
  },
  {
    id: 'a3',
    doc: 'ack-flannel',
    row: 'A3',
    title: { en: 'A pod calls the LB IP of an externalTrafficPolicy: Local service', zh: 'Pod 访问 Local 策略服务的 SLB 地址' },
    request: { from: centos, to: '8.219.164.113:80' },
    narrative: {
      en: 'nginx1 keeps the client IP (externalTrafficPolicy: Local). Node .180 has no nginx1 pod. What does IPVS on .180 do with its own LB address?',
      zh: 'nginx1 为 Local 策略以保留客户端 IP,而节点 .180 上没有 nginx1 的 Pod。.180 上的 IPVS 如何处理这个 SLB 地址?',
    },
    notice: [
      { en: 'The LB IP is local on kube-ipvs0: the packet never goes to the SLB.', zh: 'SLB 地址绑在 kube-ipvs0 上,是本机地址:报文根本不会去 SLB。' },
      { en: 'Set kubeProxy.version to 1.28 and trace again.', zh: '把 kubeProxy.version 设为 1.28 再试一次。' },
    ],
  },
  {
    id: 'a4',
    doc: 'ack-flannel',
    row: 'A4',
    title: { en: 'An internet client through the SLB (Local)', zh: '集群外客户端经 SLB 访问(Local)' },
    request: { from: 'external:internet-client', to: '8.219.164.113:80' },
    narrative: {
      en: 'With externalTrafficPolicy: Local the cloud controller puts only nodes with a ready nginx1 pod in the SLB backend group.',
      zh: 'Local 策略下,云控制器只把有就绪 nginx1 Pod 的节点加入 SLB 后端服务器组。',
    },
    notice: [
      { en: "The pod sees the client's own address.", zh: 'Pod 看到的是客户端真实地址。' },
      { en: 'Two kernel stacks: the node and the pod.', zh: '两个内核协议栈:节点与 Pod。' },
    ],
  },
  {
    id: 'a5',
    doc: 'ack-flannel',
    row: 'A5',
    title: { en: 'An internet client through the SLB (Cluster)', zh: '集群外客户端经 SLB 访问(Cluster)' },
    request: { from: 'external:internet-client', to: '8.219.170.20:80', choice: { pick: ['10.0.0.180:30875', '172.23.96.163:80'] } },
    narrative: {
      en: 'nginx2 selects the same pods with externalTrafficPolicy: Cluster: every node is a backend, and a node without the pod forwards to one that has it.',
      zh: 'nginx2 选择同样的 Pod,但为 Cluster 策略:所有节点都是后端,没有 Pod 的节点会转发到有 Pod 的节点。',
    },
    notice: [
      { en: 'The node masquerades: the client IP is lost.', zh: '节点做了 SNAT:客户端 IP 丢失。' },
      { en: 'Try the other backends: the client IP is lost on every branch.', zh: '试试其他后端:每条路径都会丢失客户端 IP。' },
    ],
  },
  {
    id: 'b1',
    doc: 'calico-bgp-tor',
    row: 'B1',
    title: { en: 'KUBE-SERVICES → KUBE-SVC → KUBE-SEP', zh: 'KUBE-SERVICES → KUBE-SVC → KUBE-SEP' },
    request: { from: 'pod:default/client-5d8f6c7b9-abcde', to: '10.196.52.1:8088' },
    narrative: {
      en: 'kube-proxy in iptables mode: the ClusterIP rule jumps to the service chain, which picks an endpoint chain by statistic probability and DNATs.',
      zh: 'iptables 模式的 kube-proxy:ClusterIP 规则跳到服务链,服务链按 statistic 概率选择端点链并做 DNAT。',
    },
    notice: [
      { en: 'Two endpoints, 0.5 each.', zh: '两个端点,各 0.5 概率。' },
      { en: 'The reply is un-DNATed by conntrack, not by a rule.', zh: '回包由 conntrack 反向转换,而不是规则。' },
    ],
  },
  {
    id: 'b3',
    doc: 'calico-bgp-tor',
    row: 'B3',
    title: { en: 'Pod to pod through the top-of-rack router', zh: '经 ToR 交换机的跨节点 Pod 互访' },
    request: { from: 'pod:default/client-5d8f6c7b9-abcde', to: '10.217.120.72:80' },
    narrative: {
      en: "Calico peers each node with the ToR by BGP. The ToR learned worker-b's /26; worker-b routes the pod's /32 to its cali interface.",
      zh: 'Calico 让每个节点与 ToR 建立 BGP 邻居。ToR 学到 worker-b 的 /26 网段;worker-b 用 /32 路由把报文交给 cali 网卡。',
    },
    notice: [{ en: "The pod's gateway is 169.254.1.1, answered by the host.", zh: 'Pod 的网关是 169.254.1.1,由宿主机代答。' }],
  },
  {
    id: 'c2',
    doc: 'terway-ipvlan-ebpf',
    row: 'C2',
    title: { en: 'Two pods on one ENI', zh: '同一 ENI 上的两个 Pod' },
    request: { from: 'pod:default/centos-6c48766848-znkl8', to: '10.0.3.38:80' },
    narrative: {
      en: 'Both pods are ipvlan slaves of eth1: the kernel switches the frame between them without the host stack.',
      zh: '两个 Pod 都是 eth1 的 ipvlan 子接口:内核直接在子接口间交换,不经过宿主机协议栈。',
    },
    notice: [{ en: 'No node hop at all.', zh: '完全没有节点跳。' }],
  },
  {
    id: 'c4',
    doc: 'terway-ipvlan-ebpf',
    row: 'C4',
    title: { en: 'A ClusterIP resolved by eBPF in the pod', zh: 'Pod 内由 eBPF 解析 ClusterIP' },
    request: { from: 'pod:default/centos-6c48766848-znkl8', to: '192.168.27.242:80' },
    narrative: {
      en: "eBPF on tc of the pod's eth0 rewrites the service address to a backend before the packet leaves the pod.",
      zh: 'Pod eth0 的 tc 上的 eBPF 在报文离开 Pod 之前就把服务地址改写为后端地址。',
    },
    notice: [{ en: 'No capture outside the pod shows the service IP.', zh: 'Pod 之外的抓包都看不到 Service IP。' }],
  },
  {
    id: 'd1',
    doc: 'shop-calico',
    row: 'D1',
    title: { en: 'An HTTP request through the Ingress', zh: '经 Ingress 的 HTTP 请求' },
    request: { from: 'external:internet-client', to: 'http://shop.example.com/api/items' },
    narrative: {
      en: 'The client reaches the ingress-nginx controller through its load balancer. The controller matches host and path and opens its own connection to an api pod.',
      zh: '客户端经负载均衡到达 ingress-nginx 控制器。控制器按 host 和 path 匹配规则,再新建一条到 api Pod 的连接。',
    },
    notice: [
      { en: "Two connections: the api pod sees the controller's address.", zh: '两条连接:api Pod 看到的是控制器的地址。' },
      { en: 'The NetworkPolicy api-from-ingress allows it.', zh: 'NetworkPolicy api-from-ingress 放行了它。' },
    ],
  },
];

const api = 'pod:shop/api-7f8c9d6b5-d3e4f';

export const faultLessons: FaultLesson[] = [
  {
    id: 'd3',
    doc: 'shop-calico',
    row: 'D3',
    title: { en: 'Requests arrive, answers never do', zh: '请求到了,回应没回来' },
    symptom: { en: "web's logs show the api pod's requests, yet the api times out.", zh: 'web 的日志里有 api 的请求,api 却一直超时。' },
    request: { from: api, to: '10.244.2.10:80' },
    fault: [{ path: 'nodes[1].deletedRoutes', value: ['10.244.1.0/26'] }],
    answer: {
      path: 'nodes[1].deletedRoutes',
      fix: {
        en: 'ip route add 10.244.1.0/26 via 192.168.0.11 dev tunl0 onlink on node-2',
        zh: '在 node-2 上执行 ip route add 10.244.1.0/26 via 192.168.0.11 dev tunl0 onlink',
      },
    },
  },
  {
    id: 'd4',
    doc: 'shop-calico',
    row: 'D4',
    title: { en: 'The node answers, its pods do not', zh: '节点能通,节点上的 Pod 不通' },
    symptom: { en: "ping node-2 works; nothing on node-2's pods answers.", zh: 'ping node-2 正常,node-2 上的 Pod 都无响应。' },
    request: { from: api, to: '10.244.2.10:80' },
    fault: [{ path: 'nodes[1].kernel.ipForward', value: false }],
    answer: { path: 'nodes[1].kernel.ipForward', fix: { en: 'sysctl -w net.ipv4.ip_forward=1', zh: 'sysctl -w net.ipv4.ip_forward=1' } },
  },
  {
    id: 'd5',
    doc: 'shop-calico',
    row: 'D5',
    title: { en: 'Ping fails, curl works', zh: 'ping 不通,curl 正常' },
    symptom: { en: 'Monitoring pings web and raises an alarm; users see no problem.', zh: '监控 ping web 告警,用户却没有感知。' },
    request: { from: api, to: '10.244.2.10', protocol: 'ICMP' },
    fault: [{ path: 'nodes[1].filter', value: [{ chain: 'FORWARD', proto: 'icmp', action: 'DROP' }] }],
    answer: {
      path: 'nodes[1].filter',
      fix: { en: 'iptables -D FORWARD -p icmp -j DROP on node-2', zh: '在 node-2 上执行 iptables -D FORWARD -p icmp -j DROP' },
    },
  },
  {
    id: 'd6',
    doc: 'shop-calico',
    row: 'D6',
    title: { en: 'The wrong source address', zh: '源地址不对' },
    symptom: { en: "web's access log shows a node address instead of the api pod.", zh: 'web 的访问日志里出现的是节点地址而不是 api Pod。' },
    request: { from: api, to: '10.244.2.10:80' },
    fault: [{ path: 'nodes[0].nat', value: [{ chain: 'POSTROUTING', source: '10.244.0.0/16', action: 'MASQUERADE' }] }],
    answer: {
      path: 'nodes[0].nat',
      fix: {
        en: 'iptables -t nat -D POSTROUTING -s 10.244.0.0/16 -j MASQUERADE on node-1',
        zh: '在 node-1 上执行 iptables -t nat -D POSTROUTING -s 10.244.0.0/16 -j MASQUERADE',
      },
    },
  },
  {
    id: 'd7',
    doc: 'shop-calico',
    row: 'D7',
    title: { en: 'Only one address of the node answers', zh: '节点只有一个地址能通' },
    symptom: {
      en: 'The office reaches node-2 on 192.168.0.12 but not on its second address 192.168.0.22.',
      zh: '办公网能访问 node-2 的 192.168.0.12,却访问不了它的第二个地址 192.168.0.22。',
    },
    request: { from: 'external:office', to: '192.168.0.22:22' },
    fault: [
      { path: 'nodes[1].interfaces', value: [{ name: 'eth1', ip: '192.168.0.22' }] },
      { path: 'nodes[1].kernel.rpFilter', value: 'strict' },
    ],
    answer: {
      path: 'nodes[1].kernel.rpFilter',
      fix: {
        en: 'sysctl -w net.ipv4.conf.all.rp_filter=2 (loose), or route the reply by policy',
        zh: 'sysctl -w net.ipv4.conf.all.rp_filter=2(宽松模式),或用策略路由让回包原路返回',
      },
    },
  },
  {
    id: 'd8',
    doc: 'shop-calico',
    row: 'D8',
    title: { en: 'Small requests work, large ones hang', zh: '小请求正常,大请求卡住' },
    symptom: { en: 'Health checks pass; uploading a file to web stalls.', zh: '健康检查正常,向 web 上传文件却卡住。' },
    request: { from: api, to: '10.244.2.10:80', size: 1500, df: true },
    fault: [{ path: 'cluster.cni.mtu', value: 1500 }],
    answer: {
      path: 'cluster.cni.mtu',
      fix: { en: 'set the pod MTU to 1480 (1500 minus the 20-byte IPIP header)', zh: '把 Pod MTU 设为 1480(1500 减去 20 字节 IPIP 头)' },
    },
  },
];

/** Applies field edits (paths like "nodes[1].kernel.ipForward") to a raw document, creating objects on the way. */
export function applyEdits(doc: Record<string, unknown>, edits: FieldEdit[]): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  for (const e of edits) {
    const keys = e.path.replace(/\[(\d+)\]/g, '.$1').split('.');
    let cur: Record<string, unknown> = out;
    keys.slice(0, -1).forEach((k) => {
      if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
      cur = cur[k] as Record<string, unknown>;
    });
    const last = keys[keys.length - 1]!;
    const prev = cur[last];
    cur[last] =
      prev && typeof prev === 'object' && !Array.isArray(prev) && e.value && typeof e.value === 'object' && !Array.isArray(e.value)
        ? { ...prev, ...e.value }
        : e.value;
  }
  return out;
}
