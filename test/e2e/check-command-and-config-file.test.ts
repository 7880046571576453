/** `dedupe check` and the config file, end to end: exit codes, verdicts, baselines, annotations. */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

interface CheckJson {
  verdict: 'pass' | 'fail';
  documents: number;
  duplicates: number;
  accepted: number;
  newDuplicates: number;
  staleBaselineClusters: number;
  findings: { id: string; file: string; line?: number; canonicalFile: string; accepted: boolean }[];
  skipped: { path: string; reason: string }[];
  summary: string;
}

/** A repository-like folder: `data/` with three unrelated stories; the CLI runs from the root. */
function dataset(extra: Record<string, string | Uint8Array> = {}): string {
  const root = tempDir('dedupe-check-');
  writeFiles(root, { 'data/alpha.txt': story(1), 'data/beta.txt': story(2), 'data/gamma.md': story(3), ...extra });
  return root;
}

function check(root: string, args: string[]) {
  return runCli(['check', 'data', ...args], { cwd: root });
}

async function checkJson(root: string, args: string[] = []): Promise<{ status: number | null; result: CheckJson }> {
  const run = await check(root, [...args, '--format', 'json']);
  return { status: run.code, result: JSON.parse(run.stdout) as CheckJson };
}

describe('dedupe check', () => {
  it('passes a dataset without duplicates with a one-line verdict', async () => {
    const root = dataset();
    const run = await check(root, []);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('dedupe check: PASS: 0 new duplicates in 3 documents\n');
  });

  it('fails with exit 1 on a duplicate and names the copy and its original', async () => {
    const root = dataset({ 'data/alpha-copy.txt': `Breaking\n\n${story(1)}` });
    const run = await check(root, []);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^New duplicates:\n {2}data\/alpha(-copy)?\.txt {2}copy of data\/alpha(-copy)?\.txt {2}\(c000001, similarity /);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('dedupe check: FAIL: 1 new duplicate in 4 documents (25.0%, over the allowed 0.0%)');
    const { result } = await checkJson(root);
    expect(result.verdict).toBe('fail');
    expect(result.newDuplicates).toBe(1);
    expect([result.findings[0].file, result.findings[0].canonicalFile].sort()).toEqual(['data/alpha-copy.txt', 'data/alpha.txt']);
  });

  it('passes when the share of duplicates is within --max-duplicate-ratio', async () => {
    const root = dataset({ 'data/alpha-copy.txt': story(1) });
    expect((await check(root, ['--max-duplicate-ratio', '0.25'])).code).toBe(0);
    expect((await check(root, ['--max-duplicate-ratio', '0.2'])).code).toBe(1);
  });

  it('writes GitHub annotations: errors on failure, warnings within the ratio, with JSONL lines and escaped names', async () => {
    const feed = [JSON.stringify({ id: 'wire-1', text: story(5) }), JSON.stringify({ id: 'wire-1-resend', text: story(5) })].join('\n');
    const root = dataset({ 'data/feed.jsonl': feed, 'data/beta, copy\nB.txt': story(2), 'data/blob.html': Buffer.from([0x3c, 0, 1, 2]) });
    const run = await check(root, ['--format', 'github']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=data\/feed\.jsonl,line=[12],title=Duplicate of data\/feed\.jsonl::wire-1(-resend)? is a copy of wire-1(-resend)? \(cluster c\d{6}, similarity 1\.00, containment 1\.00\)$/));
    const escaped = lines.find((l) => l.includes('beta%2C copy%0AB.txt') || l.includes('beta, copy%0AB.txt'));
    expect(escaped).toMatch(/^::error file=data\/beta(%2C copy%0AB)?\.txt,title=Duplicate of data\/beta(%2C copy%0AB)?\.txt::/);
    expect(lines).toContain('::warning title=Skipped input::blob.html: binary content (NUL byte at offset 1)');
    expect(lines.at(-1)).toBe('dedupe check: FAIL: 2 new duplicates in 6 documents (33.3%, over the allowed 0.0%); 1 input skipped');
    const within = await check(root, ['--format', 'github', '--max-duplicate-ratio', '0.5']);
    expect(within.code).toBe(0);
    expect(within.stdout).not.toContain('::error');
    expect(within.stdout.match(/^::warning file=/gm)).toHaveLength(2);
  });

  it('does not fail on skipped inputs alone', async () => {
    const root = dataset({ 'data/cut.json': '{"text": "trunc' });
    const { status, result } = await checkJson(root);
    expect(status).toBe(0);
    expect(result.skipped).toEqual([{ path: 'cut.json', reason: expect.stringMatching(/^malformed JSON: /) }]);
    expect(result.summary).toBe('dedupe check: PASS: 0 new duplicates in 3 documents; 1 input skipped');
  });
});

