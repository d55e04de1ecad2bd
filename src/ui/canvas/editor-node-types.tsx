import { memo, type ComponentType } from 'react';
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import { nodeTypes } from './node-types';

// The canvas's own node views, plus the handles editing needs: drag from a service's bottom
// handle to a pod (selector), from an SLB to a service (loadBalancer), from a router to a node
// (BGP peering). The views stay as they are; only handles are added around them.
const handle = 'h-2.5! w-2.5! border-2! border-white! bg-slate-500! opacity-0 transition-opacity group-hover/edit:opacity-100 [.selected_&]:opacity-100';

type Ends = { in?: boolean; out?: boolean };

function withHandles<P extends NodeProps<Node>>(View: ComponentType<P>, ends: Ends) {
  const Wrapped = memo(function Wrapped(props: P) {
    return (
      <div className="group/edit h-full w-full">
        <View {...props} />
        {ends.in && <Handle id="edit-in" type="target" position={Position.Top} className={handle} />}
        {ends.out && <Handle id="edit-out" type="source" position={Position.Bottom} className={handle} />}
      </div>
    );
  });
  return Wrapped as unknown as ComponentType<NodeProps>;
}

export type RouterData = { name: string; asn: number; peers: number; ip?: string };
export type RouterFlowNode = Node<RouterData, 'router'>;

/** A ToR router (Calico BGP peering with the nodes it lists). */
export const RouterNode = memo(function RouterNode({ id, data }: NodeProps<RouterFlowNode>) {
  return (
    <div
      data-testid="canvas.node"
      data-kind="router"
      data-ref={id}
      className="group/edit flex h-full w-full flex-col justify-center rounded-md border border-teal-300 bg-teal-50 px-2.5 shadow-sm"
    >
      <div className="flex items-center gap-1.5">
        <span className="rounded bg-teal-700 px-1 text-[9px] leading-4 font-semibold tracking-wide text-white">ToR</span>
        <span className="truncate text-[12px] font-semibold text-slate-800">{data.name}</span>
      </div>
      <div className="font-mono text-[11px] leading-4 text-slate-600">
        AS {data.asn} · {data.peers} peer{data.peers === 1 ? '' : 's'}
      </div>
      <Handle id="edit-out" type="source" position={Position.Bottom} className={handle} />
    </div>
  );
});

// Module scope: a new object per render would make React Flow remount every node.
export const editorNodeTypes = {
  vpc: nodeTypes.vpc,
  clusterNode: withHandles(nodeTypes.clusterNode, { in: true }),
  pod: withHandles(nodeTypes.pod, { in: true }),
  service: withHandles(nodeTypes.service, { in: true, out: true }),
  slb: withHandles(nodeTypes.slb, { out: true }),
  external: nodeTypes.external,
  router: RouterNode,
} satisfies NodeTypes;
