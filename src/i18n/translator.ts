/**
 * The app's translator: nested string catalogues per language and namespace, `{{name}}` values, plurals
 * by `count` (`_one`/`_other`, chosen by Intl.PluralRules), a `defaultValue`, and English as the fallback.
 * That is all of i18next the UI used; this is ~1 KB where i18next with react-i18next was ~18 KB gzip of
 * every page's first load (an embed's above all).
 */

export interface Catalogue {
  [key: string]: string | Catalogue;
}
export interface TOptions {
  count?: number;
  defaultValue?: string;
  [name: string]: unknown;
}
export type TFunction = (key: string, options?: TOptions) => string;

export interface Translator {
  /** The language `t` speaks. */
  readonly language: string;
  readonly t: TFunction;
  /** A `t` for that language (and namespace); the same function every time it is asked for. */
  getFixedT(lng: string, ns?: string): TFunction;
  addResourceBundle(lng: string, ns: string, resources: Catalogue): void;
  getResourceBundle(lng: string, ns: string): Catalogue | undefined;
  changeLanguage(lng: string): Promise<void>;
  /** `languageChanged` listeners; the returned function removes it. */
  onLanguageChanged(listener: (lng: string) => void): () => void;
}

export const DEFAULT_NS = 'translation';

function lookup(catalogue: Catalogue | undefined, key: string): string | undefined {
  let at: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (at === undefined || typeof at === 'string') return undefined;
    at = at[part];
  }
  return typeof at === 'string' ? at : undefined;
}

const interpolate = (template: string, values: TOptions | undefined) =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = values?.[name];
    return v === undefined || v === null ? '' : String(v);
  });

export function createTranslator(options: { lng: string; fallbackLng: string; resources?: Record<string, Record<string, Catalogue>> }): Translator {
  const resources: Record<string, Record<string, Catalogue>> = { ...options.resources };
  const fixed = new Map<string, TFunction>();
  const listeners = new Set<(lng: string) => void>();
  const plurals = new Map<string, Intl.PluralRules>();
  let language = options.lng;

  /** The template for `key` in `lng`, with its plural form when `count` is given. */
  function find(lng: string, ns: string, key: string, count: number | undefined): string | undefined {
    const catalogue = resources[lng]?.[ns];
    if (typeof count === 'number') {
      let rules = plurals.get(lng);
      if (!rules) plurals.set(lng, (rules = new Intl.PluralRules(lng)));
      const form = lookup(catalogue, `${key}_${rules.select(count)}`) ?? lookup(catalogue, `${key}_other`);
      if (form !== undefined) return form;
    }
    return lookup(catalogue, key);
  }

  function getFixedT(lng: string, ns = DEFAULT_NS): TFunction {
    const id = `${lng}\u0000${ns}`;
    let t = fixed.get(id);
    if (!t) {
      t = (key, values) => {
        const template = find(lng, ns, key, values?.count) ?? find(options.fallbackLng, ns, key, values?.count) ?? values?.defaultValue ?? key;
        return interpolate(template, values);
      };
      fixed.set(id, t);
    }
    return t;
  }

  return {
    get language() {
      return language;
    },
    get t() {
      return getFixedT(language);
    },
    getFixedT,
    addResourceBundle(lng, ns, catalogue) {
      (resources[lng] ??= {})[ns] = { ...resources[lng]?.[ns], ...catalogue };
    },
    getResourceBundle: (lng, ns) => resources[lng]?.[ns],
    changeLanguage(lng) {
      if (lng !== language) {
        language = lng;
        for (const l of listeners) l(lng);
      }
      return Promise.resolve();
    },
    onLanguageChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
