import { useCallback } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { REASONS_NS } from '../../i18n';
import { fillReason } from '../../model/reason';
import type { Reason } from '../../model/trace';

/**
 * Words an engine reason in the reader's language: the engine's English `reason` unless the
 * language has templates for every key `why` uses.
 */
export function useReasonText(): (reason: string, why?: Reason | null) => string {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useCallback(
    (reason, why) => {
      const templates = why ? (i18n.getResourceBundle(lng, REASONS_NS) as Record<string, string> | undefined) : undefined;
      return (why && templates && fillReason(why, templates)) || reason;
    },
    [i18n, lng],
  );
}
