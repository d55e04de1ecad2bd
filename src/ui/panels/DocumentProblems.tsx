import { selectDocError, selectDocErrorMessage, useAppStore } from '../../store';
import { useWording } from '../lib/useWording';

/**
 * Why the simulator failed. The document's own problems are listed by the editor's Problems
 * panel and on the elements (a document with problems is still on the canvas, being edited).
 */
export function DocumentProblems() {
  const error = useAppStore(selectDocError);
  const worded = useAppStore(selectDocErrorMessage);
  const word = useWording();
  if (!error) return null;
  return (
    <div data-testid="doc.problems" role="alert" className="border-b border-rose-200 bg-rose-50 px-4 py-2 text-[13px] text-rose-900">
      <p>{word(worded ?? error)}</p>
    </div>
  );
}
