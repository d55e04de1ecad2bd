import { useTranslation } from '../../i18n/use-translation';
import { setTheme } from './theme';
import { useTheme } from './useTheme';

/** One button: the other theme. */
export function ThemeToggle({ className }: { className?: string }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      data-testid="prefs.theme"
      data-theme={theme}
      className={className}
      title={theme === 'dark' ? t('prefs.toLight') : t('prefs.toDark')}
      aria-label={theme === 'dark' ? t('prefs.toLight') : t('prefs.toDark')}
      onClick={() => setTheme(next)}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
