import { readFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error: release tooling in plain JavaScript (tests/release), no type declarations
import { ROOT, parseChangelog } from '../../release/changelog.mjs';
import messages from '../../../components/public/_locales/en/messages.json';

type Entry = { version: string; date: string; summary: string; body: string };
const pkg = JSON.parse(readFileSync(path.join(ROOT as string, 'package.json'), 'utf8')) as { version: string };

describe('CHANGELOG.md', () => {
  const entries = parseChangelog() as Entry[];

  it('has an entry for the version in package.json, the newest', () => {
    expect(entries[0]?.version).toBe(pkg.version);
  });

  it('its summary is what the popup says after the update (messages.json whatsNewSummary), word for word', () => {
    expect(messages.whatsNewSummary.message).toBe(entries[0]!.summary);
  });

  it('lists each version once, newest first', () => {
    const versions = entries.map((e) => e.version);
    expect(new Set(versions).size).toBe(versions.length);
    const key = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
    for (let i = 1; i < versions.length; i++) {
      const [a, b] = [key(versions[i - 1]!), key(versions[i]!)];
      const newer = a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
      expect(newer, `${versions[i - 1]} before ${versions[i]}`).toBeGreaterThan(0);
    }
  });

  it('refuses a heading it cannot read', () => {
    expect(() => parseChangelog('# Changelog\n\n## 0.3.0 (soon)\n\nText.\n')).toThrow(/must read/);
    expect(() => parseChangelog('## 0.3.0 — 2027-01-01\n\n### Added\n- x\n')).toThrow(/no summary/);
  });
});
