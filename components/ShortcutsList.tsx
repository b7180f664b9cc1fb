import { PAGE_SHORTCUTS, SHORTCUT_LABEL_KEYS } from '../lib/page/shortcut-keys';
import { t } from '../lib/i18n';

export interface ShortcutEntry {
  /** The keys or combinations that do it, each shown as one key cap ("↑", "Shift+↓"). */
  keys: readonly string[];
  label: string;
}

/** The keyboard shortcuts on huggingface.co papers pages (and, given `extra`, this page's own). */
export function ShortcutsList({ extra, title = t('shortcutsOnPages') }: { extra?: readonly ShortcutEntry[]; title?: string }) {
  return (
    <div class="pd-shortcuts">
      <h2 class="pd-subheading">{title}</h2>
      <dl class="pd-keys">
        {PAGE_SHORTCUTS.map((s) => (
          <div key={s.key} class="pd-key-row">
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{t(SHORTCUT_LABEL_KEYS[s.action])}</dd>
          </div>
        ))}
      </dl>
      {extra && extra.length > 0 && (
        <>
          <h2 class="pd-subheading">{t('shortcutsInList')}</h2>
          <dl class="pd-keys">
            {extra.map((s) => (
              <div key={s.label} class="pd-key-row">
                <dt>
                  {s.keys.map((k, i) => (
                    <>
                      {i > 0 && ' '}
                      <kbd key={k}>{k}</kbd>
                    </>
                  ))}
                </dt>
                <dd>{s.label}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
