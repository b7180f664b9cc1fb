import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Library } from '../lib/db/library';

/**
 * What the popup and the library page work with. The entrypoints provide the real singleton;
 * tests provide a Library over a database of their own (fake-indexeddb, one name per test).
 */
export interface Services {
  library: Library;
  /** The clock ("seen today", export file names); tests pin it. */
  now: () => number;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('Paperdeck UI rendered outside <ServicesContext.Provider>');
  return services;
}

export function servicesFor(library: Library, now: () => number = Date.now): Services {
  return { library, now };
}
