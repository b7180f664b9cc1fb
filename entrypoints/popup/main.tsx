import { render } from 'preact';
import { servicesFor, ServicesContext } from '../../components/context';
import { Popup } from '../../components/Popup';
import { openLibrary } from '../../lib/db';
import '../../components/styles.css';

const services = servicesFor(openLibrary());

render(
  <ServicesContext.Provider value={services}>
    <Popup libraryUrl={browser.runtime.getURL('/library.html')} />
  </ServicesContext.Provider>,
  document.getElementById('app')!,
);
