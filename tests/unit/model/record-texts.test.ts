import { PaperRecord } from '../../../lib/model/paper';
import { TEXT_FIELDS, TEXT_HASH_MAX, lightRecord, textHash } from '../../../lib/model/record-texts';

const full: PaperRecord = {
  id: '2503.12345',
  title: 'Scaling sparse experts',
  abstract: 'We scale mixtures of experts to many layers.',
  authors: ['Ada Lovelace', 'Alan Turing'],
  authorCount: 2,
  upvotes: 12,
  comments: 3,
  keywords: ['mixture of experts', 'scaling'],
  aiSummary: 'Experts scale.',
  github: { repo: 'https://github.com/a/b', stars: 5 },
  seenOn: { view: 'daily', url: 'https://huggingface.co/papers' },
};

describe('a record without its long texts', () => {
  it('leaves out exactly the text fields, keeps the rest, and is still a valid record', () => {
    const light = lightRecord(full);
    for (const f of TEXT_FIELDS) expect(light).not.toHaveProperty(f);
    const rest = Object.fromEntries(Object.entries(full).filter(([k]) => !(TEXT_FIELDS as readonly string[]).includes(k)));
    expect(light).toEqual(rest);
    expect(PaperRecord.safeParse(light).success).toBe(true);
    expect(full.abstract).toBeDefined(); // the record read is left as it was
  });
});

describe('textHash', () => {
  it('is the same for the same texts, whatever the counts, title or place', () => {
    const again = {
      ...full,
      upvotes: 99,
      comments: 0,
      title: 'Another title',
      seenOn: { view: 'search' as const, url: 'https://huggingface.co/papers?q=x' },
    };
    expect(textHash(again)).toBe(textHash(full));
    expect(textHash(full)).toMatch(/^[0-9a-z]+$/);
    expect(textHash(full).length).toBeLessThanOrEqual(TEXT_HASH_MAX);
  });

  it('is the hash earlier versions stored beside each paper (a changed hash would resend every text once)', () => {
    expect(textHash(full)).toBe('1pob5zsxonr');
    expect(textHash({ ...full, abstract: undefined, authors: undefined, keywords: undefined, aiSummary: undefined })).toBe('20tur30squo');
    expect(textHash({ ...full, abstract: `Ünïcode 中文 ${'x'.repeat(3000)}`, authors: [] })).toBe('yc1rxkur3q');
  });

  it('changes with any text: a word, an author, a keyword, the summary, one missing, one moved to another field', () => {
    const variants: PaperRecord[] = [
      { ...full, abstract: `${full.abstract!} More.` },
      { ...full, authors: ['Ada Lovelace'] },
      { ...full, authors: ['Alan Turing', 'Ada Lovelace'] },
      { ...full, keywords: ['mixture of experts'] },
      { ...full, aiSummary: 'Experts scale well.' },
      { ...full, aiSummary: undefined },
      { ...full, abstract: undefined },
      // The same characters, in other fields or split otherwise.
      { ...full, abstract: full.aiSummary, aiSummary: full.abstract },
      { ...full, authors: ['Ada LovelaceAlan Turing'] },
      { ...full, keywords: ['mixture of', 'experts', 'scaling'] },
    ];
    const hashes = new Set([full, ...variants].map(textHash));
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('a thousand abstracts differing by one character get a thousand hashes', () => {
    const hashes = new Set(Array.from({ length: 1000 }, (_, i) => textHash({ ...full, abstract: `${full.abstract!} ${i}` })));
    expect(hashes.size).toBe(1000);
  });
});
