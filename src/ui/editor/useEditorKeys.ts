import { useEffect } from 'react';
import type { AppStoreApi } from '../../store';
import { useCanvasControls } from '../canvas/canvas-controls';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));

/**
 * Editing keys: Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redo, Delete/Backspace, Ctrl/Cmd+D
 * duplicate, Ctrl/Cmd+C/V copy and paste, Alt+arrows nudge the selection (Alt+Shift: 1px). Not while
 * typing. Plain arrows belong to playback (usePlaybackKeys): they never move an element.
 */
export function useEditorKeys(store: AppStoreApi) {
  const canvas = useCanvasControls();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.defaultPrevented) return;
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z') s[e.shiftKey ? 'redo' : 'undo']();
      else if (mod && k === 'y') s.redo();
      else if (mod && k === 'd') s.duplicateSelection();
      else if (mod && k === 'c' && s.selection.length) s.copySelection();
      else if (mod && k === 'v') s.paste();
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace') && s.selection.length) s.deleteSelection();
      else if (!mod && e.altKey && e.key.startsWith('Arrow') && s.selection.length) {
        const step = e.shiftKey ? 1 : 10;
        const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
        const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
        if (!canvas.nudge(dx, dy)) return;
        e.stopPropagation();
      } else if (!mod && e.key.startsWith('Arrow') && e.target instanceof Element && e.target.closest('.react-flow__node')) {
        // NOTE: React Flow moves a focused, selected node with plain arrows; here they do not move anything.
        e.stopPropagation();
        return;
      } else return;
      e.preventDefault();
    };
    // Capture phase, so a nudge is seen before the playback keys' listener.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store, canvas]);
}
