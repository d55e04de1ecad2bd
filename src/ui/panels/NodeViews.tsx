import { useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from '../../i18n/use-translation';
import type { Topology } from '../../model';
import { selectNodeView, selectNodeViewPin, selectNodeViewTab, selectTopology, useAppStore, useAppStoreApi } from '../../store';
import type { ViewKind } from '../../worker/protocol';
import { cn } from '../lib/cn';
import { iptablesSection, matchedLines } from '../playback/frames';
import { usePanelPlayback } from '../playback/useFrames';
import { nodeId, podId } from '../../model/element-id';
import { podRef } from '../../model/topology';
import { idleSteps } from '../lib/idle-steps';
import { listsAllWhenIdle, pickerChoices, preparePodChoices } from './node-view-choices';
import { NodeViewText } from './NodeViewText';

interface Tab {
  id: string;
  label: string;
  kind: ViewKind;
  /** iptables-save table to show, for the iptables tabs. */
  table?: 'nat' | 'filter';
  /** Shown only where the cluster has what the view prints (policy routing, ipsets, eBPF maps, BGP). */
  when?: (t: Topology) => boolean;
  /** Also offered for a pod's own namespace (what `kubectl exec POD -- ip …` prints). */
  pod?: boolean;
}

const terway = (t: Topology) => t.cluster.cni.plugin === 'terway';

const TABS: Tab[] = [
  { id: 'routes', label: 'ip route', kind: 'routes', pod: true },
  { id: 'link', label: 'ip -d link', kind: 'link', pod: true },
  { id: 'addr', label: 'ip addr', kind: 'addr', pod: true },
  { id: 'rules', label: 'ip rule + tables', kind: 'rules', when: (t) => terway(t) || t.nodes.some((n) => n.interfaces.length > 0) },
  { id: 'nat', label: 'iptables-save -t nat', kind: 'iptables', table: 'nat' },
  { id: 'filter', label: '-t filter', kind: 'iptables', table: 'filter' },
  { id: 'ipvs', label: 'ipvsadm -Ln', kind: 'ipvs' },
  { id: 'ipset', label: 'ipset list', kind: 'ipset', when: (t) => t.cluster.kubeProxy.mode === 'ipvs' },
  {
    id: 'bpf',
    label: 'cilium bpf lb list',
    kind: 'bpf',
    when: (t) => (terway(t) && t.cluster.cni.mode === 'ipvlan-ebpf') || t.cluster.kubeProxy.mode === 'ebpf',
  },
  { id: 'eni', label: 'terway-cli show factory', kind: 'eni', when: terway },
  { id: 'bgp', label: 'birdcl show route', kind: 'bgp', when: (t) => t.cluster.cni.plugin === 'calico' && t.cluster.cni.mode === 'bgp' },
  { id: 'conntrack', label: 'conntrack -L', kind: 'conntrack' },
  { id: 'sysctl', label: 'sysctl', kind: 'sysctl' },
];

type Loaded = { key: string; text: string; error: boolean };

/**
 * What the node in focus holds, as its own tools print it, with the rules the current hop
 * matched highlighted. The node follows the packet unless the person picks another.
 */
export function NodeViews() {
  const { t: tr } = useTranslation();
  const topology = useAppStore(selectTopology);
  const nodeView = useAppStore(selectNodeView);
  const { trace, frames, current: f } = usePanelPlayback();
  const store = useAppStoreApi();
  // Tab and picked node live in the store: a share link carries them.
  const picked = useAppStore(selectNodeViewTab);
  const chosen = useAppStore(selectNodeViewPin);
  // The packet's node, or the last one it was on (the VPC and the SLB have none).
  const following = useMemo(() => {
    if (!f) return null;
    for (let i = f.index; i >= 0; i--) if (frames[i]?.node) return frames[i]!.node;
    return frames.find((x) => x.node)?.node ?? null;
  }, [f, frames]);
  // A pick is a node name or a pod's namespace id (`pod:NS/NAME`).
  const exists = (v: string | undefined) =>
    !!topology && (topology.nodes.some((n) => n.name === v) || topology.pods.some((p) => !p.hostNetwork && podId(p) === v));
  const pinned = chosen?.trace === trace && exists(chosen?.node) ? chosen!.node : null;
  const node = pinned ?? following ?? topology?.nodes[0]?.name ?? null;
  const inPod = node?.startsWith('pod:') ?? false;
  const tabs = useMemo(() => (topology ? TABS.filter((t) => (!t.when || t.when(topology)) && (!inPod || t.pod)) : TABS), [topology, inPod]);
  // A tab the document does not have (a rewire away from Terway, a link's unknown tab) falls back to the first.
  const tab = tabs.find((t) => t.id === picked) ?? tabs[0]!;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const key = node ? `${node}|${tab.kind}|${tab.kind === 'conntrack' ? frames.length : ''}` : '';

  useEffect(() => {
    if (!node) return;
    let live = true;
    void nodeView(node, tab.kind).then((r) => {
      if (live) setLoaded({ key, text: r.ok ? r.text : r.error, error: !r.ok });
    });
    return () => {
      live = false;
    };
    // The conntrack view depends on the trace; the key carries it.
  }, [node, tab.kind, key, nodeView, trace]);

  const text = loaded?.key === key ? loaded.text : null;
  const shown = text !== null && tab.table ? iptablesSection(text, tab.table) || `# no ${tab.table} table` : text;
  const hits = useMemo(() => (tab.table && node ? matchedLines(f?.hop, nodeId(node), tab.table) : new Set<string>()), [f, node, tab.table]);
  // The picker lists what it shows until it is focused or pressed (before it opens) or, on a small cluster, the page is
  // next idle, or half a second later at most (a person's tools see every choice, without going to it): not in the
  // render that shows a trace.
  const [used, setUsed] = useState(false);
  const use = () => {
    if (!used) flushSync(() => setUsed(true));
  };
  useEffect(
    () => (topology && !used && listsAllWhenIdle(topology) ? idleSteps([() => setUsed(true)], { minIdleMs: 20, timeoutMs: 500 }) : undefined),
    [topology, used],
  );
  const { nodes, pods } = useMemo(
    () => (topology && node ? pickerChoices(topology, node, following, used) : { nodes: [], pods: [] }),
    [topology, node, following, used],
  );
  // NOTE: a 1,000-node cluster offers 1,030 choices: built again only when the packet moves to another node, not at each step.
  const choices = useMemo(
    () =>
      topology && (
        <>
          {nodes.map((n) => (
            <option key={n.name} value={n.name}>
              {n.name}
              {n.name === following ? tr('nodeViews.packetHere') : ''}
            </option>
          ))}
          <optgroup label={tr('nodeViews.pods')}>
            {pods.map((p) => (
              <option key={podId(p)} value={podId(p)}>
                {podRef(p)}
              </option>
            ))}
          </optgroup>
        </>
      ),
    [topology, nodes, following, pods, tr],
  );
  if (!topology || !node) return null;

  return (
    <section data-testid="nodeview" className="flex min-h-0 flex-col gap-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{tr('nodeViews.node')}</h3>
        {/* NOTE: a width of its own: sized to its widest option, the select measured every option's text as it was drawn. */}
        <select
          data-testid="nodeview.node"
          className="h-7 w-72 rounded-md border border-slate-300 bg-white px-1 font-mono text-[12px]"
          value={node}
          onFocus={use}
          onPointerDown={use}
          onChange={(e) => store.getState().pinNodeView(e.target.value)}
        >
          {choices}
        </select>
        {hits.size > 0 && (
          <span data-testid="nodeview.hits" className="rounded bg-amber-100 px-1.5 text-[11px] text-amber-900">
            {tr('nodeViews.hits', { count: hits.size })}
          </span>
        )}
      </div>
      <div role="tablist" className="flex flex-wrap gap-1">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === tab.id}
            data-testid="nodeview.tab"
            data-tab={t.id}
            onClick={() => store.getState().setNodeViewTab(t.id)}
            className={cn(
              'rounded-md px-2 py-0.5 font-mono text-[11.5px]',
              t.id === tab.id ? 'bg-slate-800 text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200',
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <NodeViewText text={shown} hits={hits} error={!!loaded?.error} placeholder={<span className="text-slate-500">{tr('nodeViews.loading')}</span>} />
    </section>
  );
}

/** Before the first trace (the node views are not drawn yet): their index of pods, made while the page is idle. */
export function PrepareNodeViews() {
  const topology = useAppStore(selectTopology);
  useEffect(() => {
    if (!topology) return;
    const id = requestIdleCallback(() => preparePodChoices(topology));
    return () => cancelIdleCallback(id);
  }, [topology]);
  return null;
}
