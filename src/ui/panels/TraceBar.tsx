import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import type { Choice, TraceProtocol } from '../../model';
import {
  selectChoice,
  selectFrom,
  selectProtocol,
  selectRunTrace,
  selectSetChoice,
  selectSetFrom,
  selectSetProtocol,
  selectSetTo,
  selectTo,
  selectTopology,
  selectCancelTrace,
  selectRunningSince,
  selectTraceStatus,
  useAppStore,
} from '../../store';
import { endpointIndex } from '../../store/endpoint-index';
import { PacketOptions } from '../wiring/PacketOptions';
import { EndpointPicker } from './EndpointPicker';
import { PickButton } from './PickButton';
import { Overflow } from '../lib/Overflow';
import { idleSteps } from '../lib/idle-steps';
import { useRoomy } from '../lib/useMediaQuery';

const PROTOCOLS: TraceProtocol[] = ['TCP', 'UDP', 'ICMP'];

type ChoiceMode = 'default' | 'all' | 'pick';
const modeOf = (c: Choice | null): ChoiceMode => (!c ? 'default' : 'all' in c ? 'all' : 'pick' in c ? 'pick' : 'default');

/** The request: where the packet starts, where it is addressed, which protocol. */
export function TraceBar() {
  const topology = useAppStore(selectTopology);
  const from = useAppStore(selectFrom);
  const to = useAppStore(selectTo);
  const protocol = useAppStore(selectProtocol);
  const status = useAppStore(selectTraceStatus);
  const setFrom = useAppStore(selectSetFrom);
  const setTo = useAppStore(selectSetTo);
  const setProtocol = useAppStore(selectSetProtocol);
  const runTrace = useAppStore(selectRunTrace);
  const choice = useAppStore(selectChoice);
  const setChoice = useAppStore(selectSetChoice);
  const { t } = useTranslation();
  // Below 1280 px the packet's size, DF and the backend choice wait behind ⋯, so the request keeps one row.
  const roomy = useRoomy();

  // One index per document: the pickers search it as the person types (no list of every choice is rendered).
  const index = useMemo(() => (topology ? endpointIndex(topology) : null), [topology]);
  // Built a step at a time while the page is idle: the first keystroke in From finds it made.
  useEffect(() => (index ? idleSteps(index.ahead(), { minIdleMs: 40 }) : undefined), [index]);

  const field =
    'h-8 rounded-md border border-slate-300 bg-white px-2 text-[13px] shadow-xs focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200';
  const label = 'text-[11px] font-semibold tracking-wide text-slate-500 uppercase';

  return (
    // One row at 1440 and at 1024 px: each label beside its field (the request bar used to take three rows with the editor's).
    <form
      data-testid="trace.bar"
      className="flex items-center gap-x-2.5 gap-y-1.5 border-b border-slate-200 bg-white px-4 py-1.5 [&_label]:flex-row [&_label]:items-center [&_label]:gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        void runTrace();
      }}
    >
      <label className="flex flex-col gap-1">
        <span className={label}>{t('trace.from')}</span>
        <EndpointPicker
          testId="trace.from"
          side="from"
          className={`${field} w-[16rem] font-mono xl:w-[20rem]`}
          value={from}
          onChange={setFrom}
          index={index}
          placeholder={t('trace.chooseSource')}
        />
      </label>
      <PickButton field="from" />
      <span className="text-slate-400" aria-hidden>
        →
      </span>
      <label className="flex flex-col gap-1">
        <span className={label}>{t('trace.to')}</span>
        <EndpointPicker
          testId="trace.to"
          side="to"
          className={`${field} w-48 font-mono xl:w-64`}
          value={to}
          onChange={setTo}
          index={index}
          placeholder={t('trace.toPlaceholder')}
        />
      </label>
      <PickButton field="to" />
      <label className="flex flex-col gap-1">
        <span className="sr-only">{t('trace.protocol')}</span>
        <select data-testid="trace.protocol" className={field} value={protocol} onChange={(e) => setProtocol(e.target.value as TraceProtocol)}>
          {PROTOCOLS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <Overflow inline={roomy} label={t('trace.more')} testId="trace.more">
        <PacketOptions />
        <label className="flex flex-col gap-1">
          <span className="sr-only">{t('trace.backends')}</span>
          <select
            data-testid="trace.choiceMode"
            className={`${field} max-w-56`}
            value={modeOf(choice)}
            onChange={(e) => setChoice(e.target.value === 'all' ? { all: true } : null)}
          >
            <option value="default">{t('trace.onePath')}</option>
            <option value="all">{t('trace.allOutcomes')}</option>
            {choice && 'pick' in choice && <option value="pick">{t('trace.follow', { pick: choice.pick.join(', ') })}</option>}
          </select>
        </label>
      </Overflow>
      <button
        data-testid="trace.run"
        type="submit"
        disabled={!topology || status === 'running'}
        className="h-8 rounded-md bg-blue-600 px-4 text-[13px] font-semibold text-white shadow-sm hover:bg-blue-700 disabled:cursor-not-allowed disabled:bg-slate-300"
      >
        {status === 'running' ? t('trace.running') : t('trace.run')}
      </button>
      {status === 'running' && <CancelButton />}
    </form>
  );
}

/** Shown while a request runs: how long it has taken so far, and a way out. */
function CancelButton() {
  const since = useAppStore(selectRunningSince);
  const cancel = useAppStore(selectCancelTrace);
  const { t } = useTranslation();
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(performance.now()), 200);
    return () => window.clearInterval(t);
  }, []);
  const seconds = since === null ? 0 : Math.max(0, now - since) / 1000;
  return (
    // NOTE: one line that does not shrink: wrapped ("0.1 / s") it made the bar 4 px taller while a trace ran, which
    // resized the canvas twice per trace (every mounted node laid out again, React Flow's store updated).
    <span className="flex shrink-0 items-center gap-2 text-[12px] whitespace-nowrap text-slate-500">
      <span data-testid="trace.elapsed" className="font-mono tabular-nums">
        {seconds.toFixed(1)} s
      </span>
      <button
        type="button"
        data-testid="trace.cancel"
        onClick={cancel}
        className="h-8 rounded-md border border-slate-300 bg-white px-3 text-[13px] font-medium text-slate-700 hover:bg-slate-50"
      >
        {t('trace.cancel')}
      </button>
    </span>
  );
}
