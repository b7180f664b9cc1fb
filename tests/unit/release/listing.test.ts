import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error: release tooling in plain JavaScript (tests/release), no type declarations
import * as listingTools from '../../release/listing.mjs';

type Permission = { permission: string; browsers: string[]; why: string };
type Listing = { permissions: Permission[]; description: string[] };
const { ROOT, README, readListing, readmeWithTable, permissionProblems, manifestTexts, SUMMARY_MAX, descriptionText } = listingTools as {
  ROOT: string;
  README: string;
  SUMMARY_MAX: number;
  readListing: (file?: string) => Listing;
  readmeWithTable: (readme: string, listing?: Listing) => string;
  permissionProblems: (listing: Listing, manifest: object, browser: string) => string[];
  manifestTexts: () => { name: string; summary: string };
  descriptionText: (listing?: Listing) => string;
};

describe('the store listing (tests/release/listing.json)', () => {
  const listing = readListing();

  it("is the source of the README's permissions table: the table is current", () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme, 'README.md is out of date: run `node tests/release/listing.mjs readme`').toBe(readmeWithTable(readme, listing));
    for (const p of listing.permissions) expect(readme).toContain(`\`${p.permission}\``);
  });

  it('justifies each permission once', () => {
    const names = listing.permissions.map((p) => p.permission);
    expect(new Set(names).size).toBe(names.length);
  });

  it('fits the stores: a summary of at most 132 characters, a plain-text description under 16,000', () => {
    expect(manifestTexts().summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    const text = descriptionText(listing);
    expect(text.length).toBeLessThan(16_000);
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('names both ways a manifest can disagree with it', () => {
    const manifest = { permissions: ['storage', 'tabs'], host_permissions: ['https://huggingface.co/*'] };
    const problems = permissionProblems(listing, manifest, 'firefox');
    expect(problems).toContain('firefox: the manifest asks for "tabs", which tests/release/listing.json does not justify');
    expect(problems).toContain('firefox: tests/release/listing.json justifies "contextMenus", which the manifest does not ask for');
  });

  it('refuses a permission without a justification', () => {
    const file = path.join(ROOT, 'tests/release/listing.json');
    const bad = { ...JSON.parse(readFileSync(file, 'utf8')), permissions: [{ permission: 'tabs', browsers: ['chrome'], why: '' }] };
    const tmp = path.join(tmpdir(), `listing-${process.pid}.json`);
    writeFileSync(tmp, JSON.stringify(bad));
    expect(() => readListing(tmp)).toThrow(/permissions\[0\]\.why/);
  });
});

describe('PRIVACY.md', () => {
  it('exists and is linked from the README', () => {
    const privacy = readFileSync(path.join(ROOT, 'PRIVACY.md'), 'utf8');
    expect(privacy).toMatch(/## How to delete everything/);
    expect(readFileSync(README, 'utf8')).toContain('](PRIVACY.md)');
  });
});
