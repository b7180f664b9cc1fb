import { useEffect, useState } from 'preact/hooks';
import { HIDE_MODES, type HideMode, type HideRule, type HideRuleKind, type RuleAction } from '../lib/model/library';
import { checkRule, describeRule, ruleAction } from '../lib/topics/rules';
import { useServices } from './context';
import { EmptyState, LoadingState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { formatCount, papersCount } from './format';
import { useAction, useLiveQuery, usePapersVersion } from './hooks';
import { countRuleMatches, type RuleCounts } from './rule-counts';
import { t, tParts, type MessageKey } from '../lib/i18n';
import { TabPanel, Tabs } from './Tabs';

const KIND_LABELS: Record<HideRuleKind, string> = {
  keyword: t('kindKeyword'),
  regex: t('kindRegex'),
  author: t('kindAuthor'),
  organization: t('kindOrganization'),
};
const KIND_HINTS: Record<HideRuleKind, string> = {
  keyword: t('kindKeywordHint'),
  regex: t('kindRegexHint'),
  author: t('kindAuthorHint'),
  organization: t('kindOrganizationHint'),
};
const MODE_LABELS: Record<HideMode, string> = {
  fold: t('modeFold'),
  dim: t('modeDim'),
  hide: t('modeHide'),
};
/** What a rule does, as its line in the list says it: "folds 3 papers". */
const MODE_COUNT_KEYS = { fold: 'ruleFolds', dim: 'ruleDims', hide: 'ruleHides' } as const satisfies Record<HideMode, MessageKey>;
/** What a follow rule does, as its line says it: "marks 3 papers". */
const FOLLOW_COUNT_KEYS = { follow: 'ruleMarks' } as const satisfies Record<string, MessageKey>;

/** The field a refusal is about: the exceptions when the rule is fine without them. */
function invalidField(input: { kind: HideRuleKind; pattern: string; flags?: string }): 'pattern' | 'unless' {
  return checkRule(input).ok ? 'unless' : 'pattern';
}

/**
 * Hidden topics and follows, one tab each: the same rules (kinds, exceptions, checks), the one
 * hiding papers, the other marking them and sorting them first on the page (lib/page/features/follow).
 */
export function RulesPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const [which, setWhich] = useState<RuleAction>('hide');
  return (
    <div class="pd-rule-panels">
      <Tabs
        idBase="pd-rule-action"
        label={t('ruleTabsLabel')}
        current={which}
        onChange={setWhich}
        tabs={[
          { key: 'hide', label: t('ruleTabHide') },
          { key: 'follow', label: t('ruleTabFollow') },
        ]}
      />
      <TabPanel idBase="pd-rule-action" tab={which}>
        {/* A key per action: each tab's form keeps its own draft. */}
        <RuleSection key={which} action={which} headingLevel={headingLevel} />
      </TabPanel>
    </div>
  );
}

/**
 * Hidden-topic rules: list, add, edit, enable/disable, delete — each with what it does to a
 * matching card (fold, dim or hide), its exceptions ("unless it mentions …") and how many seen
 * papers it catches; and a switch that pauses every rule at once. A rule that cannot work (an
 * invalid regular expression, one matching empty text, an exception without a word) is refused
 * with the reason before anything is saved.
 */
