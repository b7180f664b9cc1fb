import { HideRule } from '../model/library';
import { checkRule, ruleAction } from '../topics/rules';
import { t } from '../i18n';
import { invalid, newId, type Core } from './core';
import { describeZodError } from './errors';
import type { RuleInput, RulePatch } from './schemas';

/**
 * Hide and follow rules (one table: a follow rule is a rule with `action: 'follow'`, absent means
 * hide, so no stored row changed when follows came): every rule is checked in full before it is
 * stored, however it arrives.
 */

/**
 * A complete rule as the store keeps it, or why it cannot be kept: the same checks the page and
 * the rules panel apply before saving (lib/topics/rules checkRule: a regex must compile, must not
 * match empty text…), then the contract. Typed rules, edited rules and rules from a backup or an
 * import all pass here.
 */
export function vetRule(rule: HideRule): { ok: true; rule: HideRule } | { ok: false; error: string } {
  const check = checkRule(rule);
  if (!check.ok) return { ok: false, error: check.error };
  const { action, kind, pattern, flags, mode, unless } = check.rule;
  const next: HideRule = { id: rule.id, kind, pattern, enabled: rule.enabled, createdAt: rule.createdAt };
  if (action === 'follow') next.action = 'follow';
  // "" is a choice (a case-sensitive regular expression); absent means the default, "i".
  if (flags !== undefined && kind === 'regex') next.flags = flags;
  if (mode) next.mode = mode;
  if (unless) next.unless = unless;
  if (rule.stopped && !rule.enabled) next.stopped = rule.stopped;
  const parsed = HideRule.safeParse(next);
  if (!parsed.success) return { ok: false, error: t('errorRuleInvalid', describeZodError(parsed.error)) };
  return { ok: true, rule: parsed.data };
}

function checked(rule: HideRule): HideRule {
  const vetted = vetRule(rule);
  if (!vetted.ok) throw invalid(vetted.error);
  return vetted.rule;
}

/** The same rule: the same action, kind, pattern (without case) and flags. Following a word and hiding it are two rules. */
function sameRule(a: HideRule, b: HideRule): boolean {
  return (
    ruleAction(a) === ruleAction(b) &&
    a.kind === b.kind &&
    a.pattern.toLowerCase() === b.pattern.toLowerCase() &&
    (a.flags ?? '') === (b.flags ?? '')
  );
}

/** Rules in the order they were made (ties by id): the order every list of them shows. */
export function byCreation(a: HideRule, b: HideRule): number {
  return a.createdAt - b.createdAt || a.id.localeCompare(b.id);
}

export async function listRules(core: Core): Promise<HideRule[]> {
  const rules = await core.read([core.db.rules], () => core.db.rules.toArray());
  return rules.sort(byCreation);
}

/** Adds a rule (or returns the identical one that already exists). */
export async function addRule(core: Core, input: RuleInput, now: number): Promise<HideRule> {
  const db = core.db;
  const rule = checked({
    id: newId(),
    ...(input.action === 'follow' ? { action: 'follow' as const } : {}),
    kind: input.kind,
    pattern: input.pattern,
    ...(input.flags !== undefined ? { flags: input.flags } : {}),
    ...(input.mode ? { mode: input.mode } : {}),
    ...(input.unless?.trim() ? { unless: input.unless } : {}),
    enabled: input.enabled ?? true,
    createdAt: now,
  });
  const saved = await core.write([db.rules], async () => {
    const same = (await db.rules.toArray()).find((r) => sameRule(r, rule));
    if (same) return same;
    await db.rules.add(rule);
    return rule;
  });
  core.emit([], ['rules']);
  return saved;
}

export async function updateRule(core: Core, id: string, patch: RulePatch): Promise<HideRule> {
  const db = core.db;
  const saved = await core.write([db.rules], async () => {
    const rule = await db.rules.get(id);
    if (!rule) throw invalid(t('ruleGone'));
    const next: HideRule = { ...rule };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
    if (patch.flags === '') next.flags = ''; // case-sensitive, not "back to the default"
    if (patch.unless === '') delete next.unless;
    // Stopped for being slow: until the user turns it on again or changes what it matches.
    if (!patch.stopped && (patch.enabled || patch.pattern !== undefined || patch.flags !== undefined || patch.kind !== undefined))
      delete next.stopped;
    // Turning a rule off is never refused, even one that today's check would not accept (stored
    // by an older version: the very rule the page stops for being slow).
    const offOnly = Object.entries(patch).every(([k, v]) => v === undefined || (k === 'enabled' && v === false) || k === 'stopped');
    const valid = offOnly ? HideRule.parse(next) : checked(next);
    await db.rules.put(valid);
    return valid;
  });
  core.emit([], ['rules']);
  return saved;
}

export async function removeRule(core: Core, id: string): Promise<boolean> {
  const db = core.db;
  const had = await core.write([db.rules], async () => {
    const had = (await db.rules.where(':id').equals(id).count()) > 0;
    await db.rules.delete(id);
    return had;
  });
  core.emit([], ['rules']);
  return had;
}

/** Keyword, author and organization rules compare without case; a regex exactly (flags sorted); follow ≠ hide. */
export function ruleKey(r: Pick<HideRule, 'kind' | 'pattern' | 'flags' | 'action'>): string {
  const action = r.action === 'follow' ? 'follow\u0000' : '';
  if (r.kind === 'regex') return `${action}regex\u0000${r.pattern}\u0000${[...(r.flags ?? '')].sort().join('')}`;
  return `${action}${r.kind}\u0000${r.pattern.trim().toLowerCase()}`;
}
