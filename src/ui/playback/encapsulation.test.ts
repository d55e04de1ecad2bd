import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compile';
import { trace } from '../../engine/trace';
import { createTranslator } from '../../i18n/translator';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { parseTopology } from '../../model';
import { rewire } from '../../model/rewire';
import { validateTopology } from '../../model/validate';
import { builtins } from '../../scenarios';
import { parse } from 'yaml';
import { outerLabelKey } from './encapsulation';

const i18n = createTranslator({ lng: 'en', fallbackLng: 'en', resources: { en: { translation: en }, zh: { translation: zh } } });

const shop = builtins.find((b) => b.id === 'shop-calico')!.yaml;
/** The outer-header label of the first encapsulated hop of client → web (another node) on `yaml` rewired to `mode`. */
function labels(mode: string, plugin: 'calico' | 'flannel'): { en: string; zh: string } {
  const doc = plugin === 'calico' && mode === 'ipip' ? parseTopology(shop) : validateTopology(rewire(parse(shop), { plugin, mode }));
  if (!doc.ok) throw new Error('invalid');
  const t = trace(compile(doc.topology), { from: 'pod:shop/api-7f8c9d6b5-d3e4f', to: 'pod:shop/web-5d9f7c8b6-a1b2c:80' });
  const outer = t.hops.find((h) => h.packet.outer)?.packet.outer;
  if (!outer) throw new Error(`no encapsulated hop on ${plugin} ${mode}`);
  const key = outerLabelKey(outer);
  return { en: i18n.getFixedT('en')(key), zh: i18n.getFixedT('zh')(key) };
}

describe('The packet detail names the tunnel the outer header belongs to', () => {
  it('Calico IPIP: IP-in-IP, not VXLAN', () => {
    expect(labels('ipip', 'calico')).toEqual({ en: 'outer (IP-in-IP)', zh: '外层(IP-in-IP)' });
  });
  it('Calico VXLAN and Flannel VXLAN: VXLAN', () => {
    expect(labels('vxlan', 'calico').en).toBe('outer (VXLAN)');
    expect(labels('vxlan', 'flannel')).toEqual({ en: 'outer (VXLAN)', zh: '外层(VXLAN)' });
  });
  it('a header of another kind is just "outer"', () => {
    expect(outerLabelKey({ src: '1.1.1.1', dst: '2.2.2.2', proto: 'GRE' })).toBe('detail.outer');
  });
});
