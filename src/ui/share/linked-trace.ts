import { readTraceParams, type AppStoreApi } from '../../store';
import { readNodeView } from './link-params';

/**
 * What a link asks for beyond its document: the node view's tab and node, and a request to trace.
 * The app and the embed both open links this way; true when a trace ran.
 */
export async function applyLinkedTrace(store: AppStoreApi, search: string): Promise<boolean> {
  const nodeView = readNodeView(search);
  if (nodeView.tab) store.getState().setNodeViewTab(nodeView.tab);
  const linked = readTraceParams(search);
  if (!linked || store.getState().docStatus !== 'ready') {
    if (nodeView.node) store.getState().pinNodeView(nodeView.node);
    return false;
  }
  const s = store.getState();
  s.setFrom(linked.from);
  s.setTo(linked.to);
  s.setProtocol(linked.protocol);
  s.setChoice(linked.choice);
  await s.runTrace();
  // After the trace: a picked node is kept for the trace it was picked on.
  if (nodeView.node) store.getState().pinNodeView(nodeView.node);
  return true;
}
