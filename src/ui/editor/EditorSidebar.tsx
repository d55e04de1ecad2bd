import { selectProblems, selectSidebarTab, useAppStore, type SidebarTab } from '../../store';
import { useTranslation } from '../../i18n/use-translation';
import { cn } from '../lib/cn';
import { ClusterPanel } from './ClusterPanel';
import { Inspector } from './Inspector';
import { ProblemsPanel } from './ProblemsPanel';

/** The editor's side panel: the selected element, the cluster settings, every problem. */
export function EditorSidebar() {
  const { t: tr } = useTranslation();
  const tab = useAppStore(selectSidebarTab);
  const setTab = useAppStore((s) => s.setSidebarTab);
  const problems = useAppStore(selectProblems);
  const tabs: { id: SidebarTab; label: string }[] = [
    { id: 'inspector', label: tr('sidebar.inspector') },
    { id: 'cluster', label: tr('sidebar.cluster') },
    { id: 'problems', label: problems.length ? tr('sidebar.problemsCount', { count: problems.length }) : tr('sidebar.problems') },
  ];
  return (
    <aside data-testid="editor.sidebar" className="flex min-h-0 flex-1 flex-col bg-white">
      <div role="tablist" className="flex border-b border-slate-200">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`sidebar.${t.id}`}
            onClick={() => setTab(t.id)}
            className={cn(
              'flex-1 px-2 py-1.5 text-[12px] font-medium',
              tab === t.id ? 'border-b-2 border-blue-600 text-blue-700' : 'text-slate-500 hover:text-slate-800',
              t.id === 'problems' && problems.length > 0 && tab !== t.id && 'text-rose-700',
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        {tab === 'inspector' && <Inspector />}
        {tab === 'cluster' && <ClusterPanel />}
        {tab === 'problems' && <ProblemsPanel />}
      </div>
    </aside>
  );
}
