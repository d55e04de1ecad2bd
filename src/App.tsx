import './index.css';
import { lazy, useState } from 'react';
import { selectPresenter, useAppStore, useAppStoreApi } from './store';
import { FlowCanvas } from './ui/canvas/FlowCanvas';
import { canvasEditing } from './ui/canvas/canvas-editing';
import { useOpeningPicture } from './ui/canvas/opening-picture';
import { BenchProbe } from './ui/canvas/BenchProbe';
import { EditorDialogs } from './ui/editor/EditorDialogs';
import { EditorOverlay } from './ui/canvas/EditorOverlay';
import { EditorToolbar } from './ui/editor/EditorToolbar';
import { StorageNotes } from './ui/documents/StorageNotes';
import { useEditorKeys } from './ui/editor/useEditorKeys';
import { DocumentProblems } from './ui/panels/DocumentProblems';
import { LazyPart } from './ui/lib/LazyPart';
import { LoadFailureBanner } from './ui/panels/LoadFailureBanner';
import { Header } from './ui/panels/Header';
import { PlaybackBar } from './ui/panels/PlaybackBar';
import { ResultPanel } from './ui/panels/ResultPanel';
import { TraceBar } from './ui/panels/TraceBar';
import { ShortcutsDialog } from './ui/panels/ShortcutsDialog';
import { TraceMenu } from './ui/canvas/TraceMenu';
import { SideDock } from './ui/dock/SideDock';
import { useDockPrefs } from './ui/prefs/useDockPrefs';
import { READABLE_ZOOM } from './ui/canvas/camera';
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

/**
 * Canvas first: the canvas takes what the bars leave; a lesson docks on its left, the CNI call, the
 * trace, packet, node views and editor on its right (see ui/dock), and nothing lies over it.
 */
export function App() {
  useEditorKeys(useAppStoreApi());
  const presenter = useAppStore(selectPresenter);
  // (Nothing to edit while the canvas draws a picture of a document not yet read: opening-picture.ts.)
  const editable = useAppStore((s) => s.doc !== null);
  const lessonsShown = useAppStore((s) => s.lesson !== null || s.libraryOpen);
  const { follow, eventsWide } = useDockPrefs();
  // Where the canvas puts its zoom controls and follow switch: the bar under it, beside playback.
  const [canvasBar, setCanvasBar] = useState<HTMLDivElement | null>(null);
  if (presenter) {
    return (
      <>
        <PlaybackDriver />
        <LoadFailureBanner />
        <LazyPart>
          <PresenterLayout />
        </LazyPart>
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
      <LoadFailureBanner />
      <DocumentProblems />
      <EditorDialogs />
      <WiringLayer />
      <TraceMenu />
      <ShortcutsDialog />
      <main className="flex min-h-0 flex-1 flex-col">
        <section className={eventsWide ? 'flex min-h-0 flex-[11] border-b border-slate-200' : 'flex min-h-0 flex-1'}>
          {lessonsShown && (
            <div data-testid="dock.left" className="flex w-[22rem] shrink-0 flex-col border-r border-slate-200 bg-white">
              <LazyPart>
                <LessonLayer />
              </LazyPart>
            </div>
          )}
          <div className="flex min-w-0 flex-1 flex-col">
            <EditorOverlay />
            <div className="relative min-h-0 flex-1">
              <FlowCanvas
                readable={READABLE_ZOOM}
                controls={canvasBar}
                follow={follow}
                editing={editable ? canvasEditing : undefined}
                opening={useOpeningPicture}
              >
                <BenchProbe />
              </FlowCanvas>
            </div>
            <div className="flex items-stretch border-t border-slate-200 bg-white">
              <div className="min-w-0 flex-1">
                <PlaybackBar />
              </div>
              <div ref={setCanvasBar} data-testid="canvas.bar" className="flex shrink-0 items-center border-b border-l border-slate-200 px-2" />
            </div>
          </div>
          <SideDock />
        </section>
        {/* The event list's full-width view (long traces): the results take the width and most of the height. */}
        {eventsWide && (
          <section data-testid="results" className="min-h-0 flex-[40] overflow-hidden bg-white">
            <ResultPanel />
          </section>
        )}
      </main>
    </div>
  );
}
