import { useCallback } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { Message } from '../../model/message';

/** Words a message in the reader's language; text that is already words (the engine's) stays as it is. */
export function useWording(): (m: Message | string) => string {
  const { t } = useTranslation();
  return useCallback((m) => (typeof m === 'string' ? m : t(`notices.${m.key}`, m.params ?? {})), [t]);
}
