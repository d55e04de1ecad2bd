import type { NodeTypes } from '@xyflow/react';
import { ClusterNodeBox } from './nodes/ClusterNodeBox';
import { ExternalNode } from './nodes/ExternalNode';
import { PodNode } from './nodes/PodNode';
import { ServiceNode } from './nodes/ServiceNode';
import { SlbNode } from './nodes/SlbNode';
import { VpcBox } from './nodes/VpcBox';

// Module scope: a new object per render would make React Flow remount every node.
export const nodeTypes = {
  vpc: VpcBox,
  clusterNode: ClusterNodeBox,
  pod: PodNode,
  service: ServiceNode,
  slb: SlbNode,
  external: ExternalNode,
} satisfies NodeTypes;
