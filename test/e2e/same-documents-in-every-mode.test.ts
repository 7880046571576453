/**
 * Every mode takes documents through the same path (engine/process.ts): a run, `dedupe clean`
 * and an index run over the same folder give the same documents, with the same ids and titles,
 * and the run and the index find the same duplicate clusters, first takes and flashes with their
 * full stories among them (the opening bands and rule). The settings file in the folder is never
 * read as a document, whichever command runs.
 */

import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { writeJsonl } from '../helpers/corpus.js';
import { firstTakes } from '../helpers/first-takes.js';
import { sqliteMissing } from '../helpers/sqlite.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

interface Member {
  id: string;
  path: string;
  title: string | null;
}

function parse<T>(result: { code: number | null; stdout: string; stderr: string }): T {
  if (result.code !== 0) throw new Error(`dedupe exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const byId = (members: Member[]) => new Map(members.map((m) => [m.id, { path: m.path, title: m.title ?? null }]));
const clusterSets = (clusters: { members: Member[] }[]) => clusters.filter((c) => c.members.length > 1).map((c) => c.members.map((m) => m.id).sort().join(' | ')).sort();

describe('one per-document path for every mode', () => {
  const folder = tempDir();
  cpSync(FIXTURES, folder, { recursive: true });
  writeFileSync(path.join(folder, 'dedupe.config.json'), JSON.stringify({ threshold: 0.5 }));
  const takes = firstTakes(4, 'wire-');
  writeJsonl(path.join(folder, 'first-takes.jsonl'), [...takes.full, ...takes.takes]);

  it.skipIf(sqliteMissing)('gives the same documents, ids and titles in a run, in clean and in an index', async () => {
    const run = parse<{ clusters: { members: Member[] }[]; skipped: unknown[] }>(await runCli(['.', '--json', '--all'], { cwd: folder }));
    const cleaned = await runCli(['clean', '.', '--jsonl'], { cwd: folder });
    expect(cleaned.code).toBe(0);
    const cleanMembers = cleaned.stdout.trim().split('\n').map((line) => JSON.parse(line) as Member);
    const runMembers = byId(run.clusters.flatMap((c) => c.members));
    expect(run.skipped).toEqual([]);
    expect(runMembers.size).toBe(cleanMembers.length);
    expect(byId(cleanMembers)).toEqual(runMembers);

    const index = path.join(tempDir(), 'index.db');
    expect((await runCli(['.', '--index', index, '--quiet'], { cwd: folder })).code).toBe(0);
    const exported = await runCli(['index', 'export', index], { cwd: folder });
    expect(exported.code).toBe(0);
    const indexClusters = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { members: Member[] });
    for (const [id, facts] of byId(indexClusters.flatMap((c) => c.members))) expect(runMembers.get(id)).toEqual(facts);
    expect(clusterSets(indexClusters)).toEqual(clusterSets(run.clusters));
    expect(clusterSets(run.clusters).length).toBeGreaterThan(takes.clusters.length);
    expect(clusterSets(run.clusters)).toEqual(expect.arrayContaining(takes.clusters));
  });

  it('never reads the settings file as a document in dedupe clean', async () => {
    const cleaned = await runCli(['clean', '.', '--jsonl'], { cwd: folder });
    expect(cleaned.stdout).not.toContain('dedupe.config.json');
    expect(cleaned.stderr).not.toContain('dedupe.config.json');
  });
});
