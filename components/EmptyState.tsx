import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n';

/** What a list says when it has nothing to show, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="pd-empty" role="status">
      <p class="pd-empty-title">{title}</p>
      {children && <div class="pd-empty-hint">{children}</div>}
    </div>
  );
}

/** A region still loading; announced politely to screen readers. */
export function LoadingState({ label = t('loading') }: { label?: string }) {
  return (
    <div class="pd-loading" role="status" aria-live="polite">
      <span class="pd-spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
