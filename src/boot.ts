// The page's entry: the full app and the embed (`?embed=1`, an iframe) start apart, so an embed downloads
// neither the editor nor the document library, the lessons or their store slices.
/** The embed's Preact build (scripts/preact-embed.ts): its entry, stylesheets and static imports; null on the dev server. */
declare const __PREACT_EMBED__: { js: string; css: string[]; preload: string[] } | null;

/** Starts the embed's Preact build: its stylesheets and the modules its entry imports are requested beside the entry. */
function startEmbed(build: NonNullable<typeof __PREACT_EMBED__>) {
  const link = (rel: string) => (href: string) => document.head.append(Object.assign(document.createElement('link'), { rel, href }));
  build.css.forEach(link('stylesheet'));
  build.preload.forEach(link('modulepreload'));
  return import(/* @vite-ignore */ build.js);
}

if (new URLSearchParams(location.search).get('embed') === '1') void (__PREACT_EMBED__ ? startEmbed(__PREACT_EMBED__) : import('./ui/embed/embed-main'));
else void import('./main');
