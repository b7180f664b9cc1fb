/**
 * One reconciliation, inside one library transaction (Library.applySync): read the synced
 * tables, record what changed here since the last sync, merge with what the other devices
 * wrote, and write the result into the library. Being one transaction, a star clicked while it
 * runs lands before or after it, never in between — so no local change is missed.
 */
import type { PaperdeckDB, TagRow } from '../db/database';
import { tagKey } from '../db/database';
import type { ChangeKind, LibraryChange } from '../db/schemas';
import { HideRule } from '../model/library';
import { checkRule } from '../topics/rules';
import {
  baseOf,
  baseWithout,
  clockAt,
  goneCount,
  isEmptyPatch,
  localView,
  planPatch,
  recordLocalChanges,
  removedSince,
  stillShared,
  withHeld,
  type Base,
  type ChangeClock,
  type Gone,
  type LocalView,
  type Patch,
} from './local';
import { clampTimes, cloneState, foldDuplicateTags, join, prune, type SyncState } from './state';

/**
 * How far ahead of this device's clock another device's time may be, in ticks (seconds): clocks
 * of signed-in devices agree within seconds, so 15 minutes is room enough; later is taken as now
 * plus this.
 */
export const FUTURE_ALLOWANCE = 15 * 60;

export interface ReconcileInput {
  /** The merged state saved by the last sync here. */
  previous: SyncState;
  base: Base;
  /** What the sync area holds now (all devices' writes, decoded). */
  remote: SyncState;
  /** Ticks (see codec). */
  now: number;
  /** When local removals and edits happened (default: `now`). */
  clock?: ChangeClock;
  tombstoneTtl: number;
  /** Holds back mass removals nobody announced (absent: every removal is taken as the user's). */
  guard?: RemovalGuard;
}

/**
 * A library that suddenly lacks many of the things it held — emptied by a wipe, a half-lost
 * database, changes made while no one listened — must not empty every device: such removals are
 * held back, here and everywhere, until the user chooses.
 */
export interface RemovalGuard {
  /** Did the library announce a change of this paper's star or tags since the last sync? */
  announced: (paperId: string) => boolean;
  /** Up to this many unannounced removals go through as usual ("a few"). */
  max: number;
  /** What the user chose for removals held back: put them back here, or remove them everywhere. */
  decision?: 'restore' | 'remove';
}

export interface ReconcileResult {
  state: SyncState;
  /** The library after this reconciliation (the next sync's base). */
  base: Base;
  patch: Patch;
  change: LibraryChange;
  /** Removals held back for the user to decide on (RemovalGuard), or null. */
  held: Gone | null;
}

/**
 * A rule from another device, checked as the library checks the ones typed here. One the
 * library would have stored differently (other spacing, unsorted flags, exceptions not in the
 * library's "a, b" form) is refused rather than rewritten: its content is its sync id (pattern,
 * flags), and a rewritten rule would differ from its register at every sync.
 */
function validRule(rule: HideRule): HideRule | null {
  const check = checkRule(rule);
  if (
    !check.ok ||
    check.rule.pattern !== rule.pattern ||
    (check.rule.flags ?? '') !== (rule.flags ?? '') ||
    (check.rule.unless ?? '') !== (rule.unless ?? '') ||
    (check.rule.mode ?? 'fold') !== (rule.mode ?? 'fold') ||
    (check.rule.action ?? 'hide') !== (rule.action ?? 'hide')
  ) {
    return null;
  }
  const parsed = HideRule.safeParse(rule);
  return parsed.success ? parsed.data : null;
}

async function readView(db: PaperdeckDB): Promise<LocalView> {
  const [stars, tags, links, rules] = await Promise.all([
    db.stars.toArray(),
    db.tags.toArray(),
    db.paperTags.toArray(),
    db.rules.toArray(),
  ]);
  return localView(stars, tags, links, rules);
}

