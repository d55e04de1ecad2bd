import { useEffect, useRef, useState } from 'react';
import { i18n, REASONS_NS } from '../../i18n';
import { zhImport } from '../../i18n/import-zh';
import { useTranslation } from '../../i18n/use-translation';
import { formatSize } from '../../model/limits';
import type { Problem } from '../../model/topology';
import { DocumentFileInput } from '../lib/DocumentFileInput';
import { useEscape } from '../lib/useEscape';
import { useReasonText } from '../lib/useReasonText';
import { useAppStoreApi } from '../../store';

const COMMAND = 'kubectl get nodes,pods,services,endpointslices -A -o yaml > cluster.yaml';

// NOTE: the importer's own problems and warnings in Chinese come with this dialog, not with the zh catalogue: the
// embed loads that catalogue and never imports.
i18n.addResourceBundle('zh', REASONS_NS, zhImport);

/** What `--cni` accepts, one per mode the engine models (parseCniOption's PLUGIN:MODE). */
const CNI_CHOICES = [
  'flannel:vpc-route',
  'flannel:host-gw',
  'flannel:vxlan',
  'calico:bgp',
  'calico:ipip',
  'calico:vxlan',
  'terway:eniip',
  'terway:ipvlan-ebpf',
  'terway:eni-exclusive',
] as const;

type State =
  | { step: 'edit' }
  | { step: 'running' }
  | { step: 'refused'; problems: Problem[]; needsCni: boolean; loaded: boolean }
  | { step: 'superseded' }
  | { step: 'done'; warnings: Problem[] };

/**
 * kubectl output of this many bytes or more makes a document past WORKER_PODS pods, or near it (a pod is 1-10 KB of
 * kubectl output, and its document's text is sent ahead to the place worker from 40,000 characters on).
 */
const BIG_IMPORT_BYTES = 1_000_000;
const btn = 'rounded border border-slate-300 px-3 py-1 text-[12px] hover:bg-slate-50 disabled:opacity-40';
const primary = 'rounded bg-blue-600 px-3 py-1 text-[12px] text-white hover:bg-blue-700 disabled:opacity-40';

/**
 * File → Import from cluster: paste or upload kubectl output; it becomes the document (made in
 * the worker, opened like a file, so an invalid result leaves the canvas as it was). When the CNI
 * cannot be told from the objects, the person picks it and the import runs again.
 * An uploaded file goes to the worker unread: a large cluster's output (100 MB and more) would
 * block the page to decode, and freeze it in the text box.
 */
