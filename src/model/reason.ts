import type { Reason } from './trace';

/** A template split once into literal text (even places) and value names (odd places). */
type Compiled = readonly string[];
const compiled = new WeakMap<Readonly<Record<string, string>>, Map<string, Compiled>>();

function compile(templates: Readonly<Record<string, string>>, key: string): Compiled | undefined {
  let byKey = compiled.get(templates);
  if (!byKey) compiled.set(templates, (byKey = new Map()));
  let parts = byKey.get(key);
  if (parts === undefined) {
    const tpl = templates[key];
    if (tpl === undefined) return undefined;
    parts = tpl.split(/\{\{(\w+)\}\}/);
    byKey.set(key, parts);
  }
  return parts;
}

/**
 * `reason` worded with `templates` (`{{name}}` takes the value `name`; a value that is itself a
 * reason is worded the same way). Null when a key, or a nested one, has no template.
 */
export function fillReason(reason: Reason, templates: Readonly<Record<string, string>>): string | null {
  const parts = compile(templates, reason.key);
  if (!parts) return null;
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = reason.params?.[parts[i]!];
    if (v !== undefined) {
      if (typeof v !== 'object') text += String(v);
      else {
        const inner = fillReason(v, templates);
        if (inner === null) return null;
        text += inner;
      }
    }
    text += parts[i + 1]!;
  }
  return text;
}
