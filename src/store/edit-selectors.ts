import type { AppStore } from './app-store';

// Module-scope selectors of the editor (document editing and canvas view state).
export const selectDoc = (s: AppStore) => s.doc;
export const selectView = (s: AppStore) => s.view;
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
