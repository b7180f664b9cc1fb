import { browser } from 'wxt/browser';
import { render } from 'preact';
import { servicesFor, ServicesContext } from '../../components/context';
import { localiseDocument } from '../../components/document';
import { POPUP_FIRST_READ } from '../../components/first-screen';
import { Popup } from '../../components/Popup';
import { deferredLibrary } from '../../lib/db/deferred';
import { broadcastLibraryChanges } from '../../lib/messaging/changes';
import '../../components/styles.css';

// Every module is loaded and evaluated: the benchmark's breakdown of the first render (components/perf.ts).
performance.mark('pd-main');
localiseDocument('extName');
// The library's code (Dexie, zod) loads beside the first rows, which are read without it (lib/db/deferred.ts).
const library = deferredLibrary(() => import('../../lib/db').then((db) => db.openLibrary()), POPUP_FIRST_READ);
// Writes made here (un-star, tags, rules) must reach open huggingface.co tabs too: they listen to
// the same storage.local announcement the background makes for its own writes.
broadcastLibraryChanges(library);
const services = servicesFor(library);

render(
  <ServicesContext.Provider value={services}>
    <Popup libraryUrl={browser.runtime.getURL('/library.html')} />
  </ServicesContext.Provider>,
  document.getElementById('app')!,
);
