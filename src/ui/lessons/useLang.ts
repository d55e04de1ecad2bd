import { useTranslation } from '../../i18n/use-translation';
import type { Language } from '../../i18n';

/** The UI language and `t`, plus `text()` to pick a lesson's {en, zh} in it. */
export function useLang() {
  const { t, i18n } = useTranslation();
  const lng: Language = i18n.language === 'zh' ? 'zh' : 'en';
  const text = (x: { en: string; zh: string }) => x[lng];
  return { t, lng, text };
}
