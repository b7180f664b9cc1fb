import type { LibraryError } from '../lib/db/errors';
import { t } from '../lib/i18n';

/** An error shown next to the control the user just used. Text only, never markup. */
export function ErrorBanner({ error, onDismiss }: { error: LibraryError | string | null | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.userMessage;
  return (
    <div class="pd-error" role="alert">
      <span>{message}</span>
      {onDismiss && (
        <button type="button" class="pd-icon-button" aria-label={t('dismissMessage')} onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
