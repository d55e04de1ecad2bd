import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { CniPlugin, KubeProxyMode } from '../../model/topology';
import { selectRewiring, selectTopology, useAppStore } from '../../store';
import { proxyModes, WIRINGS, wiringKey } from './wirings';

const control = 'h-7 rounded border border-slate-300 bg-white px-1 text-[12px]';

/**
 * The CNI switch: the loaded cluster under another plugin, mode and kube-proxy mode. The
 * workload stays (pods and services by name), IPAM re-addresses it, and a trace on screen runs again.
 */
export function WiringSwitch() {
  const { t } = useTranslation();
  const topology = useAppStore(selectTopology);
  const rewiring = useAppStore(selectRewiring);
  const rewire = useAppStore((s) => s.rewireDocument);
  const openCompare = useAppStore((s) => s.setCompareOpen);
  const [draft, setDraft] = useState<{ key: string; proxy: KubeProxyMode } | null>(null);
  if (!topology) return null;
  const current = wiringKey(topology.cluster.cni);
  const key = draft?.key ?? current;
  const [plugin, mode] = key.split('/') as [CniPlugin, string];
  const allowed = proxyModes({ plugin, mode });
  const wanted = draft?.proxy ?? topology.cluster.kubeProxy.mode;
  const proxy = allowed.includes(wanted) ? wanted : allowed[allowed.length - 1]!;
  const unchanged = key === current && proxy === topology.cluster.kubeProxy.mode;
  return (
    <div data-testid="wiring" className="flex flex-wrap items-center gap-1.5" title={t('wiring.title')}>
      <span className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">CNI</span>
      <select
        data-testid="wiring.cni"
        aria-label={t('wiring.cniLabel')}
        className={control}
        value={key}
        onChange={(e) => setDraft({ key: e.target.value, proxy })}
      >
        {WIRINGS.map((w) => (
          <option key={wiringKey(w)} value={wiringKey(w)}>
            {w.label}
          </option>
        ))}
      </select>
      <select
        data-testid="wiring.kubeProxy"
        aria-label={t('wiring.proxyLabel')}
        className={control}
        value={proxy}
        onChange={(e) => setDraft({ key, proxy: e.target.value as KubeProxyMode })}
      >
        {allowed.map((m) => (
          <option key={m} value={m}>
            kube-proxy {m}
          </option>
        ))}
      </select>
      <button
        type="button"
        data-testid="wiring.apply"
        disabled={unchanged || rewiring}
        onClick={() => {
          void rewire({ plugin, mode, kubeProxy: proxy }).then(() => setDraft(null));
        }}
        className="h-7 rounded bg-slate-800 px-2.5 text-[12px] font-semibold text-white hover:bg-slate-700 disabled:bg-slate-300"
      >
        {rewiring ? t('wiring.switching') : t('wiring.switch')}
      </button>
      <button
        type="button"
        data-testid="compare.open"
        onClick={() => openCompare(true)}
        className="h-7 rounded border border-slate-300 bg-white px-2 text-[12px] hover:bg-slate-50"
        title={t('wiring.compareTitle')}
      >
        {t('wiring.compare')}
      </button>
    </div>
  );
}
