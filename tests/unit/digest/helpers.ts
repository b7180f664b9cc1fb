import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DigestStorage } from '../../../lib/digest/store';

/** The API answer fixture (tests/fixtures/README.md, "api/daily_papers.json"). */
export function apiItems(): Array<Record<string, unknown> & { paper: Record<string, unknown> }> {
  return JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/api/daily_papers.json'), 'utf8')) as ReturnType<typeof apiItems>;
}

/** storage.local in memory, values copied as the browser's structured clone would. */
export class MemoryStorage implements DigestStorage {
  readonly data = new Map<string, unknown>();
  writes = 0;
  get(keys: string | string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const k of Array.isArray(keys) ? keys : [keys]) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return Promise.resolve(out);
  }
  set(items: Record<string, unknown>): Promise<void> {
    this.writes++;
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
    return Promise.resolve();
  }
  remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
    return Promise.resolve();
  }
}

/** A fetch that answers `body` (JSON-encoded unless a string) with `status`, counting calls. */
export function answering(body: unknown, status = 200) {
  const calls: string[] = [];
  const fetchFn = (url: string) => {
    calls.push(url);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status, headers: { 'content-type': 'application/json' } }));
  };
  return { calls, fetchFn };
}
