/**
 * Fuzzing from outside (fast-check): folders of generated hostile files (random bytes, random
 * HTML trees, Markdown, JSON and JSONL with broken lines, odd types and huge, empty and repeated
 * ids, text in every script with marks, bidi controls, zero-width characters, lone surrogates
 * and NUL) run through the real command line, which must:
 * - end within a time budget, with a documented exit status and no stack trace;
 * - account for every input: each file, JSONL line and JSON array element is a member of one
 *   cluster or skipped with a reason, once;
 * - never put at similarity 1.00 two documents whose cleaned texts (`dedupe clean --jsonl`)
 *   share less than 90% of their shingles (a MinHash estimate of 1.00 from less is a 1e-6 chance);
 * - keep byte-for-byte copies together;
 * - give the same report whatever the order of the input paths and the number of --jobs.
 * A second property runs the engine in this thread on many more corpora for the accounting and
 * similarity laws, where a process per case would be too slow.
 *
 * The seed is fixed, so a run is repeatable (CI runs the same corpora every time); FUZZ_SEED=N
 * picks other corpora and FUZZ_RUNS=N (default 6) sets how many corpora the command-line
 * property runs (the engine property runs eight times as many). A failure prints the seed, the
 * path and the corpus (each file's name and bytes in base64):
 *   FUZZ_SEED=123 FUZZ_RUNS=50 npx vitest run test/e2e/fuzz-hostile-corpora.test.ts
 */

import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type Report } from '../../src/report/report.js';
import { cleanInputs, run } from '../../src/engine/run.js';
import { DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT } from '../../src/sketch/minhash.js';
import { exactShingleStats } from '../../src/sketch/compare.js';
import { tokenize } from '../../src/sketch/tokens.js';
import { assertBuilt, runCli, type CliResult } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { fuzzCorpus, type FuzzFile } from '../helpers/fuzz-corpus.js';
import { parseReport } from '../helpers/report-schema.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
/** A run of a few small files takes about a second; one that takes this long hangs. */
const HANG_BUDGET_MS = 60_000;
/** Similarity the terminal report prints as 1.00. */
const PRINTED_AS_ONE = 0.995;
/**
 * Least exact Jaccard similarity of two documents' shingle sets that a MinHash estimate of 1.00
 * can come from in practice: at 0.9, all 128 values agree with probability 0.9^128, about 1e-6.
 */
const LEAST_JACCARD_AT_ONE = 0.9;

beforeAll(assertBuilt);
afterAll(removeTempDirs);

/** Where a document or skipped input is: its path under the input root, and its record there. */
type Place = string;
const placeOf = (file: string, record: number | null | undefined): Place => (record == null ? file : `${file}\u0000${record}`);

/** The places a skipped entry names: a file, `file:N` (a JSONL line) or `file:#N` (a JSON element). */
function skippedPlace(skippedPath: string, names: ReadonlySet<string>): Place {
  if (names.has(skippedPath)) return placeOf(skippedPath, null);
  const record = /^(.*):#?(\d+)$/s.exec(skippedPath);
  if (record && names.has(record[1])) return placeOf(record[1], Number(record[2]));
  return `unknown:${skippedPath}`;
}

/** A document's place and what the report says of it. */
interface Listed {
  place: Place;
  cluster: number;
  canonical: boolean;
  similarity: number;
}

function listedDocuments(report: Report): Listed[] {
  return report.clusters.flatMap((c, cluster) => c.members.map((m, i) => ({ place: placeOf(m.path, m.line), cluster, canonical: i === 0, similarity: m.similarity })));
}

function writeCorpus(files: readonly FuzzFile[], root = tempDir('dedupe-fuzz-')): string {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file.name)), { recursive: true });
    writeFileSync(path.join(root, file.name), file.bytes);
  }
  return root;
}

/** The exit status is one the README documents for a run with no output file, and nothing crashed. */
function expectOrderlyEnd(result: CliResult, what: string): void {
  expect(result.timedOut, `${what}: still running after ${HANG_BUDGET_MS} ms`).toBeUndefined();
  expect(result.signal, `${what}: killed by a signal`).toBeNull();
  expect([0, 2], `${what}: exit status ${result.code}: ${result.stderr.slice(-2000)}`).toContain(result.code);
  // Exit 2 is for a run with nothing to read, with the reasons on stderr.
  if (result.code === 2) expect(result.stderr).toMatch(/^dedupe: no readable document/m);
  expect(result.stderr, `${what}: a stack trace on stderr`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr).not.toMatch(/node:internal|TypeError|RangeError|ReferenceError|FATAL ERROR/);
}

