import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { selectCniCall, useAppStore } from '../../store';
import type { CniStep } from '../../worker/protocol';
import { useCanvasControls } from '../canvas/canvas-controls';
import { cn } from '../lib/cn';
import { nodeId } from '../../model/element-id';
import { panIntoView } from '../canvas/camera';

const json = (v: unknown) => JSON.stringify(v, null, 2);

function Step({ step, index }: { step: CniStep; index: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(!step.ok);
  return (
    <li
      data-testid="cni.step"
      data-plugin={step.plugin}
      data-ok={step.ok}
      className={cn('rounded border', step.ok ? 'border-slate-200' : 'border-rose-300 bg-rose-50')}
    >
      <button type="button" onClick={() => setOpen(!open)} className="flex w-full items-center gap-2 px-2 py-1 text-left text-[12px]" aria-expanded={open}>
        <span className="w-4 text-right text-slate-400 tabular-nums">{index + 1}</span>
        <span className="font-mono font-semibold">{step.plugin}</span>
        <span className="text-slate-500">{step.command}</span>
        <span className={cn('ml-auto rounded px-1 text-[10.5px] font-semibold', step.ok ? 'bg-emerald-100 text-emerald-800' : 'bg-rose-200 text-rose-900')}>
          {step.ok ? t('cni.ok') : t('cni.error')}
        </span>
        <span className="text-slate-400">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <div className="grid grid-cols-1 gap-1.5 px-2 pb-2">
          <div>
            <div className="text-[10.5px] font-semibold text-slate-500 uppercase">stdin</div>
            <pre data-testid="cni.stdin" className="max-h-44 overflow-auto rounded bg-slate-900 p-1.5 font-mono text-[10.5px] leading-snug text-slate-200">
              {json(step.stdin)}
            </pre>
          </div>
          <div>
            <div className="text-[10.5px] font-semibold text-slate-500 uppercase">stdout</div>
            <pre
              data-testid="cni.stdout"
              className={cn(
                'max-h-44 overflow-auto rounded p-1.5 font-mono text-[10.5px] leading-snug',
                step.ok ? 'bg-slate-900 text-emerald-200' : 'bg-rose-950 text-rose-100',
              )}
            >
              {json(step.stdout)}
            </pre>
          </div>
        </div>
      )}
    </li>
  );
}

/**
 * The runtime's CNI call for a pod that landed on a node (ADD) or left it (DEL): the node's
 * plugin chain, each plugin's stdin and stdout, and what now exists (veth, address, routes);
 * a failing plugin stops the chain with its error.
 */
export function CniCallPanel() {
  const { t } = useTranslation();
  const view = useAppStore(selectCniCall);
  const close = useAppStore((s) => s.closeCniCall);
  const [showEnv, setShowEnv] = useState(false);
  const canvasControls = useCanvasControls();
  const node = view?.call?.node;
  const status = view?.status;
  // The node the call is about, with the devices and routes drawn at it, is brought into view.
  useEffect(() => {
    const owner = node ? nodeId(node) : null;
    const el = owner ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(owner)}"]`) : null;
    const canvas = document.querySelector('[data-testid="canvas"]');
    if (!owner || !el || !canvas) return;
    const t = requestAnimationFrame(() => {
      const c = canvas.getBoundingClientRect();
      const marks = [el, ...Array.from(canvas.querySelectorAll(`[data-testid="canvas.cni"][data-owner="${CSS.escape(owner)}"] *`))]
        .map((m) => m.getBoundingClientRect())
        .filter((r) => r.width > 0);
      const left = Math.min(...marks.map((r) => r.left));
      const top = Math.min(...marks.map((r) => r.top));
      const box = { x: left - c.left, y: top - c.top, w: Math.max(...marks.map((r) => r.right)) - left, h: Math.max(...marks.map((r) => r.bottom)) - top };
      const move = panIntoView(box, { w: c.width, h: c.height }, 16);
      if (move) canvasControls.panBy(move.dx, move.dy);
    });
    return () => cancelAnimationFrame(t);
  }, [node, status, canvasControls]);
  if (!view) return null;
  const call = view.call;
  return (
    <aside
      data-testid="cni"
      data-status={view.status}
      data-ok={call?.ok}
      className="flex min-h-0 flex-1 flex-col overflow-hidden border-b border-slate-200 bg-white"
    >
      <header className="flex items-center gap-2 border-b border-slate-200 bg-slate-800 px-3 py-1.5 text-white">
        <h2 className="text-[13px] font-semibold">
          CNI {call?.command ?? '…'} <span className="font-mono font-normal text-slate-300">{call ? t('cni.on', { pod: call.pod, node: call.node }) : ''}</span>
        </h2>
        <button
          type="button"
          data-testid="cni.close"
          onClick={close}
          aria-label={t('cni.close')}
          className="ml-auto rounded px-1.5 text-[12px] text-slate-300 hover:bg-white/10"
        >
          ✕
        </button>
      </header>
      <div className="flex min-h-0 flex-col gap-2 overflow-auto p-3">
        {view.status === 'running' && <p className="text-[12px] text-slate-500">{t('cni.running')}</p>}
        {view.error && <p className="text-[12px] text-rose-700">{view.error}</p>}
        {call && (
          <>
            <p data-testid="cni.chain" className="font-mono text-[11.5px] text-slate-600">
              {(Array.isArray((call.conflist as { plugins?: unknown }).plugins)
                ? (call.conflist as { plugins: { type?: string }[] }).plugins.map((p) => p.type).join(' → ')
                : '') || t('cni.noConflist')}{' '}
              <span className="font-sans text-slate-400">(/etc/cni/net.d)</span>
            </p>
            <ol className="flex flex-col gap-1">
              {call.steps.map((s, i) => (
                <Step key={`${s.plugin}-${i}`} step={s} index={i} />
              ))}
            </ol>
            {!call.ok && call.error && (
              <p data-testid="cni.error" role="alert" className="rounded border border-rose-300 bg-rose-50 px-2 py-1 text-[12px] font-medium text-rose-900">
                {t('cni.stopped', { error: call.error })}
              </p>
            )}
            {call.effects.length > 0 && (
              <section>
                <h3 className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
                  {call.command === 'ADD' ? t('cni.added') : t('cni.removed')}
                </h3>
                <ul className="mt-0.5 flex flex-col gap-0.5">
                  {call.effects.map((e) => (
                    <li
                      key={e}
                      data-testid="cni.effect"
                      className={cn(
                        'rounded px-1.5 py-0.5 font-mono text-[11.5px]',
                        call.command === 'ADD' ? 'bg-emerald-50 text-emerald-900' : 'bg-slate-100 text-slate-700 line-through decoration-slate-400',
                      )}
                    >
                      {call.command === 'ADD' ? '+ ' : '− '}
                      {e}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <button type="button" onClick={() => setShowEnv(!showEnv)} className="self-start text-[11px] text-blue-700 hover:underline">
              {showEnv ? t('cni.hideEnv') : t('cni.showEnv')}
            </button>
            {showEnv && (
              <pre className="overflow-auto rounded bg-slate-100 p-1.5 font-mono text-[10.5px]">
                {Object.entries(call.env)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('\n')}
              </pre>
            )}
          </>
        )}
      </div>
    </aside>
  );
}
