import type { Hop } from '../../model';
import { cn } from '../lib/cn';
import { formatChoice, formatP, formatPacket, formatRewrite } from '../lib/format';

/** One row per hop: where the packet is, what it looks like there, and what changed it. */
export function HopTable({
  hops,
  testId,
  rowTestId,
  onFollow,
}: {
  hops: Hop[];
  testId: string;
  rowTestId: string;
  /** Trace again following this alternative of a load-balancing decision. */
  onFollow?: (alternatives: string[], to: string) => void;
}) {
  const th = 'sticky top-0 bg-slate-100 px-2 py-1 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase';
  return (
    <table data-testid={testId} className="w-full border-collapse text-[12px]">
      <thead>
        <tr>
          <th className={cn(th, 'w-8 text-right')}>#</th>
          <th className={th}>Namespace</th>
          <th className={th}>Device</th>
          <th className={th}>Dir</th>
          <th className={th}>Packet</th>
          <th className={cn(th, 'min-w-80')}>Rewrite / choices</th>
          <th className={th}>Note</th>
        </tr>
      </thead>
      <tbody>
        {hops.map((h) => (
          <tr
            key={h.seq}
            data-testid={rowTestId}
            className={cn('border-b border-slate-100 align-top', h.rewrite && 'bg-amber-50', h.drop && 'bg-rose-50')}
          >
            <td className="px-2 py-1 text-right text-slate-400 tabular-nums">{h.seq}</td>
            <td className="px-2 py-1 font-mono whitespace-nowrap">{h.ns}</td>
            <td className="px-2 py-1 font-mono">{h.device ?? '—'}</td>
            <td className="px-2 py-1 text-slate-500">{h.dir ?? ''}</td>
            <td className="px-2 py-1 font-mono whitespace-nowrap">
              {formatPacket(h)} <span className="text-slate-400">{h.packet.proto}</span>
              {h.packet.outer && (
                <div className="text-slate-500">
                  outer {h.packet.outer.src} → {h.packet.outer.dst} {h.packet.outer.proto}
                  {h.packet.outer.vni !== undefined && ` vni ${h.packet.outer.vni}`}
                </div>
              )}
            </td>
            <td className="px-2 py-1">
              {h.rewrite && (
                <div title={formatRewrite(h.rewrite)}>
                  <span className="font-mono whitespace-nowrap text-amber-900">
                    <span className="font-semibold">{h.rewrite.type}</span> {h.rewrite.from} → {h.rewrite.to}
                  </span>{' '}
                  <span className="text-slate-500">by {h.rewrite.by}</span>
                </div>
              )}
              {h.choices && h.choices.length > 0 && (
                <div className="mt-0.5 flex flex-wrap gap-1">
                  {h.choices.map((c, _i, all) => {
                    const taken = c.to === (h.rewrite?.to ?? h.packet.dst);
                    return (
                      <button
                        key={c.to}
                        type="button"
                        data-testid="trace.choice"
                        disabled={!onFollow || taken}
                        title={taken ? `taken: ${formatChoice(c)}` : `follow ${formatChoice(c)} instead`}
                        onClick={() => onFollow?.(all.map((x) => x.to), c.to)}
                        className={cn(
                          'rounded px-1 font-mono text-[11px] whitespace-nowrap',
                          taken
                            ? 'bg-amber-200 text-amber-950'
                            : 'bg-slate-100 text-slate-600 enabled:cursor-pointer enabled:hover:bg-blue-100 enabled:hover:text-blue-800',
                        )}
                      >
                        {c.to} p={formatP(c.p)}
                      </button>
                    );
                  })}
                </div>
              )}
            </td>
            <td className="px-2 py-1 text-slate-600">
              {h.hook && <span className="mr-1 rounded bg-slate-100 px-1 font-mono text-[11px]">{h.hook}</span>}
              {h.note}
              {h.drop && (
                <div className="font-medium text-rose-700">
                  {h.drop.verdict}: {h.drop.reason}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
