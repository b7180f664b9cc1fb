import { browser } from 'wxt/browser';
// The library beside the page: Chrome's side panel, Firefox's sidebar (WXT writes `side_panel`
// or `sidebar_action` in the manifest). The popup's view, stretched to the panel's size.
import { render } from 'preact';
import { servicesFor, ServicesContext } from '../../components/context';
import { localiseDocument } from '../../components/document';
import { POPUP_FIRST_READ } from '../../components/first-screen';
import { Popup } from '../../components/Popup';
import { deferredLibrary } from '../../lib/db/deferred';
import { broadcastLibraryChanges } from '../../lib/messaging/changes';
import '../../components/styles.css';

localiseDocument('extName');
// The library's code (Dexie, zod) loads beside the first rows, which are read without it (lib/db/deferred.ts).
const library = deferredLibrary(() => import('../../lib/db').then((db) => db.openLibrary()), POPUP_FIRST_READ);
broadcastLibraryChanges(library);

render(
  <ServicesContext.Provider value={servicesFor(library)}>
    <Popup libraryUrl={browser.runtime.getURL('/library.html')} />
  </ServicesContext.Provider>,
  document.getElementById('app')!,
);
