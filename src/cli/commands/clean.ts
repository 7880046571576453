/** `dedupe clean PATHS`: cleaned documents as text, JSON lines, or what was removed and why. */

import { InvalidArgumentError, type Command } from 'commander';
import { cleanInputs, NoInputError, type RunOptions } from '../../engine/run.js';
import { cleanRecord, formatCleaned, formatExplanation, formatSkipped } from '../../report/report.js';
import { readingOptions, type Settings } from '../../settings.js';
import { EXIT_OK, exitStatus, runContext, useColour, type Io, type OutputFlags } from '../context.js';
import { addSettings } from '../options.js';

interface CleanFlags extends OutputFlags {
  jsonl?: boolean;
  explain?: boolean;
}

export function defineCleanCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const clean = program
    .command('clean')
    .description('print cleaned documents: the article text without navigation, share lines, teasers, comments and promos')
    .argument('<paths...>', 'files, folders or globs to read; - reads JSONL from standard input')
    .option('--jsonl', 'one JSON line per document (schema: schema/clean-record.schema.json)')
    .option('--explain', 'show every line, removed ones dimmed with the rule that removed them');
  addSettings(clean, 'clean')
    .option('-q, --quiet', 'do not list skipped inputs on stderr')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .action(async (paths: string[], flags: CleanFlags & Settings) => {
      const options = readingOptions(flags, runContext(io, flags));
      setExit(await printCleaning(paths, options, flags, io));
    });
}

/** Cleaned documents on stdout, one at a time as they are read; skipped inputs on stderr. */
export async function printCleaning(paths: string[], options: Pick<RunOptions, 'discover' | 'read' | 'corpusLines' | 'stdin'>, flags: CleanFlags, io: Io): Promise<number> {
  if (paths.length === 0) throw new InvalidArgumentError('give at least one file, folder or glob to clean (or - for JSONL on standard input)');
  const colour = useColour(io.stdout, io.env, flags.color);
  const errColour = useColour(io.stderr, io.env, flags.color);
  let documents = 0;
  const missing: string[] = [];
  for await (const item of cleanInputs(paths, options)) {
    if ('skipped' in item) {
      if (item.missing) missing.push(item.skipped.path);
      if (!flags.quiet) io.stderr.write(formatSkipped([item.skipped], errColour));
      continue;
    }
    documents++;
    if (flags.jsonl) io.stdout.write(JSON.stringify(cleanRecord(item.raw, item.cleaned)) + '\n');
    else io.stdout.write((documents > 1 ? '\n' : '') + (flags.explain ? formatExplanation(item.raw, item.cleaned, colour) : formatCleaned(item.raw, item.cleaned, colour)));
  }
  if (documents === 0) throw new NoInputError('no readable document');
  return exitStatus(missing, io, EXIT_OK);
}
