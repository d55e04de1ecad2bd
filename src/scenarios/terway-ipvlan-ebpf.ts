/** The cluster of the Terway IPVLAN + eBPF article (rows C of the lessons, C1–C11). */
export const terwayIpvlanEbpfYaml = `# Alibaba Terway IPVLAN + eBPF: pods are ipvlan slaves of secondary ENIs.
apiVersion: hopscope/v1
kind: Topology
metadata:
  name: terway-ipvlan-ebpf
  title: "Terway IPVLAN + eBPF"
  description: |
    Pods take secondary IPs of the node's secondary ENIs (addresses of the vSwitch). Each pod's
    eth0 is an ipvlan slave of its ENI; the host reaches pods through its own slave ipvl_N.
    Services are resolved by eBPF on tc of the pod's eth0, so a service IP never leaves the
    client pod. LoadBalancer/external IPs are resolved in eBPF from Terway 1.2.0 on, and by the
    host's IPVS before (set cluster.cni.version to "1.1.0" to see the older path).
cluster:
  cni: { plugin: terway, mode: ipvlan-ebpf, version: "1.5.0" }
  kubeProxy: { mode: ipvs }
  serviceCIDR: 192.168.0.0/16
  vpc:
    cidr: 10.0.0.0/16
    vswitches:
      - { name: vsw-hk-b, cidr: 10.0.3.0/24 }
nodes:
  - name: cn-hongkong.10.0.3.15
    ip: 10.0.3.15
    enis:
      - { name: eth1, mac: "00:16:3e:04:08:3a", maxIPs: 10 }
      - { name: eth2, mac: "00:16:3e:01:b7:bd", maxIPs: 10 }
  - name: cn-hongkong.10.0.3.16
    ip: 10.0.3.16
    enis:
      - { name: eth1, mac: "00:16:3e:0a:11:02", maxIPs: 10 }
pods:
  - { name: nginx-7d6877d777-j7dqz, namespace: default, node: cn-hongkong.10.0.3.15, ip: 10.0.3.38, eni: eth1, labels: { app: nginx } }
  - { name: centos-6c48766848-znkl8, namespace: default, node: cn-hongkong.10.0.3.15, ip: 10.0.3.5, eni: eth1, labels: { app: centos } }
  - { name: busybox-d55494495-8t677, namespace: default, node: cn-hongkong.10.0.3.15, ip: 10.0.3.22, eni: eth2, labels: { app: busybox } }
  - { name: tools-58d9c7b6f4-q4r8t, namespace: default, node: cn-hongkong.10.0.3.16, ip: 10.0.3.60, eni: eth1, labels: { app: tools } }
  - { name: web-5f7c9d8b6-m2x4q, namespace: default, node: cn-hongkong.10.0.3.16, ip: 10.0.3.61, eni: eth1, labels: { app: web } }
services:
  - name: nginx
    namespace: default
    type: ClusterIP
    clusterIP: 192.168.27.242
    selector: { app: nginx }
    ports: [ { name: http, port: 80, targetPort: 80, protocol: TCP } ]
  - name: busybox
    namespace: default
    type: ClusterIP
    clusterIP: 192.168.30.8
    selector: { app: busybox }
    ports: [ { name: http, port: 80, targetPort: 80, protocol: TCP } ]
  - name: web
    namespace: default
    type: LoadBalancer
    clusterIP: 192.168.40.12
    selector: { app: web }
    ports: [ { name: http, port: 80, targetPort: 80, nodePort: 31080, protocol: TCP } ]
    externalTrafficPolicy: Cluster
    loadBalancer: slb-web
  - name: nginx-lb
    namespace: default
    type: LoadBalancer
    clusterIP: 192.168.40.13
    selector: { app: nginx }
    ports: [ { name: http, port: 80, targetPort: 80, nodePort: 31081, protocol: TCP } ]
    externalTrafficPolicy: Cluster
    loadBalancer: slb-nginx
loadBalancers:
  - { name: slb-web, ip: 47.242.10.20, backend: eni, preserveClientIP: true }
  - { name: slb-nginx, ip: 47.242.10.21, backend: nodeport, preserveClientIP: true }
externals:
  - { name: internet-client, ip: 47.74.0.10 }
# Where each element sits on the canvas (what Auto-layout gives), so the document opens without laying out.
layout:
  "external:internet-client": { x: 457, y: 0 }
  "loadBalancer:slb-nginx": { x: 695, y: 0 }
  "loadBalancer:slb-web": { x: 933, y: 0 }
  "service:default/nginx": { x: 302, y: 116 }
  "service:default/busybox": { x: 558, y: 116 }
  "service:default/nginx-lb": { x: 814, y: 116 }
  "service:default/web": { x: 1070, y: 116 }
  "node:cn-hongkong.10.0.3.15": { x: 504, y: 280 }
  "node:cn-hongkong.10.0.3.16": { x: 816, y: 280 }
`;
