// "For you" (issue 7) in the built extension: the background trains on what the user starred
// and the page marks, explains and sorts the cards. Written for the shared harness (`b`), run in
// Chromium and Firefox (tests/e2e/{chromium,firefox}.test.mjs).
import assert from 'node:assert/strict';
import {
  clickIn,
  dropPageSnapshot,
  expected,
  inDatabase,
  readTable,
  selectByLabel,
  until,
  untilDecorated,
  untilScrolled,
} from '../harness/util.mjs';

const SEARCHES = ['/papers?q=parallel', '/papers?q=layer', '/papers?q=pooling'];

/** Card ids in page order, and each visible mark's text and tooltip. */
const marksOn = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-pd-id]')].map((card) => {
      const label = card.querySelector('.pd-rel');
      const shown = label && !label.hidden && !label.closest('.pd-rel-mark').hidden;
      return {
        id: card.getAttribute('data-pd-id'),
        text: shown ? label.textContent : null,
        title: shown ? label.title : null,
        top: card.hasAttribute('data-pd-top'),
      };
    }),
  );

const scoreOf = (text) => (text && /^for you (\d\.\d\d)$/.test(text) ? Number(text.slice(8)) : null);

/** Clears the ranking's tables, stars and tags, from an extension page (same origin as the database). */
async function resetRanking(b) {
  const page = await b.openPopup();
  const tables = ['stars', 'tags', 'paperTags', 'notInterested', 'rankModels'];
  await inDatabase(
    page,
    tables.map((table) => ({ op: 'clear', table })),
  );
  // Cleared behind the extension's back: drop the page snapshot, which still holds those stars.
  await dropPageSnapshot(page);
  await page.close();
}

