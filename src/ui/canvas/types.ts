import type { Edge, Node } from '@xyflow/react';
import type { ClusterNodeData, ExternalData, PodData, ServiceData, SlbData, VpcData } from '../../layout/types';

// The data types are the pure layout's (src/layout/types.ts); these are them as React Flow nodes.
export type { Marks, VpcData, ClusterNodeData, NamespaceFrame, PodData, ServiceData, SlbData, ExternalData } from '../../layout/types';

export type VpcFlowNode = Node<VpcData, 'vpc'>;
export type ClusterNodeFlowNode = Node<ClusterNodeData, 'clusterNode'>;
export type PodFlowNode = Node<PodData, 'pod'>;
export type ServiceFlowNode = Node<ServiceData, 'service'>;
export type SlbFlowNode = Node<SlbData, 'slb'>;
export type ExternalFlowNode = Node<ExternalData, 'external'>;

export type AppNode = VpcFlowNode | ClusterNodeFlowNode | PodFlowNode | ServiceFlowNode | SlbFlowNode | ExternalFlowNode;

/** A ToR router (Calico BGP): drawn by the editor's canvas, not part of the pure layout's graph. */
export type RouterData = { name: string; asn: number; peers: number; ip?: string };
export type RouterFlowNode = Node<RouterData, 'router'>;

/** Every element the canvas draws: the layout's, plus routers. */
export type EditorNode = AppNode | RouterFlowNode;

export type AppEdge = Edge<{ kind: 'lb' | 'endpoint' }>;
