import { render } from 'preact';
import { servicesFor, ServicesContext } from '../../components/context';
import { LibraryPage } from '../../components/LibraryPage';
import { openLibrary } from '../../lib/db';
import '../../components/styles.css';

const services = servicesFor(openLibrary());

render(
  <ServicesContext.Provider value={services}>
    <LibraryPage />
  </ServicesContext.Provider>,
  document.getElementById('app')!,
);
