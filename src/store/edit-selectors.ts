import type { Topology } from '../model';
import { displayTopology } from '../model/display';
import type { Doc } from '../model/edit';
import type { AppStore } from './app-store';

const views = new WeakMap<Doc, Topology>();
/**
 * `doc` read leniently, for drawing it even while it has problems. Derived, never stored: one per
 * document object (edits copy, never mutate), so it is computed once per edit and keeps its identity.
 */
export function viewOf(doc: Doc): Topology {
  let view = views.get(doc);
  if (!view) views.set(doc, (view = displayTopology(doc)));
  return view;
}
/** `doc`'s view made otherwise (the editor's after an edit, from the view before it: view-after-edit.ts). */
export const keepView = (doc: Doc, view: Topology) => void views.set(doc, view);

// Module-scope selectors of the editor (document editing and canvas view state).
export const selectDoc = (s: AppStore) => s.doc;
export const selectView = (s: AppStore) => (s.doc ? viewOf(s.doc) : null);
export const selectSelection = (s: AppStore) => s.selection;
export const selectNotice = (s: AppStore) => s.notice;
export const selectImportProblems = (s: AppStore) => s.importProblems;
export const selectPendingChange = (s: AppStore) => s.pendingChange;
export const selectCanUndo = (s: AppStore) => s.past.length > 0;
export const selectCanRedo = (s: AppStore) => s.future.length > 0;
export const selectWarnings = (s: AppStore) => s.warnings;
export const selectCollapsed = (s: AppStore) => s.collapsed;
export const selectToggleCollapsed = (s: AppStore) => s.toggleCollapsed;
export const selectQuery = (s: AppStore) => s.query;
export const selectNamespaceFilter = (s: AppStore) => s.namespaceFilter;
export const selectGroupByNamespace = (s: AppStore) => s.groupByNamespace;
export const selectSidebarTab = (s: AppStore) => s.sidebarTab;
