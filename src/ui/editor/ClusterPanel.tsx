import type { Problem } from '../../model';
import { DEFAULT_SERVICE_CIDR } from '../../model/defaults';
import { useTranslation } from '../../i18n/use-translation';
import type { Item } from '../../model/edit';
import { selectDoc, selectProblems, useAppStore } from '../../store';
import { VpcFaults } from '../faults/NodeFaults';
import { Field, type FieldKind } from './Field';
import { useReasonText } from '../lib/useReasonText';
import { CNI_MODES, type CniPlugin } from '../../model/topology';

interface Spec {
  path: string[];
  label: string;
  kind: FieldKind;
  hint?: string;
}

function get(o: Item, path: readonly string[]): unknown {
  let v: unknown = o;
  for (const k of path) v = v && typeof v === 'object' ? (v as Item)[k] : undefined;
  return v;
}

/** The cluster as a whole: CNI plugin and mode, kube-proxy, address ranges. Re-addressing changes ask first. */
export function ClusterPanel() {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const doc = useAppStore(selectDoc);
  const problems = useAppStore(selectProblems);
  // Its promise is left (void): the answer (a question, problems) shows through the store, and it never rejects.
  const setCluster = useAppStore((s) => s.setClusterSetting);
  const setMeta = useAppStore((s) => s.setMetadataField);
  if (!doc) return null;
  const c = doc.cluster;
  const plugin = String(get(c, ['cni', 'plugin']) ?? 'flannel');
  const mode = String(get(c, ['cni', 'mode']) ?? '');
  const specs: Spec[] = [
    { path: ['cni', 'plugin'], label: t('cluster.cniPlugin'), kind: { type: 'select', options: ['flannel', 'calico', 'terway'] } },
    { path: ['cni', 'mode'], label: t('cluster.cniMode'), kind: { type: 'select', options: CNI_MODES[plugin as CniPlugin] ?? [] } },
    ...(plugin === 'calico' && mode === 'bgp'
      ? [
          {
            path: ['cni', 'bgp', 'peering'],
            label: t('cluster.bgpPeering'),
            kind: { type: 'select', options: ['mesh', 'tor'], optional: true, dflt: 'mesh' },
          } as Spec,
          // BGPConfiguration: service ranges the nodes advertise to their peers (the ToR).
          ...(['serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs'] as const).map((f): Spec => ({
            path: ['cni', 'bgp', f],
            label: f,
            kind: { type: 'json' },
            hint: t('cluster.bgpServiceIPsHint'),
          })),
        ]
      : []),
    { path: ['cni', 'mtu'], label: t('cluster.podMtu'), kind: { type: 'number', optional: true, placeholder: t('cluster.podMtuPlaceholder') } },
    { path: ['cni', 'ipMasq'], label: 'ipMasq', kind: { type: 'bool', dflt: true } },
    { path: ['cni', 'version'], label: t('cluster.cniVersion'), kind: { type: 'text', optional: true } },
    {
      path: ['kubeProxy', 'mode'],
      label: t('cluster.proxyMode'),
      kind: { type: 'select', options: ['iptables', 'ipvs', 'ebpf'], optional: true, dflt: 'iptables' },
    },
    { path: ['kubeProxy', 'masqueradeAll'], label: 'masqueradeAll', kind: { type: 'bool', dflt: false } },
    {
      path: ['kubeProxy', 'version'],
      label: t('cluster.proxyVersion'),
      kind: { type: 'text', optional: true, placeholder: t('cluster.proxyVersionPlaceholder') },
      hint: t('cluster.proxyVersionHint'),
    },
    ...(plugin !== 'terway' ? [{ path: ['podCIDR'], label: t('cluster.podCidr'), kind: { type: 'text' }, hint: t('cluster.podCidrHint') } as Spec] : []),
    {
      path: ['serviceCIDR'],
      label: t('cluster.serviceCidr'),
      kind: { type: 'text', optional: true, placeholder: DEFAULT_SERVICE_CIDR },
      hint: t('cluster.serviceCidrHint'),
    },
    { path: ['vpc', 'cidr'], label: t('cluster.vpcCidr'), kind: { type: 'text' } },
    { path: ['vpc', 'mtu'], label: t('cluster.vpcMtu'), kind: { type: 'number', optional: true, placeholder: '1500' }, hint: t('cluster.vpcMtuHint') },
    { path: ['vpc', 'icmpFragNeeded'], label: 'icmpFragNeeded', kind: { type: 'bool', dflt: true }, hint: t('cluster.icmpFragNeededHint') },
    { path: ['vpc', 'vswitches'], label: t('cluster.vswitches'), kind: { type: 'json' }, hint: 'terway: [{"name":"vsw-a","cidr":"10.0.3.0/24"}]' },
  ];
  const at = (prefix: string) => problems.filter((p: Problem) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`));
  const general = problems.filter((p) => p.path === '' || p.path === 'apiVersion' || p.path === 'kind' || p.path.startsWith('layout'));
  return (
    <div data-testid="cluster" className="p-3">
      <h2 className="mb-1 text-[13px] font-semibold">{t('cluster.document')}</h2>
      <Field
        label="name"
        testId="cluster.field.metadata.name"
        kind={{ type: 'text' }}
        value={doc.metadata.name}
        problems={at('metadata.name')}
        onChange={(v) => setMeta('name', v as string)}
      />
      <Field
        label="title"
        testId="cluster.field.metadata.title"
        kind={{ type: 'text', optional: true }}
        value={doc.metadata.title}
        problems={at('metadata.title')}
        onChange={(v) => setMeta('title', v as string | undefined)}
      />
      <h2 className="mt-3 mb-1 text-[13px] font-semibold">{t('cluster.cluster')}</h2>
      {specs.map((s) => (
        <Field
          key={s.path.join('.')}
          label={s.label}
          testId={`cluster.field.${s.path.join('.')}`}
          kind={s.kind}
          value={get(c, s.path)}
          problems={at(`cluster.${s.path.join('.')}`)}
          hint={s.hint}
          onChange={(v) => void setCluster(s.path, v)}
        />
      ))}
      {[...at('cluster').filter((p) => !specs.some((s) => p.path.startsWith(`cluster.${s.path.join('.')}`))), ...general].map((p, i) => (
        <div key={i} className="mt-1 rounded bg-rose-50 px-2 py-1 text-[11px] text-rose-800">
          <span className="font-mono">{p.path || t('problems.document')}: </span>
          {reasonText(p.message, p.why)}
        </div>
      ))}
      <VpcFaults />
    </div>
  );
}
