/** The cluster of the kube-proxy + Calico BGP article (rows B of the lessons). */
export const calicoBgpTorYaml = `# kube-proxy iptables mode with Calico BGP peered to a top-of-rack router.
apiVersion: hopscope/v1
kind: Topology
metadata:
  name: calico-bgp-tor
  title: "kube-proxy iptables + Calico BGP (ToR peering)"
  description: |
    Two workers peer by BGP with a top-of-rack router, which learns each node's /26 block.
    Each pod has a host-side caliXXXXXXXXXXX veth with a /32 route; the pod's gateway is
    169.254.1.1, answered by the host (proxy ARP). kube-proxy runs in iptables mode:
    KUBE-SERVICES → KUBE-SVC → KUBE-SEP with statistic probabilities. nginx-demo-1 is also
    exposed on an externalIP (the node's own address); nginx-demo-2 on NodePort 31755.
cluster:
  cni: { plugin: calico, mode: bgp, bgp: { peering: tor } }
  kubeProxy: { mode: iptables }
  podCIDR: 10.217.0.0/16
  serviceCIDR: 10.196.0.0/16
  vpc: { cidr: 192.168.64.0/24 }
routers:
  - { name: tor-1, asn: 65001, nodes: [worker-a, worker-b] }
nodes:
  - { name: worker-a, ip: 192.168.64.57, podCIDR: 10.217.121.0/26 }
  - { name: worker-b, ip: 192.168.64.58, podCIDR: 10.217.120.64/26 }
pods:
  - { name: client-5d8f6c7b9-abcde, namespace: default, node: worker-a, ip: 10.217.121.5, labels: { app: client } }
  - { name: nginx-demo-1-7f67f8bdd8-fxptt, namespace: default, node: worker-b, ip: 10.217.120.72, labels: { app: nginx-demo-1 } }
  - { name: nginx-demo-1-7f67f8bdd8-k2m9q, namespace: default, node: worker-a, ip: 10.217.121.9, labels: { app: nginx-demo-1 } }
  - { name: nginx-demo-2-6c9b8d7f5-x7w2p, namespace: default, node: worker-b, ip: 10.217.120.80, labels: { app: nginx-demo-2 } }
services:
  - name: nginx-demo-1
    namespace: default
    type: ClusterIP
    clusterIP: 10.196.52.1
    externalIPs: [192.168.64.57]
    selector: { app: nginx-demo-1 }
    ports: [ { name: http, port: 8088, targetPort: 80, protocol: TCP } ]
  - name: nginx-demo-2
    namespace: default
    type: NodePort
    clusterIP: 10.196.89.31
    selector: { app: nginx-demo-2 }
    ports: [ { name: http, port: 8089, targetPort: 80, nodePort: 31755, protocol: TCP } ]
externals:
  - { name: office-host, ip: 203.0.113.50, network: vpc }
# Where each element sits on the canvas (what Auto-layout gives), so the document opens without laying out.
layout:
  "external:office-host": { x: 695, y: 0 }
  "service:default/nginx-demo-1": { x: 558, y: 116 }
  "service:default/nginx-demo-2": { x: 814, y: 116 }
  "node:worker-a": { x: 504, y: 280 }
  "node:worker-b": { x: 816, y: 280 }
  "router:tor-1": { x: 244, y: 246 }
`;
