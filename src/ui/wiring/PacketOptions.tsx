import { selectDf, selectProtocol, selectSize, useAppStore } from '../../store';
import { useTranslation } from '../../i18n/use-translation';

const label = 'text-[11px] font-semibold tracking-wide text-slate-500 uppercase';
const field = 'h-8 rounded-md border border-slate-300 bg-white px-2 text-[13px]';

/** Packet size and don't-fragment, for MTU lessons (ping -s / -M do). Empty size is the engine's default. */
export function PacketOptions() {
  const { t } = useTranslation();
  const size = useAppStore(selectSize);
  const df = useAppStore(selectDf);
  const protocol = useAppStore(selectProtocol);
  const setPacket = useAppStore((s) => s.setPacket);
  // The engine's defaults: DF set for TCP (PMTU discovery), clear for UDP and ICMP.
  const dfShown = df ?? protocol === 'TCP';
  return (
    <>
      <label className="flex flex-col gap-1">
        <span className={label}>{t('packet.size')}</span>
        <input
          data-testid="trace.size"
          type="number"
          min={28}
          max={65535}
          placeholder="60"
          title={t('packet.sizeTitle')}
          className={`${field} w-20 font-mono`}
          value={size ?? ''}
          onChange={(e) => setPacket(e.target.value === '' ? null : Math.max(28, Math.min(65535, Number(e.target.value))), df)}
        />
      </label>
      <label className="flex flex-col items-center gap-1" title={t('packet.dfTitle')}>
        <span className={label}>DF</span>
        <input data-testid="trace.df" type="checkbox" className="h-8 w-4" checked={dfShown} onChange={(e) => setPacket(size, e.target.checked)} />
      </label>
    </>
  );
}
