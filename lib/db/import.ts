import { LibrarySnapshot, type HideRule, type PaperNote, type Star, type StoredPaper } from '../model/library';
import { integrityProblems } from '../model/integrity';
import { t } from '../i18n';
import { makeBackup } from './backups';
import { invalid, toTag, type Core } from './core';
import { SETTINGS_KEY, tagKey, type TagRow } from './database';
import { describeZodError } from './errors';
import { vetRule } from './rules';
import { madeAnything } from './snapshot';
import { planMerge, type MergeReport } from './snapshot-merge';

/** A hide rule a backup held that the library would not take, and why (in words for the user). */
type RefusedRule = { pattern: string; reason: string };

/**
 * What an import added and changed (snapshot-merge.ts decides how a backup merges), and the hide
 * rules it left out (absent when it left none out).
 */
export type ImportReport = MergeReport & { rulesRefused?: RefusedRule[] };

/**
 * Merges a snapshot (a backup file, an import from another tool, a kept local backup) into the
 * library in ONE transaction; nothing existing is lost. How papers, stars, tags, links, rules and
 * settings merge is decided in one place, snapshot-merge.ts (planMerge); this reads what the
 * snapshot can collide with and writes the changes.
 *
 * Checked first, in order, before anything is written: the schema and the references between
 * rows (a problem refuses the whole snapshot, naming it); then every hide rule, through the same
 * full check as a rule the user types (rules.ts vetRule, lib/topics checkRule): a rule that fails
 * it is left out, and the report names it and says why, while everything else is imported; a rule
 * that passes is kept in the form the check gives it, as a typed one is. Only a snapshot that
 * passes is worth a "before import" backup of the library as it is (`backup: false` skips it:
 * restoring a local backup).
 */
export async function importSnapshot(core: Core, input: LibrarySnapshot, options: { backup?: boolean } = {}): Promise<ImportReport> {
  await core.settled();
  const parsed = LibrarySnapshot.safeParse(input);
  if (!parsed.success) throw invalid(t('errorBackupInvalid', describeZodError(parsed.error)));
  const problems = integrityProblems(parsed.data);
  if (problems.length) throw invalid(t('errorBackupInconsistent', problems.slice(0, 3).join('; ')));
  const { rules, rulesRefused } = vetRules(parsed.data.rules);
  const snap = { ...parsed.data, rules };

  // A merge loses nothing, but a regretted import is undone faster from the state before it;
  // only an import that passed its checks is worth one (a refused one would push out a backup).
  if (options.backup !== false && (await madeAnything(core))) await makeBackup(core, 'before-import', Date.now());

  const db = core.db;
  const tables = [db.papers, db.stars, db.tags, db.paperTags, db.rules, db.settings, db.meta, db.notes, db.notInterested];
  const report = await core.write(tables, async () => {
    const unique = (ids: string[]) => [...new Set(ids)];
    const [papers, stars, tags, paperTags, rules, settings, notes, marks] = await Promise.all([
      db.papers.bulkGet(unique(snap.papers.map((p) => p.id))),
      db.stars.bulkGet(unique(snap.stars.map((s) => s.paperId))),
      db.tags.toArray(),
      db.paperTags
        .where('paperId')
        .anyOf(unique(snap.paperTags.map((l) => l.paperId)))
        .toArray(),
      db.rules.toArray(),
      db.settings.get(SETTINGS_KEY),
      db.notes.bulkGet(unique((snap.notes ?? []).map((n) => n.paperId))),
      db.notInterested.bulkGet(unique((snap.notInterested ?? []).map((m) => m.paperId))),
    ]);
    const { changes, report: r } = planMerge(
      {
        papers: papers.filter((p): p is StoredPaper => !!p),
        stars: stars.filter((x): x is Star => !!x),
        tags: tags.map(toTag),
        paperTags,
        rules,
        settings: settings?.value,
        notes: notes.filter((n): n is PaperNote => !!n),
        notInterested: marks.filter((m) => m !== undefined),
      },
      snap,
    );
    await db.papers.bulkPut(changes.papers);
    await core.countAdded(r.papersAdded);
    await db.stars.bulkPut(changes.stars);
    await db.tags.bulkAdd(changes.tags.map((tag): TagRow => ({ ...tag, key: tagKey(tag.name) })));
    await db.paperTags.bulkPut(changes.paperTags);
    await db.rules.bulkAdd(changes.rules);
    if (changes.settings) await db.settings.put({ key: SETTINGS_KEY, value: changes.settings });
    await db.notes.bulkPut(changes.notes);
    await db.notInterested.bulkPut(changes.notInterested);
    return r;
  });
  core.emit([], ['papers', 'stars', 'tags', 'rules', 'settings', 'notes']);
  return rulesRefused.length ? { ...report, rulesRefused } : report;
}

/** The snapshot's rules as the library keeps them, without those that fail the full check. */
function vetRules(rules: readonly HideRule[]): { rules: HideRule[]; rulesRefused: RefusedRule[] } {
  const kept: HideRule[] = [];
  const rulesRefused: RefusedRule[] = [];
  for (const rule of rules) {
    const vetted = vetRule(rule);
    if (vetted.ok) kept.push(vetted.rule);
    else rulesRefused.push({ pattern: rule.pattern, reason: vetted.error });
  }
  return { rules: kept, rulesRefused };
}
