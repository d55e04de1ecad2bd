import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n/translator';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { documentCounts } from './counts';

const i18n = createTranslator({ lng: 'en', fallbackLng: 'en', resources: { en: { translation: en }, zh: { translation: zh } } });

describe('The header counts what the document holds', () => {
  it('in English, one of a thing is singular and several are plural (not "1 services")', () => {
    const t = i18n.getFixedT('en');
    expect(documentCounts(t, { nodes: 1, pods: 1, services: 1 })).toBe(' · 1 node, 1 pod, 1 service');
    expect(documentCounts(t, { nodes: 3, pods: 0, services: 2 })).toBe(' · 3 nodes, 0 pods, 2 services');
  });
  it('in Chinese, with the measure word and no plural', () => {
    const t = i18n.getFixedT('zh');
    expect(documentCounts(t, { nodes: 1, pods: 5, services: 1 })).toBe(' · 1 个节点，5 个 Pod，1 个服务');
  });
});
