import type { PlacerCounts } from '../../worker/placer';

/**
 * Where the canvas built and placed its pictures since the page loaded: on the main thread (`mainBuilds`), or
 * in the place worker (its own counts, the latest it sent). Read by tests through the bench probe.
 */
export const placementCount: { mainBuilds: number; worker: PlacerCounts } = { mainBuilds: 0, worker: { builds: 0, places: 0, ahead: 0, named: 0 } };

export const countMainBuild = () => void placementCount.mainBuilds++;
export const countWorker = (counts: PlacerCounts) => void (placementCount.worker = counts);