/**
 * Every file, JSONL line that is not blank and JSON array element is listed once, as a member
 * or skipped; nothing else is listed; the summary counts what is listed.
 */
function expectEveryInputAccountedFor(report: Report, files: readonly FuzzFile[]): void {
  const names = new Set(files.map((f) => f.name));
  const listed = listedDocuments(report).map((d) => d.place);
  const skipped = report.skipped.map((s) => skippedPlace(s.path, names));
  const all = [...listed, ...skipped];
  expect(new Set(all).size, 'a place listed twice').toBe(all.length);
  expect(skipped.filter((p) => p.startsWith('unknown:')), 'skipped entries that name no input').toEqual([]);
  const reported = new Set(all);
  for (const file of files) {
    const ofFile = all.filter((p) => p === file.name || p.startsWith(`${file.name}\u0000`));
    if (reported.has(placeOf(file.name, null)) && ofFile.length === 1) continue;
    const { expected } = file;
    if (expected.kind === 'file') expect(ofFile.length, `${file.name}: not accounted for once`).toBeGreaterThanOrEqual(1);
    else {
      const records = expected.kind === 'lines' ? expected.lines : Array.from({ length: expected.length }, (_, i) => i + 1);
      for (const record of records) expect(reported.has(placeOf(file.name, record)), `${file.name} record ${record} not accounted for`).toBe(true);
    }
  }
  expect(report.summary.documents).toBe(listed.length);
  expect(report.summary.skipped).toBe(report.skipped.length);
  expect(report.summary.clusters).toBe(report.clusters.length);
}

/** Documents at similarity 1.00 to their canonical have nearly equal shingle sets in their cleaned texts. */
function expectNoDistinctTextsAtOne(listed: readonly Listed[], cleaned: ReadonlyMap<Place, string>, shingleSize = DEFAULT_FINGERPRINT.shingleSize): void {
  const canonicals = new Map(listed.filter((d) => d.canonical).map((d) => [d.cluster, d.place]));
  for (const d of listed) {
    if (d.canonical || d.similarity < PRINTED_AS_ONE) continue;
    const canonical = canonicals.get(d.cluster)!;
    const [a, b] = [cleaned.get(d.place), cleaned.get(canonical)];
    expect(a, `no cleaned text for ${d.place}`).toBeDefined();
    expect(b, `no cleaned text for ${canonical}`).toBeDefined();
    const exact = exactShingleStats(tokenize(a!), tokenize(b!), shingleSize);
    expect(exact.jaccard, `${JSON.stringify(d.place)} at similarity ${d.similarity} with ${JSON.stringify(canonical)}: ${JSON.stringify(a!.slice(0, 200))} / ${JSON.stringify(b!.slice(0, 200))}`).toBeGreaterThanOrEqual(LEAST_JACCARD_AT_ONE);
  }
}

/** Byte-for-byte copies of a file: each of its places is in the same cluster as the copy's, or both are skipped. */
function expectCopiesTogether(report: Report, copies: readonly [string, string][]): void {
  const clusterOf = new Map(listedDocuments(report).map((d) => [d.place, d.cluster]));
  for (const [original, copy] of copies) {
    for (const [place, cluster] of clusterOf) {
      if (place !== original && !place.startsWith(`${original}\u0000`)) continue;
      const copyPlace = copy + place.slice(original.length);
      expect(clusterOf.get(copyPlace), `${JSON.stringify(copyPlace)} is not with its original ${JSON.stringify(place)}`).toBe(cluster);
    }
  }
}

/** The clusters as sets of places, with their canonical: what must not depend on the input order. */
function partition(report: Report): string[] {
  const byCluster = new Map<number, Listed[]>();
  for (const d of listedDocuments(report)) byCluster.set(d.cluster, [...(byCluster.get(d.cluster) ?? []), d]);
  return [...byCluster.values()].map((members) => JSON.stringify([members.find((m) => m.canonical)!.place, members.map((m) => m.place).sort()])).sort();
}

const cli = (args: string[]) => runCli(args, { timeoutMs: HANG_BUDGET_MS });

/**
 * Matching settings at their edges and in odd combinations (the signature keeps its default
 * 128 values, on which the similarity law's bound rests), with the shingle size they use.
 */
