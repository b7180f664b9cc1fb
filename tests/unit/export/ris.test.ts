import fc from 'fast-check';
import { buildItems, type ExportItem } from '../../../lib/export/items';
import { toRis } from '../../../lib/export/ris';
import { fixtureSnapshot, paper } from './fixture';

const GOLDEN = [
  'TY  - JOUR',
  'TI  - Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too',
  'AU  - Kaiser, Łukasz',
  'AU  - Müller, José',
  'AU  - Ødegård, Zoë',
  'PY  - 2024',
  'DA  - 2024/12/19',
  'T2  - arXiv',
  'AB  - We scale models. Second line, with a comma and "quotes".',
  'UR  - https://arxiv.org/abs/2412.14689',
  'KW  - LLM',
  'KW  - To read, later',
  'ER  - ',
  '',
  'TY  - JOUR',
  'TI  - Cost {and} Benefit: 100% of $x_1$ & C# \\ ~^ in GPT-4',
  'AU  - Lovelace, Ada',
  'AU  - Babbage, Charles',
  'PY  - 2025',
  'DA  - 2025/01/02',
  'T2  - arXiv',
  'UR  - https://arxiv.org/abs/2501.00001',
  'ER  - ',
  '',
  'TY  - JOUR',
  'TI  - =HYPERLINK("http://evil.example/?a=1","click me")',
  'PY  - 2025',
  'DA  - 2025/01/03',
  'T2  - arXiv',
  'UR  - https://arxiv.org/abs/2501.00002',
  'ER  - ',
  '',
  'TY  - JOUR',
  'TI  - -Net: Negative Results <script>alert(1)</script> [x](javascript:alert(1))',
  'AU  - Hopper, Grace',
  'AU  - Turing, Alan',
  'PY  - 2025',
  'DA  - 2025/01/04',
  'T2  - arXiv',
  'UR  - https://arxiv.org/abs/2501.00003',
  'KW  - To read, later',
  'ER  - ',
  '',
  'TY  - JOUR',
  'TI  - The Large N Limit of Superconformal Field Theories',
  'AU  - Maldacena, Juan',
  'PY  - 1999',
  'DA  - 1999/01',
  'T2  - arXiv',
  'UR  - https://arxiv.org/abs/hep-th/9901001',
  'ER  - ',
  '',
  'TY  - JOUR',
  'TI  - Cost Models Revisited',
  'AU  - Lovelace, Ada',
  'PY  - 2025',
  'DA  - 2025/01/05',
  'T2  - arXiv',
  'UR  - https://arxiv.org/abs/2501.00004',
  'ER  - ',
  '',
].join('\r\n');

/** Records as lists of [tag, value], the way an RIS reader sees them; throws on a malformed line. */
function parseRis(text: string): [string, string][][] {
  const records: [string, string][][] = [];
  let current: [string, string][] | undefined;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const m = /^([A-Z][A-Z0-9]) {2}- (.*)$/.exec(line);
    if (!m) throw new Error(`not an RIS line: ${JSON.stringify(line)}`);
    if (m[1] === 'TY') current = [];
    if (!current) throw new Error('tag before TY');
    current.push([m[1]!, m[2]!]);
    if (m[1] === 'ER') {
      records.push(current);
      current = undefined;
    }
  }
  if (current) throw new Error('record without ER');
  return records;
}

describe('toRis', () => {
  it('writes the golden file for the fixture library', () => {
    expect(toRis(buildItems(fixtureSnapshot()))).toBe(GOLDEN);
  });

  it('uses CRLF only and one well-formed record per paper', () => {
    const ris = toRis(buildItems(fixtureSnapshot()));
    expect(ris.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const records = parseRis(ris);
    expect(records).toHaveLength(6);
    for (const record of records) {
      expect(record[0]).toEqual(['TY', 'JOUR']);
      expect(record.at(-1)).toEqual(['ER', '']);
      expect(record.filter(([tag]) => tag === 'TI')).toHaveLength(1);
    }
  });

  it('never lets a newline in a field start a forged tag (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('\n', '\r', '\u2028', 'TY  - BOOK', 'ER  - ', 'x', ' ', 'é') });
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 3 }), text, (title, authors, abstract) => {
        const item: ExportItem = { paper: paper({ id: '2501.00001', title, authors, abstract }), tags: [] };
        const records = parseRis(toRis([item]));
        expect(records).toHaveLength(1);
        expect(records[0]!.filter(([tag]) => tag === 'TY')).toHaveLength(1);
      }),
    );
  }, 20_000);
});