export default function KubectlImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const store = useAppStoreApi();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [cni, setCni] = useState('');
  const [state, setState] = useState<State>({ step: 'edit' });
  const input = useRef<HTMLInputElement>(null);
  useEscape(onClose);
  const title = t('kubectl.documentTitle');
  // The file is imported in the worker as it is picked (or its CNI chosen), while the person looks at the dialog (at
  // 1,000 nodes most of an import's time); that work is dropped when another file or a text takes its place, or the
  // dialog closes. Import with the same file and CNI takes it.
  useEffect(() => {
    if (!file) return;
    const { pickKubectlFile } = store.getState();
    pickKubectlFile?.(file, { ...(cni ? { cni } : {}), title });
    return () => pickKubectlFile?.(null);
  }, [file, cni, title, store]);
  // Closed (Cancel, Escape): an Import whose document is not made yet is dropped, and the worker stops making it.
  useEffect(() => () => store.getState().cancelKubectlImport?.(), [store]);

  const run = async () => {
    setState({ step: 'running' });
    // A file this large makes a big document: its place worker starts while the simulator's worker makes it.
    if (file && file.size >= BIG_IMPORT_BYTES) void import('../../worker/place-client').then((m) => m.startPlacer());
    const r = await store.getState().importKubectl(file ?? text, { ...(cni ? { cni } : {}), name: file?.name ?? t('kubectl.pasted'), title });
    if (r.ok) setState({ step: 'done', warnings: r.warnings });
    else if (r.stage === 'cancelled') return;
    else if (r.stage === 'superseded') setState({ step: 'superseded' });
    else
      setState({
        step: 'refused',
        problems: r.problems,
        needsCni: r.needsCni || (!!cni && r.problems.some((p) => p.path === 'cluster.cni')),
        loaded: r.stage === 'load',
      });
  };

  /** A problem in the reader's language when it has words for it (the English message, object named, otherwise). */
  const problemText = (p: Problem) => {
    const worded = p.why ? reasonText('', p.why) : '';
    if (!worded) return p.message;
    return p.from ? t('kubectl.problemFrom', { problem: worded, from: p.from }) : worded;
  };

  const running = state.step === 'running';
  const askCni = (state.step === 'refused' && state.needsCni) || cni !== '';

  if (state.step === 'done') {
    return (
      <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/30">
        <div
          role="dialog"
          aria-modal="true"
          data-testid="kubectl.dialog"
          className="w-[40rem] max-w-[92vw] rounded-lg border border-slate-200 bg-white p-4 shadow-xl"
        >
          <h2 className="text-[14px] font-semibold text-emerald-800" data-testid="kubectl.done">
            {t('kubectl.imported')}
          </h2>
          {state.warnings.length > 0 ? (
            <>
              <p className="mt-1 text-[12px] text-slate-600">{t('kubectl.warnings', { count: state.warnings.length })}</p>
              <ul data-testid="kubectl.warnings" className="mt-2 max-h-72 list-disc overflow-auto pl-5 text-[12px] text-amber-900">
                {state.warnings.map((w, i) => (
                  <li key={i} data-testid="kubectl.warning">
                    {w.path && <span className="font-mono">{w.path}: </span>}
                    {problemText(w)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mt-1 text-[12px] text-slate-600">{t('kubectl.noWarnings')}</p>
          )}
          <div className="mt-3 text-right">
            <button type="button" data-testid="kubectl.close" className={primary} onClick={onClose}>
              {t('kubectl.close')}
            </button>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/30">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="kubectl-title"
        data-testid="kubectl.dialog"
        className="flex max-h-[92vh] w-[44rem] max-w-[92vw] flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-xl"
      >
        <h2 id="kubectl-title" className="text-[14px] font-semibold">
          {t('kubectl.title')}
        </h2>
        <p className="mt-1 text-[12px] text-slate-600">{t('kubectl.intro')}</p>
        <code className="mt-1 block rounded bg-slate-100 px-2 py-1 font-mono text-[11.5px] text-slate-800 select-all">{COMMAND}</code>
        <textarea
          data-testid="kubectl.text"
          aria-label={t('kubectl.paste')}
          placeholder={t('kubectl.paste')}
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setFile(null);
          }}
          className="mt-2 h-56 min-h-24 w-full resize-y rounded border border-slate-300 bg-white p-2 font-mono text-[11.5px]"
        />
        <div className="mt-2 flex items-center gap-2 text-[12px] text-slate-600">
          <button type="button" data-testid="kubectl.upload" className={btn} onClick={() => input.current?.click()}>
            {t('kubectl.upload')}
          </button>
          <DocumentFileInput
            ref={input}
            testId="kubectl.file"
            onFile={(f) => {
              setFile(f);
              setText('');
            }}
          />
          {file && (
            <span data-testid="kubectl.file-name" className="truncate font-mono">
              {file.name} · {formatSize(file.size)}
            </span>
          )}
        </div>
        {askCni && (
          <label className="mt-3 flex flex-col gap-1 rounded border border-amber-300 bg-amber-50 p-2 text-[12px] text-amber-900">
            {t('kubectl.askCni')}
            <select
              data-testid="kubectl.cni"
              value={cni}
              onChange={(e) => setCni(e.target.value)}
              className="h-7 w-64 rounded border border-slate-300 bg-white px-1 text-slate-900"
            >
              <option value="">{t('kubectl.inferCni')}</option>
              {CNI_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        {state.step === 'superseded' && (
          <p role="alert" data-testid="kubectl.superseded" className="mt-3 rounded border border-amber-300 bg-amber-50 p-2 text-[12px] text-amber-900">
            {t('kubectl.superseded')}
          </p>
        )}
        {state.step === 'refused' && (
          <div
            role="alert"
            data-testid="kubectl.problems"
            className="mt-3 min-h-0 overflow-auto rounded border border-rose-200 bg-rose-50 p-2 text-[12px] text-rose-900"
          >
            <p className="font-semibold">
              {state.loaded ? t('kubectl.refusedDocument', { count: state.problems.length }) : t('kubectl.refused', { count: state.problems.length })}
            </p>
            <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5">
              {state.problems.map((p, i) => (
                <li key={i} data-testid="kubectl.problem">
                  {p.path && <span className="font-mono">{p.path}: </span>}
                  {problemText(p)}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="mt-3 flex justify-end gap-2">
          <button type="button" data-testid="kubectl.cancel" className={btn} onClick={onClose}>
            {t('kubectl.cancel')}
          </button>
          <button
            type="button"
            data-testid="kubectl.import"
            className={primary}
            disabled={running || (file === null && text.trim() === '')}
            onClick={() => void run()}
          >
            {running ? t('kubectl.importing') : t('kubectl.import')}
          </button>
        </div>
      </div>
    </div>
  );
}
