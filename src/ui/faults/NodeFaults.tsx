import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { list, type ElementRef, type Item } from '../../model/edit';
import { selectDoc, selectFaultsHidden, useAppStore } from '../../store';
import { applyFault, faultOffers, nodeFaults, vpcFaults, type FaultKind } from './faults';

const control = 'h-6 rounded border border-slate-300 bg-white px-1 text-[11px]';

/** A fault in a list: its label and a way to take it away. */
function FaultRow({ label, onRemove }: { label: string; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <li data-testid="faults.item" className="flex items-center gap-1.5 rounded bg-amber-50 px-1.5 py-0.5 text-[11px] text-amber-900">
      <span aria-hidden>⚠</span>
      <span className="min-w-0 flex-1 truncate font-mono" title={label}>
        {label}
      </span>
      <button
        type="button"
        data-testid="faults.remove"
        title={t('faults.repair')}
        aria-label={t('faults.repair')}
        onClick={onRemove}
        className="rounded px-1 text-amber-700 hover:bg-amber-200"
      >
        ✕
      </button>
    </li>
  );
}

/** In a find-the-fault lesson not yet answered: neither the faults nor the offers (which name them) show. */
function FaultsHidden({ testId, heading }: { testId: string; heading: string }) {
  const { t } = useTranslation();
  return (
    <section data-testid={testId} data-hidden="true" className="mt-3 border-t border-slate-200 pt-2">
      <h3 className="mb-1 text-[12px] font-semibold text-slate-700">{heading}</h3>
      <p className="text-[11px] text-slate-500">{t('faults.hidden')}</p>
    </section>
  );
}

/** The node's faults, switched on and off: each shows on the canvas as a warning on the node. */
export function NodeFaults({ at, node }: { at: ElementRef; node: Item }) {
  const hidden = useAppStore(selectFaultsHidden);
  const { t } = useTranslation();
  if (hidden) return <FaultsHidden testId="faults" heading={t('faults.heading')} />;
  return <NodeFaultList at={at} node={node} />;
}

function NodeFaultList({ at, node }: { at: ElementRef; node: Item }) {
  const { t } = useTranslation();
  const doc = useAppStore(selectDoc);
  const setElementField = useAppStore((s) => s.setElementField);
  const [kind, setKind] = useState<FaultKind | ''>('');
  const [option, setOption] = useState('');
  if (!doc) return null;
  const faults = nodeFaults(node);
  const offers = faultOffers(doc, node);
  const offer = offers.find((o) => o.kind === kind);
  const chosen = offer?.options ? option || offer.options[0] : undefined;
  return (
    <section data-testid="faults" className="mt-3 border-t border-slate-200 pt-2">
      <h3 className="mb-1 text-[12px] font-semibold text-slate-700">{t('faults.heading')}</h3>
      {faults.length === 0 ? (
        <p className="text-[11px] text-slate-500">{t('faults.healthy')}</p>
      ) : (
        <ul className="flex flex-col gap-0.5">
          {faults.map((f, i) => (
            <FaultRow key={`${f.field}-${i}`} label={f.label} onRemove={() => setElementField(at, f.field, f.without)} />
          ))}
        </ul>
      )}
      <div className="mt-1.5 flex flex-wrap items-center gap-1">
        <select
          data-testid="faults.kind"
          aria-label={t('faults.kindLabel')}
          className={`${control} max-w-full`}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as FaultKind | '');
            setOption('');
          }}
        >
          <option value="">{t('faults.choose')}</option>
          {offers.map((o) => (
            <option key={o.kind} value={o.kind} disabled={o.options?.length === 0}>
              {t(`faults.offer.${o.kind}`, { defaultValue: o.label })}
            </option>
          ))}
        </select>
        {offer?.options && offer.options.length > 0 && (
          <select data-testid="faults.option" aria-label={t('faults.which')} className={control} value={chosen} onChange={(e) => setOption(e.target.value)}>
            {offer.options.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        )}
        <button
          type="button"
          data-testid="faults.add"
          disabled={!offer || (offer.options !== undefined && !chosen)}
          onClick={() => {
            if (!offer) return;
            const [field, value] = applyFault(doc, node, offer.kind, chosen);
            setElementField(at, field, value);
            setKind('');
            setOption('');
          }}
          className="h-6 rounded bg-amber-600 px-2 text-[11px] font-semibold text-white hover:bg-amber-700 disabled:bg-slate-300"
        >
          {t('faults.switchOn')}
        </button>
      </div>
    </section>
  );
}

/** The VPC route table's deleted entries: switch one off (delete it) or repair it. */
export function VpcFaults() {
  const hidden = useAppStore(selectFaultsHidden);
  const { t } = useTranslation();
  if (hidden) return <FaultsHidden testId="vpc.faults" heading={t('faults.vpcHeading')} />;
  return <VpcFaultList />;
}

function VpcFaultList() {
  const { t } = useTranslation();
  const doc = useAppStore(selectDoc);
  // Its promise is left (void): the answer (a question, problems) shows through the store, and it never rejects.
  const setCluster = useAppStore((s) => s.setClusterSetting);
  const [pick, setPick] = useState('');
  if (!doc) return null;
  const deleted = vpcFaults(doc);
  const blocks = list(doc, 'nodes')
    .map((n) => (typeof n.podCIDR === 'string' ? n.podCIDR : ''))
    .filter((b) => b && !deleted.includes(b));
  const chosen = pick || blocks[0] || '';
  return (
    <section data-testid="vpc.faults" className="mt-3 border-t border-slate-200 pt-2">
      <h3 className="mb-1 text-[12px] font-semibold text-slate-700">{t('faults.vpcHeading')}</h3>
      {deleted.length === 0 ? (
        <p className="text-[11px] text-slate-500">{t('faults.vpcIntact')}</p>
      ) : (
        <ul className="flex flex-col gap-0.5">
          {deleted.map((c) => (
            <FaultRow
              key={c}
              label={t('faults.vpcDeleted', { cidr: c })}
              onRemove={() => void setCluster(['vpc', 'deletedRoutes'], deleted.filter((x) => x !== c).length ? deleted.filter((x) => x !== c) : undefined)}
            />
          ))}
        </ul>
      )}
      {blocks.length > 0 && (
        <div className="mt-1.5 flex items-center gap-1">
          <select
            data-testid="vpc.faults.route"
            aria-label={t('faults.routeLabel')}
            className={control}
            value={chosen}
            onChange={(e) => setPick(e.target.value)}
          >
            {blocks.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
          <button
            type="button"
            data-testid="vpc.faults.delete"
            onClick={() => void setCluster(['vpc', 'deletedRoutes'], [...deleted, chosen])}
            className="h-6 rounded bg-amber-600 px-2 text-[11px] font-semibold text-white hover:bg-amber-700"
          >
            {t('faults.deleteEntry')}
          </button>
        </div>
      )}
    </section>
  );
}
