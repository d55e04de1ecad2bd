/** The built-in cluster of the Alibaba ACK Flannel articles (rows A of the lessons). */
export const ackFlannelYaml = `# The cluster of the Alibaba ACK Flannel articles: Flannel in VPC-route mode, kube-proxy IPVS.
apiVersion: hopscope/v1
kind: Topology
metadata:
  name: ack-flannel
  title: "ACK Flannel (VPC route) with IPVS"
  description: |
    Three ECS nodes in one VPC, each with a /26 pod block behind its cni0 bridge. The VPC route
    table sends each block to its node. nginx1 is a LoadBalancer service with
    externalTrafficPolicy Local; nginx2 selects the same pods with externalTrafficPolicy Cluster.
cluster:
  cni: { plugin: flannel, mode: vpc-route }
  kubeProxy: { mode: ipvs }
  podCIDR: 172.23.96.0/20
  serviceCIDR: 192.168.0.0/16
  vpc: { cidr: 10.0.0.0/16 }
nodes:
  - { name: ap-southeast-1.10.0.0.180, ip: 10.0.0.180, podCIDR: 172.23.96.0/26 }
  - { name: ap-southeast-1.10.0.1.216, ip: 10.0.1.216, podCIDR: 172.23.96.64/26 }
  - { name: ap-southeast-1.10.0.1.206, ip: 10.0.1.206, podCIDR: 172.23.96.128/26 }
pods:
  - { name: centos-67756b6dc8-rmmxt, namespace: default, node: ap-southeast-1.10.0.0.180, ip: 172.23.96.23, labels: { app: centos } }
  - { name: nginx-7d6877d777-6jkfg, namespace: default, node: ap-southeast-1.10.0.0.180, ip: 172.23.96.24, labels: { app: nginx } }
  - { name: nginx1-76c99b49df-s6z79, namespace: default, node: ap-southeast-1.10.0.1.216, ip: 172.23.96.82, labels: { app: nginx1 } }
  - { name: nginx1-76c99b49df-4zsdj, namespace: default, node: ap-southeast-1.10.0.1.206, ip: 172.23.96.162, labels: { app: nginx1 } }
  - { name: nginx1-76c99b49df-7plsr, namespace: default, node: ap-southeast-1.10.0.1.206, ip: 172.23.96.163, labels: { app: nginx1 } }
services:
  - name: nginx
    namespace: default
    type: ClusterIP
    clusterIP: 192.168.20.10
    selector: { app: nginx }
    ports: [ { name: http, port: 80, targetPort: 80, protocol: TCP } ]
  - name: nginx1
    namespace: default
    type: LoadBalancer
    clusterIP: 192.168.13.23
    selector: { app: nginx1 }
    ports: [ { name: http, port: 80, targetPort: 80, nodePort: 32580, protocol: TCP } ]
    externalTrafficPolicy: Local
    loadBalancer: slb-nginx1
  - name: nginx2
    namespace: default
    type: LoadBalancer
    clusterIP: 192.168.40.7
    selector: { app: nginx1 }
    ports: [ { name: http, port: 80, targetPort: 80, nodePort: 30875, protocol: TCP } ]
    externalTrafficPolicy: Cluster
    loadBalancer: slb-nginx2
loadBalancers:
  - { name: slb-nginx1, ip: 8.219.164.113, backend: nodeport, preserveClientIP: true }
  - { name: slb-nginx2, ip: 8.219.170.20, backend: nodeport, preserveClientIP: true }
externals:
  - { name: internet-client, ip: 47.74.0.10 }
# Where each element sits on the canvas (what Auto-layout gives), so the document opens without laying out.
layout:
  "external:internet-client": { x: 457, y: 0 }
  "loadBalancer:slb-nginx2": { x: 695, y: 0 }
  "loadBalancer:slb-nginx1": { x: 933, y: 0 }
  "service:default/nginx2": { x: 430, y: 116 }
  "service:default/nginx1": { x: 686, y: 116 }
  "service:default/nginx": { x: 942, y: 116 }
  "node:ap-southeast-1.10.0.1.206": { x: 348, y: 280 }
  "node:ap-southeast-1.10.0.0.180": { x: 660, y: 280 }
  "node:ap-southeast-1.10.0.1.216": { x: 972, y: 280 }
`;
