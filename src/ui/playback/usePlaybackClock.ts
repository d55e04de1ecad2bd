import { useEffect } from 'react';
import { HOP_MS, selectAdvance, selectFrame, selectPlaying, selectSpeed, useAppStore } from '../../store';

/**
 * Advances the playing trace one hop at a time. One store update per hop: the motion between
 * hops is a CSS transition on the compositor, so playback costs the main thread almost nothing.
 */
export function usePlaybackClock() {
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const frame = useAppStore(selectFrame);
  const advance = useAppStore(selectAdvance);
  useEffect(() => {
    if (!playing) return;
    const t = window.setTimeout(advance, HOP_MS / speed);
    return () => window.clearTimeout(t);
  }, [playing, speed, frame, advance]);
}
