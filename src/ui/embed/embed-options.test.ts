import { describe, expect, it } from 'vitest';
import { readEmbedOptions } from './embed-options';

describe('readEmbedOptions', () => {
  it('shows the caption and the controls unless told not to', () => {
    expect(readEmbedOptions('?embed=1')).toEqual({ caption: true, controls: true, startFrame: null, fitPath: false, src: null });
    expect(readEmbedOptions('?embed=1&caption=0&controls=0')).toMatchObject({ caption: false, controls: false });
  });
  it('reads hop=N as the Nth hop, 1 being the first; nonsense is ignored', () => {
    expect(readEmbedOptions('?hop=1').startFrame).toBe(0);
    expect(readEmbedOptions('?hop=4').startFrame).toBe(3);
    for (const bad of ['0', '-2', 'x', '1.5', '123456']) expect(readEmbedOptions(`?hop=${bad}`).startFrame).toBeNull();
  });
  it('reads fit=path and src=', () => {
    expect(readEmbedOptions('?fit=path&src=https%3A%2F%2Fx.example%2Fa.yaml')).toMatchObject({ fitPath: true, src: 'https://x.example/a.yaml' });
  });
});
