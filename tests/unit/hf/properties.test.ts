// @vitest-environment happy-dom
/**
 * Property tests: fixture pages mutated at random — cards dropped, reordered, duplicated, class names
 * renamed, text truncated, elements removed, the hydration JSON cut short — must never make the reader
 * throw, and every value it outputs must be traceable to the (mutated) input: nothing invented. Search
 * pages are mutated as the user sees them, results shown (fixtures.ts `loadFixture`).
 */
import fc from 'fast-check';
import { loggedMisses, resetMissLog } from '../../../lib/hf/log';
import { readPage } from '../../../lib/hf/read';
import { detectView } from '../../../lib/hf/views';
import { PaperRecord } from '../../../lib/model/paper';
import { FIXTURES, dayOf, loadFixture } from './fixtures';

const RUNS = Number(process.env.PROP_RUNS ?? 100); // PROP_RUNS=2000 for a deeper search
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LIST_FIXTURES = ['date', 'daily', 'week', 'month', 'trending', 'search-a', 'paper'] as const;

/**
 * Each run parses a fresh copy (in happy-dom, parsing beats cloneNode). search-a is cut to its first
 * 12 cards once, to keep runs fast.
 */
const sources = new Map<string, string>();
function freshDoc(name: string): Document {
  let html = sources.get(name);
  if (html === undefined) {
    const doc = loadFixture(name);
    doc.querySelectorAll('article').forEach((a, i) => i >= 12 && a.remove());
    doc.querySelector('template[data-fixture-results]')?.remove(); // shown already (loadFixture)
    html = `<!DOCTYPE html>${doc.documentElement.outerHTML}`;
    sources.set(name, html);
  }
  return new DOMParser().parseFromString(html, 'text/html');
}

const caseOf = (name: string) => FIXTURES.find((f) => f.name === name)!;
const read = (doc: Document, name: string) => {
  const { url, today } = caseOf(name);
  return readPage(doc, new URL(url), { today: dayOf(today) });
};

// ------------------------------------------------------------------------------------------ mutations

type Op =
  | { op: 'drop'; i: number }
  | { op: 'move'; i: number; j: number }
  | { op: 'duplicate'; i: number }
  | { op: 'renameClasses'; seed: number }
  | { op: 'truncate'; i: number; node: number; keep: number }
  | { op: 'removeElement'; i: number; el: number }
  | { op: 'cutJson'; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('move' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), i: fc.nat() }),
  fc.record({ op: fc.constant('renameClasses' as const), seed: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), i: fc.nat(), node: fc.nat(), keep: fc.nat({ max: 30 }) }),
  fc.record({ op: fc.constant('removeElement' as const), i: fc.nat(), el: fc.nat() }),
  fc.record({ op: fc.constant('cutJson' as const), at: fc.nat() }),
);

/** The island holding the papers (a page has others: ClientErrorCatcher, MainHeader). */
const ISLAND = '[data-target="DailyPapers"], [data-target="PaperContent"]';

/** The units being mutated: list cards, or the title block of the paper page. */
function units(doc: Document): Element[] {
  // The paper page has articles too (its comments): there the units are its sections.
  if (doc.querySelector('[data-target="PaperContent"]')) return [...doc.querySelectorAll('section')];
  const cards = [...doc.querySelectorAll('article')];
  return cards.length ? cards : [...doc.querySelectorAll('section')];
}

function textNodes(root: Node): Text[] {
  const out: Text[] = [];
  const w = root.ownerDocument!.createTreeWalker(root, 4);
  for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n as Text);
  return out;
}

function apply(doc: Document, o: Op): void {
  const cards = units(doc);
  const pick = <T>(xs: T[], i: number) => (xs.length ? xs[i % xs.length] : undefined);
  switch (o.op) {
    case 'drop':
      pick(cards, o.i)?.remove();
      break;
    case 'move': {
      const a = pick(cards, o.i);
      const b = pick(cards, o.j);
      if (a && b && a !== b && !a.contains(b)) b.before(a);
      break;
    }
    case 'duplicate': {
      const a = pick(cards, o.i);
      a?.after(a.cloneNode(true));
      break;
    }
    case 'renameClasses':
      doc.querySelectorAll('[class]').forEach((el, k) => el.setAttribute('class', `x${(o.seed + k * 7919) % 10007}`));
      break;
    case 'truncate': {
      const t = pick(textNodes(pick(cards, o.i) ?? doc.body), o.node);
      if (t) t.data = t.data.slice(0, o.keep);
      break;
    }
    case 'removeElement': {
      const card = pick(cards, o.i);
      const el = card && pick([...card.querySelectorAll('*')], o.el);
      el?.remove();
      break;
    }
    case 'cutJson': {
      const island = doc.querySelector(ISLAND);
      const raw = island?.getAttribute('data-props');
      if (island && raw) island.setAttribute('data-props', raw.slice(0, o.at % raw.length));
      break;
    }
  }
}

// -------------------------------------------------------------------------------------- traceability