function RuleSection({ action, headingLevel }: { action: RuleAction; headingLevel: 2 | 3 }) {
  const { library } = useServices();
  const [allRules, loadError] = useLiveQuery(() => library.listRules(), [library]);
  const rules = allRules?.filter((r) => ruleAction(r) === action);
  const follow = action === 'follow';
  const [settings, settingsError] = useLiveQuery(() => library.getSettings(), [library]);
  const pause = useAction();
  const counts = useRuleCounts(rules);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // The pause is about hiding: follows are never paused.
  const paused = !follow && (settings?.pauseRules ?? false);
  const headingId = follow ? 'pd-follow-heading' : 'pd-rules-heading';

  return (
    <section class={follow ? 'pd-rules pd-follows' : 'pd-rules'} aria-labelledby={headingId}>
      <Heading id={headingId} class="pd-heading">
        {follow ? t('followingHeading') : t('hiddenTopicsHeading')}
      </Heading>
      <p class="pd-hint">{follow ? t('followIntro') : t('rulesIntro')}</p>
      {!follow && (
        <label class="pd-check pd-pause">
          <input
            type="checkbox"
            role="switch"
            checked={paused}
            disabled={settings === undefined || pause.busy}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              void pause.run(() => library.setSettings({ pauseRules: on }));
            }}
          />
          {t('pauseAllRules')}
        </label>
      )}
      {paused && (
        <p class="pd-paused" role="status">
          {t('rulesPaused')}
        </p>
      )}
      <ErrorBanner error={pause.error ?? settingsError} onDismiss={pause.clear} />
      <RuleForm rules={rules} action={action} />
      <ErrorBanner error={loadError} />
      {rules === undefined ? (
        <LoadingState label={t('loadingRules')} />
      ) : rules.length === 0 ? (
        follow ? (
          <EmptyState title={t('noFollowRules')}>{t('noFollowRulesHint')}</EmptyState>
        ) : (
          <EmptyState title={t('noHiddenTopics')}>{t('noHiddenTopicsHint')}</EmptyState>
        )
      ) : (
        <>
          <p class="pd-rule-total" aria-live="polite">
            {counts ? ruleTotal(counts, paused, action) : t('counting')}
          </p>
          <ul class="pd-rule-list">
            {rules.map((rule) => (
              <RuleItem key={rule.id} rule={rule} action={action} count={counts?.byRule.get(rule.id)} counting={!counts?.done} />
            ))}
          </ul>
        </>
      )}
    </section>
  );

  function useRuleCounts(list: HideRule[] | undefined): RuleCounts | null {
    const [result, setResult] = useState<RuleCounts | null>(null);
    // New papers change the counts too; recount at most every few seconds while pages are read.
    const papersVersion = usePapersVersion(library);
    // Everything that changes what a rule matches (its exceptions included), not its mode.
    const key = list?.map((r) => `${r.id}:${r.kind}:${r.pattern}:${r.flags ?? ''}:${r.enabled}:${r.unless ?? ''}`).join('|');
    useEffect(() => {
      if (!list) return;
      // Deferred: typing in the form never waits for a count.
      let cancel: (() => void) | null = null;
      const timer = setTimeout(() => {
        // A rule too slow on a paper the library holds would be as slow on a page: turned off, with the reason.
        cancel = countRuleMatches(
          library,
          list,
          setResult,
          (rule, ms) => {
            library
              .updateRule(rule.id, { enabled: false, stopped: { reason: 'slow', ms } })
              .catch((e: unknown) => console.warn('[paperdeck] could not turn the slow rule off', e));
          },
          action,
        );
      }, 250);
      return () => {
        clearTimeout(timer);
        cancel?.();
      };
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [key, papersVersion]);
    return result;
  }
}

/** What the rule form edits. */
interface RuleDraft {
  kind: HideRuleKind;
  pattern: string;
  caseSensitive: boolean;
  mode: HideMode;
  unless: string;
}

function draftOf(rule: HideRule | null): RuleDraft {
  if (!rule) return { kind: 'keyword', pattern: '', caseSensitive: false, mode: 'fold', unless: '' };
  return {
    kind: rule.kind,
    pattern: rule.pattern,
    caseSensitive: rule.kind === 'regex' && !(rule.flags ?? '').includes('i'),
    mode: rule.mode ?? 'fold',
    unless: rule.unless ?? '',
  };
}

/** The rule as the library takes it, checked; or why it cannot be saved, and which field is wrong. */
function checkDraft(d: RuleDraft, action: RuleAction) {
  const flags = d.kind === 'regex' ? (d.caseSensitive ? '' : 'i') : '';
  const input = { kind: d.kind, pattern: d.pattern, ...(d.kind === 'regex' ? { flags } : {}) };
  const check = checkRule({ ...input, action, mode: d.mode, unless: d.unless });
  if (!check.ok) return { ok: false as const, error: check.error, field: invalidField(input) };
  return { ok: true as const, rule: check.rule, flags };
}

