import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { parseReport } from '../helpers/report-schema.js';

afterAll(removeTempDirs);

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
