import type { Reason } from './trace';

/**
 * `reason` worded with `templates` (`{{name}}` takes the value `name`; a value that is itself a
 * reason is worded the same way). Null when a key, or a nested one, has no template.
 */
export function fillReason(reason: Reason, templates: Readonly<Record<string, string>>): string | null {
  const tpl = templates[reason.key];
  if (tpl === undefined) return null;
  let complete = true;
  const text = tpl.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = reason.params?.[k];
    if (v === undefined) return '';
    if (typeof v !== 'object') return String(v);
    const inner = fillReason(v, templates);
    if (inner === null) complete = false;
    return inner ?? '';
  });
  return complete ? text : null;
}
