/**
 * The canvas's picture of a document before a trace opens or marks anything: its graph and placement, once per
 * document, collapse and grouping. A small document is placed here, in the render that receives it (no round
 * trip: a built-in opens at once); a big one in the place worker, and the main thread only receives its picture.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Topology } from '../../model/topology';
import { identityKeeper } from '../../layout/identity';
import { placeDocument } from '../../layout/place-doc';
import type { PlaceClient, Placement } from '../../worker/place-client';
import { WORKER_PODS } from '../../worker/placer';
import { useAutoLayout } from './auto-layout-loader';
import { buildGraph, type Graph } from './layout';
import { needsAutoLayout } from './place-graph';
import { countMainBuild, countWorker } from './placement-count';

// (Past WORKER_PODS pods a document is placed in the worker.)
export { WORKER_PODS };

export interface CanvasPicture {
  /** The topology the picture is of (a big document's trails the one on screen by a worker round trip). */
  topology: Topology | null;
  /** buildGraph(topology): null while a big document's graph is on its way. */
  built: Graph | null;
  /** The placed picture, elements that did not change keeping their objects. */
  base: Graph | null;
  /** How many of its edges are still to come (a big document's first picture: see Placement `held`). */
  heldEdges: number;
  /** The picture is (or will be) made in the place worker: a big one (also before the document is here: opening-picture.ts). */
  coming?: boolean;
}

export function usePlacement(
  live: Topology | null,
  collapsedList: readonly string[],
  collapsed: ReadonlySet<string>,
  groupByNamespace: boolean,
): CanvasPicture {
  const [failed, setFailed] = useState(false);
  const big = !!live && live.pods.length > WORKER_PODS && !failed;
  const [keepPlaced] = useState(identityKeeper);

  // Small: here.
  const small = big ? null : live;
  const built = useMemo(() => {
    if (!small) return null;
    countMainBuild();
    return buildGraph(small);
  }, [small]);
  const { ready, autoLayout } = useAutoLayout(!!(built && small && needsAutoLayout(built, small)));
  // NOTE: while the automatic layout loads (once, a few ms) nothing is drawn: React Flow fits the view to
  // the first picture it gets, and a picture that jumps when the layout arrives would be fitted wrong.
  const base = useMemo(
    () => (built && small && ready ? keepPlaced(placeDocument(built, small, { collapsed, groupByNamespace }, autoLayout)) : null),
    [built, small, ready, collapsed, groupByNamespace, autoLayout, keepPlaced],
  );

  // Big: in the worker, started with the first big document and ended when the document on screen is small again.
  // The client is loaded then (a big document is never embedded as a built-in: the embed does not carry it).
  const client = useRef<PlaceClient | null>(null);
  const request = useRef<(() => void) | null>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  useEffect(() => {
    if (!big) return;
    let ended = false;
    void import('../../worker/place-client').then(({ createPlaceClient }) => {
      if (ended) return;
      client.current = createPlaceClient(
        (p) => {
          countWorker(p.counts);
          setPlacement(p);
        },
        () => setFailed(true),
      );
      request.current?.();
    });
    return () => {
      ended = true;
      client.current?.dispose();
      client.current = null;
      setPlacement(null);
    };
  }, [big]);
  // (After the effect above.) The newest request, sent now or as soon as the client has loaded.
  useEffect(() => {
    request.current = big && live ? () => client.current?.place(live, collapsedList, groupByNamespace) : null;
    request.current?.();
  }, [big, live, collapsedList, groupByNamespace]);
  const placed = placement?.placed;
  const received = useMemo(() => (big && placed ? keepPlaced(placed, true) : null), [big, placed, keepPlaced]);
  // (After the render that draws it.)
  useEffect(() => {
    if (received) client.current?.drawn();
  }, [received]);

  if (!big) return { topology: live, built, base, heldEdges: 0 };
  return { topology: placement?.topology ?? null, built: placement?.built ?? null, base: received, heldEdges: placement?.held ?? 0, coming: true };
}
