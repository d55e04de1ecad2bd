import type { AppStoreApi } from '../../store';
import { fetchSource } from './embed-source';
import { setSourceState } from './source-state';

/**
 * `?embed=1&src=URL`: fetch the document, have the worker read it (YAML or JSON), open it. False (with the
 * reason on screen) when there is no document to show.
 */
export async function openSource(store: AppStoreApi, read: (text: string) => Promise<object | null>, src: string): Promise<boolean> {
  setSourceState({ url: src, state: 'loading' });
  const got = await fetchSource(src, location.href);
  if (!got.ok) {
    setSourceState({ url: got.url, state: 'failed', problem: got.problem });
    return false;
  }
  if (!(await read(got.text).catch(() => null))) {
    setSourceState({ url: got.url, state: 'failed', problem: { kind: 'notDocument' } });
    return false;
  }
  store.setState({ importProblems: null });
  const accepted = await store.getState().openText(got.text, undefined, 'embed');
  const s = store.getState();
  if (accepted && s.docStatus === 'ready') {
    setSourceState(null);
    return true;
  }
  // Refused outright (importProblems), or opened with problems (problems).
  const listed = (accepted ? s.problems : (s.importProblems?.problems ?? s.problems)).map((x) => (x.path ? `${x.path}: ${x.message}` : x.message));
  setSourceState({ url: got.url, state: 'invalid', problems: listed.slice(0, 3).join('; ') || s.docError || '?' });
  return false;
}
