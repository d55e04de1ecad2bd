/**
 * A big document's first picture drawn as the place worker sends it, before the page has read the document: the
 * worker places the picture of the text the page opens (generated there, or sent ahead) while the page parses the
 * text and makes its display view, so the canvas need not wait for those, nor for a request's round trip. The app's
 * (FlowCanvas's `opening`); the embed never draws one.
 *
 * Drawn only while it is the picture of the text the store is opening as its first document (worker/place-client.ts
 * `openingPicture`: another document opened meanwhile — a link, a lesson, a file — is never drawn over by it), and
 * only until the canvas has its own picture of the document (usePlacement), which is this one: the worker answers the
 * request with the objects drawn already, so the document's arrival moves nothing. Until the document is in the store
 * nothing on the canvas can be selected or edited: the picture's view names no element.
 */
import { useEffect, useLayoutEffect, useState } from 'react';
import type { Topology } from '../../model/topology';
import type { OpeningPicture } from '../../worker/place-client';
import { WORKER_PODS, type CanvasPicture } from './usePlacement';

/** `picture` (usePlacement's), or the opening picture while that has none; `coming`: a picture from the worker is on its way. */
export function useOpeningPicture(picture: CanvasPicture, live: Topology | null): CanvasPicture {
  const [opening, setOpening] = useState<{ coming: boolean; picture: OpeningPicture | null; drawn?: (p: OpeningPicture) => void }>({
    coming: false,
    picture: null,
  });
  useEffect(() => {
    let off: (() => void) | null = null;
    let ended = false;
    void import('../../worker/place-client').then((m) => {
      if (ended) return;
      const heard = () => setOpening({ coming: m.openingComing(), picture: m.openingPicture(), drawn: m.openingDrawn });
      heard();
      off = m.onOpeningPicture(heard);
    });
    return () => {
      ended = true;
      off?.();
    };
  }, []);
  const { picture: first, drawn: said } = opening;
  // (A document on screen that is small is not the one the picture is of.)
  const drawn = !picture.base && first && !(live && live.pods.length <= WORKER_PODS) ? first : null;
  // NOTE: said as the render that draws it commits (a passive effect, or an import's answer, came a task later, after the
  // text had arrived): the document's validation then need not wait for its own picture.
  useLayoutEffect(() => {
    if (drawn) said?.(drawn);
  }, [drawn, said]);
  if (!drawn) return opening.coming ? { ...picture, coming: true } : picture;
  return { topology: live ?? drawn.view, built: null, base: drawn.placed, heldEdges: drawn.held, coming: true };
}
