import { Dexie } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { HideRule, HideRuleKind } from '../lib/model/library';
import { checkRule, describeRule } from '../lib/topics/rules';
import { useServices } from './context';
import { EmptyState, LoadingState } from './EmptyState';
import { ErrorBanner } from './ErrorBanner';
import { formatCount, plural } from './format';
import { useAction, useLiveQuery } from './hooks';
import { countRuleMatches, type RuleCounts } from './rule-counts';

const KIND_LABELS: Record<HideRuleKind, string> = {
  keyword: 'Word or phrase',
  regex: 'Regular expression',
  author: 'Author',
  organization: 'Organization',
};
const KIND_HINTS: Record<HideRuleKind, string> = {
  keyword: 'e.g. diffusion, large language model — whole words, any case',
  regex: 'e.g. \\bLLMs?\\b — matched against title, abstract, authors',
  author: 'an author’s full name, as on the page',
  organization: 'e.g. google or Google DeepMind',
};

/**
 * Hidden-topic rules: list, add, edit, enable/disable, delete — each with how many seen papers
 * it hides. A rule that cannot work (an invalid regular expression, one matching empty text) is
 * refused with the reason before anything is saved.
 */
export function RulesPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { library, db } = useServices();
  const [rules, loadError] = useLiveQuery(() => library.listRules(), [library]);
  const counts = useRuleCounts(rules);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <section class="pd-rules" aria-labelledby="pd-rules-heading">
      <Heading id="pd-rules-heading" class="pd-heading">
        Hidden topics
      </Heading>
      <p class="pd-hint">Papers matching a rule fold to a one-line note on the page, saying which rule hid them.</p>
      <RuleForm />
      <ErrorBanner error={loadError} />
      {rules === undefined ? (
        <LoadingState label="Loading rules…" />
      ) : rules.length === 0 ? (
        <EmptyState title="No hidden topics yet.">Add a word, pattern, author or organization you do not follow.</EmptyState>
      ) : (
        <>
          <p class="pd-rule-total" aria-live="polite">
            {counts
              ? `${counts.done ? '' : 'Counting… '}${plural(counts.hidden, 'paper')} of ${formatCount(counts.scanned)} seen ${
                  counts.hidden === 1 ? 'is' : 'are'
                } hidden.`
              : 'Counting…'}
          </p>
          <ul class="pd-rule-list">
            {rules.map((rule) => (
              <RuleItem key={rule.id} rule={rule} count={counts?.byRule.get(rule.id)} counting={!counts?.done} />
            ))}
          </ul>
        </>
      )}
    </section>
  );

  function useRuleCounts(list: HideRule[] | undefined): RuleCounts | null {
    const [result, setResult] = useState<RuleCounts | null>(null);
    const [papersVersion, setPapersVersion] = useState(0);
    // New papers change the counts too; recount at most every few seconds while pages are read.
    useEffect(() => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const onChange = (parts: Record<string, unknown>) => {
        if (!Object.keys(parts).some((p) => p.startsWith(`idb://${db.name}/papers/`)) || timer) return;
        timer = setTimeout(() => {
          timer = null;
          setPapersVersion((v) => v + 1);
        }, 3000);
      };
      Dexie.on('storagemutated', onChange);
      return () => {
        Dexie.on('storagemutated').unsubscribe(onChange);
        if (timer) clearTimeout(timer);
      };
    }, []);
    const key = list?.map((r) => `${r.id}:${r.kind}:${r.pattern}:${r.flags ?? ''}:${r.enabled}`).join('|');
    useEffect(() => {
      if (!list) return;
      // Deferred: typing in the form never waits for a count.
      let cancel: (() => void) | null = null;
      const timer = setTimeout(() => {
        cancel = countRuleMatches(db, list, setResult);
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

function RuleFields({
  kind,
  pattern,
  caseSensitive,
  onKind,
  onPattern,
  onCaseSensitive,
  idBase,
  error,
}: {
  kind: HideRuleKind;
  pattern: string;
  caseSensitive: boolean;
  onKind: (k: HideRuleKind) => void;
  onPattern: (p: string) => void;
  onCaseSensitive: (v: boolean) => void;
  idBase: string;
  error: string | null;
}) {
  return (
    <>
      <div class="pd-field">
        <label for={`${idBase}-kind`}>Hide by</label>
        <select id={`${idBase}-kind`} class="pd-select" value={kind} onChange={(e) => onKind((e.currentTarget as HTMLSelectElement).value as HideRuleKind)}>
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
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idBase}-error` : undefined}
          spellcheck={false}
          onInput={(e) => onPattern((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {kind === 'regex' && (
        <label class="pd-check">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => onCaseSensitive((e.currentTarget as HTMLInputElement).checked)} />
          Match case
        </label>
      )}
    </>
  );
}

function RuleForm() {
  const { library } = useServices();
  const [kind, setKind] = useState<HideRuleKind>('keyword');
  const [pattern, setPattern] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const input = { kind, pattern, ...(kind === 'regex' ? { flags: caseSensitive ? '' : 'i' } : {}) };
    // Checked here first so the reason shows at once, and nothing invalid is ever sent.
    const check = checkRule(input);
    if (!check.ok) {
      setInvalid(check.error);
      return;
    }
    setInvalid(null);
    const saved = await action.run(() => library.addRule({ ...input, pattern: check.rule.pattern }));
    if (saved) setPattern('');
  };

  const message = invalid ?? action.error?.userMessage ?? null;
  return (
    <form class="pd-rule-form" onSubmit={submit} aria-label="Add a hidden topic" noValidate>
      <div class="pd-form-row">
        <RuleFields
          idBase="pd-new-rule"
          kind={kind}
          pattern={pattern}
          caseSensitive={caseSensitive}
          onKind={(k) => {
            setKind(k);
            setInvalid(null);
          }}
          onPattern={(p) => {
            setPattern(p);
            setInvalid(null);
          }}
          onCaseSensitive={setCaseSensitive}
          error={message}
        />
        <button type="submit" class="pd-button pd-primary" disabled={action.busy}>
          Hide
        </button>
      </div>
      {message && (
        <p id="pd-new-rule-error" class="pd-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}

function RuleItem({ rule, count, counting }: { rule: HideRule; count: number | undefined; counting: boolean }) {
  const { library } = useServices();
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState(rule.kind);
  const [pattern, setPattern] = useState(rule.pattern);
  const [caseSensitive, setCaseSensitive] = useState(rule.kind === 'regex' && !(rule.flags ?? '').includes('i'));
  const [invalid, setInvalid] = useState<string | null>(null);
  const action = useAction();
  const description = describeRule(rule);

  const startEdit = () => {
    setKind(rule.kind);
    setPattern(rule.pattern);
    setCaseSensitive(rule.kind === 'regex' && !(rule.flags ?? '').includes('i'));
    setInvalid(null);
    action.clear();
    setEditing(true);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const flags = kind === 'regex' ? (caseSensitive ? '' : 'i') : '';
    const check = checkRule({ kind, pattern, flags });
    if (!check.ok) {
      setInvalid(check.error);
      return;
    }
    const saved = await action.run(() => library.updateRule(rule.id, { kind, pattern: check.rule.pattern, flags }));
    if (saved) setEditing(false);
  };

  const message = invalid ?? action.error?.userMessage ?? null;
  const countText = !rule.enabled
    ? 'off'
    : count === undefined
      ? 'counting…'
      : `hides ${plural(count, 'paper')}${counting ? '…' : ''}`;

  if (editing) {
    const idBase = `pd-rule-${rule.id}`;
    return (
      <li class="pd-rule pd-editing">
        <form onSubmit={save} aria-label={`Edit ${description}`} noValidate>
          <div class="pd-form-row">
            <RuleFields
              idBase={idBase}
              kind={kind}
              pattern={pattern}
              caseSensitive={caseSensitive}
              onKind={(k) => {
                setKind(k);
                setInvalid(null);
              }}
              onPattern={(p) => {
                setPattern(p);
                setInvalid(null);
              }}
              onCaseSensitive={setCaseSensitive}
              error={message}
            />
          </div>
          {message && (
            <p id={`${idBase}-error`} class="pd-error" role="alert">
              {message}
            </p>
          )}
          <div class="pd-form-row pd-end">
            <button type="button" class="pd-button pd-quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" class="pd-button pd-primary" disabled={action.busy}>
              Save
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li class={`pd-rule${rule.enabled ? '' : ' pd-disabled'}`} data-rule-id={rule.id}>
      <label class="pd-check" title={rule.enabled ? 'Turn this rule off' : 'Turn this rule on'}>
        <input
          type="checkbox"
          checked={rule.enabled}
          aria-label={`${description}: ${rule.enabled ? 'on' : 'off'}`}
          onChange={(e) => void action.run(() => library.updateRule(rule.id, { enabled: (e.currentTarget as HTMLInputElement).checked }))}
        />
      </label>
      <span class="pd-rule-text">{description}</span>
      <span class="pd-rule-count" data-count={count ?? ''}>
        {countText}
      </span>
      <span class="pd-rule-actions">
        <button type="button" class="pd-button pd-quiet pd-small" aria-label={`Edit ${description}`} onClick={startEdit}>
          Edit
        </button>
        <button
          type="button"
          class="pd-button pd-quiet pd-small pd-danger"
          aria-label={`Delete ${description}`}
          onClick={() => void action.run(() => library.removeRule(rule.id))}
        >
          Delete
        </button>
      </span>
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </li>
  );
}
