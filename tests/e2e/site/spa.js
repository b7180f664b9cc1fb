// Test-only stand-in for huggingface.co's client-side router. Clicking a link marked
// `data-spa-link` (or calling window.__spaNavigate(path)) fetches the next view's fixture,
// swaps the page's <main> in place and pushes history — no document load, like the real site's
// date arrows and search box. window.__appendCards(html) appends cards the way infinite scroll does.
(() => {
  async function navigate(path) {
    const res = await fetch('/__fixture/page' + path);
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const next = doc.querySelector('main');
    const current = document.querySelector('main');
    if (!next || !current) throw new Error('spa shim: no <main> to swap');
    history.pushState({}, '', path);
    current.replaceWith(document.importNode(next, true));
    document.title = doc.title;
    window.dispatchEvent(new Event('fixture:navigated'));
  }
  window.__spaNavigate = navigate;
  window.__appendCards = (html, selector) => {
    const list = document.querySelector(selector || 'main [data-fixture-list]') || document.querySelector('main');
    const tpl = document.createElement('template');
    tpl.innerHTML = html; // test-controlled fixture markup only
    list.append(tpl.content);
  };
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element && event.target.closest('a[data-spa-link]');
    if (!link) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
})();
