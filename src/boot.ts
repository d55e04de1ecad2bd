// The page's entry: the full app and the embed (`?embed=1`, an iframe) start apart, so an embed downloads
// neither the editor nor the document library, the lessons or their store slices.
if (new URLSearchParams(window.location.search).get('embed') === '1') void import('./ui/embed/embed-main');
else void import('./main');