/** Everything the input says: its text, attribute values, and the strings/numbers of any parsable JSON. */
function evidence(doc: Document) {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const strings: string[] = [clean(doc.documentElement.textContent ?? '')];
  const urls = new Set<string>();
  const numbers = new Set<number>();
  const addUrl = (v: string, base: string) => {
    try {
      urls.add(new URL(v.trim(), base).href);
    } catch {
      /* not a URL */
    }
  };
  for (const el of doc.querySelectorAll('*')) {
    for (const { value } of el.attributes) {
      strings.push(clean(value));
      addUrl(value, 'https://huggingface.co/');
    }
  }
  for (const t of textNodes(doc.documentElement)) {
    for (const m of t.data.matchAll(/(\d[\d,]*(?:\.\d+)?)\s?([kKmM])?/g)) {
      const n = Number(m[1]!.replace(/,/g, ''));
      numbers.add(n);
      if (m[2]) numbers.add(Math.round(n * (/k/i.test(m[2]) ? 1e3 : 1e6)));
    }
  }
  const walkJson = (v: unknown): void => {
    if (typeof v === 'string') {
      strings.push(clean(v));
      addUrl(v, 'https://huggingface.co/');
    } else if (typeof v === 'number') numbers.add(v);
    else if (Array.isArray(v)) {
      numbers.add(v.length);
      v.forEach(walkJson);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walkJson);
  };
  for (const el of doc.querySelectorAll('[data-props]')) {
    try {
      walkJson(JSON.parse(el.getAttribute('data-props') ?? ''));
    } catch {
      /* malformed: says nothing */
    }
  }
  const haystack = strings.join('\n');
  return { has: (s: string) => haystack.includes(s), urls, numbers };
}

const KEYS = new Set(Object.keys(PaperRecord.shape));

function expectTraceable(doc: Document, name: string, records: PaperRecord[]): void {
  const ev = evidence(doc);
  const url = new URL(caseOf(name).url);
  // JSON abstracts keep inner runs of spaces (values.ts jsonLongText); the evidence is whitespace-collapsed.
  const text = (s: string | undefined) => s === undefined || expect(ev.has(s.replace(/\s+/g, ' ')), `text ${JSON.stringify(s)}`).toBe(true);
  const num = (n: number | undefined) => n === undefined || expect(ev.numbers.has(n), `number ${n}`).toBe(true);
  const link = (u: string | undefined) => u === undefined || expect(ev.urls.has(u), `url ${u}`).toBe(true);
  for (const r of records) {
    expect(PaperRecord.safeParse(r).success).toBe(true);
    for (const k of Object.keys(r)) expect(KEYS.has(k), `key ${k}`).toBe(true);
    expect(ev.has(`/papers/${r.id}`) || ev.has(r.id), `id ${r.id}`).toBe(true);
    text(r.title);
    text(r.abstract);
    text(r.aiSummary);
    r.authors?.forEach(text);
    r.keywords?.forEach(text);
    text(r.submitter);
    text(r.organization?.slug);
    text(r.organization?.name);
    num(r.upvotes);
    num(r.comments);
    // A count is either written on the page or the length of the (traceable) names.
    if (r.authors) expect(r.authorCount).toBe(r.authors.length);
    else num(r.authorCount);
    num(r.github?.stars);
    link(r.thumbnail);
    link(r.github?.repo);
    link(r.projectPage);
    if (r.publishedAt) {
      const [y, m, d] = r.publishedAt.split('-').map(Number);
      expect(ev.has(r.publishedAt) || ev.has(`${MONTHS[m! - 1]} ${d}`), `date ${r.publishedAt}`).toBe(true);
      void y;
    }
    expect(r.seenOn).toEqual({ view: detectView(url)!.kind, url: url.origin + url.pathname + url.search });
  }
}

// ------------------------------------------------------------------------------------------ properties

beforeEach(() => {
  resetMissLog();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('reader under mutation', { timeout: 30_000 }, () => {
  it('never throws and never invents a field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LIST_FIXTURES), fc.array(opArb, { maxLength: 6 }), (name, ops) => {
        const doc = freshDoc(name);
        for (const o of ops) apply(doc, o);
        const out = read(doc, name);
        expect(loggedMisses()).not.toContain('reader'); // the catch-all: nothing threw inside
        expectTraceable(
          doc,
          name,
          out.map((r) => r.record),
        );
        for (const r of out) expect(r.card.isConnected).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('does not depend on class names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LIST_FIXTURES), fc.nat(), (name, seed) => {
        const before = read(freshDoc(name), name).map((r) => r.record);
        const doc = freshDoc(name);
        apply(doc, { op: 'renameClasses', seed });
        expect(read(doc, name).map((r) => r.record)).toEqual(before);
      }),
      { numRuns: 30 },
    );
  });

  it('reads each card on its own: dropping, reordering and duplicating cards only drops, reorders and duplicates records', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('date', 'daily', 'week', 'month', 'trending', 'search-a'),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('drop' as const), i: fc.nat() }),
            fc.record({ op: fc.constant('move' as const), i: fc.nat(), j: fc.nat() }),
            fc.record({ op: fc.constant('duplicate' as const), i: fc.nat() }),
          ),
          { maxLength: 8 },
        ),
        (name, ops) => {
          const original = new Map(read(freshDoc(name), name).map((r) => [r.id, r.record]));
          const doc = freshDoc(name);
          for (const o of ops) apply(doc, o);
          const out = read(doc, name);
          for (const r of out) expect(r.record).toEqual(original.get(r.id));
          // Every readable card present is read, in page order.
          const order = units(doc)
            .map((card) => out.find((r) => r.card === card)?.id)
            .filter(Boolean);
          expect(out.map((r) => r.id)).toEqual(order);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('survives any data-props string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (props) => {
        const doc = freshDoc('date');
        doc.querySelector(ISLAND)!.setAttribute('data-props', props);
        const out = read(doc, 'date');
        expect(out.map((r) => r.id)).toEqual(['2412.14689', '2412.15115', 'hep-th/9901001', '2412.14233', '2412.13663']);
        expectTraceable(
          doc,
          'date',
          out.map((r) => r.record),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
