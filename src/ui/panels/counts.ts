import type { TFunction } from '../../i18n/translator';

/**
 * " · 1 node, 5 pods, 1 service" in the reader's language: each count agrees with its number
 * (plurals: `_one`/`_other` in English; Chinese has one form).
 */
export function documentCounts(t: TFunction, c: { nodes: number; pods: number; services: number }): string {
  return t('app.counts', {
    nodes: t('app.nodes', { count: c.nodes }),
    pods: t('app.pods', { count: c.pods }),
    services: t('app.services', { count: c.services }),
  });
}
