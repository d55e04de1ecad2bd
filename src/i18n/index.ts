/**
 * The UI's languages: English and Simplified Chinese. The choice is remembered in localStorage;
 * without one, the browser's language decides (any zh-* gives Chinese). English ships with the page;
 * Chinese loads when it is first needed.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_KEY = 'hopscope.lng';

export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/** `zh`, `zh-CN`, `zh-Hans-CN`, … → zh; anything else → en. */
export const languageOf = (tag: string | null | undefined): Language => (tag?.toLowerCase().startsWith('zh') ? 'zh' : 'en');

function stored(): Language | null {
  try {
    const v = localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

/** The language to start in: `?lng=` (embeds), then the remembered choice, then the browser's. */
export function initialLanguage(search = typeof location === 'undefined' ? '' : location.search): Language {
  const asked = new URLSearchParams(search).get('lng');
  if (isLanguage(asked)) return asked;
  return stored() ?? languageOf(typeof navigator === 'undefined' ? null : navigator.language);
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
});
document.documentElement.lang = 'en';
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
});

let zhLoading: Promise<void> | null = null;
// The language asked for last: a slow chunk must not switch back to an older choice.
let wanted: Language = 'en';
/** The Chinese strings, fetched once (a separate chunk: English pages and embeds never download them). */
function loadStrings(lng: Language): Promise<void> {
  if (lng === 'en') return Promise.resolve();
  zhLoading ??= import('./zh').then(({ zh }) => {
    i18n.addResourceBundle('zh', 'translation', zh);
  });
  return zhLoading;
}

/** Settles when the starting language's strings are in; the page renders after it, so Chinese never flashes English. */
export const i18nReady: Promise<void> = (() => {
  const lng = initialLanguage();
  wanted = lng;
  if (lng === 'en') return Promise.resolve();
  return loadStrings(lng)
    .then(() => (wanted === lng ? i18n.changeLanguage(lng) : undefined))
    .then(
      () => undefined,
      () => undefined, // the chunk failed to load: the UI stays in English
    );
})();

/** Switch the UI's language; `remember` stores it for the next visit (embeds switch without remembering). */
export function setLanguage(lng: Language, remember = true): Promise<void> {
  wanted = lng;
  const switched = loadStrings(lng).then(
    () => (wanted === lng ? i18n.changeLanguage(lng).then(() => undefined) : undefined),
    () => undefined, // the chunk failed to load: the UI stays as it is
  );
  if (!remember) return switched;
  try {
    localStorage.setItem(LANGUAGE_KEY, lng);
  } catch {
    // storage unavailable (private mode, sandboxed iframe): the choice lasts this visit
  }
  return switched;
}

/** The current language as one of ours. */
export const currentLanguage = (): Language => (i18n.language === 'zh' ? 'zh' : 'en');

/** Pick a lesson text in the current language. */
export const pickText = (t: { en: string; zh: string }, lng: Language): string => t[lng];