/** Runs inside a read-write transaction over stars, tags, paperTags and rules. */
export async function reconcileIn(db: PaperdeckDB, input: ReconcileInput): Promise<ReconcileResult> {
  const view = await readView(db);
  const mine = cloneState(input.previous);
  // No time from another device (nor one merged before this check existed) is later than a little
  // after now: see clampTimes.
  const latest = input.now + FUTURE_ALLOWANCE;
  clampTimes(mine, latest);
  const remote = cloneState(input.remote);
  clampTimes(remote, latest);

  // More removals than a few that nobody announced: held back (the library is synced as if it
  // still held them) until the user chooses; or, chosen, put back here or removed everywhere.
  let base = input.base;
  let effective = view;
  let held: Gone | null = null;
  const { guard } = input;
  if (guard && guard.decision !== 'remove') {
    const gone = stillShared(removedSince(view, base, guard.announced), base, mine);
    if (goneCount(gone) > guard.max) {
      if (guard.decision === 'restore') base = baseWithout(base, gone);
      else {
        held = gone;
        effective = withHeld(view, gone, mine);
      }
    }
  }

  recordLocalChanges(mine, effective, base, input.clock ?? clockAt(input.now));
  const state = join(mine, remote);
  foldDuplicateTags(state, input.now);
  prune(state, input.now, input.tombstoneTtl);

  const patch = planPatch(effective, state, validRule);
  if (held) keepHeldOut(patch, held);
  // The next base holds what is held back too, so it stays held until the user chooses.
  const nextBase = async () => baseOf(held ? withHeld(await readView(db), stillShared(held, base, state), state) : await readView(db));
  if (isEmptyPatch(patch)) return { state, base: held ? await nextBase() : baseOf(view), patch, change: { ids: [], what: [] }, held };
  await applyPatch(db, patch);
  return { state, base: await nextBase(), patch, change: changeOf(patch), held };
}

/** Nothing is written for what is held back: it is not in the library, only synced as if it were. */
function keepHeldOut(patch: Patch, held: Gone): void {
  const tags = new Set(held.tags);
  const rules = new Set(held.rules);
  patch.linksAdd = patch.linksAdd.filter((l) => !tags.has(l.tagId));
  patch.tagsUpdate = patch.tagsUpdate.filter((u) => !tags.has(u.id));
  patch.rulesPut = patch.rulesPut.filter((r) => !rules.has(r.id));
}

async function applyPatch(db: PaperdeckDB, patch: Patch): Promise<void> {
  await db.paperTags.bulkDelete(patch.linksRemove);
  await db.tags.bulkDelete(patch.tagsDelete);

  // Renames first move every renamed tag to a key no name can have, then to its own: two tags
  // swapping names must not trip the unique name index half-way.
  const existing = await db.tags.bulkGet(patch.tagsUpdate.map((u) => u.id));
  const renamed: TagRow[] = [];
  patch.tagsUpdate.forEach((u, i) => {
    const row = existing[i];
    if (row) renamed.push({ ...row, name: u.name, colour: u.colour, key: tagKey(u.name) });
  });
  await db.tags.bulkPut(renamed.map((r) => ({ ...r, key: `\u0000${r.id}` })));
  await db.tags.bulkPut(renamed);

  // A new tag whose name a tag here already has (one the merged state does not know, which
  // should not happen) is left out with its links rather than failing the whole sync.
  const created: TagRow[] = [];
  const skipped = new Set<string>();
  for (const t of patch.tagsCreate) {
    const key = tagKey(t.name);
    if (await db.tags.where('key').equals(key).count()) skipped.add(t.id);
    else created.push({ ...t, key });
  }
  await db.tags.bulkAdd(created);
  await db.paperTags.bulkPut(patch.linksAdd.filter((l) => !skipped.has(l.tagId)));

  await db.stars.bulkDelete(patch.starsRemove);
  await db.stars.bulkPut(patch.starsAdd);

  await db.rules.bulkDelete(patch.rulesDelete);
  await db.rules.bulkPut(patch.rulesPut);
}

function changeOf(patch: Patch): LibraryChange {
  const what = new Set<ChangeKind>();
  const ids = new Set<string>();
  if (patch.starsAdd.length || patch.starsRemove.length) what.add('stars');
  for (const s of patch.starsAdd) ids.add(s.paperId);
  for (const id of patch.starsRemove) ids.add(id);
  if (patch.linksAdd.length || patch.linksRemove.length || patch.tagsCreate.length) what.add('tags');
  for (const l of patch.linksAdd) ids.add(l.paperId);
  for (const [p] of patch.linksRemove) ids.add(p);
  if (patch.rulesPut.length || patch.rulesDelete.length) what.add('rules');
  // A renamed or deleted tag may sit on any card: name no ids ("refresh every card").
  const anyCard = patch.tagsUpdate.length > 0 || patch.tagsDelete.length > 0;
  if (anyCard) what.add('tags');
  return { ids: anyCard ? [] : [...ids], what: [...what] };
}
