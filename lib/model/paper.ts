import { z } from './zod';
import { ARXIV_ID_RE } from './arxiv';
import { MAX_ABSTRACT, MAX_AUTHORS, MAX_KEYWORDS, MAX_NAME, MAX_SUMMARY, MAX_TITLE, MAX_URL, cutText } from './limits';

export { ARXIV_ID_RE };
export const ArxivId = z.string().regex(ARXIV_ID_RE, 'not an arXiv id');
export type ArxivId = z.infer<typeof ArxivId>;

/** A calendar date, YYYY-MM-DD. */
export const IsoDate = z.iso.date();

/** The papers views the content script understands. */
export const ViewKind = z.enum(['daily', 'date', 'week', 'month', 'trending', 'search', 'paper']);
export type ViewKind = z.infer<typeof ViewKind>;

/**
 * A text, cut to `max` characters (lib/model/limits: one set of limits for the page, imports and
 * backups). Cut, not refused: a backup that holds a paper read before the limits existed still
 * restores, with that field shortened.
 */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((s) => cutText(s, max));
/** A list of texts, at most `items` of them. */
const textList = (items: number, max: number) =>
  z.array(text(max)).transform((list) => (list.length > items ? list.slice(0, items) : list));
const count = z.number().int().nonnegative();
/** A link over MAX_URL is refused: the reader drops such links instead of storing them. */
const httpUrl = z.url({ protocol: /^https?$/ }).max(MAX_URL);

/**
 * One paper as read off a Hugging Face papers page. The single source of truth for the
 * record's shape: the reader produces it, the store keeps it, exports write it.
 * Unknown stays absent, never guessed.
 */
export const PaperRecord = z.object({
  id: ArxivId,
  title: text(MAX_TITLE),
  abstract: text(MAX_ABSTRACT).optional(),
  /** Author names, when the page lists them. */
  authors: textList(MAX_AUTHORS, MAX_NAME).optional(),
  /**
   * Number of authors; equals authors.length when names are known (more when the list was cut at
   * MAX_AUTHORS), else the page's "N authors".
   */
  authorCount: count.optional(),
  organization: z.object({ slug: text(MAX_NAME), name: text(MAX_NAME).optional() }).optional(),
  /** Publication date on HF (YYYY-MM-DD). */
  publishedAt: IsoDate.optional(),
  upvotes: count.optional(),
  comments: count.optional(),
  /** HF user name of whoever submitted the paper to the daily list. */
  submitter: text(MAX_NAME).optional(),
  thumbnail: httpUrl.optional(),
  github: z.object({ repo: httpUrl, stars: count.optional() }).optional(),
  projectPage: httpUrl.optional(),
  keywords: textList(MAX_KEYWORDS, MAX_NAME).optional(),
  /** HF's AI-generated one-line summary of the paper (`ai_summary`): never the abstract. */
  aiSummary: text(MAX_SUMMARY).optional(),
  /** Where this record was read. */
  seenOn: z.object({ view: ViewKind, url: httpUrl }),
});
export type PaperRecord = z.infer<typeof PaperRecord>;
