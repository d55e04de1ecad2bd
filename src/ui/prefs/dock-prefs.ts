/**
 * How the canvas's surroundings are arranged: which docked panels are folded, whether the camera
 * follows the packet and where the event list is. Remembered in localStorage, like the theme (see prefs/theme.ts); read and
 * changed through useDockPrefs.
 */
export interface DockPrefs {
  /** The right dock (trace, packet, node views, editor) folded to a thin rail. */
  dockFolded: boolean;
  /** Sections of the right dock folded to their heading. */
  folded: DockSection[];
  /** During playback the camera follows the current hop (presenter mode always does). */
  follow: boolean;
  /** The event list leaves the dock for a full-width view under the canvas (for long traces). */
  eventsWide: boolean;
}

export type DockSection = 'trace' | 'packet' | 'node' | 'edit';
export const DOCK_SECTIONS: readonly DockSection[] = ['trace', 'packet', 'node', 'edit'];

export const DOCK_KEY = 'hopscope.dock';
export const DEFAULT_DOCK: DockPrefs = { dockFolded: false, folded: [], follow: false, eventsWide: false };

/** What was stored, with anything unreadable or unknown falling back to the default. */
export function parseDockPrefs(raw: string | null): DockPrefs {
  if (!raw) return DEFAULT_DOCK;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return DEFAULT_DOCK;
  }
  if (!v || typeof v !== 'object') return DEFAULT_DOCK;
  const o = v as Record<string, unknown>;
  return {
    dockFolded: typeof o.dockFolded === 'boolean' ? o.dockFolded : DEFAULT_DOCK.dockFolded,
    folded: Array.isArray(o.folded) ? DOCK_SECTIONS.filter((s) => (o.folded as unknown[]).includes(s)) : DEFAULT_DOCK.folded,
    follow: typeof o.follow === 'boolean' ? o.follow : DEFAULT_DOCK.follow,
    eventsWide: typeof o.eventsWide === 'boolean' ? o.eventsWide : DEFAULT_DOCK.eventsWide,
  };
}

const listeners = new Set<() => void>();
let current: DockPrefs | null = null;

function load(): DockPrefs {
  try {
    return parseDockPrefs(localStorage.getItem(DOCK_KEY));
  } catch {
    return DEFAULT_DOCK;
  }
}

export const getDockPrefs = (): DockPrefs => (current ??= load());

export function setDockPrefs(change: Partial<DockPrefs>): void {
  current = { ...getDockPrefs(), ...change };
  try {
    localStorage.setItem(DOCK_KEY, JSON.stringify(current));
  } catch {
    // storage unavailable: the arrangement lasts this visit
  }
  for (const l of listeners) l();
}

export function toggleSection(section: DockSection): void {
  const folded = getDockPrefs().folded;
  setDockPrefs({ folded: folded.includes(section) ? folded.filter((s) => s !== section) : [...folded, section] });
}

export const toggleEventsWide = (): void => setDockPrefs({ eventsWide: !getDockPrefs().eventsWide });

export function subscribeDockPrefs(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
