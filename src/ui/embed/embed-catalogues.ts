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
 * language's. The engine's reasons are worded once there is a trace ({@link loadReasonWording}), the validator's
 * problems once there are some to show ({@link loadProblemWording}). (Lesson symptoms stay out: no lessons.)
 */
export const EMBED_CATALOGUES: Catalogues = {
  en: () => load('en').then((m) => ({ strings: m.en! })),
  zh: () => load('zh').then((m) => ({ strings: m.zh! })),
};

/** The engine's reasons (the caption's, the drop's) in `lng` (English needs nothing: they are English); settles once they are in. */
export async function loadReasonWording(lng: Language): Promise<void> {
  if (lng !== 'zh') return;
  const { zhReasons } = await import('../../i18n/reasons-zh');
  i18n.addResourceBundle('zh', REASONS_NS, zhReasons);
}

/** The validator's problems in `lng` (English needs nothing: the problems are English); settles once they are in. */
export async function loadProblemWording(lng: Language): Promise<void> {
  if (lng !== 'zh') return;
  const { zhProblems } = await import('../../i18n/problems-zh');
  i18n.addResourceBundle('zh', REASONS_NS, zhProblems);
}
