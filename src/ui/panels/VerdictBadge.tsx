import { useTranslation } from '../../i18n/use-translation';
import type { Verdict } from '../../model';
import { cn } from '../lib/cn';

const STYLE: Record<Verdict, string> = {
  delivered: 'bg-emerald-100 text-emerald-800 ring-emerald-300',
  refused: 'bg-orange-100 text-orange-800 ring-orange-300',
  unreachable: 'bg-purple-100 text-purple-800 ring-purple-300',
  dropped: 'bg-rose-100 text-rose-800 ring-rose-300',
};

export function VerdictBadge({ verdict, testId = 'trace.verdict' }: { verdict: Verdict; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      data-testid={testId}
      data-verdict={verdict}
      className={cn('rounded-full font-semibold uppercase ring-1', testId === 'trace.verdict' ? 'px-3 py-0.5 text-[13px]' : 'px-2 text-[10px]', STYLE[verdict])}
    >
      {t(`verdict.${verdict}`)}
    </span>
  );
}
