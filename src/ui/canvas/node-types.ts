import type { NodeTypes } from '@xyflow/react';
import { ClusterNodeBox } from './kinds/node';
import { ExternalNode } from './kinds/external';
import { PodNode } from './kinds/pod';
import { ServiceNode } from './kinds/service';
import { SlbNode } from './kinds/slb';
import { VpcBox } from './kinds/vpc';

// Module scope: a new object per render would make React Flow remount every node.
export const nodeTypes = {
  vpc: VpcBox,
  clusterNode: ClusterNodeBox,
  pod: PodNode,
  service: ServiceNode,
  slb: SlbNode,
  external: ExternalNode,
} satisfies NodeTypes;
