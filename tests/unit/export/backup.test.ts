import fc from 'fast-check';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MAX_BACKUP_BYTES,
  parseBackup,
  parseBackupFile,
  serializeBackup,
  type BackupResult,
} from '../../../lib/export/backup';
import type { LibrarySnapshot } from '../../../lib/model/library';
import { fixtureSnapshot, NOW, P_SCRIPT } from './fixture';

const APP = { name: 'Paperdeck', version: '0.1.0' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reaches into the envelope's JSON freely
function backupText(mutate?: (envelope: Record<string, any>) => void): string {
  const envelope = JSON.parse(serializeBackup(fixtureSnapshot(), NOW, APP));
  mutate?.(envelope);
  return JSON.stringify(envelope);
}

function refusal(result: BackupResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

describe('serializeBackup', () => {
  it('writes a versioned, pretty-printed envelope', () => {
    const text = serializeBackup(fixtureSnapshot(), NOW, APP);
    expect(text.startsWith('{\n  "format": "paperdeck-backup",\n  "version": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const envelope = JSON.parse(text);
    expect(envelope).toMatchObject({ format: BACKUP_FORMAT, version: 1, exportedAt: NOW.toISOString(), app: APP });
    expect(Object.keys(envelope.library)).toEqual(['papers', 'stars', 'tags', 'paperTags', 'rules', 'settings', 'notes', 'notInterested']);
  });

  it('a backup with a follow rule is version 2 (a version-1 reader would take it for a hide rule); both read back', () => {
    const plain = fixtureSnapshot();
    expect(JSON.parse(serializeBackup(plain, NOW, APP)).version).toBe(1);
    const withFollow: LibrarySnapshot = {
      ...plain,
      rules: [...plain.rules, { id: 'follow-1', action: 'follow', kind: 'author', pattern: 'Jane Doe', enabled: true, createdAt: 1 }],
    };
    const text = serializeBackup(withFollow, NOW, APP);
    expect(JSON.parse(text).version).toBe(2);
    const read = parseBackup(text);
    expect(read.ok && read.backup.library.rules.at(-1)).toEqual(withFollow.rules.at(-1));
    expect(parseBackup(serializeBackup(plain, NOW, APP)).ok).toBe(true);
  });

  it('writes only the contract fields of the snapshot', () => {
    const snapshot = { ...fixtureSnapshot(), extra: 'not part of the contract' } as LibrarySnapshot;
    expect(serializeBackup(snapshot, NOW)).not.toContain('not part of the contract');
  });
});

describe('parseBackup', () => {
  it('round-trips serialize → parse to a deep-equal library', () => {
    const result = parseBackup(serializeBackup(fixtureSnapshot(), NOW, APP));
    expect(result).toEqual({
      ok: true,
      backup: { format: BACKUP_FORMAT, version: 1, exportedAt: NOW.toISOString(), app: APP, library: fixtureSnapshot() },
    });
  });

  it('accepts bytes, a leading byte-order mark, and a File-like blob', async () => {
    const text = serializeBackup(fixtureSnapshot(), NOW, APP);
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    expect(parseBackup(bytes).ok).toBe(true);
    expect(parseBackup(bytes.buffer).ok).toBe(true);
    expect((await parseBackupFile(new Blob([text]))).ok).toBe(true);
  });

  it('keeps a title holding a <script> as the same plain string', () => {
    const result = parseBackup(serializeBackup(fixtureSnapshot(), NOW));
    expect(result.ok).toBe(true);
    const title = result.ok ? result.backup.library.papers.find((p) => p.id === P_SCRIPT.id)?.title : undefined;
    expect(title).toBe('-Net: Negative Results <script>alert(1)</script> [x](javascript:alert(1))');
    expect(typeof title).toBe('string');
  });

  it('refuses a truncated file', () => {
    const text = serializeBackup(fixtureSnapshot(), NOW);
    expect(refusal(parseBackup(text.slice(0, text.length / 2)))).toBe(
      'The file is not valid JSON (it may be truncated). Nothing was imported.',
    );
  });

  it('refuses any truncation and random bytes without throwing (property)', () => {
    const text = serializeBackup(fixtureSnapshot(), NOW);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 3 }), (cut) => {
        expect(parseBackup(text.slice(0, cut)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (input) => {
          const result = parseBackup(input);
          expect(result.ok).toBe(false);
          expect(typeof (result as { error: string }).error).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  }, 20_000);

  it('refuses an empty file', () => {
    expect(refusal(parseBackup(''))).toMatch(/empty/);
    expect(refusal(parseBackup(' \n'))).toMatch(/empty/);
  });

  it('refuses what is not a Paperdeck backup', () => {
    for (const text of ['[]', 'null', '"paperdeck-backup"', '42', '{}', JSON.stringify({ format: 'zotero-rdf', version: 1 })]) {
      expect(refusal(parseBackup(text))).toBe('This file is not a Paperdeck backup. Nothing was imported.');
    }
    // A bare snapshot (no envelope) is not a backup either.
    expect(refusal(parseBackup(JSON.stringify(fixtureSnapshot())))).toMatch(/not a Paperdeck backup/);
  });

  it('refuses a backup from a newer Paperdeck, asking to update', () => {
    const error = refusal(parseBackup(backupText((e) => (e.version = BACKUP_VERSION + 1))));
    expect(error).toMatch(/made by a newer Paperdeck/);
    expect(error).toMatch(/Update the extension/);
  });

  it('refuses a missing or malformed version', () => {
    for (const version of [undefined, 0, -1, 1.5, '1', null]) {
      expect(refusal(parseBackup(backupText((e) => (e.version = version))))).toMatch(/no valid version/);
    }
  });

  it('summarises schema problems with their paths, the first few only', () => {
    const error = refusal(
      parseBackup(
        backupText((e) => {
          e.library.papers[0].id = 'not-an-id';
          e.library.papers[1].title = '';
          e.library.stars[0].starredAt = -5;
          e.library.tags[0].colour = 'neon';
          e.library.rules[0].kind = 'magic';
        }),
      ),
    );
    expect(error).toMatch(/^The backup is damaged or was edited by hand: /);
    expect(error).toContain('library.papers[0].id: not an arXiv id');
    expect(error).toContain('library.papers[1].title');
    expect(error).toContain('library.stars[0].starredAt');
    expect(error).toContain('(and 2 more)');
  });

  it('refuses unknown keys in the envelope and a malformed date', () => {
    expect(refusal(parseBackup(backupText((e) => (e.signature = 'x'))))).toMatch(/signature/);
    expect(refusal(parseBackup(backupText((e) => (e.app.extra = 1))))).toMatch(/app/);
    expect(refusal(parseBackup(backupText((e) => (e.exportedAt = 'yesterday'))))).toMatch(/exportedAt/);
  });

  it('refuses prototype-pollution keys anywhere, and pollutes nothing', () => {
    const cases = [
      // Nested inside a paper.
      backupText().replace('"id":"2412.14689"', '"id":"2412.14689","__proto__":{"polluted":true}'),
      // Hidden behind a JSON escape.
      backupText().replace('"id":"2412.14689"', '"id":"2412.14689","\\u005f_proto__":{"polluted":true}'),
      // constructor.prototype at the top.
      backupText().replace('{"format"', '{"constructor":{"prototype":{"polluted":true}},"format"'),
      // In the settings.
      backupText().replace('"dimSeen":true', '"dimSeen":true,"prototype":1'),
    ];
    for (const text of cases) {
      expect(refusal(parseBackup(text))).toMatch(
        /^The file contains the key "(__proto__|constructor|prototype)", which no Paperdeck backup has; it was refused as unsafe/,
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a backup made before "not interested" marks travelled (no such field), and checks them when present', () => {
    const old = parseBackup(backupText((e) => delete e.library.notInterested));
    expect(old.ok && old.backup.library.notInterested).toBeUndefined();
    expect(old.ok && old.backup.library.stars).toEqual(fixtureSnapshot().stars);
    // A mark may name a paper the backup lacks (the library keeps marks of deleted papers).
    expect(parseBackup(backupText((e) => e.library.notInterested.push({ paperId: '2601.99999', at: 1 }))).ok).toBe(true);
    expect(refusal(parseBackup(backupText((e) => e.library.notInterested.push({ paperId: 'not an id', at: 1 }))))).toMatch(
      /notInterested\[1\]\.paperId/,
    );
    expect(refusal(parseBackup(backupText((e) => (e.library.notInterested[0].at = 'yesterday'))))).toMatch(/notInterested\[0\]\.at/);
  });

  it('does not mistake the words for keys when they are values', () => {
    const text = backupText((e) => {
      e.library.papers[0].title = '__proto__ constructor prototype';
      e.library.tags[0].name = 'constructor';
    });
    expect(parseBackup(text).ok).toBe(true);
  });

  it('refuses broken references and duplicates', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    const cases: [(e: Record<string, any>) => void, RegExp][] = [
      [
        (e) => e.library.stars.push({ paperId: '2601.99999', starredAt: 1 }),
        /a star refers to paper 2601\.99999, which is not in the backup/,
      ],
      [
        (e) => e.library.paperTags.push({ paperId: '2412.14689', tagId: 'ghost', taggedAt: 1 }),
        /tag id "ghost", which is not in the backup/,
      ],
      [(e) => e.library.paperTags.push({ paperId: '2601.99999', tagId: 'tag-llm', taggedAt: 1 }), /refers to paper 2601\.99999/],
      [(e) => e.library.papers.push(e.library.papers[0]), /paper 2412\.14689 appears twice/],
      [(e) => e.library.tags.push({ ...e.library.tags[0], id: 'tag-2', name: 'llm' }), /two tags are named "llm"/],
      [(e) => e.library.stars.push(e.library.stars[0]), /starred twice/],
      [(e) => e.library.notInterested.push(e.library.notInterested[0]), /marked "not interested" twice/],
      [
        (e) => e.library.rules.push({ ...e.library.rules[1], id: 'rule-3', pattern: '(unclosed' }),
        /regular expression \/\(unclosed\/ is not valid/,
      ],
    ];
    for (const [mutate, message] of cases) {
      const error = refusal(parseBackup(backupText(mutate)));
      expect(error).toMatch(/^The backup is inconsistent: /);
      expect(error).toMatch(message);
    }
  });

  it('refuses input over the size cap before parsing it', () => {
    const text = serializeBackup(fixtureSnapshot(), NOW);
    const error = refusal(parseBackup(text, { maxBytes: 1000 }));
    expect(error).toMatch(/^The file is too large \(0\.0 MB\); a Paperdeck backup is at most 0\.0 MB/);
    expect(refusal(parseBackup(new TextEncoder().encode(text), { maxBytes: 1000 }))).toMatch(/too large/);
    // Counted in UTF-8 bytes, not characters: 400 three-byte characters are 1,200 bytes.
    expect(refusal(parseBackup('日'.repeat(400), { maxBytes: 1000 }))).toMatch(/too large/);
    expect(refusal(parseBackup('日'.repeat(300), { maxBytes: 1000 }))).toMatch(/not valid JSON/);
  });

  it('refuses a large file by its size without reading it', async () => {
    const arrayBuffer = vi.fn(async () => new ArrayBuffer(0));
    const error = refusal(await parseBackupFile({ size: 100 * 1024 * 1024, arrayBuffer }));
    expect(error).toBe('The file is too large (100.0 MB); a Paperdeck backup is at most 50.0 MB. Nothing was imported.');
    expect(arrayBuffer).not.toHaveBeenCalled();
  });

  it('refuses a real 60 MB string quickly', () => {
    const started = performance.now();
    expect(refusal(parseBackup('x'.repeat(60 * 1024 * 1024)))).toMatch(/too large \(60\.0 MB\)/);
    // 20 M characters, but 60 MB of UTF-8: found by counting, not by the character length.
    expect(refusal(parseBackup('日'.repeat(20 * 1024 * 1024)))).toMatch(/too large \(60\.0 MB\)/);
    // Refused by size, without parsing (a generous bound: the test machine may be busy).
    expect(performance.now() - started).toBeLessThan(5000);
    expect(MAX_BACKUP_BYTES).toBe(50 * 1024 * 1024);
  }, 20_000);

  it('refuses bytes that are not UTF-8, and deeply nested JSON', () => {
    expect(refusal(parseBackup(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toMatch(/not UTF-8/);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(refusal(parseBackup(deep))).toMatch(/nested too deeply/);
  });
});
