/**
 * What an embed's link asks for, besides the share link's own parameters (see docs/embed.md):
 * `caption=0` hides the hop caption, `controls=0` the playback bar, `hop=N` opens on hop N (1 is the
 * first), `fit=path` frames the traced packet's path instead of the whole cluster, `src=URL` loads the
 * document from an address. `autoplay=1`, `loop=1`, `theme=` and `lng=` are read where they act.
 */
export interface EmbedOptions {
  caption: boolean;
  controls: boolean;
  /** 0-based frame to open on, or null for the first. */
  startFrame: number | null;
  fitPath: boolean;
  src: string | null;
}

export function readEmbedOptions(search: string): EmbedOptions {
  const q = new URLSearchParams(search);
  const hop = q.get('hop');
  return {
    caption: q.get('caption') !== '0',
    controls: q.get('controls') !== '0',
    startFrame: hop && /^\d{1,5}$/.test(hop) && Number(hop) >= 1 ? Number(hop) - 1 : null,
    fitPath: q.get('fit') === 'path',
    src: q.get('src') || null,
  };
}
