import type { LibraryError } from '../lib/db/errors';

/** An error shown next to the control the user just used. Text only, never markup. */
export function ErrorBanner({ error, onDismiss }: { error: LibraryError | string | null | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.userMessage;
  return (
    <div class="pd-error" role="alert">
      <span>{message}</span>
      {onDismiss && (
        <button type="button" class="pd-icon-button" aria-label="Dismiss this message" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
