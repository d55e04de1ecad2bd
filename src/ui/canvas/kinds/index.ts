/**
 * The registry of canvas kinds: what each kind of element is and does lives in its module
 * (kinds/<kind>.tsx); everything else looks it up here instead of switching on `node.type`.
 */
import type { NodeHandle, NodeTypes } from '@xyflow/react';
import type { EditorNode } from '../types';
import { withHandles } from './handles';
import { declaredHandles } from './declared-handles';
import { counted } from './render-count';
import type { CanvasKind } from './kind';
import { externalKind } from './external';
import { nodeKind } from './node';
import { podKind } from './pod';
import { routerKind } from './router';
import { serviceKind } from './service';
import { slbKind } from './slb';
import { vpcKind } from './vpc';

export type { CanvasKind } from './kind';

type Registry = { [T in EditorNode['type']]: CanvasKind<Extract<EditorNode, { type: T }>> };

export const KINDS: Registry = {
  vpc: vpcKind,
  clusterNode: nodeKind,
  pod: podKind,
  service: serviceKind,
  slb: slbKind,
  external: externalKind,
  router: routerKind,
};

/** The kind of a canvas element. */
export const kindOf = <N extends EditorNode>(n: N): CanvasKind<N> => KINDS[n.type] as unknown as CanvasKind<N>;

// Module scope: a new object per render would make React Flow remount every node.
export const canvasNodeTypes: NodeTypes = Object.fromEntries(
  (Object.values(KINDS) as CanvasKind[]).map((k) => [k.type, counted(withHandles(k.component, k.handles))]),
);

const declared = new WeakMap<EditorNode, EditorNode>();
const shared = new Map<string, NodeHandle[]>();
// NOTE: one list for each kind and size, which its boxes share (React Flow only reads it): a 1,000-node cluster's first
// picture has 4,756 boxes of four sizes, and their handles were a list each in the render that draws it.
const handlesOf = (k: CanvasKind, width: number, height: number): NodeHandle[] => {
  const key = `${k.type} ${width} ${height}`;
  let list = shared.get(key);
  if (!list) shared.set(key, (list = declaredHandles(k.viewHandles, k.handles, width, height)));
  return list;
};
/**
 * `n` with its size as measured and its handles declared (declared-handles.ts), so React Flow mounts it only
 * when it comes into view. One object per node object: a node that did not change keeps its identity.
 */
export function declaredNode(n: EditorNode): EditorNode {
  if (n.measured || n.width === undefined || n.height === undefined) return n;
  let out = declared.get(n);
  if (!out) {
    const k = kindOf(n);
    out = { ...n, measured: { width: n.width, height: n.height }, handles: handlesOf(k, n.width, n.height) } as EditorNode;
    declared.set(n, out);
  }
  return out;
}
