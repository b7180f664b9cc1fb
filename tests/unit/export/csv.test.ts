import fc from 'fast-check';
import { CSV_COLUMNS, csvCell, toCsv } from '../../../lib/export/csv';
import { buildItems } from '../../../lib/export/items';
import { fixtureSnapshot } from './fixture';

/** A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes, nothing else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') {
        cell += c;
        i++;
      } else if (text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else {
        quoted = false;
        i++;
        const next = text.slice(i, i + 2);
        if (i < text.length && next[0] !== ',' && next !== '\r\n') throw new Error(`text after a closing quote at ${i}`);
      }
    } else if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      endCell();
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      cell += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (cell !== '' || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

const CRLF = '\r\n';

describe('toCsv', () => {
  const csv = toCsv(buildItems(fixtureSnapshot()));

  it('writes the golden file: BOM, header, CRLF records, quoted and guarded cells', () => {
    const expected =
      '\uFEFF' +
      [
        'arxiv_id,title,authors,organization,published,upvotes,comments,url,arxiv_url,tags,starred_at,status,notes,abstract',
        '2412.14689,Łukasz’s Über-Transformers: Scaling “Große” Modelle — 日本語 Too,Łukasz Kaiser; José Müller; Zoë Ødegård,' +
          'Google,2024-12-19,342,12,https://huggingface.co/papers/2412.14689,https://arxiv.org/abs/2412.14689,' +
          '"LLM; To read, later",2026-11-02T10:30:00.000Z,,,"We scale models.\nSecond line, with a comma and ""quotes""."',
        '2501.00001,Cost {and} Benefit: 100% of $x_1$ & C# \\ ~^ in GPT-4,Ada Lovelace; Charles Babbage,,2025-01-02,0,,' +
          'https://huggingface.co/papers/2501.00001,https://arxiv.org/abs/2501.00001,,,,,',
        `2501.00002,"'=HYPERLINK(""http://evil.example/?a=1"",""click me"")",,evil-corp,2025-01-03,7,,` +
          'https://huggingface.co/papers/2501.00002,https://arxiv.org/abs/2501.00002,,2026-11-03T08:00:00.000Z,,,',
        "2501.00003,'-Net: Negative Results <script>alert(1)</script> [x](javascript:alert(1)),Grace Hopper; Alan Turing,," +
          '2025-01-04,,,https://huggingface.co/papers/2501.00003,https://arxiv.org/abs/2501.00003,"To read, later",,,,',
        'hep-th/9901001,The Large N Limit of Superconformal Field Theories,Juan Maldacena,,,,,' +
          'https://huggingface.co/papers/hep-th/9901001,https://arxiv.org/abs/hep-th/9901001,,,,,',
        '2501.00004,Cost Models Revisited,Ada Lovelace,,2025-01-05,,,https://huggingface.co/papers/2501.00004,' +
          'https://arxiv.org/abs/2501.00004,,,,,',
      ].join(CRLF) +
      CRLF;
    expect(csv).toBe(expected);
  });

  it('parses back cell for cell with a strict RFC 4180 reader', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf(name)]);
    const snapshot = fixtureSnapshot();
    // Titles come back intact, apart from the apostrophe guard on formula-looking ones.
    expect(col('title')).toEqual(snapshot.papers.map((p) => (/^[=+\-@]/.test(p.title) ? `'${p.title}` : p.title)));
    expect(col('abstract')[0]).toBe(snapshot.papers[0]!.abstract);
    expect(col('arxiv_id')).toEqual(snapshot.papers.map((p) => p.id));
    expect(col('authors')[2]).toBe(''); // no names: the cell is empty, never invented
    expect(col('organization')[2]).toBe('evil-corp'); // slug when the display name is unknown
  });

  it('guards every cell that a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${start}1+1`);
      const [parsed] = parseCsv(`${cell}\r\n`)[0]!;
      expect(parsed).toBe(`'${start}1+1`);
    }
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('safe = text')).toBe('safe = text');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(undefined)).toBe('');
  });

  it('round-trips any string through one cell (property)', () => {
    const specials = fc.constantFrom('"', ',', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', "'", ' ', 'é', '日', '😀');
    const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.oneof(specials, anyChar) }));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (cells) => {
        const line = `${cells.map(csvCell).join(',')}\r\n`;
        const [row] = parseCsv(line);
        expect(row).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
      }),
      { numRuns: 500 },
    );
  }, 20_000);

  it('writes only the header for an empty selection', () => {
    expect(toCsv([])).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});