describe('dedupe check with a baseline', () => {
  it('accepts the recorded clusters and fails only on a new copy', async () => {
    const root = dataset({ 'data/alpha-copy.txt': story(1), 'data/beta-copy.txt': story(2) });
    expect((await check(root, ['--baseline', 'data/accepted.json'])).code).toBe(2);

    const write = await check(root, ['--baseline', 'data/accepted.json', '--write-baseline']);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('dedupe check: PASS: wrote baseline data/accepted.json accepting 2 duplicate clusters (2 duplicates) in 5 documents\n');
    const baseline = JSON.parse(readFileSync(path.join(root, 'data', 'accepted.json'), 'utf8')) as { version: number; clusters: { members: string[] }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.clusters.map((c) => c.members).sort()).toEqual([
      ['alpha-copy.txt', 'alpha.txt'],
      ['beta-copy.txt', 'beta.txt'],
    ]);

    // The baseline sits in the data folder but is never read as a document.
    const accepted = await checkJson(root, ['--baseline', 'data/accepted.json']);
    expect(accepted.status).toBe(0);
    expect(accepted.result).toMatchObject({ verdict: 'pass', documents: 5, duplicates: 2, accepted: 2, newDuplicates: 0, skipped: [] });

    writeFiles(root, { 'data/alpha-third.txt': story(1), 'data/gamma-copy.md': story(3) });
    const run = await check(root, ['--baseline', 'data/accepted.json', '--format', 'github']);
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/alpha-third\.txt|alpha\.txt|alpha-copy\.txt/);
    expect(errors.join('\n')).toMatch(/gamma(-copy)?\.md/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('dedupe check: FAIL: 2 new duplicates in 7 documents (28.6%, over the allowed 0.0%); 2 accepted by the baseline');
  });

  it('reports baseline clusters that are no longer found without failing', async () => {
    const root = dataset({ 'data/alpha-copy.txt': story(1) });
    expect((await check(root, ['--baseline', 'base.json', '--write-baseline'])).code).toBe(0);
    writeFileSync(path.join(root, 'data', 'alpha-copy.txt'), story(9));
    const { status, result } = await checkJson(root, ['--baseline', 'base.json']);
    expect(status).toBe(0);
    expect(result.staleBaselineClusters).toBe(1);
    expect(result.summary).toBe('dedupe check: PASS: 0 new duplicates in 4 documents; 1 baseline cluster no longer found');
  });

  it('rejects a malformed baseline with exit 2 and a clear message', async () => {
    const root = dataset({ 'bad.json': '{"version": 1, "clusters": [{"canonical": 3}]}', 'old.json': '{"version": 7, "clusters": []}' });
    const bad = await check(root, ['--baseline', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('baseline bad.json: clusters[0] must have "canonical" (a document id) and "members" (a list of document ids)');
    const old = await check(root, ['--baseline', 'old.json']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('"version" must be 1, got 7');
    const missing = await check(root, ['--baseline', 'none.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file (create it with --write-baseline)');
  });

  it('refuses to write a baseline over a file that is not one', async () => {
    const root = dataset({ 'notes.json': '{"todo": "keep this"}' });
    const run = await check(root, ['--baseline', 'notes.json', '--write-baseline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dedupe: refusing to overwrite notes\.json: it is not a dedupe baseline \(baseline .*notes\.json: "version" must be 1, got undefined\)\n$/);
    expect(readFileSync(path.join(root, 'notes.json'), 'utf8')).toBe('{"todo": "keep this"}');
  });

  it('rejects a bad --max-duplicate-ratio with exit 2', async () => {
    const root = dataset();
    const run = await check(root, ['--max-duplicate-ratio', '1.5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-duplicate-ratio must be a number in [0, 1], got "1.5"');
  });
});

describe('config file', () => {
  it('applies dedupe.config.json settings, with command-line flags winning', async () => {
    const root = dataset({ 'data/alpha-copy.txt': story(1), 'dedupe.config.json': JSON.stringify({ 'max-duplicate-ratio': 0.25, format: 'json' }) });
    const fromFile = await check(root, []);
    expect(fromFile.code).toBe(0);
    expect((JSON.parse(fromFile.stdout) as CheckJson).verdict).toBe('pass');
    const flagWins = await check(root, ['--max-duplicate-ratio', '0', '--format', 'text']);
    expect(flagWins.code).toBe(1);
    expect(flagWins.stdout).toMatch(/^New duplicates:/);
  });

  it('reads the "dedupe" key of package.json for the main command', async () => {
    const root = dataset({ 'data/alpha-copy.txt': story(1), 'package.json': JSON.stringify({ name: 'corpus', dedupe: { failOnDuplicates: true } }) });
    expect((await runCli(['data'], { cwd: root })).code).toBe(1);
    expect(existsSync(path.join(root, 'dedupe.config.json'))).toBe(false);
  });

  it('never reads the config file as a document when checking the working folder', async () => {
    const root = dataset({ 'dedupe.config.json': JSON.stringify({ threshold: 0.9 }) });
    const run = await runCli(['check', '.', '--format', 'json'], { cwd: root });
    const result = JSON.parse(run.stdout) as CheckJson;
    expect(result.documents).toBe(3);
    expect(result.skipped).toEqual([]);
  });

  it('names a misspelt key and a bad value, exit 2', async () => {
    const root = dataset({ 'dedupe.config.json': JSON.stringify({ treshold: 0.9 }) });
    const typo = await check(root, []);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('dedupe: dedupe.config.json: unknown key "treshold" (did you mean "threshold"?)');
    writeFileSync(path.join(root, 'dedupe.config.json'), JSON.stringify({ maxFileSize: 'huge' }));
    const value = await runCli(['data'], { cwd: root });
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('dedupe: dedupe.config.json: "maxFileSize" must be a size such as "20MB", "512KB" or a number of bytes, got "huge"');
    writeFileSync(path.join(root, 'dedupe.config.json'), '{ not json');
    const broken = await runCli(['data'], { cwd: root });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/dedupe: dedupe\.config\.json: cannot read settings: /);
  });

  it('uses a size limit from the config file to skip a large input', async () => {
    const root = dataset({ 'data/long.txt': story(40, 3000), 'dedupe.config.json': JSON.stringify({ maxFileSize: '8KB' }) });
    const result = JSON.parse((await runCli(['data', '--json'], { cwd: root })).stdout) as { skipped: { path: string; reason: string }[] };
    expect(result.skipped).toEqual([{ path: 'long.txt', reason: expect.stringMatching(/over the --max-file-size limit of 8 KB$/) }]);
  });
});
