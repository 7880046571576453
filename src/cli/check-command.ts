/**
 * The `dedupe check` command: its options, and a run judged against the baseline (the model
 * and its verdict are in ../check.ts).
 */

import { InvalidArgumentError, Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaselineError, baselineFromReport, CHECK_FORMATS, DEFAULT_BASELINE_FILE, evaluateCheck, formatCheck, loadBaseline, writeBaseline, type CheckFormat } from '../check.js';
import { run, type RunOptions } from '../engine/run.js';
import { plural } from '../report/format.js';
import { buildReport } from '../report/report.js';

export interface CheckCommandOptions {
  maxDuplicateRatio: number;
  baseline?: string;
  writeBaseline?: boolean;
  format: CheckFormat;
}

function parseRatio(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError(`--max-duplicate-ratio must be a number in [0, 1], got "${value}"`);
  return x;
}

/** The options of `dedupe check` beyond the matching options it shares with the main command. */
export function addCheckOptions(command: Command): Command {
  return command
    .option('--max-duplicate-ratio <r>', 'largest share of documents allowed to be new duplicates (0 allows none)', parseRatio, 0)
    .option('--baseline <file>', `accepted duplicate clusters, which are not failures (default with --write-baseline: ${DEFAULT_BASELINE_FILE})`)
    .option('--write-baseline', 'record the duplicates found now as accepted in the --baseline file, and pass')
    .addOption(new Option('--format <format>', 'output: text, json, or GitHub Actions annotations').choices([...CHECK_FORMATS]).default('text'))
    .addHelpText(
      'after',
      `
Exit status:
  0  passed: new duplicates within --max-duplicate-ratio (or --write-baseline done)
  1  failed: more new duplicates than allowed
  2  usage error: bad option, config file or baseline, or no input documents
  3  the run failed (the baseline could not be written)
  130 interrupted

Examples:
  dedupe check data                                     fail on any duplicate
  dedupe check data --baseline dedupe-baseline.json --write-baseline
  dedupe check data --baseline dedupe-baseline.json --format github`,
    );
}

/** Runs the check and prints its outcome; a missing or bad baseline is a usage error. */
export async function runCheck(paths: string[], opts: CheckCommandOptions, options: RunOptions, out: NodeJS.WritableStream): Promise<'pass' | 'fail'> {
  const baselineFile = path.resolve(opts.baseline ?? DEFAULT_BASELINE_FILE);
  const baseline = opts.baseline !== undefined && !opts.writeBaseline ? await loadBaseline(opts.baseline) : undefined;
  const discover = { ...options.discover, skipFiles: [...(options.discover.skipFiles ?? []), baselineFile] };
  const result = await run(paths, { ...options, discover });
  const report = buildReport(result);
  if (opts.writeBaseline) {
    // Replace an earlier baseline, but never some other file given by mistake.
    if (existsSync(baselineFile)) {
      await loadBaseline(baselineFile).catch((error: Error) => {
        throw new BaselineError(`refusing to overwrite ${opts.baseline ?? DEFAULT_BASELINE_FILE}: it is not a dedupe baseline (${error.message})`);
      });
    }
    const written = baselineFromReport(report);
    await writeBaseline(baselineFile, written);
    const duplicates = written.clusters.reduce((n, c) => n + c.members.length - 1, 0);
    out.write(`dedupe check: PASS: wrote baseline ${path.relative(process.cwd(), baselineFile) || baselineFile} accepting ${plural(written.clusters.length, 'duplicate cluster')} (${plural(duplicates, 'duplicate')}) in ${plural(report.summary.documents, 'document')}\n`);
    return 'pass';
  }
  const check = evaluateCheck(result, report, { maxDuplicateRatio: opts.maxDuplicateRatio, baseline, cwd: process.cwd() });
  out.write(formatCheck(check, opts.format));
  return check.verdict;
}
