/**
 * The UI's languages: English and Simplified Chinese. The choice is remembered in localStorage;
 * without one, the browser's language decides (any zh-* gives Chinese). Each language's strings are a
 * chunk of their own, loaded when first needed: a page (an embed above all) downloads only the one it shows.
 * (zh is typed as en's `Strings`, so neither falls back to the other for a missing key.)
 */
import { createTranslator, type Catalogue } from './translator';

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

export const i18n = createTranslator({ lng: 'en', fallbackLng: 'en' });
/** The page's `lang`, so screen readers and fonts follow the language (there is no page in Node tests). */
const setPageLanguage = (lng: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
};
setPageLanguage('en');
i18n.onLanguageChanged(setPageLanguage);

/** How a page gets each language's UI strings, and its wording of the engine's reasons and the validator's problems (English has their own). */
export type Catalogues = Record<Language, () => Promise<{ strings: Catalogue; reasons?: Record<string, string> }>>;

/** The full app's: every string. (The embed loads only the sections it draws: ui/embed/embed-catalogues.ts.) */
export const APP_CATALOGUES: Catalogues = {
  en: () => import('./en').then((m) => ({ strings: m.en })),
  zh: () => import('./zh').then((m) => ({ strings: m.zh, reasons: { ...m.zhReasons, ...m.zhProblems, ...m.zhSymptoms } })),
};
let bundles = APP_CATALOGUES;
/** The namespace holding a language's reason templates (see ui/lib/useReasonText). */
export const REASONS_NS = 'reasons';
const loading = new Map<Language, Promise<void>>();
// The language asked for last: a slow chunk must not switch back to an older choice.
let wanted: Language = 'en';
/** A language's strings, fetched once; a failed download is tried again next time. */
function loadStrings(lng: Language): Promise<void> {
  let p = loading.get(lng);
  if (!p) {
    p = bundles[lng]().then(
      ({ strings, reasons }) => {
        i18n.addResourceBundle(lng, 'translation', strings);
        if (reasons) i18n.addResourceBundle(lng, REASONS_NS, reasons);
      },
      (e: unknown) => {
        loading.delete(lng);
        throw e;
      },
    );
    loading.set(lng, p);
  }
  return p;
}

/**
 * Load the starting language's strings from `catalogues` (which later switches use too). Settles when they are
 * in; the page renders after it, so nothing flashes in another language. Chinese that fails to load falls back
 * to English.
 */
export function startI18n(catalogues: Catalogues): Promise<void> {
  bundles = catalogues;
  const lng = initialLanguage();
  wanted = lng;
  return loadStrings(lng)
    .then(
      () => (wanted === lng ? i18n.changeLanguage(lng) : undefined),
      () => (lng === 'en' ? undefined : loadStrings('en')),
    )
    .then(
      () => undefined,
      () => undefined, // no strings at all (offline with the chunks missing): the page shows its keys
    );
}

/** Switch the UI's language; `remember` stores it for the next visit (embeds switch without remembering). */
export function setLanguage(lng: Language, remember = true): Promise<void> {
  wanted = lng;
  const switched = loadStrings(lng).then(
    () => (wanted === lng ? i18n.changeLanguage(lng) : undefined),
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
