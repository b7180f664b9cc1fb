import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { StoredPaper } from '../model/library';

/**
 * Every paper row written gets `updatedAt`: when it was last written (Date.now() at the write, not
 * the `now` a caller passes for the page read). Indexed (schema v6), it answers "which papers
 * changed since t" without reading the table: an extension page that saved its rows' summary
 * (components/store.ts) reads back only those. One Dexie middleware, so that no write path —
 * page reads, stars, imports, sync, those to come — can forget it.
 *
 * Rows written before v6 have no `updatedAt` and are not in the index: nothing needs them there,
 * since a summary is only ever made by reading the rows after the upgrade.
 */
export const UPDATED_AT = 'updatedAt' satisfies keyof StoredPaper;

function stamp(req: DBCoreMutateRequest): DBCoreMutateRequest {
  // A schema upgrade rewrites rows it keeps (database.ts): they are not written by anyone.
  if ((req.type !== 'put' && req.type !== 'add') || (req.trans as unknown as IDBTransaction).mode === 'versionchange') return req;
  const now = Date.now();
  return { ...req, values: req.values.map((v: object) => ({ ...v, [UPDATED_AT]: now })) };
}

export const stampPaperWrites: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'paperUpdatedAt',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      return name === 'papers' ? { ...table, mutate: (req) => table.mutate(stamp(req)) } : table;
    },
  }),
};
