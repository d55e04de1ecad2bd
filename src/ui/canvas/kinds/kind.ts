import type { ComponentType } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ElementKind } from '../../../model/element-id';
import type { EditorNode } from '../types';

/**
 * A handle a view draws: its side, its size (React Flow's 6 px, or an editing handle's 12 px), and `inset`
 * (the border of the box it is placed in: a handle is centred on the edge inside it).
 */
export interface ViewHandle {
  id?: string;
  type: 'source' | 'target';
  side: 'top' | 'bottom';
  size: number;
  inset: number;
}

/**
 * Everything the canvas knows about one kind of element, in that kind's module (as tldraw's
 * ShapeUtil): the registry (kinds/index.ts) is the only place that dispatches on `node.type`.
 * Its id and layout key are its element kind's (model/element-id); its marks and its picture in an
 * export are the pure layout's and renderer's (src/layout/marks.ts, src/render/svg.ts).
 */
export interface CanvasKind<N extends EditorNode = EditorNode> {
  /** The React Flow node type. */
  type: N['type'];
  /** The document element it draws (its ids and layout key); null for the VPC, which is no element. */
  element: ElementKind | null;
  /** Its box on the canvas. */
  component: ComponentType<NodeProps<N>>;
  /** Editing connections: a drag may end on it (`in`: selector, load balancer, peering) or start from it (`out`). */
  handles: { in?: boolean; out?: boolean };
  /**
   * The handles its view itself draws (edges end at them), in the view's order: React Flow is told them with
   * the node (declared-handles.ts) instead of mounting every node once to measure them.
   */
  viewHandles: readonly ViewHandle[];
  /** What find matches against; null: find never matches it. */
  text(n: N): string | null;
  /** Its namespace, for the namespace filter; null: shown whatever the filter. */
  namespace(n: N): string | null;
  /** Whether it may be an end of a trace: a click or its menu offers it as From or To. */
  traceEnd: boolean;
  /** Whether it holds pods: a pod dropped on it moves there, a double-click folds them into a summary. */
  holdsPods: boolean;
}
