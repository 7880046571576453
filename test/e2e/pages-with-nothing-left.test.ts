/**
 * Pages the cleaner leaves with only a cookie notice or a paywall stub: two different stories
 * that keep the same notice must not be merged on it, and the report says why they stand alone.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, runJson } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { sqliteMissing } from '../helpers/sqlite.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

const COOKIE_NOTICE =
  'We use cookies to give you the best experience on our website. If you continue browsing, we will assume that you are happy to receive all cookies from this website and its partners.';

/** A scraped page whose story did not come through: menus, teasers and a footer around a cookie notice. */
function stubPage(topic: string): string {
  const menu = ['Home', 'Local News', 'Sport', 'Weather', 'Obituaries', 'Classifieds', 'E-Edition', 'Contact us'];
  const teasers = Array.from({ length: 12 }, (_, i) => `${topic} update number ${i + 1} from our newsroom`);
  return [...menu, '', `${topic} latest`, '', COOKIE_NOTICE, '', 'Related Articles', ...teasers, '', 'Privacy Policy', 'Terms of Use'].join('\n');
}

describe('pages with nothing left after cleaning', () => {
  it('does not merge two pages that keep only the same cookie notice, and flags both in --json', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a/harbour.txt': stubPage('Harbour bridge'), 'b/election.txt': stubPage('County election') });
    const report = await runJson([dir]);
    expect(report.summary.duplicates).toBe(0);
    const members = report.clusters.flatMap((c) => c.members) as Array<{ id: string; unmatched?: string }>;
    expect(members).toHaveLength(2);
    for (const m of members) expect(m.unmatched).toMatch(/too little text/);
  });

  it('explain gives the same verdict for the pair', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': stubPage('Harbour bridge'), 'b.txt': stubPage('County election') });
    const { stdout } = await runCli(['explain', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'), '--json']);
    const explained = JSON.parse(stdout) as { verdict: { duplicate: boolean; rule: string } };
    expect(explained.verdict.duplicate).toBe(false);
    expect(explained.verdict.rule).toBe('too-little-text');
  });

  it('leaves short texts that came in short matchable', async () => {
    const dir = tempDir();
    const item = 'Harbour bridge reopens to traffic after repairs, council says';
    writeFiles(dir, { 'items.jsonl': [JSON.stringify({ id: 'x1', text: item }), JSON.stringify({ id: 'x2', text: item })].join('\n') + '\n' });
    const report = await runJson([path.join(dir, 'items.jsonl')]);
    expect(report.summary.duplicates).toBe(1);
    const members = report.clusters.flatMap((c) => c.members) as Array<{ unmatched?: string }>;
    for (const m of members) expect(m.unmatched).toBeUndefined();
  });

  it.skipIf(sqliteMissing)('an --index run keeps them apart too, and matches the short texts, as a run without an index does', async () => {
    // The index stores the too-little-text flag and a short document's whole shingle set, and compares them as a run does.
    const dir = tempDir();
    writeFiles(dir, { 'a/harbour.txt': stubPage('Harbour bridge'), 'b/election.txt': stubPage('County election') });
    const stubs = await runJson([dir, '--index', path.join(dir, 'stubs.db')]);
    expect(stubs.summary.added).toBe(2);
    expect(stubs.clusters).toHaveLength(0);

    const item = 'Harbour bridge reopens to traffic after repairs, council says';
    writeFiles(dir, { 'items.jsonl': [JSON.stringify({ id: 'x1', text: item }), JSON.stringify({ id: 'x2', text: item }), JSON.stringify({ id: 'x3', text: 'County election count delayed by a day' })].join('\n') + '\n' });
    const items = await runJson([path.join(dir, 'items.jsonl'), '--index', path.join(dir, 'items.db')]);
    expect(items.clusters.map((c) => c.members.map((m) => m.id).sort())).toEqual([['x1', 'x2']]);
  });
});
