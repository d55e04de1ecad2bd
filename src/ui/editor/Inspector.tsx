import { useMemo } from 'react';
import { NodeInterfaces } from '../canvas/nodes/NodeInterfaces';
import { useTranslation } from '../../i18n/use-translation';
import type { Problem } from '../../model';
import { KIND_OF, list, str, type ElementRef, type Item, type ListKey } from '../../model/edit';
import { parseListRef, listRef } from '../../model/element-id';
import { DEFAULT_KERNEL } from '../../model/defaults';
import { selectDoc, selectProblems, selectSelection, selectWarnings, useAppStore } from '../../store';
import { NodeFaults } from '../faults/NodeFaults';
import { Field, type FieldKind } from './Field';
import { useReasonText } from '../lib/useReasonText';

interface Spec {
  field: string;
  label?: string;
  kind: FieldKind;
  hint?: string;
}

const POLICY = ['Cluster', 'Local'] as const;

function specs(l: ListKey, names: { nodes: string[]; lbs: string[] }): Spec[] {
  switch (l) {
    case 'nodes':
      return [
        { field: 'name', kind: { type: 'text' } },
        { field: 'ip', kind: { type: 'text' }, hint: 'eth0, inside the VPC' },
        { field: 'podCIDR', kind: { type: 'text', optional: true, placeholder: 'assigned' }, hint: 'flannel/calico block; empty = assigned' },
        { field: 'secondaryIPs', kind: { type: 'list' } },
        { field: 'enis', kind: { type: 'json' }, hint: 'terway: [{"name":"eth1","maxIPs":10}]' },
        { field: 'kernel.ipForward', label: 'ip_forward', kind: { type: 'bool', dflt: true } },
        { field: 'kernel.rpFilter', label: 'rp_filter', kind: { type: 'select', options: ['off', 'loose', 'strict'], optional: true, dflt: 'loose' } },
        { field: 'kernel.mtu', label: 'eth0 MTU', kind: { type: 'number', optional: true, placeholder: String(DEFAULT_KERNEL.mtu) } },
        { field: 'kernel.bridgeNfCallIptables', label: 'br_netfilter', kind: { type: 'bool', dflt: true } },
        { field: 'filter', label: 'filter rules', kind: { type: 'json' }, hint: '[{"chain":"FORWARD","proto":"icmp","action":"DROP"}]' },
        { field: 'nat', label: 'nat rules', kind: { type: 'json' }, hint: '[{"chain":"POSTROUTING","source":"10.244.0.0/16","action":"MASQUERADE"}]' },
        { field: 'routes', label: 'added routes', kind: { type: 'json' }, hint: '[{"dst":"10.9.0.0/16","via":"192.168.0.1","dev":"eth1"}]' },
        { field: 'deletedRoutes', label: 'deleted routes', kind: { type: 'list' }, hint: 'CIDRs the CNI installed that were removed' },
        { field: 'linksDown', label: 'links down', kind: { type: 'list' }, hint: 'e.g. eth1, flannel.1' },
        { field: 'interfaces', label: 'interfaces', kind: { type: 'json' }, hint: '[{"name":"eth1","ip":"192.168.0.22","up":true}]' },
      ];
    case 'pods':
      return [
        { field: 'name', kind: { type: 'text' } },
        { field: 'namespace', kind: { type: 'text', optional: true, placeholder: 'default' } },
        { field: 'node', kind: { type: 'select', options: names.nodes } },
        { field: 'ip', kind: { type: 'text', optional: true, placeholder: 'assigned' }, hint: 'empty = assigned by IPAM' },
        { field: 'labels', kind: { type: 'labels' }, hint: 'key=value, key=value' },
        { field: 'ready', kind: { type: 'bool', dflt: true } },
        { field: 'terminating', kind: { type: 'bool', dflt: false } },
        { field: 'hostNetwork', kind: { type: 'bool', dflt: false } },
        { field: 'eni', kind: { type: 'text', optional: true, placeholder: 'assigned (terway)' } },
        {
          field: 'ports',
          kind: { type: 'json' },
          hint: '[{"name":"http","containerPort":80}]: what listens (empty = any port); a name serves a named targetPort',
        },
      ];
    case 'services':
      return [
        { field: 'name', kind: { type: 'text' } },
        { field: 'namespace', kind: { type: 'text', optional: true, placeholder: 'default' } },
        { field: 'type', kind: { type: 'select', options: ['ClusterIP', 'NodePort', 'LoadBalancer'], optional: true, dflt: 'ClusterIP' } },
        { field: 'selector', kind: { type: 'labels' }, hint: 'key=value; or drag from the service to a pod' },
        { field: 'ports', kind: { type: 'json' }, hint: '[{"name":"http","port":80,"targetPort":8080,"nodePort":30080}]' },
        { field: 'clusterIP', kind: { type: 'text', optional: true, placeholder: 'assigned' } },
        { field: 'externalIPs', kind: { type: 'list' } },
        { field: 'externalTrafficPolicy', kind: { type: 'select', options: POLICY, optional: true, dflt: 'Cluster' } },
        { field: 'internalTrafficPolicy', kind: { type: 'select', options: POLICY, optional: true, dflt: 'Cluster' } },
        { field: 'sessionAffinity', kind: { type: 'select', options: ['None', 'ClientIP'], optional: true, dflt: 'None' } },
        { field: 'loadBalancer', kind: { type: 'select', options: names.lbs, optional: true } },
        { field: 'loadBalancerSourceRanges', kind: { type: 'list' } },
        { field: 'healthCheckNodePort', kind: { type: 'number', optional: true, placeholder: 'assigned (LoadBalancer + Local)' } },
      ];
    case 'loadBalancers':
      return [
        { field: 'name', kind: { type: 'text' } },
        { field: 'ip', kind: { type: 'text', optional: true, placeholder: 'assigned' } },
        { field: 'secondaryIPs', kind: { type: 'list' }, hint: 'more ingress IPs (status.loadBalancer.ingress[]); kube-proxy serves each' },
        { field: 'backend', kind: { type: 'select', options: ['nodeport', 'vip', 'eni'], optional: true, dflt: 'nodeport' } },
        { field: 'preserveClientIP', kind: { type: 'bool', dflt: true } },
      ];
    case 'externals':
      return [
        { field: 'name', kind: { type: 'text' } },
        { field: 'ip', kind: { type: 'text' } },
        { field: 'network', kind: { type: 'select', options: ['internet', 'vpc'], optional: true, dflt: 'internet' } },
      ];
    case 'routers':
      return [
        { field: 'name', kind: { type: 'text' } },
        { field: 'asn', label: 'ASN', kind: { type: 'number' } },
        { field: 'nodes', kind: { type: 'list' }, hint: 'node names; or drag from the router to a node' },
        { field: 'ip', kind: { type: 'text', optional: true } },
      ];
  }
}

