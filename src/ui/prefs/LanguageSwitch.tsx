import { useTranslation } from '../../i18n/use-translation';
import { isLanguage, setLanguage } from '../../i18n';

const NAMES = { en: 'English', zh: '中文' } as const;

/** English / 中文, remembered for the next visit. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <select
      data-testid="prefs.language"
      aria-label={t('prefs.language')}
      title={t('prefs.language')}
      className={className}
      value={i18n.language === 'zh' ? 'zh' : 'en'}
      onChange={(e) => {
        if (isLanguage(e.target.value)) void setLanguage(e.target.value);
      }}
    >
      {(Object.keys(NAMES) as (keyof typeof NAMES)[]).map((l) => (
        <option key={l} value={l}>
          {NAMES[l]}
        </option>
      ))}
    </select>
  );
}
