import type { StateCreator } from 'zustand';
import type { AppStore } from '../app-store';

/** How the canvas is looked at (not part of the document): clutter control. */
export interface EditorViewState {
  /** Canvas ids of nodes drawn as a summary line instead of their pods. */
  collapsed: string[];
  /** Find: elements whose name or address contains this stand out; the others fade. */
  query: string;
  /** Filter: only this namespace's pods and services are drawn ('' = all). */
  namespaceFilter: string;
  groupByNamespace: boolean;
  sidebarTab: SidebarTab;
  /** The event list's filter: every hop, or only NAT / routing / policy / drops / any decision. */
  eventFilter: 'all' | 'nat' | 'routing' | 'policy' | 'drop' | 'decision';
  /** The keyboard shortcuts dialog is open. */
  shortcutsOpen: boolean;
}

export type SidebarTab = 'inspector' | 'cluster' | 'problems';

export interface EditorViewActions {
  toggleCollapsed(id: string): void;
  setCollapsed(ids: string[]): void;
  setQuery(q: string): void;
  setNamespaceFilter(ns: string): void;
  toggleGroupByNamespace(): void;
  setSidebarTab(tab: SidebarTab): void;
  setEventFilter(f: EditorViewState['eventFilter']): void;
  setShortcutsOpen(open: boolean): void;
}

export type EditorViewSlice = EditorViewState & EditorViewActions;

export const createEditorViewSlice = (): StateCreator<AppStore, [], [], EditorViewSlice> => (set, get) => ({
  collapsed: [],
  query: '',
  namespaceFilter: '',
  groupByNamespace: false,
  sidebarTab: 'cluster',
  eventFilter: 'all',
  shortcutsOpen: false,
  setEventFilter: (eventFilter) => set({ eventFilter }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setSidebarTab: (sidebarTab) => set({ sidebarTab }),
  toggleCollapsed(id) {
    const c = get().collapsed;
    set({ collapsed: c.includes(id) ? c.filter((x) => x !== id) : [...c, id] });
  },
  setCollapsed: (ids) => set({ collapsed: ids }),
  setQuery: (query) => set({ query }),
  setNamespaceFilter: (namespaceFilter) => set({ namespaceFilter }),
  toggleGroupByNamespace: () => set({ groupByNamespace: !get().groupByNamespace }),
});
