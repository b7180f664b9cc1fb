// Scenarios on huggingface.co papers pages, written once and run in Chromium and Firefox.
// Each takes a launched harness `b` (tests/e2e/harness/{chromium,firefox}.mjs).
import assert from 'node:assert/strict';
import {
  clickIn,
  dropPageSnapshot,
  expected,
  inDatabase,
  islandIds,
  patchRows,
  readTable,
  setWidth,
  starState,
  until,
  untilDecorated,
  untilMerged,
  untilScrolled,
} from '../harness/util.mjs';
import { fixturePages } from '../harness/site.mjs';

const starsOn = (page) => page.evaluate(() => document.querySelectorAll('.pd-star').length);

/** Runs `fn` on a fresh extension page (same origin as the library's database), then closes it. */
async function withExtensionPage(b, fn) {
  const page = await b.openPopup();
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

/**
 * Tells the background that rules changed, through the storage.local announcement the popup and
 * library page make for their own writes (tests write rules straight into IndexedDB), then gives
 * it a moment to register or remove the no-flash stylesheet.
 */
async function announceRulesChanged(b) {
  await withExtensionPage(b, async (p) => {
    const rules = await readTable(p, 'rules');
    await p.evaluate(
      async (want) => {
        const api = globalThis.browser ?? globalThis.chrome;
        // A write straight into IndexedDB leaves the page snapshot (lib/snapshot) behind, as no write
        // of the extension ever does: drop it, so the page asks the background, which reads the table.
        await api.storage.local.remove(['pd:page', 'pd:seen']);
        await api.storage.local.set({ 'pd:change': { seq: Date.now(), at: Date.now(), ids: [], what: ['rules'] } });
        if (api.scripting?.getRegisteredContentScripts) {
          // Chrome: wait until the background has caught up with the change.
          for (let i = 0; i < 100; i++) {
            const have = (await api.scripting.getRegisteredContentScripts({ ids: ['pd-guard'] })).length > 0;
            if (have === want) return;
            await new Promise((r) => setTimeout(r, 20));
          }
          throw new Error('the background did not update the no-flash stylesheet');
        }
        await new Promise((r) => setTimeout(r, 500));
      },
      rules.some((r) => r.enabled),
    );
  });
}

/** Per card: how many of our stars and toolbars are shown (rendered with a box), in page order. */
function shownPerCard(page) {
  return page.evaluate(() => {
    const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
    return [...document.querySelectorAll('[data-pd-id]')].map((card) => ({
      id: card.getAttribute('data-pd-id'),
      stars: [...card.querySelectorAll('.pd-star')].filter(shown).length,
      toolbars: [...card.querySelectorAll('.pd-toolbar')].filter(shown).length,
    }));
  });
}

/** Waits until every one of `n` cards shows exactly one star and one toolbar. */
function untilOneShownEach(page, n, what) {
  return until(
    page,
    (n) => {
      const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
      const cards = [...document.querySelectorAll('[data-pd-id]')];
      return (
        cards.length === n &&
        cards.every(
          (c) =>
            [...c.querySelectorAll('.pd-star')].filter(shown).length === 1 &&
            [...c.querySelectorAll('.pd-toolbar')].filter(shown).length === 1,
        )
      );
    },
    n,
    { what },
  );
}

/**
 * Every control of the site in the cards (links, buttons, inputs, labels, checkboxes) that is shown:
 * scrolled into view, the element at its centre must be that control or inside it — nothing of ours
 * covers it. Our stars are checked the same way (nothing of the site's covers them).
 */
function coverage(page) {
  return page.evaluate(async () => {
    const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
    const out = { checked: 0, ours: 0, covered: [] };
    const hitAt = (el) => {
      const r = el.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    };
    // The status pill moves off a toolbar passing under it once the page has scrolled (an observer,
    // then a frame, then a 0.12 s slide): a control it still covers right after the jump is judged
    // again once the pill has had time to react, as a reader would see it.
    const settled = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300))));
    const probe = async (el) => {
      el.scrollIntoView({ block: 'center', inline: 'center' });
      let hit = hitAt(el);
      if (hit?.closest('.pd-pill')) {
        await settled();
        hit = hitAt(el);
      }
      return hit === el || el.contains(hit) ? null : { control: el.outerHTML.slice(0, 120), hit: hit?.outerHTML.slice(0, 120) ?? null };
    };
    for (const card of document.querySelectorAll('[data-pd-id]')) {
      for (const control of card.querySelectorAll('a[href], button, input, label, [role="checkbox"]')) {
        if (control.closest('.pd-ui') || !shown(control)) continue;
        out.checked++;
        const miss = await probe(control);
        if (miss) out.covered.push(miss);
      }
      for (const star of card.querySelectorAll('.pd-star')) {
        if (!shown(star)) continue;
        out.ours++;
        const miss = await probe(star);
        if (miss) out.covered.push(miss);
      }
    }
    return out;
  });
}

