import type { AppStoreApi } from '../../store';

/**
 * An embed shows a document; it never changes it. Every edit goes through `applyEdit` (and history
 * through undo/redo), so replacing those with no-ops makes the store read-only without the editor
 * knowing about embeds. Loading a whole document (`openText`, the postMessage `load`) still works.
 */
export function makeReadOnly(store: AppStoreApi): void {
  const none = () => {};
  store.setState({ applyEdit: () => store.getState().whenValidated(), undo: none, redo: none, newDocument: none, select: none });
}
