import type { StateCreator } from 'zustand';
import type { Trace } from '../../model';
import type { AppStore } from '../app-store';

/** Speeds offered, as multiples of the base pace (one hop per {@link HOP_MS} ms). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];
/** How long one hop takes at speed 1. */
export const HOP_MS = 900;

export interface PlaybackState {
  /** The frame shown: an index into the request's hops, then the reply's. */
  frame: number;
  playing: boolean;
  speed: Speed;
  loop: boolean;
}

export interface PlaybackActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Move by `delta` frames, clamped to the trace; stepping pauses. */
  step(delta: number): void;
  /** Show frame `index` (clamped) and pause: a person chose where to look. */
  seek(index: number): void;
  /** What the clock calls once per hop while playing: the next frame, or the end (or the start when looping). */
  advance(): void;
  setSpeed(speed: Speed): void;
  toggleLoop(): void;
  /** A new trace is on screen: play it from its first frame. */
  startPlayback(): void;
  /** No trace to play (or one to look at before playing): back to the first frame, paused. */
  stopPlayback(): void;
}

export type PlaybackSlice = PlaybackState & PlaybackActions;

export const initialPlaybackState = (): PlaybackState => ({ frame: 0, playing: false, speed: 1, loop: false });

/** Frames a trace plays (request hops, then reply hops). */
export const framesIn = (t: Trace | null): number => (t ? t.hops.length + (t.reply?.hops.length ?? 0) : 0);

// What starting and stopping mean, as patches: the trace slice shows a trace and starts it in one change
// (an embed's parent hears one frame message per change, not one for the trace and one for its start).
/** Play a new trace from its first frame. */
export const playingFromStart = (): Pick<PlaybackState, 'frame' | 'playing'> => ({ frame: 0, playing: true });
/** Nothing to play: the first frame, paused. */
export const stoppedAtStart = (): Pick<PlaybackState, 'frame' | 'playing'> => ({ frame: 0, playing: false });

export const createPlaybackSlice = (): StateCreator<AppStore, [], [], PlaybackSlice> => (set, get) => {
  const last = () => Math.max(0, framesIn(get().trace) - 1);
  const clamp = (i: number) => Math.min(Math.max(0, Math.round(i)), last());
  return {
    ...initialPlaybackState(),
    play() {
      if (!get().trace) return;
      // Playing from the last frame starts over, as a media player does.
      set({ playing: true, frame: get().frame >= last() ? 0 : get().frame });
    },
    pause: () => set({ playing: false }),
    togglePlay() {
      if (get().playing) get().pause();
      else get().play();
    },
    step: (delta) => set({ frame: clamp(get().frame + delta), playing: false }),
    seek: (index) => set({ frame: clamp(index), playing: false }),
    advance() {
      const { frame, loop } = get();
      if (frame < last()) set({ frame: frame + 1 });
      else if (loop) set({ frame: 0 });
      else set({ playing: false });
    },
    setSpeed: (speed) => set({ speed }),
    startPlayback: () => set(playingFromStart()),
    stopPlayback: () => set(stoppedAtStart()),
    toggleLoop: () => set({ loop: !get().loop }),
  };
};
