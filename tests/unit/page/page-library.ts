import type { Library } from '../../../lib/db/library';
import type { PageLibrary } from '../../../lib/page/types';

/** The page features' view of a real Library (fake-indexeddb), with the test's clock for writes. */
export function pageLibraryOf(library: Library, now: number): PageLibrary {
  return {
    recordRead: (reads) => library.recordRead(reads, now),
    staleTexts: (pairs) => library.staleTexts(pairs),
    getState: (ids) => library.getState(ids),
    star: (r) => library.star(r, now),
    unstar: (id) => library.unstar(id),
    tag: (id, name) => library.tag(id, name, now),
    untag: (id, tagId) => library.untag(id, tagId),
    listTags: () => library.listTags(),
    listRules: () => library.listRules(),
    addRule: (input) => library.addRule(input, now),
    removeRule: (id) => library.removeRule(id),
    updateRule: (id, patch) => library.updateRule(id, patch),
    getSettings: () => library.getSettings(),
    setNote: (id, text) => library.setNote(id, text, now),
    setStatus: (id, status) => library.setStatus(id, status, now),
    starMany: (ids) => library.starMany(ids, now),
    unstarMany: (ids) => library.unstarMany(ids),
  };
}
