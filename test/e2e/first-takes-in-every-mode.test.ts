/**
 * A first take, a flash and the full story sent after them (test/helpers/first-takes.ts) are
 * clustered the same way by a run and by an index (SQLite), built in one run, built in two, or
 * queried, and the index's verdict on each pair is the one `dedupe explain` gives. The signature
 * bands alone propose a take with its story about half the time: with six stories, an index
 * without the opening bands would all but surely miss one.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { firstTakes } from '../helpers/first-takes.js';
import { sqliteMissing } from '../helpers/sqlite.js';
import { comparePair, DEFAULT_POLICY, type Sketch } from '../../src/match/verify.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

const STORIES = 6;
const docs = firstTakes(STORIES);

interface Member {
  id: string;
}

function parse<T>(result: { code: number | null; stdout: string; stderr: string }): T {
  if (result.code !== 0) throw new Error(`dedupe exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const clusterSets = (clusters: { members: Member[] }[]) => clusters.filter((c) => c.members.length > 1).map((c) => c.members.map((m) => m.id).sort().join(' | ')).sort();

async function exported(index: string): Promise<string[]> {
  const result = await runCli(['index', 'export', index]);
  expect(result.code).toBe(0);
  return clusterSets(result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { members: Member[] }));
}

describe.skipIf(sqliteMissing)('first takes and flashes with their stories, in a run and in an index', () => {
  let dir: string;
  let all: string;
  let fulls: string;
  let takes: string;
  beforeAll(() => {
    dir = tempDir('dedupe-first-takes-');
    all = writeJsonl(path.join(dir, 'all', 'docs.jsonl'), [...docs.full, ...docs.takes]);
    fulls = writeJsonl(path.join(dir, 'split', 'full.jsonl'), docs.full);
    takes = writeJsonl(path.join(dir, 'split', 'takes.jsonl'), docs.takes);
  });

  it('clusters each take and flash with its story in a run', async () => {
    const run = parse<{ clusters: { members: Member[] }[] }>(await runCli([all, '--json']));
    expect(clusterSets(run.clusters)).toEqual(docs.clusters);
  });

  it('finds the same clusters in an index built in one run and in an index built in two', async () => {
    const once = path.join(dir, 'once.db');
    expect((await runCli([all, '--index', once, '--quiet'])).code).toBe(0);
    expect(await exported(once)).toEqual(docs.clusters);

    const twice = path.join(dir, 'twice.db');
    expect((await runCli([fulls, '--index', twice, '--quiet'])).code).toBe(0);
    expect((await runCli([takes, '--index', twice, '--quiet'])).code).toBe(0);
    expect(await exported(twice)).toEqual(docs.clusters);
  });

  it('finds each story for its take and flash in a query of an index of the stories', async () => {
    const index = path.join(dir, 'stories.db');
    expect((await runCli([fulls, '--index', index, '--quiet'])).code).toBe(0);
    const query = parse<{ clusters: { kind: string; members: Member[] }[] }>(await runCli([takes, '--index', index, '--query-only', '--json']));
    expect(clusterSets(query.clusters)).toEqual(docs.clusters);
    expect(query.clusters.every((c) => c.kind === 'new-vs-indexed')).toBe(true);
  });

  it('gives each pair the verdict dedupe explain gives: opening for a flash, contained for a take', async () => {
    const { SqliteStore } = await import('../../src/index/sqlite.js');
    const store = new SqliteStore(path.join(dir, 'once.db'), { create: false, readonly: true });
    const indexed = new Map<string, Sketch>();
    for await (const doc of store.documents()) indexed.set(doc.id, (await store.getDocuments([doc.seq])).get(doc.seq)!);
    await store.close();
    // Lines of docs.jsonl: each story's full text and its unrelated one, then each story's take and flash.
    const line = (id: string) => {
      const [, kind, s] = /^([a-z]+)(\d+)$/.exec(id)!;
      return `${all}:${2 * Number(s) + { full: 1, other: 2, take: 2 * STORIES + 1, flash: 2 * STORIES + 2 }[kind]!}`;
    };
    for (let s = 0; s < STORIES; s++) {
      for (const [member, rule] of [[`flash${s}`, 'opening'], [`take${s}`, 'contained']]) {
        const verdict = comparePair(indexed.get(member)!, indexed.get(`full${s}`)!, DEFAULT_POLICY);
        expect({ match: verdict.match, rule: verdict.rule }).toEqual({ match: true, rule });
        // explain reads and cleans the two again: two stories are enough to show it agrees.
        if (s >= 2) continue;
        const explained = parse<{ verdict: { duplicate: boolean; rule: string } }>(await runCli(['explain', '--json', line(member), line(`full${s}`)]));
        expect(explained.verdict).toMatchObject({ duplicate: true, rule });
      }
    }
  });
});
