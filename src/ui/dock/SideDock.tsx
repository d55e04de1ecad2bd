import { useTranslation } from '../../i18n/use-translation';
import { useDeferredValue } from 'react';
import { selectTrace, selectTraceError, useAppStore } from '../../store';
import { EditorSidebar } from '../editor/EditorSidebar';
import { Palette } from '../editor/Palette';
import { NodeViews, PrepareNodeViews } from '../panels/NodeViews';
import { CapturePoints, PacketDetail } from '../panels/PacketDetail';
import { ResultPanel } from '../panels/ResultPanel';
import { CniCallPanel } from '../wiring/CniCallPanel';
import { WiringSwitch } from '../wiring/WiringSwitch';
import { setDockPrefs } from '../prefs/dock-prefs';
import { DockPanel } from './DockPanel';
import { useDockPrefs } from '../prefs/useDockPrefs';

/**
 * The side dock, right of the canvas: the CNI call of a pod just added or removed (on top while it
 * shows; opening it does not move the canvas under the pointer), the trace and its event list, the packet at the current hop,
 * the node views, and the editor (palette, CNI switch, inspector / cluster / problems). Sections
 * fold to their heading and the dock to a rail, remembered; nothing of it lies over the canvas.
 * The dock scrolls as one column (as a design tool's property panel does): each section keeps a
 * height it is readable at, instead of all of them sharing the window's height.
 * With the event list in its full-width view, the trace section leaves the dock for the bottom.
 */
export function SideDock() {
  const { t } = useTranslation();
  const { dockFolded, eventsWide } = useDockPrefs();
  // The packet and node sections come with the panels' trace (usePanelPlayback), in the render after the one that draws it on the canvas.
  const traced = useDeferredValue(useAppStore((s) => selectTrace(s) !== null));
  const failed = useAppStore((s) => selectTraceError(s) !== null);
  if (dockFolded) {
    return (
      <aside data-testid="dock" data-folded="true" className="flex w-8 shrink-0 flex-col items-center border-l border-slate-200 bg-white py-1">
        <button
          type="button"
          data-testid="dock.unfoldDock"
          title={t('dock.unfoldDock')}
          aria-label={t('dock.unfoldDock')}
          onClick={() => setDockPrefs({ dockFolded: false })}
          className="h-7 w-7 rounded text-slate-500 hover:bg-slate-100 hover:text-slate-900"
        >
          ⇤
        </button>
      </aside>
    );
  }
  const fold = (
    <button
      type="button"
      data-testid="dock.foldDock"
      title={t('dock.foldDock')}
      aria-label={t('dock.foldDock')}
      onClick={() => setDockPrefs({ dockFolded: true })}
      className="h-6 w-6 shrink-0 rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900"
    >
      ⇥
    </button>
  );
  return (
    <aside data-testid="dock" className="flex w-80 shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white">
      <div className="flex max-h-[70%] shrink-0 flex-col">
        <CniCallPanel />
      </div>
      {!eventsWide && (
        // NOTE: before anything is traced the section is only its one-line hint; it takes room once there is a result.
        // With a result it takes the dock's height: the summary above and at least 8 events of the list in sight at 900 px.
        <DockPanel section="trace" size={traced || failed ? 'h-full min-h-[32rem]' : ''} extra={fold}>
          <div className="min-h-0 flex-1 overflow-hidden">
            <ResultPanel />
          </div>
        </DockPanel>
      )}
      {traced && (
        <DockPanel section="packet" size="" extra={eventsWide ? fold : undefined}>
          <div className="flex flex-col gap-3 p-3">
            <PacketDetail />
            <CapturePoints />
          </div>
        </DockPanel>
      )}
      {!traced && <PrepareNodeViews />}
      {traced && (
        <DockPanel section="node" size="h-96">
          <div className="flex min-h-0 flex-1 flex-col overflow-hidden p-2">
            <NodeViews />
          </div>
        </DockPanel>
      )}
      <DockPanel section="edit" size={traced ? '' : 'min-h-[32rem] flex-1'} extra={eventsWide && !traced ? fold : undefined}>
        <div className="flex shrink-0 flex-col gap-2 border-b border-slate-200 p-2">
          <Palette />
          <WiringSwitch />
        </div>
        <div className="flex h-[36rem] flex-1 flex-col">
          <EditorSidebar />
        </div>
      </DockPanel>
    </aside>
  );
}
