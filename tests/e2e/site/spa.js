// Test-only stand-in for huggingface.co's client-side code, from what the live site is known to do
// (shared/fixtures/README.md):
//  - navigation: clicking a link marked `data-spa-link` (or window.__spaNavigate(path)) fetches the
//    next view's fixture, swaps the page's <main> in place and pushes history — no document load,
//    like the real site's date arrows;
//  - the Daily/Weekly/Monthly buttons (`data-fixture-tab`): the URL is pushed, the new period's cards
//    replace the list, and the SAME island's data-props is rewritten with the new period's JSON a
//    moment later (the live island briefly still holds the old period);
//  - search pages: the server sends the default listing; the results (the fixture's
//    <template data-fixture-results>) replace its cards after a request — here in two renders, the
//    first half of the results and then all of them, as a grid re-rendered while results arrive;
//  - window.__appendCards(html) appends cards the way an infinite scroll would.
(() => {
  /** How long the fake requests take. */
  const LATENCY = 250;
  const later = (ms) => new Promise((r) => setTimeout(r, ms));

  async function fetchPage(path) {
    const res = await fetch('/__fixture/page' + path);
    return new DOMParser().parseFromString(await res.text(), 'text/html');
  }

  async function navigate(path) {
    const doc = await fetchPage(path);
    const next = doc.querySelector('main');
    const current = document.querySelector('main');
    if (!next || !current) throw new Error('spa shim: no <main> to swap');
    history.pushState({}, '', path);
    current.replaceWith(document.importNode(next, true));
    document.title = doc.title;
    window.dispatchEvent(new Event('fixture:navigated'));
    showSearchResults();
  }

  async function switchTab(path) {
    const doc = await fetchPage(path);
    const island = document.querySelector('[data-target="DailyPapers"]');
    const list = document.querySelector('[data-fixture-list]');
    const nextIsland = doc.querySelector('[data-target="DailyPapers"]');
    const nextList = doc.querySelector('[data-fixture-list]');
    if (!island || !list || !nextIsland || !nextList) throw new Error('spa shim: no island or list to switch');
    history.pushState({}, '', path);
    list.replaceChildren(...[...nextList.childNodes].map((n) => document.importNode(n, true)));
    await later(LATENCY);
    island.setAttribute('data-props', nextIsland.getAttribute('data-props'));
    window.__fixtureTabSwitched = path;
  }

  async function showSearchResults() {
    const template = document.querySelector('template[data-fixture-results]');
    const list = document.querySelector('[data-fixture-list]');
    if (!template || !list) return;
    const results = () => document.importNode(template.content, true);
    await later(LATENCY);
    const first = results();
    const cards = first.querySelectorAll('article');
    for (let i = Math.ceil(cards.length / 2); i < cards.length; i++) cards[i].remove();
    list.replaceChildren(first);
    await later(LATENCY);
    list.replaceChildren(results());
    window.__fixtureResultsShown = true;
  }

  window.__spaNavigate = navigate;
  window.__appendCards = (html, selector) => {
    const list = document.querySelector(selector || 'main [data-fixture-list]') || document.querySelector('main');
    const tpl = document.createElement('template');
    tpl.innerHTML = html; // test-controlled fixture markup only
    list.append(tpl.content);
  };
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest('a[data-spa-link]');
    if (link) {
      event.preventDefault();
      navigate(link.getAttribute('href'));
      return;
    }
    const tab = target?.closest('button[data-fixture-tab]');
    if (tab) switchTab(tab.getAttribute('data-fixture-tab'));
  });
  showSearchResults();
})();
