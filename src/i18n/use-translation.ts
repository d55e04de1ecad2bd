/**
 * `useTranslation()` over the app's translator (translator.ts). vite.config.ts and the tsconfigs resolve
 * `react-i18next` to this module, so the UI's `import { useTranslation } from 'react-i18next'` lines stay
 * as they are; only `{ t, i18n }` exists, and `t` is a new function when the language changes.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { i18n } from './index';
import type { TFunction, Translator } from './translator';

const subscribe = (onChange: () => void) => i18n.onLanguageChanged(onChange);
const language = () => i18n.language;

export function useTranslation(): { t: TFunction; i18n: Translator } {
  const lng = useSyncExternalStore(subscribe, language);
  return useMemo(() => ({ t: i18n.getFixedT(lng), i18n }), [lng]);
}
