import { useTranslation } from '../../../i18n/use-translation';
import { memo } from 'react';
import { selectSeek, selectTrace, useAppStore } from '../../../store';
import { framesOf } from '../../playback/useFrames';
import { SIZE } from '../layout';
import { portSlot } from '../geometry';
import { cn } from '../../lib/cn';
import { fitPortName } from './port-fit';
import { interfaceHeader, useNodeInterfaces } from './useNodeInterfaces';
import type { Interface } from '../../../worker/protocol';

const SAMPLE_W = SIZE.podW + 2 * SIZE.nodePad;
const BORDER = 2;

/** A device the trace used on a node, at the bottom of the node box, its name whole; a click jumps to its first hop. */
export const PortChip = memo(function PortChip({
  node,
  device,
  index,
  all,
  about,
}: {
  node: string;
  device: string;
  index: number;
  all: readonly string[];
  /** The device as the engine models it, for the tooltip (absent until the worker answers). */
  about?: Interface;
}) {
  const { t } = useTranslation();
  const seek = useAppStore(selectSeek);
  const trace = useAppStore(selectTrace);
  const slot = portSlot(index, all, SAMPLE_W, 0);
  const fit = fitPortName(device, slot.w);
  const onClick = (e: React.MouseEvent) => {
    e.stopPropagation();
    const at = framesOf(trace).findIndex((f) => f.at === node && f.hop.device === device);
    if (at >= 0) seek(at);
  };
  return (
    <button
      type="button"
      data-testid="canvas.port"
      data-device={device}
      title={t('canvas.jumpToHop', { device: about ? `${interfaceHeader(about)} · ${[...about.addrs, `mtu ${about.mtu}`].join(' · ')}` : device })}
      onClick={onClick}
      className={cn(
        'absolute cursor-pointer overflow-hidden rounded border px-0.5 text-center font-mono',
        fit.lines === 1 ? 'leading-[16px] whitespace-nowrap' : 'leading-[8px] break-all',
        device === 'kube-ipvs0' ? 'border-violet-300 bg-violet-50 text-violet-800' : 'border-slate-300 bg-slate-50 text-slate-700 hover:border-amber-500',
      )}
      // Slot y is relative to the box's bottom edge (boxH 0); the box's 2px border shifts the origin.
      style={{ left: slot.x - BORDER, bottom: -slot.y - slot.h - BORDER, width: slot.w, height: slot.h, fontSize: fit.size }}
    >
      {device}
    </button>
  );
});

/** The ports a trace used on node `name` (canvas id `node`), each titled with its ifindex, link, addresses and MTU. */
export const PortStrip = memo(function PortStrip({ node, name, devices }: { node: string; name: string; devices: readonly string[] }) {
  const interfaces = useNodeInterfaces(name);
  return devices.map((dev, i) => <PortChip key={dev} node={node} device={dev} index={i} all={devices} about={interfaces?.find((x) => x.name === dev)} />);
});
