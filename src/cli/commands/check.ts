/**
 * `dedupe check PATHS`: a run judged against the baseline (the model and its verdict are in
 * ../../check.ts, its output in ../../report/check.ts).
 */

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaselineError, baselineFromReport, DEFAULT_BASELINE_FILE, evaluateCheck, loadBaseline, writeBaseline, type Baseline, type CheckResult } from '../../check.js';
import { run } from '../../engine/run.js';
import { appendFile } from 'node:fs/promises';
import { formatCheck, formatJobSummary } from '../../report/check.js';
import { plural } from '../../report/format.js';
import { buildReport, formatSkipped, type Report } from '../../report/report.js';
import { runOptionsOf, type Settings } from '../../settings.js';
import { EXIT_DUPLICATES, EXIT_OK, exitStatus, runContext, useColour, type Io, type OutputFlags } from '../context.js';
import { addSettings } from '../options.js';

interface CheckFlags extends Settings, OutputFlags {
  writeBaseline?: boolean;
  /** The same as --format json. */
  json?: boolean;
}

const CHECK_HELP = `
Exit status:
  0  passed: new duplicates within --max-duplicate-ratio (or --write-baseline done)
  1  failed: more new duplicates than allowed
  2  usage error: bad option, config file or baseline; a path that does not
     exist (whatever the others hold); no readable document
  3  the run failed (the baseline could not be written)
  130 interrupted (143 on SIGTERM)

Examples:
  dedupe check data                                     fail on any duplicate
  dedupe check data --baseline dedupe-baseline.json --write-baseline
  dedupe check data --baseline dedupe-baseline.json --format github`;

export function defineCheckCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const check = program
    .command('check')
    .description('for dataset CI: exit 1 when new duplicates are over the allowed share (see the README)')
    .argument('<paths...>', 'files, folders or globs to check');
  addSettings(check, 'check')
    .option('--write-baseline', `record the duplicates found now as accepted in the --baseline file (default ${DEFAULT_BASELINE_FILE}), and pass`)
    .option('--json', 'the same as --format json')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .option('--no-color', 'no colour in terminal output (also: NO_COLOR=1)')
    .addHelpText('after', CHECK_HELP)
    .action(async (paths: string[], flags: CheckFlags) => setExit(await checkCommand(paths, flags, io)));
}

/**
 * Runs the check and prints its outcome; returns the exit status. The baseline is the one given
 * (--baseline or the config file's), else dedupe-baseline.json in the working folder when it
 * exists, as --write-baseline writes it there; a bad baseline is a usage error.
 */
async function checkCommand(paths: string[], flags: CheckFlags, io: Io): Promise<number> {
  const format = flags.json ? 'json' : flags.format;
  const baselineName = flags.baseline ?? DEFAULT_BASELINE_FILE;
  const baselineFile = path.resolve(baselineName);
  const useBaseline = !flags.writeBaseline && (flags.baseline !== undefined || existsSync(baselineFile));
  const baseline = useBaseline ? await loadBaseline(baselineName) : undefined;
  // Neither the config file nor the baseline is a document of the dataset.
  const result = await run(paths, runOptionsOf(flags, runContext(io, flags, [baselineFile])));
  const report = buildReport(result);
  if (!flags.quiet && report.skipped.length) io.stderr.write(formatSkipped(report.skipped, useColour(io.stderr, io.env, flags.color)));
  if (flags.writeBaseline) {
    const written = await replaceBaseline(baselineFile, baselineName, report);
    if (format === 'text') io.stdout.write(describeWrittenBaseline(baselineFile, written, report));
    // Other formats: the check against the baseline just written (it passes), in that format.
    else {
      const check = evaluateCheck(result, report, { maxDuplicateRatio: flags.maxDuplicateRatio, baseline: written, cwd: process.cwd() });
      io.stdout.write(formatCheck(check, format));
      if (format === 'github') await appendJobSummary(check, io);
    }
    return exitStatus(result.missing, io, EXIT_OK);
  }
  const check = evaluateCheck(result, report, { maxDuplicateRatio: flags.maxDuplicateRatio, baseline, cwd: process.cwd() });
  io.stdout.write(formatCheck(check, format));
  if (format === 'github') await appendJobSummary(check, io);
  return exitStatus(result.missing, io, check.verdict === 'fail' ? EXIT_DUPLICATES : EXIT_OK);
}

/** --write-baseline: accepts today's duplicates; replaces an earlier baseline, never some other file given by mistake. */
async function replaceBaseline(file: string, shownName: string, report: Report): Promise<Baseline> {
  if (existsSync(file)) {
    await loadBaseline(file).catch((error: Error) => {
      throw new BaselineError(`refusing to overwrite ${shownName}: it is not a dedupe baseline (${error.message})`);
    });
  }
  const written = baselineFromReport(report);
  await writeBaseline(file, written);
  return written;
}

function describeWrittenBaseline(file: string, written: Baseline, report: Report): string {
  const duplicates = written.clusters.reduce((n, c) => n + c.members.length - 1, 0);
  return `dedupe check: PASS: wrote baseline ${path.relative(process.cwd(), file) || file} accepting ${plural(written.clusters.length, 'duplicate cluster')} (${plural(duplicates, 'duplicate')}) in ${plural(report.summary.documents, 'document')}\n`;
}

/** With --format github in a GitHub Actions job ($GITHUB_STEP_SUMMARY set): the check as Markdown on the job's summary page. */
async function appendJobSummary(check: CheckResult, io: Io): Promise<void> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  await appendFile(file, formatJobSummary(check));
}
