// The page snapshot path and "no flash" (issue 14), in real Chromium: with the extension's service
// worker stopped (CDP ServiceWorker.stopAllWorkers, checked through the worker's running status),
// a papers page is decorated from storage.local alone — the starred card starred with its tag, the
// card a rule hides folded with the rule's reason — before the worker is started again; and a
// look at every frame (requestAnimationFrame runs right before the browser paints) shows the
// starred card never visible with an unpressed star, and the hidden card never visible unfolded.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { launchChromium } from './harness/chromium.mjs';
import { expected, until } from './harness/util.mjs';

const NS = 'paperdeck/library@1';

let b;
before(async () => {
  b = await launchChromium();
});
after(async () => {
  await b?.close();
});

/** Calls the library as the popup does (a message to the background): the background rewrites the snapshot. */
async function call(method, args) {
  const popup = await b.openPopup();
  try {
    const reply = await popup.evaluate((m) => globalThis.chrome.runtime.sendMessage(m), { ns: NS, method, args });
    assert.ok(reply?.ok, `${method}: ${JSON.stringify(reply)}`);
    return reply.value;
  } finally {
    await popup.close();
  }
}

/** The snapshot the background keeps for pages (lib/snapshot), read from an extension page. */
async function snapshot() {
  const popup = await b.openPopup();
  try {
    return await popup.evaluate(() => globalThis.chrome.storage.local.get('pd:page').then((o) => o['pd:page'] ?? null));
  } finally {
    await popup.close();
  }
}

