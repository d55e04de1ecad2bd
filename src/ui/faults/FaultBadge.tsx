import { useTranslation } from '../../i18n/use-translation';
import { selectFaultsHidden, useAppStore, type AppStore } from '../../store';
import { list, type Doc } from '../../model/doc';
// (from src/layout, not ./faults: that also brings the inspector's offers, which the embed never shows)
import { nodeFaults, vpcFaults } from '../../layout/faults';
import { nodeId } from '../../model/element-id';

// NOTE: the selectors return one string (labels joined), so a node re-renders only when its faults change.
// The texts are derived once per document: every mounted node box runs its selector on every change
// of the store, and finding its node in a list of 1,000 each time took ~25 ms of a trace's frame.
const faultTexts = new WeakMap<Doc, ReadonlyMap<string, string>>();
function faultTextsOf(doc: Doc): ReadonlyMap<string, string> {
  let texts = faultTexts.get(doc);
  if (!texts) {
    const byName = new Map<string, string>();
    // NOTE: list() reads a malformed `nodes` (not a list, null items) as what it can, so a stored document never throws here.
    for (const n of list(doc, 'nodes')) {
      if (typeof n.name === 'string' && !byName.has(n.name))
        byName.set(
          n.name,
          nodeFaults(n)
            .map((f) => f.label)
            .join('\n'),
        );
    }
    faultTexts.set(doc, (texts = byName));
  }
  return texts;
}
const nodeFaultText = (name: string) => (s: AppStore) => (s.doc ? (faultTextsOf(s.doc).get(name) ?? '') : '');
const vpcDeleted = (s: AppStore) => (s.doc ? vpcFaults(s.doc).join('\n') : '');

function Badge({ text, testId, owner }: { text: string; testId: string; owner: string }) {
  const { t } = useTranslation();
  // In a find-the-fault lesson the learner has to find it: no mark until answered.
  const hidden = useAppStore(selectFaultsHidden);
  if (!text || hidden) return null;
  const lines = text.split('\n');
  return (
    <div
      data-testid={testId}
      data-owner={owner}
      title={`${t('faults.badge')}\n${text}`}
      className="absolute -top-2.5 left-2 z-10 flex max-w-[92%] items-center gap-1 rounded border border-amber-500 bg-amber-100 px-1.5 text-[10px] leading-4 font-semibold text-amber-900 shadow-sm"
    >
      <span aria-hidden>⚠</span>
      <span className="truncate font-mono font-medium">{lines.length === 1 ? lines[0] : `${lines[0]} +${lines.length - 1}`}</span>
    </div>
  );
}

/** A warning on a node box for each fault switched on there (the first named, the rest counted). */
export function NodeFaultBadge({ name }: { name: string }) {
  const text = useAppStore(nodeFaultText(name));
  return <Badge text={text} testId="canvas.fault" owner={nodeId(name)} />;
}

/** A warning on the VPC for deleted route-table entries. */
export function VpcFaultBadge() {
  const { t } = useTranslation();
  const deleted = useAppStore(vpcDeleted);
  const text = deleted
    .split('\n')
    .filter(Boolean)
    .map((cidr) => t('faults.vpcDeleted', { cidr }))
    .join('\n');
  return <Badge text={text} testId="canvas.fault" owner="vpc" />;
}