export const pageScenarios = {
  async "a tab switch rewrites the island: the week's compact cards are recorded in full, once"(b) {
    const week = expected('week.html');
    const ids = week.records.map((r) => r.id);
    // First in the suite: these papers must not be known yet, so what is stored is this read's.
    const known = await withExtensionPage(b, async (p) =>
      (await readTable(p, 'papers')).filter((r) => ids.includes(r.id)).map((r) => r.id),
    );
    assert.deepEqual(known, [], 'the week papers were not seen before this scenario');
    const page = await b.open('/papers');
    await until(page, (n) => document.querySelectorAll('.pd-star').length === n, expected('daily.html').records.length, {
      what: 'daily stars',
    });
    // The Weekly button: the site swaps the cards, then rewrites the island a moment later.
    await page.evaluate(() => document.querySelector('button[data-fixture-tab="/papers/week/2025-W12"]').click());
    await until(
      page,
      (ids) => {
        const cards = [...document.querySelectorAll('[data-pd-id]')].map((c) => c.getAttribute('data-pd-id'));
        return (
          window.__fixtureTabSwitched &&
          cards.length === ids.length &&
          ids.every((id) => cards.includes(id)) &&
          document.querySelectorAll('.pd-star').length === ids.length
        );
      },
      ids,
      { what: 'stars on the week cards' },
    );
    // The week's cards show no abstract, authors or date: those come from the rewritten island.
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-fixture-list] p').length), 0, 'compact cards');
    const rows = await withExtensionPage(b, async (p) => (await untilMerged(p), readTable(p, 'papers')));
    for (const r of week.records) {
      const row = rows.find((x) => x.id === r.id);
      assert.ok(row, `${r.id} recorded`);
      assert.deepEqual(
        { abstract: row.abstract, authors: row.authors, publishedAt: row.publishedAt, aiSummary: row.aiSummary, seenCount: row.seenCount },
        { abstract: r.abstract, authors: r.authors, publishedAt: r.publishedAt, aiSummary: r.aiSummary, seenCount: 1 },
        `${r.id}: the island's data, read once`,
      );
      assert.deepEqual(
        row.seenOn.map((s) => [s.view, s.path]),
        [['week', '/papers/week/2025-W12']],
      );
    }
    await page.close();
  },

  async 'one star shows per card at 1280 px and at 400 px, and after resizing between them'(b) {
    for (const url of ['/papers/trending', '/papers']) {
      const n = Object.entries(fixturePages())
        .filter(([u]) => u === url)
        .map(([, f]) => expected(f).records.length)[0];
      const page = await b.open(url);
      await setWidth(page, 1280);
      await untilOneShownEach(page, n, `one star per card at 1280 px on ${url}`);
      await setWidth(page, 400);
      await untilOneShownEach(page, n, `one star per card at 400 px on ${url}`);
      await setWidth(page, 1280);
      await untilOneShownEach(page, n, `one star per card at 1280 px again on ${url}`);
      // The star shown is in the rendering shown: the desktop one at this width.
      const where = await page.evaluate(() =>
        [...document.querySelectorAll('[data-pd-id]')].map((c) =>
          [...c.children].find((r) => r.querySelector('.pd-star'))?.className.includes('md:flex'),
        ),
      );
      assert.ok(where.every(Boolean), `${url}: the toolbars are in the desktop renderings: ${JSON.stringify(where)}`);
      assert.deepEqual(
        (await shownPerCard(page)).filter((c) => c.stars !== 1 || c.toolbars !== 1),
        [],
      );
      await page.close();
    }
  },

  async "nothing of ours covers the site's own controls (Upvote, GitHub, arXiv, links), at either width"(b) {
    for (const url of ['/papers/trending', '/papers', '/papers?q=parallel', '/papers/2412.14689']) {
      const page = await b.open(url);
      for (const width of [1280, 400]) {
        await setWidth(page, width);
        if (url.includes('?q=')) await until(page, () => window.__fixtureResultsShown === true, undefined, { what: 'search results' });
        await untilScrolled(
          page,
          () => {
            const cards = [...document.querySelectorAll('[data-pd-id]')];
            return cards.length > 0 && cards.every((c) => [...c.querySelectorAll('.pd-star')].some((s) => s.checkVisibility()));
          },
          undefined,
          { what: `stars shown on ${url} at ${width} px` },
        );
        const report = await coverage(page);
        assert.ok(report.checked > 0 && report.ours > 0, `${url} at ${width} px: controls were checked: ${JSON.stringify(report)}`);
        assert.deepEqual(report.covered, [], `${url} at ${width} px: every control is on top at its centre`);
      }
      await page.close();
    }
  },

  async 'a star pressed at either width holds after a reload at the other'(b) {
    const { id } = expected('trending.html').records[2];
    const page = await b.open('/papers/trending');
    for (const [from, to] of [
      [400, 1280],
      [1280, 400],
    ]) {
      await setWidth(page, from);
      await untilOneShownEach(page, expected('trending.html').records.length, `stars at ${from} px`);
      const before = await starState(page, id);
      await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
      const want = before === 'true' ? 'false' : 'true';
      await until(
        page,
        ({ id, want }) => {
          const star = document.querySelector(`[data-pd-id="${id}"] .pd-star`);
          return star?.getAttribute('aria-pressed') === want && !star.hasAttribute('aria-busy');
        },
        { id, want },
        { what: `star ${want} at ${from} px` },
      );
      await setWidth(page, to);
      await page.reload();
      await until(
        page,
        ({ id, want }) => {
          const star = document.querySelector(`[data-pd-id="${id}"] .pd-star`);
          return star?.checkVisibility() && star.getAttribute('aria-pressed') === want;
        },
        { id, want },
        { what: `star ${want} after a reload at ${to} px` },
      );
    }
    // Pressed at 400 px and again at 1280 px: back to unstarred, the profile as found.
    assert.equal(await starState(page, id), 'false');
    await page.close();
  },

  async 'search results get their upvotes and comments; the default listing is never recorded'(b) {
    const exp = expected('search-a.html');
    const listing = islandIds('search-a.html');
    assert.ok(listing.length > 0, 'the page holds a default-listing island');
    const before = await withExtensionPage(
      b,
      async (p) => (await untilMerged(p), new Map((await readTable(p, 'papers')).map((r) => [r.id, r.seenCount]))),
    );
    const page = await b.open('/papers?q=parallel');
    // The results come in two renders (half, then all): every result gets a star, once.
    const stars = await untilDecorated(page, exp.records.length, { search: true, what: 'stars on the results' });
    assert.equal(stars, exp.records.length, 'one star per result');
    const onPage = await page.evaluate(() => [...document.querySelectorAll('[data-pd-id]')].map((c) => c.getAttribute('data-pd-id')));
    assert.deepEqual(
      onPage,
      exp.records.map((r) => r.id),
    );
    await new Promise((r) => setTimeout(r, 600)); // a read is merged a moment after it is logged
    const rows = await withExtensionPage(b, async (p) => (await untilMerged(p), readTable(p, 'papers')));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of exp.records) {
      const row = byId.get(r.id);
      assert.ok(row, `${r.id} recorded`);
      assert.deepEqual(
        { upvotes: row.upvotes, comments: row.comments },
        { upvotes: r.upvotes, comments: r.comments },
        `${r.id}: upvotes and comments`,
      );
      assert.equal(row.seenCount - (before.get(r.id) ?? 0), 1, `${r.id} seen once on this visit (the grid was rendered twice)`);
      assert.ok(
        row.seenOn.some((s) => s.view === 'search' && s.path === '/papers?q=parallel'),
        `${r.id} seen on the search`,
      );
    }
    assert.ok(
      exp.records.some((r) => r.upvotes === 0) && exp.records.some((r) => r.comments > 0),
      'the page has zero upvotes ("-") and comments',
    );
    assert.deepEqual(
      listing.filter((id) => byId.has(id)),
      [],
      'no paper of the default listing was recorded',
    );
    await page.close();
  },

  async 'every papers view gets a star on each of its papers'(b) {
    for (const [url, fixture] of Object.entries(fixturePages())) {
      const exp = expected(fixture);
      const page = await b.open(url);
      const count = await untilDecorated(page, exp.records.length, { search: url.includes('?q='), what: `stars on ${url}` });
      assert.equal(count, exp.records.length, `${url}: one star per paper`);
      const labelled = await page.evaluate(() =>
        [...document.querySelectorAll('.pd-star')].every(
          (s) => s.getAttribute('aria-label') === 'Star paper' && s.getAttribute('aria-pressed') === 'false',
        ),
      );
      assert.ok(labelled, `${url}: stars are labelled toggles`);
      await page.close();
    }
  },

  async 'a star survives a reload and shows in a second tab without reload'(b) {
    const exp = expected('daily.html');
    const id = exp.records[0].id;
    const a = await b.open('/papers');
    const other = await b.open('/papers');
    await until(a, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: 'stars' });
    await until(other, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: 'stars in tab 2' });
    await clickIn(a, `[data-pd-id="${id}"] .pd-star`);
    await until(a, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
      what: 'star pressed',
    });
    // The other tab learns of it through the change broadcast.
    const t0 = Date.now();
    await until(other, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
      what: 'star in tab 2',
      interval: 10,
    });
    const lag = Date.now() - t0;
    assert.ok(lag < 2000, `second tab updated in ${lag} ms`);
    await a.reload();
    await until(a, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
      what: 'star after reload',
    });
    // Unstar to leave the profile as found.
    await clickIn(a, `[data-pd-id="${id}"] .pd-star`);
    await until(a, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'false', id, {
      what: 'unstarred',
    });
    assert.equal(
      (await starState(other, id)) === 'true'
        ? await until(other, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'false', id)
        : true,
      true,
    );
    await a.close();
    await other.close();
  },

  async 'client-side navigation and appended cards are read once each'(b) {
    const pages = fixturePages();
    const dateUrl = Object.keys(pages).find((u) => u.startsWith('/papers/date/'));
    const daily = expected('daily.html');
    const dated = expected(pages[dateUrl]);
    // Earlier scenarios may have read these pages already: count reads from here on.
    const seenBefore = await withExtensionPage(
      b,
      async (p) => (await untilMerged(p), new Map((await readTable(p, 'papers')).map((r) => [r.id, r.seenCount]))),
    );
    const page = await b.open('/papers');
    await until(page, (n) => document.querySelectorAll('.pd-star').length === n, daily.records.length, { what: 'daily stars' });
    // Navigate like the site's date arrows: no document load.
    await page.evaluate((url) => window.__spaNavigate(url), dateUrl);
    await until(
      page,
      (n) => location.pathname.startsWith('/papers/date/') && document.querySelectorAll('.pd-star').length === n,
      dated.records.length,
      { what: 'stars after navigation' },
    );
    const ids = await page.evaluate(() => [...document.querySelectorAll('[data-pd-id]')].map((c) => c.getAttribute('data-pd-id')));
    assert.deepEqual(new Set(ids), new Set(dated.records.map((r) => r.id)));
    // Infinite scroll: the same cards again as new elements would be duplicates; add clones with new ids.
    const added = await page.evaluate(() => {
      const card = document.querySelector('[data-pd-id]');
      const ids = ['2501.00001', '2501.00002'];
      for (const id of ids) {
        const clone = card.cloneNode(true);
        clone.querySelectorAll('.pd-ui').forEach((n) => n.remove());
        clone.removeAttribute('data-pd-id');
        for (const a of clone.querySelectorAll('a[href*="/papers/"]'))
          a.setAttribute('href', a.getAttribute('href').replace(/\/papers\/[^/?#]+/, `/papers/${id}`));
        card.parentElement.append(clone);
      }
      return ids;
    });
    await until(page, (n) => document.querySelectorAll('.pd-star').length === n, dated.records.length + 2, {
      what: 'stars on appended cards',
    });
    // A page read is merged into papers a moment after it is logged.
    await new Promise((r) => setTimeout(r, 600));
    const rows = await withExtensionPage(b, async (p) => (await untilMerged(p), readTable(p, 'papers')));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [...dated.records.map((r) => r.id), ...added]) {
      assert.ok(byId.has(id), `${id} recorded`);
    }
    // Each paper reached the background exactly once per page read: the daily list once, the
    // dated list once — never again for the same view, however often the observer fired.
    const dailyIds = new Set(daily.records.map((r) => r.id));
    const datedIds = new Set([...dated.records.map((r) => r.id), ...added]);
    for (const r of rows) {
      const reads = r.seenCount - (seenBefore.get(r.id) ?? 0);
      const expectedReads = (dailyIds.has(r.id) ? 1 : 0) + (datedIds.has(r.id) ? 1 : 0);
      assert.equal(reads, expectedReads, `${r.id} read ${reads}× (expected ${expectedReads})`);
    }
    await page.close();
  },

  async 'selecting words in a title hides the topic; Show reveals one card'(b) {
    const exp = expected('daily.html');
    const target = exp.records[0];
    const word = target.title.split(/\s+/).find((w) => /^[A-Za-z-]{6,}$/.test(w));
    const page = await b.open('/papers');
    await until(page, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: 'stars' });
    // Select the word inside the title, as a user would by double-click.
    await page.evaluate(
      ({ id, word }) => {
        const card = document.querySelector(`[data-pd-id="${id}"]`);
        const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
          const at = node.data.indexOf(word);
          if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return;
          }
        }
        throw new Error('word not found in card');
      },
      { id: target.id, word },
    );
    // The page UI answers only to real input: a trusted key release with Shift held (as after a
    // keyboard selection) makes it look at the selection. Control alone moves nothing.
    await page.keyboard.down('Shift');
    await page.keyboard.press('Control');
    await page.keyboard.up('Shift');
    await until(
      page,
      () => {
        const b = document.querySelector('.pd-hide-selection');
        return b && !b.hidden;
      },
      undefined,
      { what: 'Hide topic button' },
    );
    await page.click('.pd-hide-selection');
    const reason = await until(
      page,
      (id) => document.querySelector(`[data-pd-id="${id}"][data-pd-hidden] .pd-fold`)?.textContent,
      target.id,
      { what: 'fold' },
    );
    assert.match(reason, new RegExp(`Topic "${word}"`));
    // Hidden content is not displayed; the fold is.
    const displayed = await page.evaluate((id) => {
      const card = document.querySelector(`[data-pd-id="${id}"]`);
      const title = [...card.querySelectorAll('h3, a')].find((n) => !n.closest('.pd-ui'));
      return getComputedStyle(title.closest(`[data-pd-id] > *`)).display;
    }, target.id);
    assert.equal(displayed, 'none');
    await clickIn(page, `[data-pd-id="${target.id}"] .pd-fold button`);
    await until(page, (id) => !document.querySelector(`[data-pd-id="${id}"]`).hasAttribute('data-pd-hidden'), target.id, {
      what: 'revealed',
    });
    // The rule persists: a reload folds the card again.
    await page.reload();
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"][data-pd-hidden]`), target.id, { what: 'fold after reload' });
    await page.close();
    // Clean up the rule for the scenarios that follow.
    const popup = await b.openPopup();
    await inDatabase(popup, [{ op: 'clear', table: 'rules' }]);
    // Cleared behind the extension's back: drop the page snapshot, which still holds the rule.
    await dropPageSnapshot(popup);
    await popup.close();
  },

  async 'a paper first seen yesterday is not new today'(b) {
    const exp = expected('daily.html');
    const page = await b.open('/papers');
    await until(page, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: 'stars' });
    const popup = await b.openPopup();
    const old = exp.records[1].id;
    const yesterday = Date.now() - 24 * 60 * 60 * 1000;
    const day = new Date(yesterday);
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    // The page's read reaches the papers table a moment after it is logged (a later merge keeps
    // the earliest firstSeenAt, so patching before or after it gives the same result).
    for (const deadline = Date.now() + 10_000; !(await readTable(popup, 'papers')).some((r) => r.id === old);) {
      if (Date.now() > deadline) throw new Error(`${old} never reached the papers table`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await patchRows(popup, 'papers', [old], { firstSeenAt: yesterday, firstSeenDay: iso });
    // Patched behind the extension's back: the page snapshot still says "first seen today". Drop it,
    // so the page asks the background, which reads the table.
    await dropPageSnapshot(popup);
    await popup.close();
    await page.reload();
    // Wait for the states to be painted (badges exist, hidden, before that): the old paper is marked seen.
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"][data-pd-seen]`), old, { what: 'states painted' });
    const badges = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-pd-id]')].map((c) => [c.getAttribute('data-pd-id'), !c.querySelector('.pd-new').hidden]),
      ),
    );
    assert.equal(badges[old], false, 'seen yesterday: not new');
    assert.ok(
      Object.entries(badges).some(([id, isNew]) => id !== old && isNew),
      'first seen today: new',
    );
    await page.close();
  },

  async 'the status pill never covers a star: a toolbar passing under it lifts it'(b) {
    const page = await b.open('/papers');
    // A phone's width: the pill spans most of it, the column where the toolbars (after the titles) are.
    await setWidth(page, 400);
    // The pill fills in part by part ("new" first, "for you" once the model has scored): wait until it
    // is wide enough to share the column of most visible toolbars, which is what this test is about.
    await until(
      page,
      () => {
        const pill = document.querySelector('.pd-pill');
        if (pill.hidden) return false;
        const p = pill.getBoundingClientRect();
        const bars = [...document.querySelectorAll('.pd-toolbar')].filter(
          (t) => t.checkVisibility() && t.getBoundingClientRect().width > 0,
        );
        return bars.length > 2 && bars.filter((t) => t.getBoundingClientRect().right > p.left).length > 2;
      },
      undefined,
      { what: 'the pill across the toolbars’ column' },
    );
    // Scroll each star whose column the pill shares to the pill's height, in turn: the star must
    // stay the topmost element at its centre (clickable), and the pill must not overlap it.
    const report = await page.evaluate(async () => {
      const frames = (n) =>
        new Promise((r) => {
          const step = () => (n-- > 0 ? requestAnimationFrame(step) : r());
          step();
        });
      const pill = document.querySelector('.pd-pill');
      // Where the pill rests: its box less its current translation (it may be mid-slide).
      const resting = () => {
        const r = pill.getBoundingClientRect();
        const t = getComputedStyle(pill).transform;
        const dy = t && t !== 'none' ? new DOMMatrixReadOnly(t).m42 : 0;
        return { top: r.top - dy, bottom: r.bottom - dy, left: r.left, right: r.right };
      };
      const overlaps = (a, c) => a.left < c.right && a.right > c.left && a.top < c.bottom && a.bottom > c.top;
      const out = { tried: 0, covered: [], lifted: 0, settled: false };
      const visible = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
      for (const star of [...document.querySelectorAll('.pd-star')].filter(visible)) {
        const bar = star.closest('.pd-toolbar');
        const box = resting();
        let r = bar.getBoundingClientRect();
        if (r.right <= box.left || r.left >= box.right) continue; // not in the pill's column
        // Put the toolbar's top a few pixels inside the pill's resting box.
        window.scrollBy(0, r.top - (box.top + 4));
        await frames(15); // the observer's report, then the pill's 0.12 s slide
        r = bar.getBoundingClientRect();
        if (!(r.top < box.bottom && r.bottom > box.top)) continue; // the page cannot scroll that far
        out.tried++;
        if (pill.style.transform) out.lifted++;
        const s = star.getBoundingClientRect();
        const hit = document.elementFromPoint((s.left + s.right) / 2, (s.top + s.bottom) / 2);
        if (!star.contains(hit) || overlaps(pill.getBoundingClientRect(), r))
          out.covered.push({
            id: star.closest('[data-pd-id]').getAttribute('data-pd-id'),
            hit: hit?.outerHTML.slice(0, 80),
            bar: [r.top, r.bottom, r.left, r.right].map(Math.round),
            pill: ((p) => [p.top, p.bottom, p.left, p.right].map(Math.round))(pill.getBoundingClientRect()),
            transform: pill.style.transform,
          });
        if (out.tried >= 3) break;
      }
      // Nothing under it any more (some scroll position where no toolbar meets the pill's resting
      // box): the pill goes back to rest.
      const clear = () => {
        const box = resting();
        return ![...document.querySelectorAll('.pd-toolbar')].filter(visible).some((t) => overlaps(t.getBoundingClientRect(), box));
      };
      for (let y = 0; y <= document.documentElement.scrollHeight; y += 8) {
        window.scrollTo(0, y);
        if (clear()) break;
      }
      out.clear = clear();
      await frames(4);
      for (let i = 0; i < 40 && pill.style.transform; i++) await frames(1);
      out.settled = !pill.style.transform;
      return out;
    });
    assert.ok(report.tried > 0, `some star could be scrolled under the pill: ${JSON.stringify(report)}`);
    assert.deepEqual(report.covered, [], `no star covered by the pill: ${JSON.stringify(report)}`);
    assert.equal(report.lifted, report.tried, 'the pill rose each time');
    assert.ok(report.clear, 'some scroll position leaves the pill clear of every toolbar');
    assert.ok(report.settled, `the pill went back to rest: ${JSON.stringify(report)}`);
    await page.close();
  },

  async 'keyboard: j moves between papers and s stars the focused one'(b) {
    const exp = expected('daily.html');
    const page = await b.open('/papers');
    await until(page, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: 'stars' });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const focused = await page.evaluate(() => document.querySelector('[data-pd-focused]')?.getAttribute('data-pd-id'));
    assert.equal(focused, exp.records[1].id);
    await page.keyboard.press('s');
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', focused, {
      what: 'starred by keyboard',
    });
    await page.keyboard.press('s');
    // Pressed state is optimistic: wait until the library has it too (no write in flight) before leaving.
    await until(
      page,
      (id) => {
        const star = document.querySelector(`[data-pd-id="${id}"] .pd-star`);
        return star?.getAttribute('aria-pressed') === 'false' && !star.hasAttribute('aria-busy');
      },
      focused,
      { what: 'unstarred by keyboard, and stored' },
    );
    await page.close();
  },

  async 'a star on the page shows in the popup; un-starring in the popup updates the page'(b) {
    const exp = expected('daily.html');
    const { id, title } = exp.records[2];
    const page = await b.open('/papers');
    await until(page, () => document.querySelectorAll('.pd-star').length > 0, undefined, { what: 'stars' });
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', id, {
      what: 'starred',
    });
    const popup = await b.openPopup();
    await until(popup, (t) => document.body.textContent.includes(t), title, { what: 'paper in popup' });
    const label = `Unstar “${title}”`;
    await until(popup, (label) => !!document.querySelector(`button[aria-label="${CSS.escape(label)}"]`), label, { what: 'unstar button' });
    await popup.evaluate((label) => document.querySelector(`button[aria-label="${CSS.escape(label)}"]`).click(), label);
    // The page learns of it without reload.
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'false', id, {
      what: 'unstarred on the page',
    });
    await popup.close();
    await page.close();
  },

  async 'a star made on the page shows in a popup that is already open, without reload'(b) {
    const exp = expected('daily.html');
    const { id, title } = exp.records[3];
    const popup = await b.openPopup();
    await until(popup, () => document.querySelector('h1, h2') !== null, undefined, { what: 'popup rendered' });
    assert.equal(await popup.evaluate((t) => document.body.textContent.includes(t), title), false, 'not starred yet');
    const page = await b.open('/papers');
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-star`), id, { what: 'star button' });
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    const t0 = Date.now();
    await until(popup, (t) => document.body.textContent.includes(t), title, { what: 'paper in the open popup', interval: 10 });
    const lag = Date.now() - t0;
    assert.ok(lag < 2000, `popup updated ${lag} ms after the click`);
    // Un-star on the page: the open popup drops it again.
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    await until(popup, (t) => !document.body.textContent.includes(t), title, { what: 'paper gone from the open popup' });
    await popup.close();
    await page.close();
  },

  async 'a tag added on the page shows in the popup'(b) {
    const exp = expected('daily.html');
    const { id, title } = exp.records[0];
    const tagName = 'Reading group';
    const page = await b.open('/papers');
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-star`), id, { what: 'star button' });
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    // Tags belong to starred papers: the "+ tag" chip appears once the star is stored.
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-chip-add`), id, { what: 'add-tag button' });
    // Clicked from inside the page: a repaint may replace the chip between a query and a click.
    await clickIn(page, `[data-pd-id="${id}"] .pd-chip-add`);
    await until(page, () => document.activeElement?.matches('.pd-editor input'), undefined, { what: 'tag editor focused' });
    await page.keyboard.type(tagName);
    await page.keyboard.press('Enter');
    await until(
      page,
      ({ id, tagName }) => [...document.querySelectorAll(`[data-pd-id="${id}"] .pd-chip`)].some((c) => c.textContent === tagName),
      { id, tagName },
      { what: 'tag chip on the card' },
    );
    await page.keyboard.press('Escape');
    const popup = await b.openPopup();
    const shown = await until(
      popup,
      ({ title, tagName }) => {
        const row = [...document.querySelectorAll('.pd-row')].find((r) => r.textContent.includes(title));
        return row && [...row.querySelectorAll('.pd-chip-name')].map((c) => c.textContent).includes(tagName) && row.textContent;
      },
      { title, tagName },
      { what: 'tagged paper in the popup' },
    );
    assert.ok(shown.includes(title));
    const tags = await readTable(popup, 'tags');
    assert.deepEqual(
      tags.map((t) => t.name),
      [tagName],
    );
    // Leave the profile as found for later scenarios: un-star.
    await popup.close();
    await clickIn(page, `[data-pd-id="${id}"] .pd-star`);
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'false', id, {
      what: 'unstarred',
    });
    await page.close();
  },

  async 'no flash: a card a rule hides is never painted unfolded, from the first frame on'(b) {
    const exp = expected('daily.html');
    const target = exp.records[1];
    const word = target.title.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w));
    const rule = { id: 'e2e-no-flash', kind: 'keyword', pattern: word, enabled: true, createdAt: Date.now() };
    await withExtensionPage(b, (p) => inDatabase(p, [{ op: 'put', table: 'rules', value: rule }]));
    // Announce the write as the popup does, so the background registers the no-flash stylesheet.
    await announceRulesChanged(b);
    // In the page's main world, before anything else: look at the card in every frame (rAF runs
    // right before the browser paints), until it is folded.
    const page = await b.open('/papers', {
      arg: target.id,
      init: (id) => {
        const w = window;
        w.__pdFrames = 0;
        w.__pdFlash = [];
        let folded = false;
        const frame = () => {
          w.__pdFrames++;
          const card = [...document.querySelectorAll('article')].find((a) => a.querySelector(`a[href*="/papers/${id}"]`));
          if (card?.hasAttribute('data-pd-hidden')) folded = true;
          else if (card && getComputedStyle(card).visibility !== 'hidden') w.__pdFlash.push(`frame ${w.__pdFrames}`);
          if (!folded) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      },
    });
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"][data-pd-hidden]`), target.id, { what: 'card folded' }).catch(
      async (e) => {
        const card = await page.evaluate((id) => {
          const c = document.querySelector(`[data-pd-id="${id}"]`);
          return c
            ? c
                .getAttributeNames()
                .filter((n) => n.startsWith('data-pd'))
                .join(' ')
            : 'no card';
        }, target.id);
        throw new Error(`${e.message}; card: ${card}; rule word: ${word}`);
      },
    );
    const { frames, flash } = await page.evaluate(() => ({ frames: window.__pdFrames, flash: window.__pdFlash }));
    assert.ok(frames > 0, 'frames were watched');
    assert.deepEqual(flash, [], 'the card to hide was never shown unfolded');
    // The page is marked ready and the other cards show.
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-pd-ready')), true);
    const shown = await page.evaluate(
      () =>
        [...document.querySelectorAll('article[data-pd-id]:not([data-pd-hidden])')].filter(
          (a) => getComputedStyle(a).visibility !== 'hidden',
        ).length,
    );
    assert.equal(shown, exp.records.length - 1);
    await page.close();
    await withExtensionPage(b, (p) => inDatabase(p, [{ op: 'delete', table: 'rules', key: 'e2e-no-flash' }]));
    await announceRulesChanged(b);
  },

  async 'the popup says when the library last synced through the browser, and sync can be turned off'(b) {
    const popup = await b.openPopup();
    // The background syncs on start (nothing synced yet) and after each change.
    const line = await until(
      popup,
      () => {
        const text = document.querySelector('.pd-sync-line')?.textContent ?? '';
        return /^Synced /.test(text) && text;
      },
      undefined,
      { what: 'sync status line', timeout: 20_000 },
    );
    assert.match(line, /^Synced (just now|\d+ min ago) through your browser's sync\.$/);
    await popup.evaluate(() => document.querySelector('.pd-sync-toggle input').click());
    await until(popup, () => /^Sync is off/.test(document.querySelector('.pd-sync-line')?.textContent ?? ''), undefined, {
      what: 'sync off',
    });
    await popup.evaluate(() => document.querySelector('.pd-sync-toggle input').click());
    // Back on: the background syncs again within its debounce and says so.
    await until(popup, () => document.querySelector('.pd-sync')?.getAttribute('data-sync') === 'ok', undefined, {
      what: 'synced again',
      timeout: 20_000,
    });
    await popup.close();
  },

  async 'the host page never sees an error from us, and nothing reaches the network'(b) {
    assert.deepEqual(b.errors.map(String), []);
    assert.deepEqual(b.site.blocked, []);
  },
};

export { starsOn, readTable };
