// The page's entry: the full app and the embed (`?embed=1`, an iframe) start apart, so an embed downloads
// neither the editor nor the document library, the lessons or their store slices.
/** A build's entry, its stylesheets and the modules to request beside it (scripts/preact-embed.ts, vite.config.ts `appBuild`); null on the dev server. */
type Build = { js: string; css: string[]; preload: string[] } | null;
declare const __PREACT_EMBED__: Build;
declare const __APP_BUILD__: Build;

/** Requests the build's files at once, and runs its entry once its stylesheets are in (nothing is drawn unstyled). */
function start(build: NonNullable<Build>) {
  const links = (rel: string, hrefs: string[]) =>
    Promise.all(
      hrefs.map(
        (href) => new Promise((settle) => document.head.append(Object.assign(document.createElement('link'), { rel, href, onload: settle, onerror: settle }))),
      ),
    );
  void links('modulepreload', build.preload);
  return links('stylesheet', build.css).then(() => import(/* @vite-ignore */ build.js));
}

if (new URLSearchParams(location.search).get('embed') === '1') void (__PREACT_EMBED__ ? start(__PREACT_EMBED__) : import('./ui/embed/embed-main'));
else void (__APP_BUILD__ ? start(__APP_BUILD__) : import('./start'));
