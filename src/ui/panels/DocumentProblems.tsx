import { selectDocError, selectProblems, useAppStore } from '../../store';

/** Every problem of a document that failed to load, each with its path; or why the simulator failed. */
export function DocumentProblems() {
  const problems = useAppStore(selectProblems);
  const error = useAppStore(selectDocError);
  if (!error && problems.length === 0) return null;
  return (
    <div data-testid="doc.problems" role="alert" className="border-b border-rose-200 bg-rose-50 px-4 py-2 text-[13px] text-rose-900">
      {error ? (
        <p>{error}</p>
      ) : (
        <>
          <p className="font-semibold">The document was not loaded ({problems.length} problem{problems.length === 1 ? '' : 's'}):</p>
          <ul className="mt-1 max-h-32 list-disc overflow-auto pl-5">
            {problems.map((p, i) => (
              <li key={i}>
                {p.path && <span className="font-mono">{p.path}: </span>}
                {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
