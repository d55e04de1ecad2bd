import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useAppStore } from '../../store';

/** Every keyboard shortcut, as pairs of keys and what they do (the words are in the catalogue under `keys.*`). */
export const SHORTCUTS: { group: 'playback' | 'pick' | 'edit'; keys: string; what: string }[] = [
  { group: 'playback', keys: 'Space', what: 'keys.play' },
  { group: 'playback', keys: '← / →', what: 'keys.step' },
  { group: 'playback', keys: 'Home / End', what: 'keys.firstLast' },
  { group: 'playback', keys: '] / [', what: 'keys.decision' },
  { group: 'pick', keys: 'Shift+F10 / ContextMenu', what: 'keys.menu' },
  { group: 'pick', keys: 'Esc', what: 'keys.escape' },
  { group: 'pick', keys: '?', what: 'keys.help' },
  { group: 'edit', keys: 'Alt+← ↑ → ↓', what: 'keys.nudge' },
  { group: 'edit', keys: 'Alt+Shift+← ↑ → ↓', what: 'keys.nudgeFine' },
  { group: 'edit', keys: 'Ctrl/⌘+Z · Shift+Ctrl/⌘+Z · Ctrl/⌘+Y', what: 'keys.undo' },
  { group: 'edit', keys: 'Ctrl/⌘+C · Ctrl/⌘+V · Ctrl/⌘+D', what: 'keys.copy' },
  { group: 'edit', keys: 'Delete / Backspace', what: 'keys.delete' },
  { group: 'edit', keys: 'Ctrl/⌘+click · Shift+drag', what: 'keys.multi' },
];

/** The `?` dialog: every shortcut. Escape, the close button or a click outside closes it. */
export function ShortcutsDialog() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.shortcutsOpen);
  const setOpen = useAppStore((s) => s.setShortcutsOpen);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  if (!open) return null;
  const groups = ['playback', 'pick', 'edit'] as const;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/30" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts"
        className="max-h-[90vh] w-[560px] overflow-auto rounded-lg bg-white p-4 shadow-xl"
      >
        <div className="mb-2 flex items-center">
          <h2 id="shortcuts-title" className="text-[15px] font-semibold text-slate-900">
            {t('keys.title')}
          </h2>
          <button
            ref={ref}
            type="button"
            data-testid="shortcuts.close"
            onClick={() => setOpen(false)}
            onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
            className="ml-auto rounded border border-slate-300 px-2 text-[12px] text-slate-700 hover:bg-slate-50"
          >
            {t('keys.close')}
          </button>
        </div>
        {groups.map((g) => (
          <section key={g} className="mb-2">
            <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{t(`keys.group.${g}`)}</h3>
            <table className="w-full text-[13px]">
              <tbody>
                {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                  <tr key={s.keys} data-testid="shortcuts.row" className="border-b border-slate-100">
                    <td className="w-56 py-1 pr-3">
                      <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-[12px] text-slate-800">{s.keys}</kbd>
                    </td>
                    <td className="py-1 text-slate-700">{t(s.what)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <p className="text-[12px] text-slate-500">{t('keys.footnote')}</p>
      </div>
    </div>
  );
}
