/** Playback glyphs as SVG: the fonts on a bare Linux box lack the media-control characters. */
const PATHS = {
  first: 'M3 2h2v12H3zM14 2 6 8l8 6z',
  back: 'M12 2 4 8l8 6z',
  play: 'M4 2l10 6-10 6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  forward: 'M4 2l8 6-8 6z',
  last: 'M11 2h2v12h-2zM2 2l8 6-8 6z',
} as const;

export function Icon({ name, className }: { name: keyof typeof PATHS; className?: string }) {
  return (
    <svg viewBox="0 0 16 16" width={12} height={12} aria-hidden className={className} fill="currentColor">
      <path d={PATHS[name]} />
    </svg>
  );
}
