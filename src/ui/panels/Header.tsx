import { selectDocStatus, selectSummary, useAppStore } from '../../store';

/** The app bar: what document is open and whether it loaded. */
export function Header() {
  const summary = useAppStore(selectSummary);
  const status = useAppStore(selectDocStatus);
  const c = summary?.counts;
  return (
    <header className="flex items-center gap-4 border-b border-slate-200 bg-slate-900 px-4 py-2 text-white">
      <h1 className="text-[15px] font-bold tracking-tight">Hopscope</h1>
      {summary && (
        <div className="flex min-w-0 items-baseline gap-3 text-[13px]">
          <span data-testid="doc.title" className="truncate font-medium">
            {summary.title}
          </span>
          <span className="text-slate-400">
            CNI {summary.cni} · kube-proxy {summary.kubeProxy}
            {c && ` · ${c.nodes} nodes, ${c.pods} pods, ${c.services} services`}
          </span>
        </div>
      )}
      <span data-testid="doc.status" className="ml-auto text-[12px] text-slate-400">
        {status === 'loading' ? 'Loading document…' : status === 'invalid' ? 'Document has problems' : ''}
      </span>
    </header>
  );
}
