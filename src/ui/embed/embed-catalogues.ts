/// <reference types="vite/client" />
import { i18n, REASONS_NS, type Catalogues, type Language } from '../../i18n';
import type { Catalogue } from '../../i18n/translator';

/** A catalogue module cut to the embed's sections (`?sections=embed`, see src/i18n/sections.ts). */
interface Cut {
  en?: Catalogue;
  zh?: Catalogue;
}
const cut = import.meta.glob<Cut>(['../../i18n/en.ts', '../../i18n/zh.ts'], { query: '?sections=embed' });
const load = (lng: 'en' | 'zh') => cut[`../../i18n/${lng}.ts`]!();

/**
 * The embed's strings: the catalogues' sections an embed draws (src/i18n/sections.ts), about half of each
 * language's; and Chinese wording of the engine's reasons, for the caption. The validator's problems are
 * worded when there are some to show ({@link loadProblemWording}). (Lesson symptoms stay out: no lessons.)
 */
export const EMBED_CATALOGUES: Catalogues = {
  en: () => load('en').then((m) => ({ strings: m.en! })),
  zh: () => Promise.all([load('zh'), import('../../i18n/reasons-zh')]).then(([m, r]) => ({ strings: m.zh!, reasons: r.zhReasons })),
};

/** The validator's problems in `lng` (English needs nothing: the problems are English); settles once they are in. */
export async function loadProblemWording(lng: Language): Promise<void> {
  if (lng !== 'zh') return;
  const { zhProblems } = await import('../../i18n/problems-zh');
  i18n.addResourceBundle('zh', REASONS_NS, zhProblems);
}
