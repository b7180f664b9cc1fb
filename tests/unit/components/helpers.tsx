import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { PaperdeckDB } from '../../../lib/db/database';
import { Library } from '../../../lib/db/library';
import type { PaperRecord } from '../../../lib/model/paper';
import { servicesFor, ServicesContext } from '../../../components/context';

/** 23 Nov 2026, 15:00 local time: "today" in every UI test. */
export const NOW = new Date(2026, 10, 23, 15, 0, 0).getTime();
export const HOUR = 3_600_000;

let dbCounter = 0;

/** A Library over a fresh fake-indexeddb database (one name per test). */
export function freshLibrary(): Library {
  return new Library(new PaperdeckDB(`pd-ui-test-${Date.now()}-${++dbCounter}`));
}

let paperCounter = 0;
export function record(over: Partial<PaperRecord> = {}): PaperRecord {
  paperCounter++;
  return {
    id: `2411.${String(10000 + paperCounter)}`,
    title: `Paper number ${paperCounter}`,
    seenOn: { view: 'daily', url: 'https://huggingface.co/papers' },
    ...over,
  };
}

export function renderWith(ui: ComponentChildren, library: Library, now = NOW) {
  return render(<ServicesContext.Provider value={servicesFor(library, () => now)}>{ui}</ServicesContext.Provider>);
}

/** Titles of the papers a list shows, in order. */
export function titlesIn(container: ParentNode, selector = '.pd-title'): string[] {
  return [...container.querySelectorAll(selector)].map((a) => a.textContent ?? '');
}