const matchingFlags = fc
  .record({
    shingle: fc.integer({ min: 1, max: 8 }),
    threshold: fc.constantFrom([], ['--threshold', '0.01'], ['--threshold', '1']),
    containment: fc.constantFrom([], ['--no-containment'], ['--containment', '1']),
    other: fc.subarray([['--cluster', 'components'], ['--no-figures'], ['--figures', '1'], ['--no-lead'], ['--verify-budget', '1'], ['--bands', '1', '--rows', '1'], ['--bands', '128', '--rows', '1']]),
    canonical: fc.constantFrom('complete', 'longest', 'cleanest', 'earliest', 'path'),
    corpusLines: fc.boolean(),
  })
  .map((o) => ({
    shingle: o.shingle,
    run: ['--shingle', String(o.shingle), ...o.threshold, ...o.containment, ...o.other.flat(), '--canonical', o.canonical, ...(o.corpusLines ? [] : ['--no-corpus-lines'])],
    clean: o.corpusLines ? [] : ['--no-corpus-lines'],
  }));

describe('the command line on fuzzed corpora', () => {
  it('ends in time with a documented status, accounts for every input, merges no distinct texts at 1.00, and does not depend on input order or --jobs, with any matching settings', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCorpus(7), fc.option(matchingFlags, { freq: 2 }), fc.constantFrom('2', '3'), fc.infiniteStream(fc.nat()), async ({ files, copies }, settings, jobs, shuffleKeys) => {
        const root = writeCorpus(files);
        const flags = settings?.run ?? [];
        const result = await cli([root, '--json', '--jobs', '1', ...flags]);
        expectOrderlyEnd(result, `run ${flags.join(' ')}`);
        const cleaning = await cli(['clean', '--jsonl', root, ...(settings?.clean ?? [])]);
        expectOrderlyEnd(cleaning, 'clean');
        expect(cleaning.code, 'clean and the run disagree on whether anything is readable').toBe(result.code);
        if (result.code !== 0) return;
        const report = parseReport(result.stdout);
        expectEveryInputAccountedFor(report, files);
        expectCopiesTogether(report, copies);

        const cleaned = new Map<Place, string>();
        for (const line of cleaning.stdout.split('\n').filter(Boolean)) {
          const record = JSON.parse(line) as { path: string; line: number | null; text: string };
          cleaned.set(placeOf(record.path, record.line), record.text);
        }
        const listed = listedDocuments(report);
        expect([...cleaned.keys()].sort(), 'clean and the run read other documents').toEqual(listed.map((d) => d.place).sort());
        expectNoDistinctTextsAtOne(listed, cleaned, settings?.shingle);

        const parallel = await cli([root, '--json', '--jobs', jobs, ...flags]);
        expectOrderlyEnd(parallel, `--jobs ${jobs}`);
        expect(parallel.stdout, `--jobs ${jobs} gives another report than --jobs 1`).toBe(result.stdout);

        // Each file under a root of its own, the roots named in a shuffled order.
        const roots = files.map((file) => writeCorpus([file]));
        const keys = [...shuffleKeys.take(roots.length)];
        const shuffled = roots.map((r, i) => [keys[i], r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
        const reordered = await cli([...shuffled, '--json', '--jobs', '1', ...flags]);
        expectOrderlyEnd(reordered, 'shuffled roots');
        const other = parseReport(reordered.stdout);
        expect(partition(other), 'the input order changes the clusters').toEqual(partition(report));
        expect(other.skipped.map((s) => `${s.path}: ${s.reason}`).sort()).toEqual(report.skipped.map((s) => `${s.path}: ${s.reason}`).sort());
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});

describe('the engine on fuzzed corpora', () => {
  const options = {
    discover: {},
    read: { maxFileSize: 20 << 20 },
    fingerprint: DEFAULT_FINGERPRINT,
    policy: DEFAULT_POLICY,
    canonical: 'complete' as const,
    candidateThreshold: 0.15,
    corpusLines: true,
    jobs: 1,
  };

  it('accounts for every input and merges no distinct cleaned texts at similarity 1.00', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzCorpus(8), async ({ files, copies }) => {
        const root = writeCorpus(files);
        const cleaned = new Map<Place, string>();
        for await (const item of cleanInputs([root], options)) if ('raw' in item) cleaned.set(placeOf(item.raw.path, item.raw.record), item.cleaned.text);
        let result;
        try {
          result = await run([root], options);
        } catch (error) {
          expect((error as Error).message).toMatch(/^no readable document/);
          return;
        }
        const report = buildReport(result);
        expectEveryInputAccountedFor(report, files);
        expectCopiesTogether(report, copies);
        expectNoDistinctTextsAtOne(listedDocuments(report), cleaned);
      }),
      { seed: SEED, numRuns: RUNS * 8, endOnFailure: true },
    );
  }, 600_000);
});
