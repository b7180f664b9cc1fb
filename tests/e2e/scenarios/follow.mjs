// Follow rules and Hugging Face's signals on a papers page (issue 16), written once and run in
// Chromium and Firefox (lib/page/features/follow.ts and signals.ts).
import assert from 'node:assert/strict';
import { clickIn, readTable, until } from '../harness/util.mjs';

/** A real click (the browser's input, trusted): our controls refuse the page's own `.click()` (lib/page/dom.ts byUser). */
const press = clickIn;

/** FuriosaAI's paper on the daily fixture (tests/fixtures/daily.expected.json); the only one with code is Interp Lab's. */
const FURIOSA = '2503.14456';
const WITH_CODE = '2503.18878';
const WITHOUT_CODE = ['2503.16419', '2503.19385', FURIOSA];

const markOf = (page, id) =>
  page.evaluate((id) => {
    const mark = document.querySelector(`[data-pd-id="${id}"] .pd-follow-mark`);
    return mark && !mark.hidden ? mark.textContent : null;
  }, id);

export const followScenarios = {
  async 'follow from a card: "+ Follow" → the organization, the mark shows and is there after a reload'(b) {
    const page = await b.open('/papers');
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-follow`), FURIOSA, { what: 'the Follow button' });
    await press(page, `[data-pd-id="${FURIOSA}"] .pd-follow`);
    await until(page, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-menu .pd-menu-item`)?.textContent, FURIOSA, {
      what: 'the follow menu',
    });
    assert.equal(
      await page.evaluate((id) => document.querySelector(`[data-pd-id="${id}"] .pd-menu .pd-menu-item`).textContent, FURIOSA),
      'Follow FuriosaAI',
    );
    await press(page, `[data-pd-id="${FURIOSA}"] .pd-menu .pd-menu-item`);
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-follow-mark:not([hidden])`), FURIOSA, {
      what: 'the following mark',
    });
    assert.equal(await markOf(page, FURIOSA), 'following: FuriosaAI');

    const stored = await b.openPopup().then(async (p) => {
      const rules = await readTable(p, 'rules');
      await p.close();
      return rules;
    });
    assert.deepEqual(
      stored.filter((r) => r.action === 'follow').map((r) => [r.action, r.kind, r.pattern]),
      [['follow', 'organization', 'FuriosaAI']],
    );

    await page.reload();
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-follow-mark:not([hidden])`), FURIOSA, {
      what: 'the following mark after a reload',
    });
    assert.equal(await markOf(page, FURIOSA), 'following: FuriosaAI');
    // The other cards are not followed.
    for (const id of WITHOUT_CODE.filter((x) => x !== FURIOSA)) assert.equal(await markOf(page, id), null);

    // Unfollow from the mark, leaving the profile as found.
    await press(page, `[data-pd-id="${FURIOSA}"] .pd-follow-mark`);
    await until(page, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-menu .pd-menu-item`), FURIOSA, {
      what: 'the unfollow menu',
    });
    await press(page, `[data-pd-id="${FURIOSA}"] .pd-menu .pd-menu-item`);
    await until(page, (id) => !document.querySelector(`[data-pd-id="${id}"] .pd-follow-mark:not([hidden])`), FURIOSA, {
      what: 'the mark gone',
    });
    await page.close();
  },

  async '"with code only" in the pill folds the papers without code, with the reason, and gives them back'(b) {
    const page = await b.open('/papers');
    await until(page, () => !!document.querySelector('.pd-pill .pd-filters'), undefined, { what: 'the pill filters' });
    await press(page, '.pd-pill .pd-filters');
    await until(page, () => !!document.querySelector('.pd-pill .pd-filter'), undefined, { what: 'the pill filter' });
    await press(page, '.pd-pill .pd-filter');
    await until(
      page,
      // Folded (by the filter, or by a hide rule an earlier scenario left: a rule's reason wins).
      (ids) => ids.every((id) => document.querySelector(`[data-pd-id="${id}"]`)?.hasAttribute('data-pd-hidden')),
      WITHOUT_CODE,
      { what: 'papers without code folded' },
    );
    const state = await page.evaluate(
      ({ withCode, without }) => ({
        withCode: document.querySelector(`[data-pd-id="${withCode}"]`).hasAttribute('data-pd-hidden'),
        reasons: without.map((id) => document.querySelector(`[data-pd-id="${id}"] .pd-fold-text`)?.textContent ?? ''),
        pressed: document.querySelector('.pd-pill .pd-filter').getAttribute('aria-pressed'),
      }),
      { withCode: WITH_CODE, without: WITHOUT_CODE },
    );
    assert.equal(state.withCode, false, 'the paper with code stays');
    assert.equal(state.pressed, 'true');
    const byFilter = state.reasons.filter((r) => r.startsWith('Hidden by the filter'));
    assert.ok(byFilter.length > 0, `some card names the filter: ${JSON.stringify(state.reasons)}`);
    for (const reason of byFilter) assert.match(reason, /^Hidden by the filter “with code only”: /);
    await press(page, '.pd-pill .pd-filter');
    // (Earlier scenarios may leave hide rules: only what the filter folded is looked at.)
    await until(
      page,
      (ids) => ids.every((id) => !document.querySelector(`[data-pd-id="${id}"]`)?.hasAttribute('data-pd-hidden')),
      WITHOUT_CODE,
      {
        what: 'every card back',
      },
    );
    await page.close();
  },
};
