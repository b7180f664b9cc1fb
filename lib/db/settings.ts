import { DEFAULT_SETTINGS } from '../model/defaults';
import { Settings } from '../model/library';
import { t } from '../i18n';
import { invalid, type Core } from './core';
import { SETTINGS_KEY } from './database';
import { describeZodError } from './errors';
import { SettingsPatch } from './schemas';

/** The user's settings: one row, read over the defaults. */

/** Stored settings over the defaults; a stored value of the wrong type falls back to its default. */
export function readSettings(stored: Partial<Settings> | undefined): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (!stored) return out;
  for (const [key, schema] of Object.entries(Settings.shape)) {
    const value = (stored as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

export async function getSettings(core: Core): Promise<Settings> {
  const row = await core.read([core.db.settings], () => core.db.settings.get(SETTINGS_KEY));
  return readSettings(row?.value);
}

/** Changes some settings; unknown keys or wrong types are rejected (code 'invalid'). */
export async function setSettings(core: Core, patch: Partial<Settings>): Promise<Settings> {
  const parsed = SettingsPatch.safeParse(patch);
  if (!parsed.success) throw invalid(t('errorSettingsInvalid', describeZodError(parsed.error)));
  const db = core.db;
  const settings = await core.write([db.settings], async () => {
    const current = readSettings((await db.settings.get(SETTINGS_KEY))?.value);
    const next = { ...current };
    for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
    await db.settings.put({ key: SETTINGS_KEY, value: next });
    return next;
  });
  core.emit([], ['settings']);
  return settings;
}
