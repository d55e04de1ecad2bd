import type { StateCreator } from 'zustand';
import type { Problem } from '../../model';
import { readSliced } from '../../model/doc-slices';
import { asDocument } from '../../model/doc-text';
import type { ExportFormat, ExportResult } from '../../worker/protocol';
import type { AppStore, StoreDeps } from '../app-store';
import { nextTask } from '../next-task';

/** What an import from kubectl output came to. */
export type KubectlImportOutcome =
  /** Loaded onto the canvas (through the same path as File → Open); `warnings` are what was left out or guessed. */
  | { ok: true; warnings: Problem[] }
  /**
   * Not loaded; the canvas is as it was. `stage` says where it stopped: reading the kubectl output,
   * or validating the document made from it (its problems name the objects they came from). `needsCni` when the
   * CNI could not be told from the objects.
   */
  | { ok: false; stage: 'import' | 'load'; problems: Problem[]; needsCni: boolean }
  /**
   * Not loaded because the document on screen changed (an edit, an undo) while the import's document was being
   * validated: that change came later, so it stays. Nothing is wrong with the import; importing again loads it.
   */
  | { ok: false; stage: 'superseded'; problems: []; needsCni: false }
  /** Not loaded: the person cancelled it (`cancelKubectlImport`) before its document was made. */
  | { ok: false; stage: 'cancelled'; problems: []; needsCni: false };

export interface IoActions {
  /** The trace on screen as a file, made in the worker; an error in words when there is none. */
  exportTrace(format: ExportFormat): Promise<ExportResult>;
  /**
   * `kubectl get nodes,pods,services,endpointslices -A -o yaml` (or JSON) becomes the document:
   * made in the worker, then opened like a file, so an invalid result is refused and nothing changes.
   */
  importKubectl(input: string | Blob, options?: { cni?: string; name?: string; title?: string }): Promise<KubectlImportOutcome>;
  /**
   * The file the import dialog holds (null: none), imported in the worker now with `options` (as `importKubectl` takes
   * them), so that Import of it with the same options has it made. (Optional: the embed, which never imports, carries
   * no code for it.)
   */
  pickKubectlFile?(file: Blob | null, options?: { cni?: string; title?: string }): void;
  /**
   * The import dialog closed: an Import whose document is not made yet never opens (it answers `cancelled`), and the
   * worker stops making it, and the file picked, at its next step. (Optional, as `pickKubectlFile`.)
   */
  cancelKubectlImport?(): void;
}

export type IoSlice = IoActions;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What of an import's options the simulator's importer takes (the same for a pick and for its Import). */
const simOptions = (options: { cni?: string; title?: string }) => ({
  ...(options.cni ? { cni: options.cni } : {}),
  ...(options.title ? { title: options.title } : {}),
});

export const createIoSlice = (deps: StoreDeps): StateCreator<AppStore, [], [], IoSlice> => {
  // (An Import asked for before the last cancel is not opened.)
  let cancels = 0;
  return (_set, get) => ({
    async exportTrace(format) {
      const t = get().trace;
      if (!t) return { ok: false, error: 'There is no trace to export: run one first.' };
      try {
        return await deps.sim.exportTrace(t, format);
      } catch (e) {
        return { ok: false, error: message(e) };
      }
    },

    pickKubectlFile(file, options = {}) {
      deps.sim.importKubectl(file ?? '', { ...simOptions(options), pick: true }).catch(() => {});
    },

    cancelKubectlImport() {
      cancels++;
      deps.sim.cancelKubectlImport().catch(() => {});
    },

    async importKubectl(input, options = {}) {
      const asked = cancels;
      let r;
      try {
        r = await deps.sim.importKubectl(input, simOptions(options));
      } catch (e) {
        return { ok: false, stage: 'import', problems: [{ path: '', message: message(e) }], needsCni: false };
      }
      if (cancels !== asked) return { ok: false, stage: 'cancelled', problems: [], needsCni: false };
      const needsCni = (problems: Problem[]) => problems.some((p) => p.path === 'cluster.cni');
      if (!r.ok) return { ok: false, stage: 'import', problems: r.problems, needsCni: needsCni(r.problems) };
      const name = options.name ?? 'kubectl import';
      // NOTE: read from its slices, a task each, while the worker validates it: one parse of a 1,000-node import's
      // 8 MB, or receiving the worker's reading of it, was one long task on this thread.
      const read = readSliced(r.sliced, nextTask).then(asDocument, () => null);
      // (The worker validates the imported document as it loads it: the validator's warnings follow the importer's.)
      if (await get().openText(r.text, name, 'import', read)) return { ok: true, warnings: [...r.warnings, ...get().warnings] };
      const refused = get().importProblems;
      if (refused) {
        // NOTE: the import dialog lists these itself; the File → Open refusal would stack a second dialog over it.
        get().dismissImportProblems();
        return { ok: false, stage: 'load', problems: refused.problems, needsCni: needsCni(refused.problems) };
      }
      // Neither refused nor opened: the simulator failed on it (said as the document's error), or it was superseded.
      const failed = get().docStatus === 'failed' ? get().docError : null;
      if (failed) return { ok: false, stage: 'load', problems: [{ path: '', message: failed }], needsCni: false };
      return { ok: false, stage: 'superseded', problems: [], needsCni: false };
    },
  });
};
