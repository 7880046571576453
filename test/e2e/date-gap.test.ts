/**
 * The date gap through the command line: a weekly notice re-run with the same wording stays apart
 * from last week's, a re-send the same day and a syndicated copy the next day join their story,
 * `--date-gap` and `--no-date-gap` (and the config key) change the outcome, and `explain` names
 * the rule with both dates and the gap. The gap counts business days: a Friday notice re-sent on
 * Monday joins it, the same notice a Thursday and the next Monday does not, alike with --index.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { sqliteMissing } from '../helpers/sqlite.js';
import { NOTICE, NOTICE_RECORDS } from '../helpers/weekly-notice.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

let feed: string;
let dir: string;

beforeAll(() => {
  dir = tempDir('dedupe-date-gap-');
  feed = path.join(dir, 'notices.jsonl');
  writeFileSync(feed, NOTICE_RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
});

async function clustersOf(args: string[], options: { cwd?: string } = {}): Promise<{ dateGap: number | null; groups: string[][] }> {
  const result = await runCli([feed, '--json', '--jobs', '1', ...args], options);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { params: { dateGap: number | null }; clusters: { size: number; members: { id: string }[] }[] };
  const groups = report.clusters.filter((c) => c.size > 1).map((c) => c.members.map((m) => m.id).sort());
  return { dateGap: report.params.dateGap, groups: groups.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}

describe('--date-gap', () => {
  it('keeps two weeks of one notice apart, with the same-day re-send and the next-day copy in their weeks', async () => {
    expect(await clustersOf([])).toEqual({
      dateGap: 1.5,
      groups: [
        ['tender-week-1', 'tender-week-1-resend'],
        ['tender-week-2', 'tender-week-2-outlet'],
      ],
    });
  });

  it('merges the weeks when the gap is wider than a week, or off by flag or config', async () => {
    const all = [NOTICE_RECORDS.map((r) => r.id).sort()];
    expect(await clustersOf(['--date-gap', '10'])).toEqual({ dateGap: 10, groups: all });
    expect(await clustersOf(['--no-date-gap'])).toEqual({ dateGap: null, groups: all });
    writeFileSync(path.join(dir, 'dedupe.config.json'), JSON.stringify({ dateGap: false }));
    expect(await clustersOf([], { cwd: dir })).toEqual({ dateGap: null, groups: all });
  });

  it('refuses a gap that is not a number of days above zero, pointing at the flag', async () => {
    const refused = await runCli([feed, '--date-gap', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--date-gap must be a number of days above 0');
  });
});

describe('dedupe explain and the date gap', () => {
  it('names the rule and shows both dates and the gap', async () => {
    const text = await runCli(['explain', `${feed}:1`, `${feed}:3`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^DIFFERENT STORIES: alike \(similarity 1\.00.*published 5\.0 business days apart \(2031-05-05T09:30Z and 2031-05-12T09:30Z\), more than the date gap of 1\.5 business days/);
    expect(text.stdout).toContain('published     A 2031-05-05T09:30Z, B 2031-05-12T09:30Z: 7.0 days apart, 5.0 business days (different stories beyond 1.5 business days)');

    const json = JSON.parse((await runCli(['explain', '--json', `${feed}:1`, `${feed}:3`])).stdout);
    expect(json.verdict).toMatchObject({ duplicate: false, rule: 'date-gap' });
    expect(json.daysApart).toBe(7);
    // A whole week holds five business days in any time zone.
    expect(json.businessDaysApart).toBe(5);
    expect([json.a.published, json.b.published]).toEqual(['2031-05-05T09:30Z', '2031-05-12T09:30Z']);
    expect(json.params.policy.dateGap).toBe(1.5);

    const off = JSON.parse((await runCli(['explain', '--json', `${feed}:1`, `${feed}:3`, '--no-date-gap'])).stdout);
    expect(off.verdict).toMatchObject({ duplicate: true, rule: 'similar' });
  });

  it('says the rule does not apply when one side has no date', async () => {
    const undated = path.join(dir, 'undated.txt');
    writeFileSync(undated, NOTICE);
    const text = await runCli(['explain', `${feed}:3`, undated]);
    expect(text.stdout).toMatch(/^DUPLICATES: similarity 1\.00/);
    expect(text.stdout).toContain('published     only A has a publication date: the date gap does not apply');
  });
});

describe('the date gap in business days', () => {
  // Dates without a time zone are read on the local calendar, so the weekdays are the ones named: 2031-05-09 is a Friday.
  const RECORDS = [
    { id: 'friday', date: '2031-05-09T16:00:00', text: NOTICE },
    { id: 'monday-re-send', date: '2031-05-12T09:00:00', text: NOTICE },
    { id: 'thursday', date: '2031-05-15T11:40:00', text: NOTICE },
    { id: 'next-monday', date: '2031-05-19T11:38:00', text: NOTICE },
  ];
  const EXPECTED = [['friday', 'monday-re-send'], ['next-monday'], ['thursday']];
  const write = (name: string, records: typeof RECORDS) => {
    const file = path.join(dir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  };
  const groupsOf = (clusters: { members: { id: string }[] }[]) => clusters.map((c) => c.members.map((m) => m.id).sort()).sort();

  it('joins a Friday notice and its Monday re-send, and keeps a Thursday and the next Monday apart', async () => {
    const result = await runCli([write('weekend.jsonl', RECORDS), '--json', '--jobs', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(groupsOf(JSON.parse(result.stdout).clusters)).toEqual(EXPECTED);
  });

  it.skipIf(sqliteMissing !== undefined)('gives the same clusters with --index over two runs', async () => {
    const index = path.join(dir, 'weekend.db');
    for (const [name, part] of [['first.jsonl', RECORDS.slice(0, 2)], ['second.jsonl', RECORDS.slice(2)]] as const) {
      const run = await runCli([write(name, part), '--index', index, '-q']);
      expect(run.code, run.stderr).toBe(0);
    }
    const exported = await runCli(['index', 'export', index]);
    const clusters = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { members: { id: string }[] });
    expect(groupsOf(clusters)).toEqual(EXPECTED);
  });
});
