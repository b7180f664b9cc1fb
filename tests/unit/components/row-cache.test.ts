import { checkRows, eachSavedRow, encodeRows } from '../../../components/row-cache';
import type { PaperSummary } from '../../../components/store';

const rows: PaperSummary[] = [
  {
    id: '2501.00001',
    title: 'Every field',
    authors: ['Ada Lovelace', 'Alan Turing'],
    authorCount: 3,
    organization: { slug: 'deepmind', name: 'Google DeepMind' },
    publishedAt: '2025-01-02',
    upvotes: 0,
    aiSummary: 'A summary.',
    firstSeenAt: 1_736_000_000_000,
    lastSeenAt: 1_736_000_500_000,
    github: { repo: 'https://github.com/a/b', stars: 1660 },
    keywords: ['diffusion', 'robotics'],
  },
  { id: '2501.00002', title: 'Only what is required', firstSeenAt: 1, lastSeenAt: 2 },
  {
    id: '2501.00003',
    title: 'Shared names, an empty list, an organization without a name',
    authors: [],
    organization: { slug: 'solo' },
    publishedAt: '2025-01-02',
    github: { repo: 'https://github.com/c/d' },
    keywords: ['diffusion'],
    firstSeenAt: 3,
    lastSeenAt: 4,
  },
];
const meta = { watermark: 123, indexSavedAt: 456, decorated: ['2501.00001'] };

const decode = (value: unknown): PaperSummary[] | null => {
  const saved = checkRows(value);
  if (!saved) return null;
  const out: PaperSummary[] = [];
  eachSavedRow(saved, (row) => out.push(row));
  return out;
};

describe('saved rows (row-cache)', () => {
  it('gives back every row as it was, absent fields absent', () => {
    const saved = encodeRows(rows, rows.length, meta);
    expect(saved).toMatchObject(meta);
    // Repeated words are kept once.
    expect(saved.words.filter((w) => w === 'diffusion')).toHaveLength(1);
    expect(decode(structuredClone(saved))).toEqual(rows);
  });

  it('refuses a value that is not one it made: another format, wrong lengths, numbers pointing nowhere', () => {
    const saved = encodeRows(rows, rows.length, meta);
    expect(decode(null)).toBeNull();
    expect(decode({ ...saved, format: 0 })).toBeNull();
    expect(decode({ ...saved, titles: saved.titles.slice(1) })).toBeNull();
    expect(decode({ ...saved, times: new Float64Array(2) })).toBeNull();
    expect(decode({ ...saved, listWords: saved.listWords.map(() => 999) })).toBeNull();
    const ints = saved.ints.slice();
    ints[3] = 7; // an organization that is not there
    expect(decode({ ...saved, ints })).toBeNull();
  });
});
