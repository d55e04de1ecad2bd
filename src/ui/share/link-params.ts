// The parameters of a share link that name what is on show (the document's own is decoded by share-link.ts).
export const DOC_PARAM = 'doc';
export const FRAME_PARAM = 'frame';
/** The node view on show: its tab (`nodeview=nat`) and, when the person picked one, its node (`node=NAME`). */
export const NODE_VIEW_PARAM = 'nodeview';
export const NODE_PARAM = 'node';

/** The node view a link asks for: a tab id and maybe a node name (checked against the document by the panel). */
export function readNodeView(search: string): { tab: string | null; node: string | null } {
  const q = new URLSearchParams(search);
  const tab = q.get(NODE_VIEW_PARAM);
  const node = q.get(NODE_PARAM);
  return { tab: tab && /^[a-z]{1,16}$/.test(tab) ? tab : null, node: node && node.length <= 253 ? node : null };
}

/** The frame a link asks for: a small non-negative integer, or null. */
export function readFrame(search: string): number | null {
  const f = new URLSearchParams(search).get(FRAME_PARAM);
  return f && /^\d{1,5}$/.test(f) ? Number(f) : null;
}
