import type { Edge, Node } from '@xyflow/react';

/** How a canvas element relates to the current request and trace. */
// NOTE: node data must be `type` aliases, not interfaces: React Flow requires data to be
// assignable to Record<string, unknown>, which interfaces are not.
export type Marks = {
  /** The trace starts here. */
  from?: boolean;
  /** The To field addresses this element. */
  to?: boolean;
  /** The last trace passed through this element. */
  onPath?: boolean;
  /** Node boxes: the devices the last trace used there, drawn as ports (left to right). */
  devices?: string[];
};

export type VpcData = Marks & { cidr: string; title: string };
export type ClusterNodeData = Marks & {
  name: string;
  ip: string;
  podCIDR?: string;
  enis: string[];
  /** How many pods run here. */
  pods?: number;
  /** Drawn as a summary (the pod count) instead of its pods. */
  collapsed?: boolean;
  /** Group by namespace: a frame around each namespace's run of pods (pods are stacked by namespace). */
  frames?: NamespaceFrame[];
};
export type NamespaceFrame = { namespace: string; color: string; first: number; count: number };
export type PodData = Marks & {
  ref: string;
  name: string;
  namespace: string;
  ip: string;
  ready: boolean;
  hostNetwork: boolean;
  /** What a click fills into To. */
  destination: string;
};
export type ServiceData = Marks & {
  ref: string;
  name: string;
  namespace: string;
  clusterIP: string;
  ports: string;
  type: string;
  etp: string;
  destination: string;
};
export type SlbData = Marks & { name: string; ip: string; backend: string; destination: string };
export type ExternalData = Marks & { name: string; ip: string; network: string };

export type VpcFlowNode = Node<VpcData, 'vpc'>;
export type ClusterNodeFlowNode = Node<ClusterNodeData, 'clusterNode'>;
export type PodFlowNode = Node<PodData, 'pod'>;
export type ServiceFlowNode = Node<ServiceData, 'service'>;
export type SlbFlowNode = Node<SlbData, 'slb'>;
export type ExternalFlowNode = Node<ExternalData, 'external'>;

export type AppNode =
  | VpcFlowNode
  | ClusterNodeFlowNode
  | PodFlowNode
  | ServiceFlowNode
  | SlbFlowNode
  | ExternalFlowNode;

export type AppEdge = Edge<{ kind: 'lb' | 'endpoint' }>;
