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

/** The link an empty list points to: where papers are seen (and starred) in the first place. */
export function PapersLink() {
  return (
    <a href="https://huggingface.co/papers" target="_blank" rel="noopener noreferrer">
      huggingface.co/papers
    </a>
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
