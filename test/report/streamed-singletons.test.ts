import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { buildReport, reportClusters, writeJsonLinesReport, writeJsonReport, writeTerminalReport, type Report } from '../../src/report/report.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { IN_THREAD_OPTIONS } from '../helpers/run-options.js';
import { written } from '../helpers/streams.js';
import { story } from '../helpers/text.js';

afterAll(removeTempDirs);

describe('singletons built as the report is written', () => {
  it('gives the same --json, --jsonl and --all reports as singletons listed up front', async () => {
    // Two stories with a copy each, and 600 stories alone: the singletons span several pieces.
    const folder = tempDir();
    const records = [];
    for (let n = 0; n < 600; n++) records.push({ id: `alone-${n}`, title: `Story ${n}`, date: '2026-01-05', text: story(1000 + n) });
    for (const n of [1, 2]) for (const copy of ['a', 'b']) records.push({ id: `copy-${n}${copy}`, url: `https://site-${copy}.example/${n}`, text: story(n) });
    writeFileSync(path.join(folder, 'feed.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const result = await run([folder], IN_THREAD_OPTIONS);

    const listed = buildReport(result, { singletons: true });
    const streamed = buildReport(result, { singletons: 'streamed' });
    expect(listed.summary).toEqual({ files: 1, documents: 604, clusters: 602, duplicateClusters: 2, duplicates: 2, skipped: 0 });
    expect(streamed.summary).toEqual(listed.summary);
    // Only the clusters of two or more are held; the rest come when the report is written.
    expect(streamed.clusters.map((c) => c.size)).toEqual([2, 2]);
    expect([...reportClusters(streamed)]).toEqual(listed.clusters);

    expect(await written((s) => writeJsonReport(s, streamed))).toBe(JSON.stringify(listed, null, 2) + '\n');
    expect(await written((s) => writeJsonLinesReport(s, streamed))).toBe(await written((s) => writeJsonLinesReport(s, listed)));
    const terminal = (report: Report) => written((s) => writeTerminalReport(s, report, { all: true, colour: false }));
    expect(await terminal(streamed)).toBe(await terminal(listed));
    expect(await terminal(streamed)).toContain('c000602  unique');
  });
});
