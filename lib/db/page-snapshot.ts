import type { HideRule, PaperNote, Settings, Tag } from '../model/library';
import { toTag, type Core } from './core';
import { SETTINGS_KEY } from './database';
import { byCreation } from './rules';
import { readSettings } from './settings';

/**
 * What the papers page needs to decorate its cards without asking the background (lib/snapshot):
 * the user's part in one read transaction (a consistent picture), and the ids of the papers seen
 * before a day and on it, read from the firstSeenDay index (keys only, no paper rows).
 */
export async function snapshotUserData(core: Core): Promise<{
  starred: string[];
  tags: Tag[];
  links: Array<{ paperId: string; tagId: string }>;
  notes: PaperNote[];
  rules: HideRule[];
  settings: Settings;
}> {
  const db = core.db;
  return core.read([db.stars, db.tags, db.paperTags, db.notes, db.rules, db.settings], async () => {
    const [starred, tags, links, notes, rules, settings] = await Promise.all([
      db.stars.toCollection().primaryKeys() as Promise<string[]>,
      db.tags.toArray(),
      db.paperTags.toArray(),
      db.notes.toArray(),
      db.rules.toArray(),
      db.settings.get(SETTINGS_KEY),
    ]);
    return {
      starred,
      tags: tags.map(toTag),
      links: links.map(({ paperId, tagId }) => ({ paperId, tagId })),
      notes,
      rules: rules.sort(byCreation),
      settings: readSettings(settings?.value),
    };
  });
}

export async function snapshotSeenData(core: Core, day: string): Promise<{ before: string[]; today: string[] }> {
  // Page reads still in the journal are first seen now: today.
  await core.settled();
  const db = core.db;
  return core.read([db.papers], async () => {
    const [before, today] = await Promise.all([
      db.papers.where('firstSeenDay').below(day).primaryKeys() as Promise<string[]>,
      db.papers.where('firstSeenDay').equals(day).primaryKeys() as Promise<string[]>,
    ]);
    return { before, today };
  });
}
