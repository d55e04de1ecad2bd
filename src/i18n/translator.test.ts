import { describe, expect, it } from 'vitest';
import { createTranslator } from './translator';
import { en } from './en';
import { zh } from './zh';

const resources = {
  en: { translation: { a: { hello: 'Hello {{name}}', pods_one: '{{count}} pod', pods_other: '{{count}} pods', onlyEn: 'only in English' } } },
  zh: { translation: { a: { hello: '你好 {{name}}', pods_other: '{{count}} 个 Pod' } } },
};

describe('The translator', () => {
  it('finds nested keys and fills {{values}}; a missing value is empty, a missing key is the key', () => {
    const i18n = createTranslator({ lng: 'en', fallbackLng: 'en', resources });
    expect(i18n.t('a.hello', { name: 'Ann' })).toBe('Hello Ann');
    expect(i18n.t('a.hello')).toBe('Hello ');
    expect(i18n.t('a.nope')).toBe('a.nope');
    expect(i18n.t('a')).toBe('a');
    expect(i18n.t('a.nope', { defaultValue: 'said {{x}}', x: 1 })).toBe('said 1');
  });
  it('chooses the plural form by count in each language', () => {
    const i18n = createTranslator({ lng: 'en', fallbackLng: 'en', resources });
    expect([0, 1, 2].map((count) => i18n.t('a.pods', { count }))).toEqual(['0 pods', '1 pod', '2 pods']);
    expect(i18n.getFixedT('zh')('a.pods', { count: 1 })).toBe('1 个 Pod');
  });
  it('falls back on English, and tells listeners when the language changes (once per change)', async () => {
    const i18n = createTranslator({ lng: 'en', fallbackLng: 'en', resources });
    const heard: string[] = [];
    const off = i18n.onLanguageChanged((l) => heard.push(l));
    const enT = i18n.t;
    await i18n.changeLanguage('zh');
    await i18n.changeLanguage('zh');
    expect(i18n.language).toBe('zh');
    expect(i18n.t).not.toBe(enT);
    expect(i18n.t).toBe(i18n.getFixedT('zh'));
    expect(i18n.t('a.hello', { name: 'A' })).toBe('你好 A');
    expect(i18n.t('a.onlyEn')).toBe('only in English');
    off();
    await i18n.changeLanguage('en');
    expect(heard).toEqual(['zh']);
  });
  it('adds bundles into a namespace of their own', () => {
    const i18n = createTranslator({ lng: 'en', fallbackLng: 'en' });
    i18n.addResourceBundle('en', 'reasons', { r: 'why {{x}}' });
    expect(i18n.getResourceBundle('en', 'reasons')).toEqual({ r: 'why {{x}}' });
    expect(i18n.getFixedT('en', 'reasons')('r', { x: 2 })).toBe('why 2');
    expect(i18n.t('r')).toBe('r');
  });
  it("words the app's own catalogues (plurals in English, one form in Chinese)", () => {
    const i18n = createTranslator({ lng: 'en', fallbackLng: 'en', resources: { en: { translation: en }, zh: { translation: zh } } });
    expect(i18n.t('app.nodes', { count: 1 })).toBe('1 node');
    expect(i18n.t('app.nodes', { count: 3 })).toBe('3 nodes');
    expect(i18n.getFixedT('zh')('app.nodes', { count: 1 })).toBe(zh.app.nodes_other.replace('{{count}}', '1'));
  });
});
