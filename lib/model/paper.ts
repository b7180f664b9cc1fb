import { z } from './zod';
import { ARXIV_ID_RE } from './arxiv';

export { ARXIV_ID_RE };
export const ArxivId = z.string().regex(ARXIV_ID_RE, 'not an arXiv id');
export type ArxivId = z.infer<typeof ArxivId>;

/** A calendar date, YYYY-MM-DD. */
export const IsoDate = z.iso.date();

/** The papers views the content script understands. */
export const ViewKind = z.enum(['daily', 'date', 'week', 'month', 'trending', 'search', 'paper']);
export type ViewKind = z.infer<typeof ViewKind>;

const text = z.string().trim().min(1);
const count = z.number().int().nonnegative();
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * One paper as read off a Hugging Face papers page. The single source of truth for the
 * record's shape: the reader produces it, the store keeps it, exports write it.
 * Unknown stays absent, never guessed.
 */
export const PaperRecord = z.object({
  id: ArxivId,
  title: text,
  abstract: text.optional(),
  /** Author names, when the page lists them. */
  authors: z.array(text).optional(),
  /** Number of authors; equals authors.length when names are known, else the page's "N authors". */
  authorCount: count.optional(),
  organization: z.object({ slug: text, name: text.optional() }).optional(),
  /** Publication date on HF (YYYY-MM-DD). */
  publishedAt: IsoDate.optional(),
  upvotes: count.optional(),
  comments: count.optional(),
  /** HF user name of whoever submitted the paper to the daily list. */
  submitter: text.optional(),
  thumbnail: httpUrl.optional(),
  github: z.object({ repo: httpUrl, stars: count.optional() }).optional(),
  projectPage: httpUrl.optional(),
  keywords: z.array(text).optional(),
  /** HF's AI-generated one-line summary of the paper (`ai_summary`): never the abstract. */
  aiSummary: text.optional(),
  /** Where this record was read. */
  seenOn: z.object({ view: ViewKind, url: httpUrl }),
});
export type PaperRecord = z.infer<typeof PaperRecord>;
