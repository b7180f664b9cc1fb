import { tagKey, type LibrarySnapshot } from './library';
import { t } from '../i18n';

/**
 * What a LibrarySnapshot must also satisfy to be written, beyond its zod schema: references and
 * uniqueness. Checked wherever a snapshot comes from outside (a backup file, lib/export/backup.ts;
 * an import or a restored local backup, lib/db/import.ts): a problem refuses the whole snapshot,
 * named for the user.
 */

/** References and uniqueness the schema cannot express. */
export function integrityProblems(library: LibrarySnapshot): string[] {
  const problems: string[] = [];
  const paperIds = new Set<string>();
  for (const p of library.papers) {
    if (paperIds.has(p.id)) problems.push(t('backupProblemPaperTwice', p.id));
    paperIds.add(p.id);
  }
  const tagIds = new Set<string>();
  const tagNames = new Set<string>();
  for (const tag of library.tags) {
    if (tagIds.has(tag.id)) problems.push(t('backupProblemTagIdTwice', tag.id));
    tagIds.add(tag.id);
    const key = tagKey(tag.name);
    if (tagNames.has(key)) problems.push(t('backupProblemTagNameTwice', tag.name));
    tagNames.add(key);
  }
  const starred = new Set<string>();
  for (const s of library.stars) {
    if (!paperIds.has(s.paperId)) problems.push(t('backupProblemStarNoPaper', s.paperId));
    if (starred.has(s.paperId)) problems.push(t('backupProblemStarTwice', s.paperId));
    starred.add(s.paperId);
  }
  const links = new Set<string>();
  for (const l of library.paperTags) {
    if (!paperIds.has(l.paperId)) problems.push(t('backupProblemLinkNoPaper', l.paperId));
    if (!tagIds.has(l.tagId)) problems.push(t('backupProblemLinkNoTag', l.tagId));
    const key = `${l.paperId}\u0000${l.tagId}`;
    if (links.has(key)) problems.push(t('backupProblemLinkTwice', l.paperId, l.tagId));
    links.add(key);
  }
  const noted = new Set<string>();
  for (const n of library.notes ?? []) {
    if (!paperIds.has(n.paperId)) problems.push(t('backupProblemNoteNoPaper', n.paperId));
    if (noted.has(n.paperId)) problems.push(t('backupProblemNoteTwice', n.paperId));
    noted.add(n.paperId);
  }
  // A mark may name a paper the backup lacks (the library keeps marks of deleted papers).
  const marked = new Set<string>();
  for (const m of library.notInterested ?? []) {
    if (marked.has(m.paperId)) problems.push(t('backupProblemNotInterestedTwice', m.paperId));
    marked.add(m.paperId);
  }
  const ruleIds = new Set<string>();
  for (const r of library.rules) {
    if (ruleIds.has(r.id)) problems.push(t('backupProblemRuleIdTwice', r.id));
    ruleIds.add(r.id);
    if (r.kind === 'regex') {
      try {
        new RegExp(r.pattern, r.flags);
      } catch {
        problems.push(t('backupProblemBadRegex', r.pattern));
      }
    }
  }
  return problems;
}
