import { memo, type ComponentType } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';

// The handles editing needs: drag from a service's bottom handle to a pod (selector), from an SLB to a
// service (loadBalancer), from a router to a node (BGP peering). Shown on the hovered and the selected
// element (editor.css), as tldraw and excalidraw show theirs.
export const EDIT_HANDLE = 'hs-edit-handle';

/** A kind's view with its editing handles around it (the view itself stays as it is). */
export function withHandles<P extends NodeProps<Node>>(View: ComponentType<P>, ends: { in?: boolean; out?: boolean }): ComponentType<NodeProps> {
  if (!ends.in && !ends.out) return View as unknown as ComponentType<NodeProps>;
  const Wrapped = memo(function Wrapped(props: P) {
    return (
      <div className="h-full w-full">
        <View {...props} />
        {ends.in && <Handle id="edit-in" type="target" position={Position.Top} className={EDIT_HANDLE} />}
        {ends.out && <Handle id="edit-out" type="source" position={Position.Bottom} className={EDIT_HANDLE} />}
      </div>
    );
  });
  return Wrapped as unknown as ComponentType<NodeProps>;
}
