import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { PaletteKind } from '../../model/edit';

/** What panels outside the canvas may ask of it (find, problems, keyboard nudge, the CNI call panel). */
export interface CanvasControls {
  /** Moves the selected elements by (dx, dy) as one edit; false when nothing moved. */
  nudge(dx: number, dy: number): boolean;
  /** Frames these canvas ids. */
  fitTo(ids: string[]): void;
  /** Moves the view by (dx, dy) screen pixels. */
  panBy(dx: number, dy: number): void;
  /** Lays the document out automatically, as drawn (collapsed nodes as summaries), into its `layout`: one undoable edit. */
  autoLayout(): void;
  /** Adds an element in view at the free spot nearest the view's middle; a pod goes on the selected node or the one nearest the middle. */
  add(kind: PaletteKind): void;
}

/** Forwards to the canvas mounted now; each call does nothing while none is. */
class ControlsSlot implements CanvasControls {
  private mounted: CanvasControls | null = null;
  /** The canvas offers its controls; the returned function withdraws them (on unmount). */
  offer(controls: CanvasControls): () => void {
    this.mounted = controls;
    return () => {
      if (this.mounted === controls) this.mounted = null;
    };
  }
  nudge = (dx: number, dy: number) => this.mounted?.nudge(dx, dy) ?? false;
  fitTo = (ids: string[]) => this.mounted?.fitTo(ids);
  panBy = (dx: number, dy: number) => this.mounted?.panBy(dx, dy);
  autoLayout = () => this.mounted?.autoLayout();
  add = (kind: PaletteKind) => this.mounted?.add(kind);
}

// NOTE: the slot, not the controls, is the context value: the canvas offering new controls must not
// re-render every panel that may call them.
const SlotContext = createContext<ControlsSlot | null>(null);

/** Outside a provider (a component test, a page without a canvas) nothing is there to control. */
const NONE = new ControlsSlot();

/** Where a canvas offers its controls to the panels beside it (one per app root). */
export function CanvasControlsProvider({ children }: { children: ReactNode }) {
  const [slot] = useState(() => new ControlsSlot());
  return <SlotContext value={slot}>{children}</SlotContext>;
}

/** The mounted canvas's controls (stable: safe in effect dependencies). */
export function useCanvasControls(): CanvasControls {
  return useContext(SlotContext) ?? NONE;
}

/** The canvas offers its controls while it is mounted. */
export function useOfferCanvasControls(controls: CanvasControls): void {
  const slot = useContext(SlotContext);
  useEffect(() => slot?.offer(controls), [slot, controls]);
}
