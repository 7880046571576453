import Ajv2020 from 'ajv/dist/2020.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { FIXTURES, ROOT, runCli, tempDir } from './helpers.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
// The report's clusters are cluster records: schema/cluster.schema.json, which it $refs.
const clusterSchema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'cluster.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).addSchema(clusterSchema).compile(schema);

/** Cluster of each document id. */
function clusterOf(report: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of report.clusters) for (const m of c.members) out.set(m.id, c.id);
  return out;
}

function parseReport(stdout: string): Report {
  const report = JSON.parse(stdout) as Report;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
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

describe('output modes', () => {
  it('--jsonl prints one cluster per line covering every document', async () => {
    const result = await runCli(['--jsonl', FIXTURES]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.reduce((n, c) => n + c.size, 0)).toBe(18);
    expect(lines[0].size).toBeGreaterThan(1);
  });

  it('the terminal report shows duplicate clusters with the canonical first and a summary line', async () => {
    const result = await runCli([FIXTURES]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/6 copies/);
    expect(result.stdout).toMatch(/18 documents from 14 files: 3 duplicate clusters/);
    expect(result.stdout).not.toMatch(/unique\n/);
    expect(result.stdout).not.toContain('\u001b['); // no colour when not a TTY
    const all = await runCli(['--all', FIXTURES]);
    expect(all.stdout).toContain('coastline-daily/bridge-rewrite.txt');
  });

  it('--print canonical prints each story once, cleaned', async () => {
    const result = await runCli(['--print', 'canonical', FIXTURES]);
    expect(result.code).toBe(0);
    const headers = result.stdout.match(/^==> c\d+ /gm) ?? [];
    expect(headers.length).toBe(11);
    expect(result.stdout).not.toMatch(/Share This Post/);
  });

  it('--out writes one canonical text per story and a manifest mapping every document', async () => {
    const out = path.join(tempDir(), 'clean');
    const result = await runCli(['--out', out, '--quiet', FIXTURES]);
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.documents).toHaveLength(18);
    const files = readdirSync(out).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(11);
    for (const cluster of manifest.clusters) expect(existsSync(path.join(out, cluster.file))).toBe(true);
    const bridge = manifest.clusters.find((c: { size: number }) => c.size === 6);
    expect(readFileSync(path.join(out, bridge.file), 'utf8')).toMatch(/Port Ellis/);
  });

  it('reads JSONL from standard input with -', async () => {
    const feed = readFileSync(path.join(FIXTURES, 'feeds', 'wire-feed.jsonl'));
    const result = await runCli(['--json', '-'], { input: feed });
    expect(result.code).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.summary.documents).toBe(4);
    expect(report.summary.duplicateClusters).toBe(1);
  });
});

describe('exit codes', () => {
  it('is 1 with --fail-on-duplicates when duplicates exist, 0 when none do', async () => {
    expect((await runCli(['--fail-on-duplicates', '--quiet', FIXTURES])).code).toBe(1);
    const single = await runCli(['--fail-on-duplicates', path.join(FIXTURES, 'coastline-daily')]);
    expect(single.code).toBe(0);
  });

  it('is 2 with a one-line message for a missing path, an empty folder and a bad option', async () => {
    const missing = await runCli(['/nonexistent/articles']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such file or folder/);
    expect(missing.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const empty = await runCli([tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no input files/);

    const bad = await runCli(['--threshold', '7', FIXTURES]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold/);

    expect((await runCli([])).code).toBe(2);
  });

  it('--help describes the options and exit codes', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--fail-on-duplicates/);
    expect(help.stdout).toMatch(/Exit status/);
  });
});

describe('bad input', () => {
  let dir: string;
  let report: Report;
  let stderr: string;
  beforeAll(async () => {
    dir = tempDir();
    const story = readFileSync(path.join(FIXTURES, 'meridian-wire', 'ferry-service-expands.txt'), 'utf8');
    writeFileSync(path.join(dir, 'good.txt'), story);
    // A copy saved as UTF-16 with a BOM is valid text and must be read.
    writeFileSync(path.join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(story, 'utf16le')]));
    writeFileSync(path.join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('A lone paragraph about the regatta that ran on Saturday along the coast.')]));
    writeFileSync(path.join(dir, 'binary.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6c, 0xe9]));
    writeFileSync(path.join(dir, 'empty.md'), '');
    writeFileSync(path.join(dir, 'broken.json'), '{"text": "unterminated');
    writeFileSync(
      path.join(dir, 'feed.jsonl'),
      [
        JSON.stringify({ id: 'r1', text: 'The county fair opened on Friday with record crowds at the livestock pavilion.' }),
        '{"id": "r2", "text": broken',
        JSON.stringify({ id: 'r3', headline: 'no text field here' }),
        JSON.stringify({ id: 'r4', body: 'Harbour pilots agreed a new pay deal after two weeks of talks with the port authority.' }),
      ].join('\n') + '\n',
    );
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'nested', 'only-punctuation.txt'), '— — — | | |\n* * *\n');
    const result = await runCli(['--json', dir]);
    expect(result.code).toBe(0);
    report = parseReport(result.stdout);
    stderr = result.stderr;
  });

  const reasonFor = (p: string) => report.skipped.find((s) => s.path === p)?.reason;

  it('gives each unreadable input a clear reason', () => {
    expect(reasonFor('binary.html')).toMatch(/binary/);
    expect(reasonFor('latin1.txt')).toMatch(/not valid UTF-8/);
    expect(reasonFor('empty.md')).toMatch(/empty/);
    expect(reasonFor('broken.json')).toMatch(/malformed JSON/);
    expect(reasonFor('feed.jsonl:2')).toMatch(/malformed JSON line/);
    expect(reasonFor('feed.jsonl:3')).toMatch(/no text field/);
    expect(reasonFor('nested/only-punctuation.txt')).toMatch(/no text left after cleaning/);
  });

  it('goes on with everything else and accounts for every input', () => {
    const ids = report.clusters.flatMap((c) => c.members.map((m) => m.id)).sort();
    expect(ids).toEqual(['bom.txt', 'good.txt', 'r1', 'r4', 'utf16.txt']);
    expect(report.summary.files).toBe(9);
    expect(report.summary.skipped).toBe(7);
    // The UTF-16 copy is the same story as good.txt.
    const good = report.clusters.find((c) => c.members.some((m) => m.id === 'good.txt'))!;
    expect(good.members.map((m) => m.id).sort()).toEqual(['good.txt', 'utf16.txt']);
  });

  it('says what was skipped on stderr in terminal mode', async () => {
    const result = await runCli([dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped binary\.html: binary/);
    expect(result.stdout).toMatch(/7 inputs skipped/);
    expect(stderr).toBe('');
  });
});
