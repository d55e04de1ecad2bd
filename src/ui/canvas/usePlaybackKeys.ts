import { useEffect } from 'react';
import { selectTrace, useAppStoreApi } from '../../store';
import { openMenuOnSelection } from './trace-pick';
import { nextEvent } from '../playback/events';
import { framesOf } from '../playback/useFrames';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));
const inMenu = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('[role="menu"], [role="dialog"]');
const dragging = () => !!document.querySelector('.react-flow__node.dragging');

/**
 * The keys of the picture: while a trace is loaded, space plays or pauses, ←/→ step, Home/End jump,
 * ] and [ go to the next and previous decision; this wins over a selected element (nudging is
 * Alt+arrows). Escape cancels an armed pick or closes the menu; the ContextMenu key or Shift+F10 opens
 * the selected element's menu; ? lists every shortcut. Not while typing in a field or dragging.
 */
export function usePlaybackKeys() {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || typing(e.target)) return;
      const s = store.getState();
      const done = () => {
        e.preventDefault();
        // NOTE: capture phase on window: React Flow's own arrow handling on a focused node never sees it.
        e.stopPropagation();
      };
      if (e.key === 'Escape') {
        if (s.traceMenu) s.openTraceMenu(null);
        else if (s.armed) s.arm(null);
        else if (s.shortcutsOpen) s.setShortcutsOpen(false);
        else return;
        return done();
      }
      if (inMenu(e.target)) return;
      if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
        if (openMenuOnSelection(store)) done();
        return;
      }
      if (e.key === '?') {
        s.setShortcutsOpen(!s.shortcutsOpen);
        return done();
      }
      if (e.altKey || dragging()) return;
      const frames = framesOf(selectTrace(s));
      if (frames.length === 0) return;
      if (e.key === ' ') s.togglePlay();
      else if (e.key === 'ArrowRight') s.step(1);
      else if (e.key === 'ArrowLeft') s.step(-1);
      else if (e.key === 'Home') s.seek(0);
      else if (e.key === 'End') s.seek(frames.length - 1);
      else if (e.key === ']' || e.key === '[') {
        const to = nextEvent(frames, s.frame, e.key === ']' ? 1 : -1, s.eventFilter);
        if (to !== null) s.seek(to);
      } else return;
      done();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store]);
}
