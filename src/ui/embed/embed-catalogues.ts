/// <reference types="vite/client" />
import type { Catalogues } from '../../i18n';
import type { Catalogue } from '../../i18n/translator';

/** A catalogue module cut to the embed's sections (`?sections=embed`, see src/i18n/sections.ts). */
interface Cut {
  en?: Catalogue;
  zh?: Catalogue;
  zhReasons?: Record<string, string>;
  zhProblems?: Record<string, string>;
}
const cut = import.meta.glob<Cut>(['../../i18n/en.ts', '../../i18n/zh.ts'], { query: '?sections=embed' });
const load = (lng: 'en' | 'zh') => cut[`../../i18n/${lng}.ts`]!();

/**
 * The embed's strings: the catalogues' sections an embed draws (src/i18n/sections.ts), about half of each
 * language's; and Chinese wording of the engine's reasons and the validator's problems, for the caption and
 * a refused document. (Lesson symptoms stay out: an embed has no lessons.)
 */
export const EMBED_CATALOGUES: Catalogues = {
  en: () => load('en').then((m) => ({ strings: m.en! })),
  zh: () => load('zh').then((m) => ({ strings: m.zh!, reasons: { ...m.zhReasons, ...m.zhProblems } })),
};
