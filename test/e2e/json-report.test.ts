/** The --json report of a run over the fixture corpus: accounting, clusters and params, valid against the schema. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';
import { parseReport } from '../helpers/report-schema.js';

/** Cluster of each document id. */
function clusterOf(report: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of report.clusters) for (const m of c.members) out.set(m.id, c.id);
  return out;
}

const BRIDGE = [
  'meridian-wire/harbour-bridge-closure.txt',
  'channel-nine-news/bridge-closure.html',
  'valley-gazette/bridge-shut.txt',
  'the-northern-post/bridge-closed.md',
  'newsroll/harbour-bridge.txt',
];

describe('dedupe --json on the fixtures', () => {
  let report: Report;
  let ids: string[];
  beforeAll(async () => {
    const result = await runCli(['--json', FIXTURES]);
    expect(result.code).toBe(0);
    report = parseReport(result.stdout);
    ids = report.clusters.flatMap((c) => c.members.map((m) => m.id));
  });

  it('lists every document exactly once and accounts for every file', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(report.summary.documents).toBe(ids.length);
    expect(report.summary.files).toBe(14);
    expect(report.summary.documents).toBe(18);
    expect(report.summary.skipped).toBe(0);
    expect(report.summary.clusters).toBe(report.clusters.length);
    expect(report.summary.duplicates).toBe(report.summary.documents - report.summary.clusters);
    for (const c of report.clusters) {
      expect(c.size).toBe(c.members.length);
      expect(c.members[0].id).toBe(c.canonical);
    }
  });

  it('puts the wire story and its copies, the trimmed and the appended-articles copy included, in one cluster', () => {
    const of = clusterOf(report);
    const bridge = of.get(BRIDGE[0]);
    expect(bridge).toBeDefined();
    for (const id of BRIDGE) expect(of.get(id), id).toBe(bridge);
    // The feed's copy of the first six paragraphs (JSONL record 4) belongs there too.
    const feedCopy = report.clusters.find((c) => c.id === bridge)!.members.find((m) => m.path === 'feeds/wire-feed.jsonl');
    expect(feedCopy).toBeDefined();
    expect(report.clusters.find((c) => c.id === bridge)!.size).toBe(6);
  });

  it('keeps the rewritten version and the same-topic story apart', () => {
    const of = clusterOf(report);
    const bridge = of.get(BRIDGE[0]);
    expect(of.get('coastline-daily/bridge-rewrite.txt')).not.toBe(bridge);
    expect(of.get('meridian-wire/ferry-service-expands.txt')).not.toBe(bridge);
    const ferry = report.clusters.find((c) => c.id === of.get('meridian-wire/ferry-service-expands.txt'))!;
    expect(ferry.size).toBe(1);
  });

  it('pairs the JSONL re-send and the JSON archive copy with their originals', () => {
    const of = clusterOf(report);
    const library = report.clusters.find((c) => c.members.some((m) => m.title?.startsWith('CORRECTED')));
    expect(library?.size).toBe(2);
    const water = report.clusters.filter((c) => c.members.some((m) => m.path === 'feeds/archive.json') && c.size === 2);
    expect(water).toHaveLength(1);
    expect(water[0].members.map((m) => m.path).sort()).toEqual(['feeds/archive.json', 'feeds/wire-feed.jsonl']);
    expect(of.size).toBe(18);
  });

  it('reports the tuned banding and the settings in params', () => {
    expect(report.params.bands * report.params.rows).toBeLessThanOrEqual(report.params.permutations);
    expect(report.params.permutations).toBe(128);
    expect(report.version).toBe(1);
  });
});
