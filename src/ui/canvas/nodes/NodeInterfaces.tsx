import { useTranslation } from '../../../i18n/use-translation';
import { cn } from '../../lib/cn';
import { interfaceHeader, useNodeInterfaces } from './useNodeInterfaces';

const th = 'px-1 py-0.5 text-left text-[10px] font-semibold tracking-wide text-slate-500 uppercase';

/** A node's interfaces as a legend: ifindex and name with its link (`5: veth…@if2`), addresses and MTU, each name whole. */
export function NodeInterfaces({ name }: { name: string }) {
  const { t } = useTranslation();
  const list = useNodeInterfaces(name);
  if (!list) return null;
  return (
    <section data-testid="inspector.interfaces" className="mt-3">
      <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-600 uppercase">{t('inspector.interfaces')}</h3>
      <table className="w-full border-collapse font-mono text-[11px]">
        <thead>
          <tr className="bg-slate-100">
            <th className={th}>{t('inspector.interfaceName')}</th>
            <th className={th}>{t('inspector.interfaceAddress')}</th>
            <th className={cn(th, 'text-right')}>MTU</th>
          </tr>
        </thead>
        <tbody>
          {list.map((i) => (
            <tr
              key={i.name}
              data-testid="inspector.interface"
              data-name={i.name}
              className={cn('border-b border-slate-100 align-top', !i.up && 'text-slate-400')}
            >
              <td className="px-1 py-0.5 whitespace-nowrap">{interfaceHeader(i)}</td>
              <td className="px-1 py-0.5 break-all">{i.addrs.join(' ') || '—'}</td>
              <td className="px-1 py-0.5 text-right tabular-nums">{i.mtu}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
