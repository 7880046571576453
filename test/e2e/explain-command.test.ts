import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(assertBuilt);

describe('dedupe explain (end to end)', () => {
  it('explains a templated pair as different stories, with the figures as the reason', async () => {
    const run = await runCli(['explain', 'fixtures/articles/meridian-wire/treasury-auction-week-10.txt', 'fixtures/articles/meridian-wire/treasury-auction-week-11.txt']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^DIFFERENT STORIES: same wording but different (figures|dates)/);
    expect(run.stdout).toMatch(/Shared passages/);
    expect(run.stdout).toMatch(/Only in A\n {4}\[word \d+/);
  });

  it('gives the verdict, the passages and the cleaning removals as JSON', async () => {
    const run = await runCli(['explain', '--json', 'fixtures/articles/meridian-wire/harbour-bridge-closure.txt', 'fixtures/articles/valley-gazette/bridge-shut.txt']);
    expect(run.code).toBe(0);
    const e = JSON.parse(run.stdout);
    expect(e.verdict.duplicate).toBe(true);
    expect(e.verdict.rule).toBe('contained');
    expect(e.exact.containment).toBeGreaterThan(0.9);
    expect(e.exact.jaccard).toBeLessThan(0.5);
    expect(e.shared.length).toBeGreaterThan(0);
    expect(e.a.onlyHere.length).toBeGreaterThan(0);
    expect(e.b.removed.length).toBeGreaterThan(0);
  });

  it('reads a JSONL record as FILE:N and reports a missing one clearly', async () => {
    const ok = await runCli(['explain', '--json', 'fixtures/articles/feeds/wire-feed.jsonl:1', 'fixtures/articles/feeds/wire-feed.jsonl:2']);
    expect(JSON.parse(ok.stdout).verdict.duplicate).toBe(true);
    const missing = await runCli(['explain', 'fixtures/articles/feeds/wire-feed.jsonl:99', 'fixtures/articles/feeds/wire-feed.jsonl:2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no record 99/);
  });
});
