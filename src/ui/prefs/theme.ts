/**
 * Light and dark themes: `dark` on <html> (Tailwind's class strategy; see dark.css for how the
 * palette follows). The choice is remembered; without one, the system's preference decides.
 */
export type Theme = 'light' | 'dark';
export const THEME_KEY = 'hopscope.theme';

const listeners = new Set<() => void>();

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

/** `?theme=` (embeds), then the remembered choice, then the system's. */
export function initialTheme(search = location.search): Theme {
  const asked = new URLSearchParams(search).get('theme');
  if (asked === 'dark' || asked === 'light') return asked;
  return stored() ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

let current: Theme = 'light';

export function applyTheme(theme: Theme): void {
  current = theme;
  document.documentElement.classList.toggle('dark', theme === 'dark');
  for (const l of listeners) l();
}

/** Switch theme and remember it (`remember` false for embeds, which follow their page). */
export function setTheme(theme: Theme, remember = true): void {
  applyTheme(theme);
  if (!remember) return;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // storage unavailable: the choice lasts this visit
  }
}

export const getTheme = (): Theme => current;

export function subscribeTheme(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
