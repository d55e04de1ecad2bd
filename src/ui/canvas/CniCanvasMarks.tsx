import { useTranslation } from '../../i18n/use-translation';
import type { AppStore } from '../../store';
import { useAppStore } from '../../store';
import { portSlot } from './geometry';
import { SIZE } from './layout';
import { cn } from '../lib/cn';
import { cniCanvasOf, type CniCanvas } from './cni-canvas';
import { nodeId } from '../../model/element-id';

const BOX_W = SIZE.podW + 2 * SIZE.nodePad;
const BORDER = 2;

// NOTE: both selectors return the cached annotation (or a string), so only the node and pod the call is about re-render.
const nodeCni = (name: string) => (s: AppStore) => {
  const a = cniCanvasOf(s.cniCall?.call);
  return a?.node === name ? a : null;
};
export const podCni = (ref: string) => (s: AppStore) => {
  const a = cniCanvasOf(s.cniCall?.call);
  return a && a.ok && a.command === 'ADD' && a.pod === ref ? (a.address ?? '') : null;
};

function Chip({ a, device, style }: { a: CniCanvas; device: string; style?: React.CSSProperties }) {
  const add = a.command === 'ADD';
  return (
    <span
      data-testid="canvas.cni.device"
      data-device={device}
      data-command={a.command}
      title={add ? `${device}: created by the CNI ADD for ${a.pod}` : `${device}: deleted by the CNI DEL for ${a.pod}`}
      className={cn(
        'truncate rounded border px-0.5 text-center font-mono text-[10px] leading-[16px]',
        style && 'absolute',
        add
          ? 'border-emerald-500 bg-emerald-50 font-semibold text-emerald-800 shadow-[0_0_0_2px_rgba(16,185,129,0.25)]'
          : 'border-slate-300 bg-slate-100 text-slate-500 line-through',
      )}
      style={style}
    >
      {add ? '+ ' : ''}
      {device}
    </span>
  );
}

/**
 * What the CNI call being shown did on this node: the host-side device as a port chip (in the
 * port strip when no trace is using it), the routes it added below the box, or the failing
 * plugin's error. A DEL's device and address are struck through, then fade.
 */
export function CniNodeMarks({ name, devices }: { name: string; devices?: readonly string[] }) {
  const { t } = useTranslation();
  const a = useAppStore(nodeCni(name));
  if (!a) return null;
  const del = a.command === 'DEL';
  if (!a.ok) {
    return (
      <div
        data-testid="canvas.cni.error"
        data-owner={nodeId(name)}
        role="status"
        title={t('canvas.cniFailed', { command: a.command, error: a.error })}
        className="absolute z-10 flex items-center gap-1 truncate rounded border border-rose-500 bg-rose-100 px-1.5 font-mono text-[10px] leading-4 font-semibold text-rose-900 shadow-sm"
        style={{ left: SIZE.nodePad - BORDER, right: SIZE.nodePad - BORDER, bottom: (SIZE.portStrip - 18) / 2 }}
      >
        <span aria-hidden>✕</span>
        <span className="truncate">
          CNI {a.command}: {a.error}
        </span>
      </div>
    );
  }
  const inStrip = !devices?.length;
  const lines = [...(del && a.address ? [{ key: 'addr', text: a.address }] : []), ...a.routes.map((r, i) => ({ key: `r${i}`, text: `${r.where} ${r.text}` }))];
  return (
    <div data-testid="canvas.cni" data-owner={nodeId(name)} data-command={a.command} className={cn('pointer-events-none', del && 'cni-gone')}>
      {inStrip &&
        a.devices.map((d, i, all) => {
          const slot = portSlot(i, all, BOX_W, 0);
          return <Chip key={d} a={a} device={d} style={{ left: slot.x - BORDER, bottom: -slot.y - slot.h - BORDER, width: slot.w, height: slot.h }} />;
        })}
      {(lines.length > 0 || !inStrip) && (
        <div
          className={cn(
            'absolute left-2 z-10 flex max-w-[calc(100%+2rem)] flex-col gap-0.5 rounded border bg-white/95 px-1 py-0.5 shadow-sm',
            del ? 'border-slate-300' : 'border-emerald-400',
          )}
          style={{ top: 'calc(100% + 3px)' }}
        >
          <span className={cn('text-[9px] leading-3 font-semibold tracking-wide uppercase', del ? 'text-slate-500' : 'text-emerald-700')}>CNI {a.command}</span>
          {!inStrip && a.devices.map((d) => <Chip key={d} a={a} device={d} />)}
          {lines.map((l) => (
            <span
              key={l.key}
              data-testid="canvas.cni.route"
              className={cn('truncate font-mono text-[10px] leading-[14px]', del ? 'text-slate-500 line-through' : 'text-emerald-900')}
            >
              {del ? '− ' : '+ '}
              {l.text}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
