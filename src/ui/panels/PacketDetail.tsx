import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectAnswerMask, traceSoFar, useAppStore } from '../../store';
import { cn } from '../lib/cn';
import { capturePoints, packetFields, type AddressRole } from '../playback/frames';
import { usePanelPlayback } from '../playback/useFrames';
import { useReasonText } from '../lib/useReasonText';
import { outerLabelKey } from '../playback/encapsulation';
import { ChoiceButtons } from './Timeline';

const h3 = 'mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase';

/** The packet at the selected hop: where it is, its header fields, what was done to it there. */
export function PacketDetail() {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const f = usePanelPlayback().current;
  if (!f) return null;
  const fields = packetFields(f.hop);
  const layers = ['outer', 'L3', 'L4'] as const;
  return (
    <section data-testid="detail" className="flex flex-col gap-2">
      <div>
        <h3 className={h3}>{t('detail.heading', { n: f.legIndex + 1, leg: t(`detail.${f.leg}`) })}</h3>
        <div className="font-mono text-[12px] text-slate-800">
          <span data-testid="detail.at">{f.at}</span>
          {f.hop.device && (
            <span className="text-slate-500">
              {' '}
              {f.hop.device} {f.hop.dir}
            </span>
          )}
          {f.hop.hook && <span className="ml-1 rounded bg-slate-100 px-1 text-[11px]">{f.hop.hook}</span>}
        </div>
      </div>
      <table className="text-[12px]">
        <tbody>
          {layers.map((layer) => {
            const row = fields.filter((x) => x.layer === layer);
            if (row.length === 0) return null;
            return (
              <tr key={layer} className="align-top">
                <th data-testid={`detail.layer.${layer}`} className="w-20 py-0.5 pr-2 text-left font-semibold text-slate-500">
                  {layer === 'outer'
                    ? t(f.hop.packet.outer ? outerLabelKey(f.hop.packet.outer) : 'detail.outer')
                    : layer === 'L3'
                      ? 'IP'
                      : row.length
                        ? 'L4'
                        : ''}
                </th>
                <td className="flex flex-wrap gap-x-3 gap-y-0.5 py-0.5">
                  {row.map((x) => (
                    <span key={x.name} data-testid="detail.field" data-layer={x.layer} data-name={x.name} className="font-mono whitespace-nowrap">
                      <span className="text-slate-400">{x.name}</span> {x.value}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {f.badges.map((b, i) => (
        <div
          key={i}
          data-testid="detail.rewrite"
          className={cn(
            'rounded border px-2 py-1 font-mono text-[11.5px] leading-snug',
            b.type.startsWith('un-') ? 'border-violet-200 bg-violet-50 text-violet-950' : 'border-amber-200 bg-amber-50 text-amber-950',
          )}
        >
          {b.text}
        </div>
      ))}
      {f.choices && (
        <div>
          <h3 className={h3}>{t('detail.choice')}</h3>
          <ChoiceButtons f={f} testId="detail.choice" />
        </div>
      )}
      {f.hop.note && <p className="text-[12px] text-slate-600">{reasonText(f.hop.note, f.hop.noteWhy)}</p>}
      {f.drop && (
        <p data-testid="detail.drop" className="rounded border border-rose-200 bg-rose-50 px-2 py-1 text-[12px] text-rose-900">
          <span className="font-semibold">{f.drop.verdict}: </span>
          {reasonText(f.drop.reason, f.drop.why)}
        </p>
      )}
    </section>
  );
}

// The i18n keys of each role's words.
const ROLE: Record<AddressRole, string> = {
  client: 'detail.role.client',
  destination: 'detail.role.destination',
  rewritten: 'detail.role.rewritten',
  other: 'detail.role.other',
};

/** Where a tcpdump would see each address of this flow, on which interface, there and back. */
export function CapturePoints() {
  const { t } = useTranslation();
  const { trace, frame } = usePanelPlayback();
  // A prediction lesson's outcome not yet revealed: only the capture points the packet has reached so far.
  const upTo = useAppStore(selectAnswerMask) === 'outcome' ? frame : null;
  const groups = useMemo(() => capturePoints(trace && upTo !== null ? traceSoFar(trace, upTo) : trace), [trace, upTo]);
  if (groups.length === 0) return null;
  return (
    <section data-testid="capture">
      <h3 className={h3}>{t('detail.capture')}</h3>
      <ul className="flex flex-col gap-1.5 text-[12px]">
        {groups.map((g) => (
          <li key={g.address} data-testid="capture.group" data-address={g.address} data-role={g.role}>
            <span className="font-mono font-semibold text-slate-800">{g.address}</span> <span className="text-slate-500">{t(ROLE[g.role])}</span>
            <div className="flex flex-wrap gap-1">
              {g.points.map((p) => (
                <span
                  key={`${p.leg} ${p.ns} ${p.device}`}
                  title={`tcpdump -ni ${p.device} host ${g.address}   (in ${p.ns}, ${p.leg})`}
                  className={cn('rounded px-1 font-mono text-[10.5px]', p.leg === 'reply' ? 'bg-violet-50 text-violet-800' : 'bg-amber-50 text-amber-900')}
                >
                  {p.ns.replace(/^(node|pod):/, '')} {p.device}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
