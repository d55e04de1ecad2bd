import type { Problem } from '../../model';
import { selectDocError, useAppStore } from '../../store';
import { useReasonText } from '../lib/useReasonText';

/**
 * Why the simulator failed. The document's own problems are listed by the editor's Problems
 * panel and on the elements (a document with problems is still on the canvas, being edited).
 */
export function DocumentProblems() {
  const problems: Problem[] = [];
  const reasonText = useReasonText();
  const error = useAppStore(selectDocError);
  if (!error) return null;
  return (
    <div data-testid="doc.problems" role="alert" className="border-b border-rose-200 bg-rose-50 px-4 py-2 text-[13px] text-rose-900">
      {error ? (
        <p>{error}</p>
      ) : (
        <>
          <p className="font-semibold">
            The document was not loaded ({problems.length} problem{problems.length === 1 ? '' : 's'}):
          </p>
          <ul className="mt-1 max-h-32 list-disc overflow-auto pl-5">
            {problems.map((p, i) => (
              <li key={i}>
                {p.path && <span className="font-mono">{p.path}: </span>}
                {reasonText(p.message, p.why)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
