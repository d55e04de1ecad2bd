/**
 * An online shop on Calico IPIP behind an ingress controller, with NetworkPolicies: the
 * cluster of rows D (Ingress, CNI call, troubleshooting). Faults are switched on per lesson.
 */
export const shopCalicoYaml = `# A shop behind ingress-nginx on Calico IPIP, with NetworkPolicies (rows D of the lessons).
apiVersion: hopscope/v1
kind: Topology
metadata:
  name: shop-calico
  title: "Ingress, NetworkPolicy and troubleshooting (Calico IPIP)"
  description: |
    An ingress-nginx controller behind a LoadBalancer routes shop.example.com to the web and api
    services. NetworkPolicies isolate the shop: the api accepts only the ingress namespace, the
    database only the api. Calico enforces them on the host side of each pod's cali interface.
cluster:
  cni: { plugin: calico, mode: ipip }
  kubeProxy: { mode: iptables }
  podCIDR: 10.244.0.0/16
  serviceCIDR: 10.96.0.0/16
  vpc: { cidr: 192.168.0.0/24 }
nodes:
  - { name: node-1, ip: 192.168.0.11, podCIDR: 10.244.1.0/26 }
  - { name: node-2, ip: 192.168.0.12, podCIDR: 10.244.2.0/26 }
namespaces:
  - { name: ingress-nginx, labels: { purpose: ingress } }
  - { name: shop, labels: { team: shop } }
pods:
  - name: ingress-nginx-controller-7c6d8f9b5-q2w4e
    namespace: ingress-nginx
    node: node-1
    ip: 10.244.1.10
    labels: { app.kubernetes.io/name: ingress-nginx }
    ports: [ { containerPort: 80 }, { containerPort: 443 } ]
  - { name: client-6b7f8d9c4-z8x7v, namespace: default, node: node-1, ip: 10.244.1.20, labels: { app: client } }
  - { name: web-5d9f7c8b6-a1b2c, namespace: shop, node: node-2, ip: 10.244.2.10, labels: { app: web }, ports: [ { containerPort: 80 } ] }
  - { name: api-7f8c9d6b5-d3e4f, namespace: shop, node: node-1, ip: 10.244.1.30, labels: { app: api }, ports: [ { containerPort: 8080 } ] }
  - { name: api-7f8c9d6b5-g5h6i, namespace: shop, node: node-2, ip: 10.244.2.30, labels: { app: api }, ports: [ { containerPort: 8080 } ] }
  - { name: db-0, namespace: shop, node: node-2, ip: 10.244.2.40, labels: { app: db }, ports: [ { containerPort: 5432 } ] }
services:
  - name: ingress-nginx-controller
    namespace: ingress-nginx
    type: LoadBalancer
    clusterIP: 10.96.100.10
    selector: { app.kubernetes.io/name: ingress-nginx }
    ports:
      - { name: http, port: 80, targetPort: 80, nodePort: 30080 }
      - { name: https, port: 443, targetPort: 443, nodePort: 30443 }
    loadBalancer: elb-ingress
  - { name: web, namespace: shop, clusterIP: 10.96.20.10, selector: { app: web }, ports: [ { port: 80, targetPort: 80 } ] }
  - { name: api, namespace: shop, clusterIP: 10.96.20.20, selector: { app: api }, ports: [ { port: 8080, targetPort: 8080 } ] }
  - { name: db, namespace: shop, clusterIP: 10.96.20.30, selector: { app: db }, ports: [ { port: 5432, targetPort: 5432 } ] }
ingressClasses:
  - { name: nginx, controllerService: ingress-nginx/ingress-nginx-controller }
ingresses:
  - name: shop
    namespace: shop
    ingressClassName: nginx
    rules:
      - host: shop.example.com
        paths:
          - { path: /, pathType: Prefix, backend: { service: web, port: 80 } }
          - { path: /api, pathType: Prefix, backend: { service: api, port: 8080 } }
networkPolicies:
  - name: api-from-ingress
    namespace: shop
    podSelector: { matchLabels: { app: api } }
    ingress:
      - from: [ { namespaceSelector: { matchLabels: { purpose: ingress } } } ]
        ports: [ { protocol: TCP, port: 8080 } ]
  - name: db-from-api
    namespace: shop
    podSelector: { matchLabels: { app: db } }
    ingress:
      - from: [ { podSelector: { matchLabels: { app: api } } } ]
        ports: [ { protocol: TCP, port: 5432 } ]
  - name: web-from-pods-but-client
    namespace: shop
    podSelector: { matchLabels: { app: web } }
    ingress:
      - from:
          - { ipBlock: { cidr: 10.244.0.0/16, except: [ 10.244.1.20/32 ] } }
          - { namespaceSelector: { matchLabels: { purpose: ingress } } }
  - name: client-egress
    namespace: default
    podSelector: { matchLabels: { app: client } }
    policyTypes: [ Egress ]
    egress:
      - to: [ { namespaceSelector: { matchLabels: { team: shop } } }, { namespaceSelector: { matchLabels: { purpose: ingress } } } ]
loadBalancers:
  - { name: elb-ingress, ip: 121.36.10.20, backend: nodeport, preserveClientIP: true }
externals:
  - { name: internet-client, ip: 47.74.0.10 }
  - { name: office, ip: 192.168.0.50, network: vpc }
# Where each element sits on the canvas (what Auto-layout gives), so the document opens without laying out.
layout:
  "external:internet-client": { x: 457, y: 0 }
  "external:office": { x: 695, y: 0 }
  "loadBalancer:elb-ingress": { x: 933, y: 0 }
  "service:ingress-nginx/ingress-nginx-controller": { x: 302, y: 116 }
  "service:shop/api": { x: 558, y: 116 }
  "service:shop/web": { x: 814, y: 116 }
  "service:shop/db": { x: 1070, y: 116 }
  "node:node-1": { x: 504, y: 280 }
  "node:node-2": { x: 816, y: 280 }
`;
