import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

interface Member { id: string; path: string; similarity: number; containment: number }
interface Cluster { id: string; size: number; canonical: string; reason: string | null; members: Member[] }
interface Report { clusters: Cluster[] }

let report: Report;
const clusterOf = (id: string) => report.clusters.find((c) => c.members.some((m) => m.id === id))!;

beforeAll(async () => {
  assertBuilt();
  const run = await runCli(['--json', 'fixtures/articles']);
  expect(run.code).toBe(0);
  report = JSON.parse(run.stdout) as Report;
}, 60_000);

describe('dedupe on the fixture corpus (end to end)', () => {
  it('keeps the templated auction notices apart although their wording is the same', () => {
    const week10 = clusterOf('meridian-wire/treasury-auction-week-10.txt');
    expect(week10.size).toBe(1);
    expect(clusterOf('meridian-wire/treasury-auction-week-11.txt')).not.toBe(week10);
  });

  it('puts the 40% trimmed copy and the copy with other stories appended into the bridge cluster', () => {
    const bridge = clusterOf('meridian-wire/harbour-bridge-closure.txt');
    const ids = bridge.members.map((m) => m.id).sort();
    expect(ids).toEqual(
      ['channel-nine-news/bridge-closure.html', 'meridian-wire/harbour-bridge-closure.txt', 'mw-20250303-0009', 'newsroll/harbour-bridge.txt', 'the-northern-post/bridge-closed.md', 'valley-gazette/bridge-shut.txt'].sort(),
    );
  });

  it('does not merge the ferry story or the independent rewrite with the bridge story', () => {
    expect(clusterOf('meridian-wire/ferry-service-expands.txt').size).toBe(1);
    expect(clusterOf('coastline-daily/bridge-rewrite.txt').size).toBe(1);
  });

  it('chooses the fullest clean version as canonical and gives the reason per cluster', () => {
    expect(clusterOf('meridian-wire/harbour-bridge-closure.txt').canonical).toBe('meridian-wire/harbour-bridge-closure.txt');
    for (const c of report.clusters.filter((x) => x.size > 1)) {
      expect(c.reason).toMatch(/most complete: holds \d+% of the other/);
      expect(c.members[0].id).toBe(c.canonical);
    }
  });

  it('keeps every member close to its canonical: similar (>= 0.5) or contained in it (>= 0.6)', () => {
    for (const c of report.clusters.filter((x) => x.size > 1)) {
      for (const m of c.members.slice(1)) expect(m.similarity >= 0.5 || m.containment >= 0.6).toBe(true);
    }
  });

  it('finds the expected clusters and nothing else', () => {
    const sizes = report.clusters.filter((c) => c.size > 1).map((c) => c.size).sort();
    expect(sizes).toEqual([2, 2, 6]);
  });

  it('merges the templated notices when figures are not compared (the plain recipe)', async () => {
    const run = await runCli(['--json', '--no-figures', 'fixtures/articles/meridian-wire']);
    const plain = JSON.parse(run.stdout) as Report;
    const week10 = plain.clusters.find((c) => c.members.some((m) => m.id === 'treasury-auction-week-10.txt'))!;
    expect(week10.members.map((m) => m.id)).toContain('treasury-auction-week-11.txt');
  });
});
