import type { ComponentType } from 'preact';
import { lazyComponent } from './lazy';
import { t, type MessageKey } from '../lib/i18n';

/** Sections whose code loads when first opened: the line shown while it loads, and if it fails. */
const LOADING_KEYS = {
  tags: 'lazyLoadingTags',
  rules: 'lazyLoadingHiddenTopics',
  export: 'lazyLoadingExport',
  import: 'lazyLoadingImport',
  backups: 'lazyLoadingBackups',
  shortcuts: 'lazyLoadingShortcuts',
  digest: 'lazyLoadingDigest',
} as const satisfies Record<string, MessageKey>;
const FAILED_KEYS = {
  tags: 'lazyFailedTags',
  rules: 'lazyFailedHiddenTopics',
  export: 'lazyFailedExport',
  import: 'lazyFailedImport',
  backups: 'lazyFailedBackups',
  shortcuts: 'lazyFailedShortcuts',
  digest: 'lazyFailedDigest',
} as const satisfies Record<keyof typeof LOADING_KEYS, MessageKey>;

function section<P extends object>(name: keyof typeof LOADING_KEYS, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return lazyComponent(load, { loading: t(LOADING_KEYS[name]), failed: t(FAILED_KEYS[name]) });
}

// Sections other than the paper list (the export formats, backup validation and rule matching
// are not needed to show it). The popup uses the rules and the shortcuts.
export const TagManager = section('tags', () => import('./TagManager').then((m) => m.TagManager));
export const RulesPanel = section('rules', () => import('./RulesPanel').then((m) => m.RulesPanel));
export const ExportPanel = section('export', () => import('./ExportPanel').then((m) => m.ExportPanel));
export const ImportPanel = section('import', () => import('./ImportPanel').then((m) => m.ImportPanel));
export const BackupsPanel = section('backups', () => import('./BackupsPanel').then((m) => m.BackupsPanel));
export const ShortcutsList = section('shortcuts', () => import('./ShortcutsList').then((m) => m.ShortcutsList));
export const DigestView = section('digest', () => import('./DigestView').then((m) => m.DigestView));