test('chromium: with the service worker stopped, cards are starred, tagged and folded from the snapshot, right in their first painted frame', async () => {
  const exp = expected('trending.html');
  const [starred, hidden] = [exp.records[0], exp.records[1]];
  const word = hidden.title.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w) && !starred.title.toLowerCase().includes(w.toLowerCase()));
  assert.ok(word, 'a word of the second title to hide it by');

  // The papers are recorded by a visit; the first one is starred with a real click, tagged and a
  // rule hides the second, through the library (as the popup and the page do).
  const setup = await b.open('/papers/trending');
  await until(setup, (id) => !!document.querySelector(`[data-pd-id="${id}"] .pd-star`), starred.id, { what: 'toolbar' });
  await setup.click(`[data-pd-id="${starred.id}"] .pd-star`);
  await until(setup, (id) => document.querySelector(`[data-pd-id="${id}"] .pd-star`)?.getAttribute('aria-pressed') === 'true', starred.id, {
    what: 'starred',
  });
  await setup.close();
  await call('tag', [starred.id, 'snapshot-e2e']);
  await call('addRule', [{ kind: 'keyword', pattern: word }]);
  for (let i = 0; ; i++) {
    const s = await snapshot();
    if (s?.rules?.some((r) => r.pattern === word) && s.tags?.some((t) => t.name === 'snapshot-e2e')) break;
    if (i > 100) throw new Error(`the snapshot never got the rule and the tag: ${JSON.stringify(s)?.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // Stop the worker, see it stopped, and note when it runs again (the test's clock: Date.now()).
  const page = await b.newPage();
  const cdp = await b.context.newCDPSession(page);
  const extensionScope = `chrome-extension://${b.extensionId}/`;
  let status = 'unknown';
  let startedAt = null;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(extensionScope)) continue;
      status = v.runningStatus;
      if (status !== 'stopped' && status !== 'stopping' && startedAt === null && stopped) startedAt = Date.now();
    }
  });
  let stopped = false;
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  for (let i = 0; status !== 'stopped'; i++) {
    if (i > 100) throw new Error(`the extension's worker did not stop (status: ${status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  stopped = true;

  await page.addInitScript(
    ([starredId, hiddenId]) => {
      const w = window;
      w.__pd = { frames: 0, flash: [], starredShownAt: null, foldedAt: null, starMadeAt: null, foldMadeAt: null };
      const cardOf = (id) => [...document.querySelectorAll('article')].find((a) => a.querySelector(`h3 a[href*="/papers/${id}"]`));
      const visible = (el) => el.checkVisibility({ visibilityProperty: true }) && el.getBoundingClientRect().height > 0;
      const frame = () => {
        w.__pd.frames++;
        const s = cardOf(starredId);
        if (s && visible(s) && w.__pd.starredShownAt === null) {
          const star = [...s.querySelectorAll('.pd-star')].find((x) => x.checkVisibility());
          const chip = [...s.querySelectorAll('.pd-chip')].map((c) => c.textContent);
          if (star?.getAttribute('aria-pressed') === 'true' && chip.includes('snapshot-e2e')) w.__pd.starredShownAt = Date.now();
          else w.__pd.flash.push(`frame ${w.__pd.frames}: starred card shown ${star ? 'unstarred or untagged' : 'without its star'}`);
        }
        const h = cardOf(hiddenId);
        if (h?.hasAttribute('data-pd-hidden')) w.__pd.foldedAt ??= Date.now();
        else if (h && visible(h)) w.__pd.flash.push(`frame ${w.__pd.frames}: hidden card shown unfolded`);
        if (w.__pd.frames < 600 && (w.__pd.starredShownAt === null || w.__pd.foldedAt === null || document.readyState !== 'complete'))
          requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      // When the decoration was made (a frame may come later): the pressed star put in, the fold set.
      new MutationObserver(() => {
        const s = cardOf(starredId);
        if (s?.querySelector('.pd-star[aria-pressed="true"]')) w.__pd.starMadeAt ??= Date.now();
        if (cardOf(hiddenId)?.hasAttribute('data-pd-hidden')) w.__pd.foldMadeAt ??= Date.now();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-pd-hidden', 'aria-pressed'] });
    },
    [starred.id, hidden.id],
  );
  await page.goto('https://huggingface.co/papers/trending');
  await until(page, () => window.__pd.starredShownAt !== null && window.__pd.foldedAt !== null, undefined, {
    what: 'starred card shown, hidden card folded',
  }).catch(async (e) => {
    throw new Error(`${e.message}: ${JSON.stringify(await page.evaluate(() => window.__pd))}`);
  });
  const seen = await page.evaluate(() => window.__pd);
  assert.ok(seen.frames > 0, 'frames were watched');
  assert.deepEqual(seen.flash, [], 'no frame showed a card wrong');

  // Decorated right: the star pressed, the tag, the fold naming the rule.
  const state = await page.evaluate(
    ([s, h]) => ({
      pressed: document.querySelector(`[data-pd-id="${s}"] .pd-star`)?.getAttribute('aria-pressed'),
      chips: [...document.querySelectorAll(`[data-pd-id="${s}"] .pd-chip`)].map((c) => c.textContent),
      fold: document.querySelector(`[data-pd-id="${h}"][data-pd-hidden] .pd-fold`)?.textContent ?? '',
    }),
    [starred.id, hidden.id],
  );
  assert.equal(state.pressed, 'true');
  assert.deepEqual(
    state.chips.filter((c) => c === 'snapshot-e2e'),
    ['snapshot-e2e'],
  );
  assert.match(state.fold, new RegExp(word, 'i'));

  // All of it made before the worker ran again: it is woken only after the paint (the page's records).
  assert.ok(seen.starMadeAt !== null && seen.foldMadeAt !== null, 'the decoration was seen being made');
  const decoratedAt = Math.max(seen.starMadeAt, seen.foldMadeAt);
  assert.ok(startedAt === null || decoratedAt < startedAt, `decorated at ${decoratedAt}, the worker started at ${startedAt}`);
  await page.close();

  // Leave the profile as found: no rule, no star.
  const rules = await call('listRules', []);
  for (const r of rules.filter((r) => r.pattern === word)) await call('removeRule', [r.id]);
  await call('unstar', [starred.id]);
});