function read(item: Item, field: string): unknown {
  const [a, b] = field.split('.');
  const v = item[a!];
  return b === undefined ? v : v && typeof v === 'object' ? (v as Item)[b] : undefined;
}

/** Every field of the selected element, each with the validator's problems for it. */
export function Inspector() {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const doc = useAppStore(selectDoc);
  const selection = useAppStore(selectSelection);
  const problems = useAppStore(selectProblems);
  const warnings = useAppStore(selectWarnings);
  const setElementField = useAppStore((s) => s.setElementField);
  const refs = useMemo(() => selection.map(parseListRef).filter((r): r is ElementRef => r !== null), [selection]);
  const names = useMemo(
    () => ({ nodes: doc ? list(doc, 'nodes').map((n) => str(n.name)) : [], lbs: doc ? list(doc, 'loadBalancers').map((n) => str(n.name)) : [] }),
    [doc],
  );

  if (!doc || refs.length === 0) {
    return (
      <div data-testid="inspector" className="p-3 text-[12px] text-slate-500">
        {t('inspector.empty')}
      </div>
    );
  }
  if (refs.length > 1) {
    return (
      <div data-testid="inspector" className="p-3 text-[12px] text-slate-600">
        {t('inspector.many', { count: refs.length })}
      </div>
    );
  }
  const ref = refs[0]!;
  const item = list(doc, ref.list)[ref.index];
  if (!item) return null;
  const key = listRef(ref.list, ref.index);
  const mine = (p: Problem) => p.path === key || p.path.startsWith(`${key}.`) || p.path.startsWith(`${key}[`);
  const own = problems.filter(mine);
  const ownWarnings = warnings.filter(mine);
  const forField = (f: string, list: Problem[]) =>
    list.filter((p) => p.path === `${key}.${f}` || p.path.startsWith(`${key}.${f}.`) || p.path.startsWith(`${key}.${f}[`));
  const specList = specs(ref.list, names);
  const placed = new Set(specList.flatMap((s) => own.filter((p) => forField(s.field, [p]).length)));
  const rest = own.filter((p) => !placed.has(p));

  // NOTE: Kubernetes field names stay in English; the words around them are translated.
  const localized = (k: FieldKind): FieldKind =>
    'placeholder' in k && k.placeholder?.startsWith('assigned')
      ? { ...k, placeholder: t(k.placeholder === 'assigned' ? 'inspector.assigned' : 'inspector.assignedTerway') }
      : k;

  const change = (field: string, value: unknown) => {
    const [a, b] = field.split('.');
    if (b === undefined) setElementField(ref, a!, value);
    else {
      const inner = { ...((item[a!] as Item | undefined) ?? {}) };
      if (value === undefined) delete inner[b];
      else inner[b] = value;
      setElementField(ref, a!, Object.keys(inner).length ? inner : undefined);
    }
  };

  return (
    <div data-testid="inspector" data-ref={key} className="p-3">
      <div className="mb-2 flex items-baseline gap-2">
        <h2 className="text-[13px] font-semibold">{t(`inspector.title.${ref.list}`)}</h2>
        <span className="truncate font-mono text-[11px] text-slate-500">{key}</span>
        <span className="ml-auto text-[10px] text-slate-400">{KIND_OF[ref.list]}</span>
      </div>
      {rest.map((p, i) => (
        <div key={i} data-testid="inspector.problem" className="mb-1 rounded bg-rose-50 px-2 py-1 text-[11px] text-rose-800">
          {p.path !== key && <span className="font-mono">{p.path.slice(key.length + 1)}: </span>}
          {reasonText(p.message, p.why)}
        </div>
      ))}
      {specList.map((s) => (
        <Field
          key={`${key}.${s.field}`}
          label={t(`inspector.labels.${s.field.replace('.', '_')}`, { defaultValue: s.label ?? s.field })}
          testId={`inspector.field.${s.field}`}
          kind={localized(s.kind)}
          value={read(item, s.field)}
          problems={forField(s.field, own)}
          hint={s.hint && t(`inspector.hints.${ref.list}_${s.field}`, { defaultValue: s.hint })}
          onChange={(v) => change(s.field, v)}
        />
      ))}
      {ref.list === 'nodes' && <NodeFaults at={ref} node={item} />}
      {ref.list === 'nodes' && <NodeInterfaces name={str(item.name)} />}
      {ownWarnings.map((p, i) => (
        <div key={i} className="mt-1 rounded bg-amber-50 px-2 py-1 text-[11px] text-amber-800">
          {reasonText(p.message, p.why)}
        </div>
      ))}
    </div>
  );
}
