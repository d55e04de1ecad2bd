import { selectLesson, selectLibraryOpen, useAppStore } from '../../store';
import { GuidedPanel } from './GuidedPanel';
import { LessonLibrary } from './LessonLibrary';

/** What lessons draw over the canvas: the library drawer and the guided panel. Loaded only when asked for. */
export default function LessonLayer() {
  const libraryOpen = useAppStore(selectLibraryOpen);
  const lesson = useAppStore(selectLesson);
  return (
    <>
      {lesson && <GuidedPanel />}
      {libraryOpen && <LessonLibrary />}
    </>
  );
}
