/**
 * The canvas graph as plain data: what `buildGraph` lays out and the pictures are drawn from.
 * Structurally a React Flow graph (the UI's node types in ui/canvas/types.ts are these data
 * types under React Flow's Node), but nothing here depends on React Flow or the DOM, so the
 * renderer and the CLI can use it too.
 */

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
  /**
   * Zoomed out (level of detail): the node draws its pods itself, as one layer, instead of each pod
   * being an element of the canvas. `marked`: the places (0-based, in drawing order) of pods that are
   * an end of the request or on the trace's path.
   */
  podLayer?: { count: number; marked: number[] };
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

/** One element of the graph (the fields of React Flow's Node the layout uses). */
export interface LayoutNode<D, T extends string> {
  id: string;
  type: T;
  position: { x: number; y: number };
  data: D;
  width?: number;
  height?: number;
  parentId?: string;
  zIndex?: number;
  selectable?: boolean;
  className?: string;
}

export type GraphNode =
  | LayoutNode<VpcData, 'vpc'>
  | LayoutNode<ClusterNodeData, 'clusterNode'>
  | LayoutNode<PodData, 'pod'>
  | LayoutNode<ServiceData, 'service'>
  | LayoutNode<SlbData, 'slb'>
  | LayoutNode<ExternalData, 'external'>;

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  zIndex?: number;
  className?: string;
  data?: { kind: 'lb' | 'endpoint' };
}
