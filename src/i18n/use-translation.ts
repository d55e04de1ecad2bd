/**
 * `useTranslation()` over the app's translator (translator.ts), shaped like react-i18next's so the
 * components read familiarly; only `{ t, i18n }` exists, and `t` is a new function when the language changes.
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
