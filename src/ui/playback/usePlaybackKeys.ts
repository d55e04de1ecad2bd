import { useEffect } from 'react';
import { selectStep, selectTogglePlay, useAppStore } from '../../store';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));

/** Space plays or pauses, ← and → step; not while the person is typing in a field. */
export function usePlaybackKeys() {
  const toggle = useAppStore(selectTogglePlay);
  const step = useAppStore(selectStep);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      if (e.key === ' ') toggle();
      else if (e.key === 'ArrowRight') step(1);
      else if (e.key === 'ArrowLeft') step(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, step]);
}
