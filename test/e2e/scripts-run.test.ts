/** A run over scraped copies in several scripts: each story's copies clustered, its rewrite apart, and the tokenisation named in params. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { parseReport } from '../helpers/report-schema.js';
import { SCRIPT_STORIES } from '../helpers/scripts.js';

/** A page's chrome around a story: a menu line, the story, a teaser list in no known words. */
function page(outlet: string, body: string): string {
  return [`${outlet} | Home | World`, body, '★ ★ ★', `Lorem teaser one cut short…\n${outlet} · 5`, `Lorem teaser two cut short…\n${outlet} · 9`].join('\n\n');
}

describe('dedupe --json over copies in every script family', () => {
  let report: Report;
  beforeAll(async () => {
    const root = tempDir('dedupe-scripts-');
    const files: Record<string, string> = {};
    SCRIPT_STORIES.forEach(({ paragraphs, rewrite, nativeDigits }, i) => {
      files[`wire/${i}.txt`] = paragraphs.join('\n\n');
      files[`paper/${i}.txt`] = page('Paper', nativeDigits(paragraphs.slice(0, 2).join('\n\n')));
      files[`rewrite/${i}.txt`] = page('Other', rewrite);
    });
    writeFiles(root, files);
    const result = await runCli(['--json', '--quiet', root]);
    expect(result.code).toBe(0);
    report = parseReport(result.stdout);
  });
  afterAll(removeTempDirs);

  it('clusters each story with its trimmed copy and keeps every rewrite apart', () => {
    const clusterOf = new Map(report.clusters.flatMap((c) => c.members.map((m) => [m.id, c.id] as const)));
    SCRIPT_STORIES.forEach((_, i) => {
      expect(clusterOf.get(`paper/${i}.txt`)).toBe(clusterOf.get(`wire/${i}.txt`));
      expect(clusterOf.get(`rewrite/${i}.txt`)).not.toBe(clusterOf.get(`wire/${i}.txt`));
    });
    expect(report.summary.duplicateClusters).toBe(SCRIPT_STORIES.length);
  });

  it('names the tokenisation in params', () => {
    expect(report.params.tokenisation).toMatch(/^words; characters in Han, kana, Thai/);
  });
});
