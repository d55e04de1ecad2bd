import './index.css';
import { lazy, Suspense } from 'react';
import { selectPresenter, useAppStore, useAppStoreApi } from './store';
import { FlowCanvas } from './ui/canvas/FlowCanvas';
import { EditorDialogs } from './ui/editor/EditorDialogs';
import { EditorSidebar } from './ui/editor/EditorSidebar';
import { EditorToolbar } from './ui/editor/EditorToolbar';
import { Palette } from './ui/editor/Palette';
import { StorageNotes } from './ui/documents/StorageNotes';
import { useEditorKeys } from './ui/editor/useEditorKeys';
import { DocumentProblems } from './ui/panels/DocumentProblems';
import { Header } from './ui/panels/Header';
import { NodeViews } from './ui/panels/NodeViews';
import { CapturePoints, PacketDetail } from './ui/panels/PacketDetail';
import { PlaybackBar } from './ui/panels/PlaybackBar';
import { ResultPanel } from './ui/panels/ResultPanel';
import { TraceBar } from './ui/panels/TraceBar';
import { ShortcutsDialog } from './ui/panels/ShortcutsDialog';
import { TraceMenu } from './ui/canvas/TraceMenu';
import { usePlaybackClock } from './ui/playback/usePlaybackClock';
import { usePlaybackKeys } from './ui/canvas/usePlaybackKeys';
import { WiringLayer } from './ui/wiring/WiringLayer';

// Lessons and presenter mode load when first asked for: most sessions never open them.
const LessonLayer = lazy(() => import('./ui/lessons/LessonLayer'));
const PresenterLayout = lazy(() => import('./ui/lessons/PresenterLayout'));

/**
 * The playback clock and keys. A component of its own, rendering nothing: the clock reads the
 * current frame, and a hop change should re-render only what shows the hop, not the whole page.
 */
function PlaybackDriver() {
  usePlaybackClock();
  usePlaybackKeys();
  return null;
}

export function App() {
  useEditorKeys(useAppStoreApi());
  const presenter = useAppStore(selectPresenter);
  const lessonsShown = useAppStore((s) => s.lesson !== null || s.libraryOpen);
  const eventsWide = useAppStore((s) => s.eventsWide);
  if (presenter) {
    return (
      <>
        <PlaybackDriver />
        <Suspense fallback={null}>
          <PresenterLayout />
        </Suspense>
      </>
    );
  }
  return (
    <div className="flex h-screen flex-col bg-slate-50 text-slate-900">
      <PlaybackDriver />
      <Header />
      <TraceBar />
      <EditorToolbar />
      <StorageNotes />
      <DocumentProblems />
      <EditorDialogs />
      <WiringLayer />
      <TraceMenu />
      <ShortcutsDialog />
      <main className="flex min-h-0 flex-1 flex-col">
        <section className="flex min-h-0 flex-[11] border-b border-slate-200">
          <div className="relative min-w-0 flex-1">
            <FlowCanvas>
              <Palette />
            </FlowCanvas>
            {lessonsShown && (
              <Suspense fallback={null}>
                <LessonLayer />
              </Suspense>
            )}
          </div>
          <EditorSidebar />
        </section>
        <PlaybackBar />
        {/* The event list's full-width view (long traces): the results take the width and most of the height. */}
        <section
          data-testid="results"
          className={
            eventsWide
              ? 'grid min-h-0 flex-[40] grid-cols-1 bg-white'
              : 'grid min-h-0 flex-[8] grid-cols-[minmax(0,1.55fr)_minmax(0,0.9fr)_minmax(0,1.15fr)] bg-white'
          }
        >
          <div className="min-h-0 overflow-hidden">
            <ResultPanel />
          </div>
          {!eventsWide && (
            <div className="flex min-h-0 flex-col gap-4 overflow-auto border-l border-slate-200 p-3">
              <PacketDetail />
              <CapturePoints />
            </div>
          )}
          {!eventsWide && (
            <div className="flex min-h-0 flex-col overflow-hidden border-l border-slate-200 p-3">
              <NodeViews />
            </div>
          )}
        </section>
      </main>
    </div>
  );
}
