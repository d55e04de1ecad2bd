// Who may talk to an embed (docs/embed.md, "Who may talk to it"): loaded with every embed, unlike the commands' code.
/**
 * An origin as the browser writes it (`MessageEvent.origin`): `https://Docs.Example.com/` and
 * `https://docs.example.com:443` both become `https://docs.example.com`. Null for anything that is
 * not an http(s) address (`*`, `null`, `javascript:…`).
 */
export function normalizeOrigin(s: string): string | null {
  try {
    const u = new URL(s.trim());
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin !== 'null' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origins an embed listens to: its own, and those of `?origins=` (comma-separated), each reduced to
 * its origin (see {@link normalizeOrigin}); entries that are not http(s) addresses are left out.
 */
export function allowedOrigins(search: string, own: string): string[] {
  const listed = (new URLSearchParams(search).get('origins') ?? '')
    .split(',')
    .map(normalizeOrigin)
    .filter((o): o is string => o !== null);
  return [...new Set([normalizeOrigin(own) ?? own, ...listed])];
}
