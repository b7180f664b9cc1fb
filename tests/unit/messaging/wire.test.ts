import { isChangeMessage } from '../../../lib/messaging/changes';
import { REQUEST_ARGS } from '../../../lib/messaging/protocol';
import { LIBRARY_METHODS, makeRequest, readResponse } from '../../../lib/messaging/wire';
import { DEFAULT_SETTINGS } from '../../../lib/model/defaults';
import { Settings } from '../../../lib/model/library';

describe('the wire format, without zod', () => {
  it('lists exactly the methods the background validates', () => {
    expect([...LIBRARY_METHODS].sort()).toEqual(Object.keys(REQUEST_ARGS).sort());
  });

  it('drops trailing undefined arguments', () => {
    expect(makeRequest('getState', [['2501.00001'], undefined]).args).toEqual([['2501.00001']]);
  });

  it('reads well-formed replies and refuses anything else', () => {
    expect(readResponse({ ok: true, value: { a: 1 } })).toEqual({ ok: true, value: { a: 1 } });
    expect(readResponse({ ok: true, value: null })).toEqual({ ok: true, value: null });
    expect(readResponse({ ok: false, error: { code: 'quota', message: 'full', detail: 'x' } })).toEqual({
      ok: false,
      error: { code: 'quota', message: 'full', detail: 'x' },
    });
    for (const bad of [
      undefined,
      null,
      'ok',
      [],
      { ok: true },
      { ok: 'yes', value: 1 },
      { ok: false },
      { ok: false, error: { code: 'nope', message: 'm' } },
      { ok: false, error: { code: 'quota', message: 3 } },
      { ok: false, error: { code: 'quota', message: 'm', detail: {} } },
    ]) {
      expect(readResponse(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('accepts change announcements in our shape only', () => {
    expect(isChangeMessage({ seq: 1, at: 2, ids: ['2501.00001'], what: ['stars'] })).toBe(true);
    expect(isChangeMessage({ seq: 1.5, at: 2, ids: [], what: [] })).toBe(false);
    expect(isChangeMessage({ seq: 1, at: 2, ids: [3], what: [] })).toBe(false);
    expect(isChangeMessage({ seq: 1, at: 2, ids: [], what: ['everything'] })).toBe(false);
    expect(isChangeMessage(null)).toBe(false);
  });

  it('the plain default settings are the schema defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual(Settings.parse({}));
  });
});