export const relevanceScenarios = {
  async 'starring 5 papers changes the marks on the next visit; sort and "not interested" work'(b) {
    // Seen papers to learn from: the three search pages (three topics).
    for (const url of SEARCHES) {
      const page = await b.open(url);
      await until(page, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: `stars on ${url}` });
      await page.close();
    }
    const layer = expected('search-b.html');
    const page = await b.open('/papers?q=layer');
    await untilDecorated(page, layer.records.length, { search: true, what: 'stars' });
    // Cold start: the pill says how many stars it needs; no card is scored.
    const note = await until(page, () => document.querySelector('.pd-rel-note')?.textContent, undefined, { what: 'cold-start note' });
    assert.match(note, /^For you: star \d+ more papers? to rank this page$/);
    assert.ok(
      (await marksOn(page)).every((m) => m.text === null),
      'no marks before 5 stars',
    );

    // Star the first five papers of the "layer" search (the two HAWQ quantization papers among them).
    const starred = layer.records.slice(0, 5).map((r) => r.id);
    for (const id of starred) {
      await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
      await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
        what: `star ${id}`,
      });
    }

    // Next visit: every unstarred card is marked, with the words that drove its score.
    await page.reload();
    const unstarred = layer.records.length - starred.length;
    await untilScrolled(
      page,
      (n) => document.querySelectorAll('.pd-rel-mark:not([hidden]) .pd-rel:not([hidden])').length === n,
      unstarred,
      {
        what: 'marks after starring',
        timeout: 20_000,
      },
    );
    const marks = await marksOn(page);
    for (const m of marks) {
      if (starred.includes(m.id)) {
        assert.equal(m.text, null, `starred ${m.id} carries no mark`);
        continue;
      }
      assert.ok(scoreOf(m.text) !== null, `${m.id}: "${m.text}"`);
      assert.match(m.title, /ranks above \d+% of the papers you have seen/);
    }
    assert.ok(
      marks.some((m) => m.top),
      'the best cards are highlighted',
    );
    // The words behind the best card, and quantization papers near the top after two HAWQ stars.
    const ranked = marks.filter((m) => m.text).sort((a, b) => scoreOf(b.text) - scoreOf(a.text));
    assert.match(ranked[0].title, /Words that drove it: .+/);
    const titleOf = new Map(layer.records.map((r) => [r.id, r.title]));
    assert.ok(
      ranked.slice(0, 5).some((m) => /quantiz/i.test(titleOf.get(m.id))),
      `a quantization paper among the top 5: ${ranked
        .slice(0, 5)
        .map((m) => titleOf.get(m.id))
        .join(' | ')}`,
    );
    // Papers of this topic score higher, on average, than those of another search.
    const mean = (ms) => ms.reduce((s, m) => s + scoreOf(m.text), 0) / ms.length;
    const other = await b.open('/papers?q=pooling');
    const pooling = expected('search-c.html');
    await untilScrolled(
      other,
      (n) => document.querySelectorAll('.pd-rel-mark:not([hidden]) .pd-rel:not([hidden])').length >= n,
      pooling.records.length - 1,
      { what: 'marks on another search', timeout: 20_000 },
    );
    const layerIds = new Set(layer.records.map((r) => r.id));
    const elsewhere = (await marksOn(other)).filter((m) => m.text && !layerIds.has(m.id));
    assert.ok(mean(ranked) > mean(elsewhere), `"layer" papers ${mean(ranked).toFixed(2)} > "pooling" papers ${mean(elsewhere).toFixed(2)}`);
    await other.close();

    // Sort by relevance: the cards move within their container, best first; then back.
    const original = marks.map((m) => m.id);
    await clickIn(page, '.pd-pill .pd-sort');
    await until(page, () => document.querySelector('.pd-pill .pd-sort')?.getAttribute('aria-pressed') === 'true', undefined, {
      what: 'sorted',
    });
    const sorted = await marksOn(page);
    assert.deepEqual(new Set(sorted.map((m) => m.id)), new Set(original));
    const shownScores = sorted.filter((m) => m.text).map((m) => scoreOf(m.text));
    assert.deepEqual(
      shownScores,
      [...shownScores].sort((x, y) => y - x),
      'scores descend after sorting',
    );
    const sameParent = await page.evaluate(() => new Set([...document.querySelectorAll('[data-pd-id]')].map((c) => c.parentElement)).size);
    assert.equal(sameParent, 1, 'every card stays in its container');
    await clickIn(page, '.pd-pill .pd-sort');
    await until(page, () => document.querySelector('.pd-pill .pd-sort')?.getAttribute('aria-pressed') === 'false', undefined, {
      what: 'unsorted',
    });
    assert.deepEqual(
      (await marksOn(page)).map((m) => m.id),
      original,
      'original order restored',
    );

    // "Not interested" on a card: dimmed at once, stored, and still marked on the next visit.
    const target = ranked[0].id;
    await page.hover(`[data-pd-id="${target}"]`);
    await clickIn(page, `[data-pd-id="${target}"] .pd-ni`);
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"]`)?.hasAttribute('data-pd-not-interested'), target, {
      what: 'not interested',
    });
    // Once stored, the page says so (and offers a rule when the card names an author or organization).
    await until(
      page,
      () => document.querySelector('.pd-toast:not([hidden])')?.textContent.startsWith('Noted: fewer papers like this.'),
      undefined,
      { what: 'not interested noted' },
    );
    const popup = await b.openPopup();
    await until(popup, () => true);
    const rows = await readTable(popup, 'notInterested');
    assert.deepEqual(
      rows.map((r) => r.paperId),
      [target],
    );
    await popup.close();
    await page.reload();
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"]`)?.hasAttribute('data-pd-not-interested'), target, {
      what: 'not interested after reload',
      timeout: 20_000,
    });

    await page.close();
    await resetRanking(b);
    assert.deepEqual(b.errors.map(String), [], 'no error on the host page');
    assert.deepEqual(b.site.blocked, [], 'nothing left for the network');
  },

  async 'the library page suggests more papers like a tag, from the background'(b) {
    const layer = expected('search-b.html');
    const page = await b.open('/papers?q=layer');
    await untilDecorated(page, layer.records.length, { search: true, what: 'stars' });
    // Tag the two HAWQ quantization papers and a third paper "Quantization", on the page.
    const tagged = layer.records.slice(0, 3).map((r) => r.id);
    for (const id of tagged) {
      await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
      await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-chip-add`), id, { what: `tag button on ${id}` });
      await clickIn(page, `[data-pd-id="${id}"] .pd-chip-add`);
      await until(page, () => document.activeElement?.matches('.pd-editor input'), undefined, { what: 'tag editor focused' });
      await page.keyboard.type('Quantization');
      await page.keyboard.press('Enter');
      await until(
        page,
        (id) => [...document.querySelectorAll(`[data-pd-id="${id}"] .pd-chip`)].some((c) => c.textContent === 'Quantization'),
        id,
        { what: `tag on ${id}` },
      );
      await page.keyboard.press('Escape');
    }
    await page.close();

    const library = await b.openLibrary();
    await until(
      library,
      () => [...document.querySelectorAll('#pd-tag-filter option')].some((o) => o.textContent.startsWith('Quantization')),
      undefined,
      { what: 'tag in the filter', timeout: 15_000 },
    );
    await selectByLabel(library, '#pd-tag-filter', 'Quantization');
    const titles = await until(
      library,
      () => {
        const items = [...document.querySelectorAll('.pd-more-like-list .pd-title')].map((a) => a.textContent);
        return items.length ? items : null;
      },
      undefined,
      { what: 'suggestions', timeout: 20_000 },
    );
    const taggedTitles = layer.records.slice(0, 3).map((r) => r.title);
    for (const t of taggedTitles) assert.ok(!titles.includes(t), `a tagged paper is not suggested: ${t}`);
    assert.ok(
      titles.slice(0, 3).some((t) => /quantiz/i.test(t)),
      `a quantization paper among the first suggestions: ${titles.slice(0, 3).join(' | ')}`,
    );
    const about = await library.evaluate(() => document.querySelector('.pd-more-like .pd-hint')?.textContent ?? '');
    // Words of the tagged papers (the bigram ranking of 0.2.0 puts "hawq", "hessian", "mixed precision" first).
    assert.match(about, /Papers tagged “Quantization” are about: .*(quantiz|hawq|precision)/i);
    await library.close();
    await resetRanking(b);
    assert.deepEqual(b.errors.map(String), []);
  },
};
