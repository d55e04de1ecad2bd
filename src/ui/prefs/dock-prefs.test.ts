import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCK, parseDockPrefs } from './dock-prefs';

describe('the remembered dock arrangement', () => {
  it('reads back what was stored', () => {
    expect(parseDockPrefs(JSON.stringify({ dockFolded: true, folded: ['node', 'edit'], follow: true, eventsWide: true }))).toEqual({
      dockFolded: true,
      folded: ['node', 'edit'],
      follow: true,
      eventsWide: true,
    });
  });

  it('falls back to the default for anything it cannot read', () => {
    expect(parseDockPrefs(null)).toEqual(DEFAULT_DOCK);
    expect(parseDockPrefs('{not json')).toEqual(DEFAULT_DOCK);
    expect(parseDockPrefs('42')).toEqual(DEFAULT_DOCK);
    expect(parseDockPrefs(JSON.stringify({ dockFolded: 'yes', folded: ['trace', 'bogus', 3], follow: 1, eventsWide: 'no' }))).toEqual({
      ...DEFAULT_DOCK,
      folded: ['trace'],
    });
  });
});
