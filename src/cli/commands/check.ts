/**
 * `dedupe check PATHS`: a run judged against the baseline (the model and its verdict are in
 * ../../check.ts, its output in ../../report/check.ts).
 */

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaselineError, baselineFromReport, DEFAULT_BASELINE_FILE, evaluateCheck, loadBaseline, writeBaseline } from '../../check.js';
import { run } from '../../engine/run.js';
import { formatCheck } from '../../report/check.js';
import { plural } from '../../report/format.js';
import { buildReport, type Report } from '../../report/report.js';
import { runOptionsOf, type Settings } from '../../settings.js';
import { EXIT_DUPLICATES, EXIT_OK, runContext, type Io, type OutputFlags } from '../context.js';
import { addSettings } from '../options.js';

interface CheckFlags extends Settings, OutputFlags {
  writeBaseline?: boolean;
}

const CHECK_HELP = `
Exit status:
  0  passed: new duplicates within --max-duplicate-ratio (or --write-baseline done)
  1  failed: more new duplicates than allowed
  2  usage error: bad option, config file or baseline, or no input documents
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
    .option('--write-baseline', 'record the duplicates found now as accepted in the --baseline file, and pass')
    .addHelpText('after', CHECK_HELP)
    .action(async (paths: string[], flags: CheckFlags) => setExit((await checkCommand(paths, flags, io)) === 'fail' ? EXIT_DUPLICATES : EXIT_OK));
}

/** Runs the check and prints its outcome; a missing or bad baseline is a usage error. */
async function checkCommand(paths: string[], flags: CheckFlags, io: Io): Promise<'pass' | 'fail'> {
  const baselineFile = path.resolve(flags.baseline ?? DEFAULT_BASELINE_FILE);
  const baseline = flags.baseline !== undefined && !flags.writeBaseline ? await loadBaseline(flags.baseline) : undefined;
  // Neither the config file nor the baseline is a document of the dataset.
  const result = await run(paths, runOptionsOf(flags, runContext(io, flags, [baselineFile])));
  const report = buildReport(result);
  if (flags.writeBaseline) {
    await replaceBaseline(baselineFile, flags.baseline ?? DEFAULT_BASELINE_FILE, report, io);
    return 'pass';
  }
  const check = evaluateCheck(result, report, { maxDuplicateRatio: flags.maxDuplicateRatio, baseline, cwd: process.cwd() });
  io.stdout.write(formatCheck(check, flags.format));
  return check.verdict;
}

/** --write-baseline: accepts today's duplicates; replaces an earlier baseline, never some other file given by mistake. */
async function replaceBaseline(file: string, shownName: string, report: Report, io: Io): Promise<void> {
  if (existsSync(file)) {
    await loadBaseline(file).catch((error: Error) => {
      throw new BaselineError(`refusing to overwrite ${shownName}: it is not a dedupe baseline (${error.message})`);
    });
  }
  const written = baselineFromReport(report);
  await writeBaseline(file, written);
  const duplicates = written.clusters.reduce((n, c) => n + c.members.length - 1, 0);
  io.stdout.write(
    `dedupe check: PASS: wrote baseline ${path.relative(process.cwd(), file) || file} accepting ${plural(written.clusters.length, 'duplicate cluster')} (${plural(duplicates, 'duplicate')}) in ${plural(report.summary.documents, 'document')}\n`,
  );
}
