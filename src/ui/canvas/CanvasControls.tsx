import { createPortal } from 'react-dom';
import { useTranslation } from '../../i18n/use-translation';
import { useReactFlow, useStore as useFlowStore, type FitViewOptions, type ReactFlowState } from '@xyflow/react';
import { cn } from '../lib/cn';
import { setDockPrefs } from '../prefs/dock-prefs';
import { useDockPrefs } from '../prefs/useDockPrefs';
import { useFitWhole } from './visible-elements';

const zoomOf = (s: ReactFlowState) => Math.round(s.transform[2] * 100);
const btn =
  'flex h-7 min-w-7 items-center justify-center rounded-md border border-slate-300 bg-white px-1.5 text-[13px] text-slate-700 shadow-xs hover:bg-slate-50';

/**
 * Zoom out / in, fit, the zoom in force and the follow-the-packet switch (remembered). Rendered inside
 * React Flow for its camera, drawn into `slot`: the bar under the canvas, so no control lies over an element.
 */
export function CanvasControls({ slot, fitOptions, stale }: { slot: HTMLElement; fitOptions: FitViewOptions; stale: boolean }) {
  const { t } = useTranslation();
  const { zoomIn, zoomOut } = useReactFlow();
  const fitView = useFitWhole();
  const { follow } = useDockPrefs();
  return createPortal(
    <div className="flex items-center gap-1">
      {/* NOTE: a result of an earlier version of the document is drawn faded; this says why. */}
      {stale && (
        <span
          data-testid="canvas.stale"
          role="status"
          className="mr-1 rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-[11px] font-medium whitespace-nowrap text-amber-900"
        >
          ⚠ {t('canvas.stale')}
        </span>
      )}
      <button
        type="button"
        data-testid="canvas.zoomOut"
        className={btn}
        title={t('dock.zoomOut')}
        aria-label={t('dock.zoomOut')}
        onClick={() => void zoomOut({ duration: 150 })}
      >
        −
      </button>
      <ZoomPercent />
      <button
        type="button"
        data-testid="canvas.zoomIn"
        className={btn}
        title={t('dock.zoomIn')}
        aria-label={t('dock.zoomIn')}
        onClick={() => void zoomIn({ duration: 150 })}
      >
        +
      </button>
      <button
        type="button"
        data-testid="canvas.fit"
        className={btn}
        title={t('dock.fit')}
        aria-label={t('dock.fit')}
        onClick={() => void fitView({ ...fitOptions, duration: 200 })}
      >
        ⤢
      </button>
      <button
        type="button"
        data-testid="canvas.follow"
        aria-pressed={follow}
        title={t('dock.followTitle')}
        onClick={() => setDockPrefs({ follow: !follow })}
        className={cn(btn, 'gap-1 text-[12px]', follow && 'border-amber-500 bg-amber-50 text-amber-900 hover:bg-amber-100')}
      >
        <span aria-hidden>◎</span>
        {t('dock.follow')}
      </button>
    </div>,
    slot,
  );
}

/**
 * The zoom in force. NOTE: a component of its own: the zoom changes in every frame of a zoom, and only this text need be
 * drawn again then, not the whole bar (its buttons' titles translated each time).
 */
function ZoomPercent() {
  const zoom = useFlowStore(zoomOf);
  return (
    <span data-testid="canvas.zoom" className="w-10 text-center font-mono text-[11px] text-slate-600 tabular-nums">
      {zoom}%
    </span>
  );
}
