import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import {
  selectCanRedo,
  selectCanUndo,
  selectCollapsed,
  selectGroupByNamespace,
  selectNamespaceFilter,
  selectQuery,
  selectSelection,
  selectView,
  useAppStore,
  useAppStoreApi,
} from '../../store';
import { cn } from '../lib/cn';
import { Overflow } from '../lib/Overflow';
import { useRoomy } from '../lib/useMediaQuery';
import { CanvasHint } from './CanvasHint';
import { FileMenu } from './FileMenu';
import { useCanvasControls } from '../canvas/canvas-controls';
import { externalId, nodeId, podId, serviceId, slbId } from '../../model/element-id';

const tool = 'h-7 rounded border border-slate-300 bg-white px-2 text-[12px] hover:bg-slate-50 disabled:opacity-40 disabled:hover:bg-white';

/** File, undo/redo, element commands, clutter control (find, filter, group, collapse) and what a click on the canvas does. */
export function EditorToolbar() {
  const { t: tr } = useTranslation();
  const canvas = useCanvasControls();
  const canUndo = useAppStore(selectCanUndo);
  const canRedo = useAppStore(selectCanRedo);
  const selection = useAppStore(selectSelection);
  const view = useAppStore(selectView);
  const query = useAppStore(selectQuery);
  const ns = useAppStore(selectNamespaceFilter);
  const group = useAppStore(selectGroupByNamespace);
  const collapsed = useAppStore(selectCollapsed);
  const s = useAppStoreApi().getState();
  // Below 1280 px the words go (icons keep their names as labels) and the less-used commands move behind ⋯: one row at 1024.
  const roomy = useRoomy();
  const namespaces = useMemo(() => (view ? [...new Set([...view.pods.map((p) => p.namespace), ...view.services.map((x) => x.namespace)])].sort() : []), [view]);
  const nodeIds = useMemo(() => (view ? view.nodes.map((n) => nodeId(n.name)) : []), [view]);

  const find = (q: string) => {
    const t = q.trim().toLowerCase();
    if (!t || !view) return;
    // Each element's name and address, and its canvas id.
    const all: [string[], string][] = [
      ...view.pods.map((p): [string[], string] => [[p.name, p.ip ?? ''], podId(p)]),
      ...view.nodes.map((n): [string[], string] => [[n.name, n.ip], nodeId(n.name)]),
      ...view.services.map((x): [string[], string] => [[x.name, x.clusterIP ?? ''], serviceId(x)]),
      ...view.loadBalancers.map((x): [string[], string] => [[x.name, x.ip], slbId(x.name)]),
      ...view.externals.map((x): [string[], string] => [[x.name, x.ip], externalId(x.name)]),
    ];
    // A whole name or address typed is that element: "node-1" frames node-1, not node-10 … node-19 with it.
    const exact = all.filter(([keys]) => keys.some((k) => k.toLowerCase() === t));
    const hits = exact.length > 0 ? exact : all.filter(([keys]) => keys.join(' ').toLowerCase().includes(t));
    canvas.fitTo(hits.slice(0, 50).map(([, id]) => id));
  };

  return (
    <div data-testid="editor.toolbar" className="flex items-center gap-1.5 border-b border-slate-200 bg-slate-50 px-4 py-1.5">
      <FileMenu />
      <span className="mx-1 h-5 w-px bg-slate-300" />
      <button
        type="button"
        data-testid="edit.undo"
        className={tool}
        disabled={!canUndo}
        onClick={s.undo}
        title={tr('toolbar.undoTitle')}
        aria-label={roomy ? undefined : tr('toolbar.undoTitle')}
      >
        {roomy ? tr('toolbar.undo') : '↶'}
      </button>
      <button
        type="button"
        data-testid="edit.redo"
        className={tool}
        disabled={!canRedo}
        onClick={s.redo}
        title={tr('toolbar.redoTitle')}
        aria-label={roomy ? undefined : tr('toolbar.redoTitle')}
      >
        {roomy ? tr('toolbar.redo') : '↷'}
      </button>
      <Overflow inline={roomy} label={tr('toolbar.more')} testId="edit.more">
        <button
          type="button"
          data-testid="edit.duplicate"
          className={tool}
          disabled={!selection.length}
          onClick={s.duplicateSelection}
          title={tr('toolbar.duplicateTitle')}
        >
          {tr('toolbar.duplicate')}
        </button>
        <button
          type="button"
          data-testid="edit.delete"
          className={tool}
          disabled={!selection.length}
          onClick={s.deleteSelection}
          title={tr('toolbar.deleteTitle')}
        >
          {tr('toolbar.delete')}
        </button>
        {/* (Off while no document is in the store: a big one's first picture is drawn before the page has read it.) */}
        <button type="button" data-testid="edit.autolayout" className={tool} disabled={!view} onClick={canvas.autoLayout} title={tr('toolbar.autoLayoutTitle')}>
          {tr('toolbar.autoLayout')}
        </button>
        <button
          type="button"
          data-testid="view.group"
          aria-pressed={group}
          className={cn(tool, group && 'border-blue-400 bg-blue-50')}
          disabled={!view}
          onClick={s.toggleGroupByNamespace}
        >
          {tr('toolbar.group')}
        </button>
        <button
          type="button"
          data-testid="view.collapse"
          className={tool}
          disabled={!view}
          onClick={() => s.setCollapsed(collapsed.length ? [] : nodeIds)}
          title={tr('toolbar.collapseTitle')}
        >
          {collapsed.length ? tr('toolbar.expand') : tr('toolbar.collapse')}
        </button>
      </Overflow>
      <span className="mx-1 h-5 w-px bg-slate-300" />
      <input
        data-testid="view.find"
        type="search"
        placeholder={tr('toolbar.find')}
        value={query}
        onChange={(e) => s.setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(query);
        }}
        className="h-7 w-36 rounded border border-slate-300 bg-white px-2 text-[12px] xl:w-44"
      />
      <select
        data-testid="view.namespace"
        value={ns}
        onChange={(e) => s.setNamespaceFilter(e.target.value)}
        className="h-7 rounded border border-slate-300 bg-white px-1 text-[12px]"
        title={tr('toolbar.namespaceTitle')}
      >
        <option value="">{tr('toolbar.allNamespaces')}</option>
        {namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <CanvasHint />
    </div>
  );
}
