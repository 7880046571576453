/**
 * The contract a script or a CI job relies on, run on the real binary: exit statuses for empty,
 * broken and missing input, stdout holding the report alone, skips on stderr in every mode,
 * `check` with the global output flags and its baseline found by default, `help COMMAND` and
 * `--config FILE`.
 */

import Ajv2020 from 'ajv/dist/2020.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { ROOT } from '../helpers/paths.js';
import { parseReport } from '../helpers/report-schema.js';
import { story } from '../helpers/text.js';

const SCHEMAS = path.join(ROOT, 'schema');
const ajv = new Ajv2020({ allErrors: true, strict: false });
for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')));

function expectValid(schemaFile: string, doc: unknown): void {
  const validate = ajv.getSchema(`https://dedupe.invalid/schema/${schemaFile}`)!;
  expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
}

let data: string;
let work: string;

beforeAll(() => {
  assertBuilt();
  data = tempDir();
  // Two copies of one story, one other story, and one input that is skipped.
  writeFiles(data, {
    'a.txt': story(1),
    'a-copy.txt': story(1),
    'b.txt': story(2),
    'blank.md': '',
  });
  work = tempDir();
});
afterAll(removeTempDirs);

describe('no readable document is exit 2', () => {
  it('empty standard input, even with --fail-on-duplicates', async () => {
    const result = await runCli(['-', '--fail-on-duplicates'], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no readable document/);
  });

  it('standard input holding no JSON record, for check', async () => {
    const result = await runCli(['check', '-'], { input: 'garbage\n' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no readable document \(1 input skipped\): <stdin>:1: malformed JSON line/);
  });

  it('a folder in which every input is skipped, with each reason', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'empty.txt': '', 'binary.txt': new Uint8Array([0, 1, 2, 3]) });
    const result = await runCli([dir, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no readable document \(2 inputs skipped\)/);
    expect(result.stderr).toMatch(/empty\.txt: empty file/);
    expect(result.stderr).toMatch(/binary\.txt: binary content/);
  });
});

describe('a path that does not exist is exit 2, whatever the other paths hold', () => {
  it('in a run: the report covers the other paths, stderr names the missing one', async () => {
    const result = await runCli([data, path.join(data, 'no-such-folder'), '--json']);
    expect(result.code).toBe(2);
    const report = parseReport(result.stdout);
    expect(report.summary.documents).toBe(3);
    expect(result.stderr).toMatch(/no such file or folder: .*no-such-folder/);
  });

  it('in a check, which would pass on the other paths', async () => {
    const clean = tempDir();
    writeFiles(clean, { 'one.txt': story(3), 'two.txt': story(4) });
    expect((await runCli(['check', clean])).code).toBe(0);
    const result = await runCli(['check', clean, `${clean}-typo`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/PASS/);
    expect(result.stderr).toMatch(/no such file or folder: .*-typo/);
  });

  it('in clean, which prints the documents of the other paths', async () => {
    const result = await runCli(['clean', path.join(data, 'b.txt'), path.join(data, 'gone.txt'), '--jsonl']);
    expect(result.code).toBe(2);
    const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(1);
    for (const record of records) expectValid('clean-record.schema.json', record);
    expect(result.stderr).toMatch(/gone\.txt: no such file or folder/);
  });
});

describe('stdout carries the report alone; skips go to stderr in every mode', () => {
  it('--explain --json: one JSON report on stdout, the cleaning explanation on stderr', async () => {
    const result = await runCli([data, '--explain', '--json']);
    expect(result.code).toBe(0);
    expect(parseReport(result.stdout).summary.documents).toBe(3);
    expect(result.stderr).toMatch(/a-copy\.txt/);
  });

  it('--jsonl: every stdout line is a cluster record; the skipped input is named on stderr', async () => {
    const result = await runCli([data, '--jsonl']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    for (const line of lines) expectValid('cluster.schema.json', JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(result.stderr).toMatch(/skipped blank\.md: empty file/);
  });

  it('--print canonical: the skipped input is named on stderr', async () => {
    const result = await runCli([data, '--print', 'canonical']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped blank\.md: empty file/);
  });

  it('-q silences the notes, not the report', async () => {
    const result = await runCli([data, '--json', '-q']);
    expect(result.stderr).toBe('');
    expect(parseReport(result.stdout).summary.skipped).toBe(1);
  });
});

describe('check in CI', () => {
  it('takes -q, --no-color and --json (the same as --format json)', async () => {
    const result = await runCli(['check', data, '-q', '--no-color', '--json'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const check = JSON.parse(result.stdout) as { verdict: string };
    expectValid('check.schema.json', check);
    expect(check.verdict).toBe('fail');
  });

  it('finds the baseline --write-baseline wrote in the working folder without being told', async () => {
    const folder = tempDir();
    const written = await runCli(['check', data, '--write-baseline', '--format', 'json'], { cwd: folder });
    expect(written.code).toBe(0);
    expectValid('check.schema.json', JSON.parse(written.stdout));
    expect(existsSync(path.join(folder, 'dedupe-baseline.json'))).toBe(true);
    // The same duplicates are accepted now: the next check passes with no --baseline.
    const next = await runCli(['check', data], { cwd: folder });
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/PASS/);
    // Elsewhere, with no baseline, the same data fails.
    expect((await runCli(['check', data], { cwd: work })).code).toBe(1);
  });
});

describe('help and config', () => {
  it('dedupe help check shows the help of check', async () => {
    const result = await runCli(['help', 'check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: dedupe check/);
    expect(result.stdout).toMatch(/--write-baseline/);
  });

  it('--config FILE applies its settings, and flags win over it', async () => {
    const config = path.join(work, 'strict.json');
    writeFiles(work, { 'strict.json': JSON.stringify({ threshold: 0.9 }) });
    expect(parseReport((await runCli([data, '--json', '--config', config])).stdout).params.threshold).toBe(0.9);
    expect(parseReport((await runCli([data, '--json', '--config', config, '--threshold', '0.7'])).stdout).params.threshold).toBe(0.7);
  });

  it('--config with a file that does not exist is a usage error', async () => {
    const result = await runCli([data, '--config', path.join(work, 'nope.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--config .*nope\.json: no such file/);
  });
});