function RuleFields({
  draft,
  onChange,
  idBase,
  error,
  action,
}: {
  action: RuleAction;
  draft: RuleDraft;
  onChange: (patch: Partial<RuleDraft>) => void;
  idBase: string;
  error: { message: string; field: 'pattern' | 'unless' } | null;
}) {
  const { kind, pattern, caseSensitive, mode, unless } = draft;
  const invalid = (field: 'pattern' | 'unless') =>
    error && error.field === field ? { 'aria-invalid': true, 'aria-describedby': `${idBase}-error` } : {};
  return (
    <>
      <div class="pd-field">
        <label for={`${idBase}-kind`}>{action === 'follow' ? t('followBy') : t('hideBy')}</label>
        <select
          id={`${idBase}-kind`}
          class="pd-select"
          value={kind}
          onChange={(e) => onChange({ kind: e.currentTarget.value as HideRuleKind })}
        >
          {(Object.keys(KIND_LABELS) as HideRuleKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div class="pd-field pd-grow">
        <label for={`${idBase}-pattern`}>{KIND_LABELS[kind]}</label>
        <input
          id={`${idBase}-pattern`}
          class="pd-input"
          type="text"
          value={pattern}
          maxLength={500}
          placeholder={KIND_HINTS[kind]}
          {...invalid('pattern')}
          spellcheck={false}
          onInput={(e) => onChange({ pattern: e.currentTarget.value })}
        />
      </div>
      {kind === 'regex' && (
        <label class="pd-check">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => onChange({ caseSensitive: e.currentTarget.checked })} />
          {t('matchCase')}
        </label>
      )}
      {action === 'hide' && (
        <div class="pd-field">
          <label for={`${idBase}-mode`}>{t('aMatchingPaper')}</label>
          <select
            id={`${idBase}-mode`}
            class="pd-select"
            value={mode}
            onChange={(e) => onChange({ mode: e.currentTarget.value as HideMode })}
          >
            {HIDE_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="pd-field pd-grow">
        <label for={`${idBase}-unless`}>{t('unlessItMentions')}</label>
        <input
          id={`${idBase}-unless`}
          class="pd-input"
          type="text"
          value={unless}
          maxLength={500}
          placeholder={t('unlessPlaceholder')}
          {...invalid('unless')}
          spellcheck={false}
          onInput={(e) => onChange({ unless: e.currentTarget.value })}
        />
      </div>
    </>
  );
}

function RuleForm({ rules, action }: { rules: readonly HideRule[] | undefined; action: RuleAction }) {
  const follow = action === 'follow';
  const idBase = follow ? 'pd-new-follow' : 'pd-new-rule';
  const { library } = useServices();
  const [draft, setDraft] = useState<RuleDraft>(draftOf(null));
  const [invalid, setInvalid] = useState<{ message: string; field: 'pattern' | 'unless' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saving = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    setNotice(null);
    // Checked here first so the reason shows at once, and nothing invalid is ever sent.
    const check = checkDraft(draft, action);
    if (!check.ok) {
      setInvalid({ message: check.error, field: check.field });
      return;
    }
    setInvalid(null);
    const { rule } = check;
    const saved = await saving.run(() =>
      library.addRule({
        ...(follow ? { action } : {}),
        kind: rule.kind,
        pattern: rule.pattern,
        ...(rule.flags !== undefined ? { flags: rule.flags } : {}),
        ...(rule.mode ? { mode: rule.mode } : {}),
        ...(rule.unless ? { unless: rule.unless } : {}),
      }),
    );
    if (!saved) return;
    // The library keeps one rule per word or pattern: an existing one is returned as it was.
    if (rules?.some((r) => r.id === saved.id)) {
      setNotice(follow ? t('alreadyFollowRule', describeRule(saved)) : t('alreadyRule', describeRule(saved)));
      return;
    }
    setDraft({ ...draft, pattern: '', unless: '' });
  };

  const message = invalid ?? (saving.error ? { message: saving.error.userMessage, field: 'pattern' as const } : null);
  return (
    <form class="pd-rule-form" onSubmit={submit} aria-label={follow ? t('addFollowRule') : t('addHiddenTopic')} noValidate>
      <div class="pd-form-row">
        <RuleFields
          action={action}
          idBase={idBase}
          draft={draft}
          onChange={(patch) => {
            setDraft({ ...draft, ...patch });
            setInvalid(null);
            setNotice(null);
          }}
          error={message}
        />
        <button type="submit" class="pd-button pd-primary" disabled={saving.busy}>
          {follow ? t('follow') : t('hide')}
        </button>
      </div>
      {message && (
        <p id={`${idBase}-error`} class="pd-error" role="alert">
          {message.message}
        </p>
      )}
      {notice && (
        <p class="pd-notice" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}

function RuleItem({
  rule,
  action: ruleKind,
  count,
  counting,
}: {
  rule: HideRule;
  action: RuleAction;
  count: number | undefined;
  counting: boolean;
}) {
  const { library } = useServices();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(rule));
  const [invalid, setInvalid] = useState<{ message: string; field: 'pattern' | 'unless' } | null>(null);
  const action = useAction();
  const description = describeRule(rule);
  const countKey = ruleKind === 'follow' ? FOLLOW_COUNT_KEYS.follow : MODE_COUNT_KEYS[rule.mode ?? 'fold'];

  const startEdit = () => {
    setDraft(draftOf(rule));
    setInvalid(null);
    action.clear();
    setEditing(true);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const check = checkDraft(draft, ruleKind);
    if (!check.ok) {
      setInvalid({ message: check.error, field: check.field });
      return;
    }
    const { rule: next, flags } = check;
    const saved = await action.run(() =>
      // '' clears the flags and the exceptions; 'fold' is stored as no mode (the default). A follow rule has none.
      library.updateRule(rule.id, {
        kind: next.kind,
        pattern: next.pattern,
        flags,
        ...(ruleKind === 'hide' ? { mode: draft.mode } : {}),
        unless: next.unless ?? '',
      }),
    );
    if (saved) setEditing(false);
  };

  const message = invalid ?? (action.error ? { message: action.error.userMessage, field: 'pattern' as const } : null);
  const countText = !rule.enabled
    ? rule.stopped
      ? t('ruleStoppedSlow', rule.stopped.ms)
      : t('ruleOff')
    : count === undefined
      ? t('ruleCounting')
      : `${t(countKey, papersCount(count))}${counting ? '…' : ''}`;

  if (editing) {
    const idBase = `pd-rule-${rule.id}`;
    return (
      <li class="pd-rule pd-editing">
        <form onSubmit={save} aria-label={t('editRule', description)} noValidate>
          <div class="pd-form-row">
            <RuleFields
              action={ruleKind}
              idBase={idBase}
              draft={draft}
              onChange={(patch) => {
                setDraft({ ...draft, ...patch });
                setInvalid(null);
              }}
              error={message}
            />
          </div>
          {message && (
            <p id={`${idBase}-error`} class="pd-error" role="alert">
              {message.message}
            </p>
          )}
          <div class="pd-form-row pd-end">
            <button type="button" class="pd-button pd-quiet" onClick={() => setEditing(false)}>
              {t('cancel')}
            </button>
            <button type="submit" class="pd-button pd-primary" disabled={action.busy}>
              {t('save')}
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li class={`pd-rule${rule.enabled ? '' : ' pd-disabled'}`} data-rule-id={rule.id}>
      <label class="pd-check" title={rule.enabled ? t('turnRuleOff') : t('turnRuleOn')}>
        <input
          type="checkbox"
          checked={rule.enabled}
          aria-label={rule.enabled ? t('ruleOnLabel', description) : t('ruleOffLabel', description)}
          onChange={(e) => void action.run(() => library.updateRule(rule.id, { enabled: e.currentTarget.checked }))}
        />
      </label>
      <span class="pd-rule-text">
        {rule.unless ? tParts('ruleWithUnless', description, <span class="pd-rule-unless">{rule.unless}</span>) : description}
      </span>
      <span class="pd-rule-count" data-count={count ?? ''}>
        {countText}
      </span>
      <span class="pd-rule-actions">
        <button type="button" class="pd-button pd-quiet pd-small" aria-label={t('editRule', description)} onClick={startEdit}>
          {t('edit')}
        </button>
        <button
          type="button"
          class="pd-button pd-quiet pd-small pd-danger"
          aria-label={t('deleteRule', description)}
          onClick={() => void action.run(() => library.removeRule(rule.id))}
        >
          {t('delete')}
        </button>
      </span>
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </li>
  );
}

/** "3 papers of 1,200 seen are hidden." (with "Counting… " first while counting goes on). */
function ruleTotal(counts: RuleCounts, paused: boolean, action: RuleAction): string {
  const papers = papersCount(counts.hidden);
  const seen = formatCount(counts.scanned);
  const total =
    action === 'follow'
      ? t(counts.hidden === 1 ? 'followTotalOne' : 'followTotalOther', papers, seen)
      : paused
        ? t('ruleTotalPaused', papers, seen)
        : t(counts.hidden === 1 ? 'ruleTotalOne' : 'ruleTotalOther', papers, seen);
  return counts.done ? total : t('countingThen', total);
}
