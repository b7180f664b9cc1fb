import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Tag } from '../lib/model/library';
import type { MoreLikeTag as Suggestions, RankApi } from '../lib/rank/types';
import { useServices } from './context';
import { paperUrl, papersCount } from './format';
import { useAction } from './hooks';
import { ErrorBanner } from './ErrorBanner';
import { formatScore, t, tParts } from '../lib/i18n';

/**
 * Where "more like this tag" asks: the background's ranking, over messages (lib/rank/service;
 * the model lives there). Provided by the library page's entry point; without a provider the
 * panel stays out of the way.
 */
export const RankContext = createContext<Pick<RankApi, 'moreLikeTag'> | null>(null);

const LIMIT = 10;

/**
 * On a tag's list in the library: the seen papers most like the ones carrying the tag (the
 * tag's own linear model, lib/rank), with the words that make them alike and a button to tag
 * each one.
 */
export function MoreLikeTag({ tag }: { tag: Tag }) {
  const rank = useContext(RankContext);
  const { library } = useServices();
  const action = useAction();
  const [open, setOpen] = useState(true);
  const [result, setResult] = useState<Suggestions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tagged, setTagged] = useState<ReadonlySet<string>>(new Set());
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!rank || !open) return;
    let live = true;
    setResult(null);
    setError(null);
    rank.moreLikeTag(tag.id, LIMIT).then(
      (r) => live && setResult(r),
      (e: unknown) => live && setError((e as { userMessage?: string })?.userMessage ?? String(e)),
    );
    return () => {
      live = false;
    };
  }, [rank, tag.id, open, generation]);

  useEffect(() => setTagged(new Set()), [tag.id]);

  if (!rank) return null;
  const papers = result?.papers.filter((p) => !tagged.has(p.id)) ?? [];

  return (
    <details class="pd-more-like" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary class="pd-subheading">{t('moreLikeSummary', tag.name)}</summary>
      {error ? (
        <p class="pd-error" role="alert">
          {t('moreLikeError', error)}
        </p>
      ) : !result ? (
        <p class="pd-muted" role="status">
          {t('moreLikeLoading')}
        </p>
      ) : result.state === 'cold' ? (
        <p class="pd-muted" role="status">
          {t('moreLikeCold', result.needed, tag.name, result.tagged)}
        </p>
      ) : result.state === 'training' ? (
        <p class="pd-muted" role="status">
          {tParts(
            'moreLikeTrainingRetry',
            <button type="button" class="pd-link" onClick={() => setGeneration((g) => g + 1)}>
              {t('tryAgain')}
            </button>,
          )}
        </p>
      ) : (
        <>
          {result.about.length > 0 && <p class="pd-hint">{t('moreLikeAbout', tag.name, result.about.join(', '))}</p>}
          {papers.length === 0 ? (
            <p class="pd-muted">{t('moreLikeNone')}</p>
          ) : (
            <ol class="pd-more-like-list" aria-label={t('moreLikeListLabel', papersCount(papers.length), tag.name)}>
              {papers.map((p) => (
                <li key={p.id} class="pd-more-like-item">
                  <span class="pd-more-like-score" title={t('moreLikeScoreTitle', Math.round(p.score * 100))}>
                    {formatScore(p.score)}
                  </span>
                  <span class="pd-more-like-text">
                    <a class="pd-title pd-one-line" href={paperUrl(p.id)} target="_blank" rel="noopener noreferrer">
                      {p.title}
                    </a>
                    {p.terms.length > 0 && <span class="pd-hint"> — {p.terms.join(', ')}</span>}
                  </span>
                  <button
                    type="button"
                    class="pd-button pd-small"
                    disabled={action.busy}
                    aria-label={t('moreLikeTagLabel', p.title, tag.name)}
                    onClick={() =>
                      void action.run(async () => {
                        await library.tag(p.id, tag.name);
                        setTagged(new Set([...tagged, p.id]));
                      })
                    }
                  >
                    + {tag.name}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <ErrorBanner error={action.error} onDismiss={action.clear} />
    </details>
  );
}
