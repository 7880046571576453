/**
 * `dedupe PATHS`: a run, reported in the terminal, as JSON or JSON lines, as canonical texts or
 * as a folder of them; with --index, compared with and added to a persistent index.
 */

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { run, textsReadAgain, type RunOptions } from '../../engine/run.js';
import { TextSpool } from '../../io/text-spool.js';
import type { RunResult } from '../../engine/result.js';
import { runIncremental } from '../../index/incremental.js';
import { createScratchFolder, discardFolder, writeFileAtomicFrom } from '../../io/atomic.js';
import { htmlReportPieces } from '../../report/html.js';
import { ProgressBar } from '../../io/progress.js';
import { runReviewPage } from '../review.js';
import { formatIndexRun, indexRunJson, indexRunJsonLines, summarise } from '../../report/index-run.js';
import { checkFilesOutside, commitOutFolder, discardOutFolder, prepareOutFolder, type OutFolder } from '../../report/out-folder.js';
import { buildReport, canonicalIndexes, formatSkipped, printCanonicalTexts, writeJsonLinesReport, writeJsonReport, writeOutputFolder, writeTerminalReport, type Report } from '../../report/report.js';
import { runOptionsOf, type Settings } from '../../settings.js';
import { EXIT_DUPLICATES, EXIT_OK, exitStatus, runContext, useColour, type Io, type OutputFlags } from '../context.js';
import { addSettings } from '../options.js';
import { printCleaning } from './clean.js';
import { addCorpusOutputOptions, checkCorpusOutputFlags, reportIo, writeCorpusOutputs, type CorpusOutputFlags } from './corpus-outputs.js';

interface RunFlags extends Settings, OutputFlags, CorpusOutputFlags {
  json?: boolean;
  jsonl?: boolean;
  print?: 'canonical';
  out?: string;
  html?: string;
  all?: boolean;
  explain?: boolean;
  index?: string;
  queryOnly?: boolean;
  newOnly?: boolean;
  progress?: boolean;
}

const EXIT_HELP = `
Exit status:
  0  done (duplicates or not, unless --fail-on-duplicates)
  1  duplicates found and --fail-on-duplicates given
  2  usage error; a path that does not exist (the report covers the others);
     no readable document (empty input, every input skipped); an --out DIR
     refused (a file, not empty and not dedupe's output, tied to an input, or
     not writable); an --index built with other parameters
  3  the run failed (an output could not be written, an index could not be reached,
     an input changed after the run read it, so --out or --print would not match)
  130 interrupted (143 on SIGTERM)
  A closed pipe (dedupe ... | head) keeps the status the run would have had.

Examples:
  dedupe ./articles                       clusters of copies, canonical first
  dedupe ./articles --json > report.json  the full report for scripts
  dedupe ./articles --out ./clean         one clean text per story, plus manifest.json
  cat feed.jsonl | dedupe - --jsonl       JSONL in, one cluster per line out
  dedupe ./articles --fail-on-duplicates  for CI: exit 1 when copies exist
  dedupe ./today --index archive.db --fail-on-duplicates --new-only
                                          compare today's articles with the archive, add them
  dedupe index stats archive.db           what the index holds`;

/** The main command's own flags and its settings. */
export function defineRunCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .argument('[paths...]', 'files, folders or globs to read (.txt .md .html .htm .json .jsonl); - reads JSONL from standard input')
    .option('--json', 'print one JSON report on stdout (schema: schema/report.schema.json)')
    .option('--jsonl', 'print one JSON line per cluster on stdout (schema: schema/cluster.schema.json)')
    .addOption(new Option('--print <what>', 'print the cleaned canonical text of every story').choices(['canonical']))
    .option('--out <dir>', "write each story's canonical cleaned text to DIR, with manifest.json (DIR: new, empty, or an earlier --out folder, which is replaced whole)")
    .option('--html <file>', 'also write a self-contained HTML page for reviewing the clusters: each copy beside its canonical, shared passages marked, what cleaning removed')
    .option('--all', 'list unique stories too, not only duplicate clusters')
    .option('--explain', 'first show what cleaning removed from each document, and why');
  addCorpusOutputOptions(program);
  addSettings(program, 'run');
  program
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .option('--no-color', 'no colour in terminal output (also: NO_COLOR=1)')
    .option('--index <target>', 'compare with and add to a persistent index: a SQLite file, redis://[user:pass@]host:port/db?prefix=name, or redis+cluster://[user:pass@]host:port[,host:port...]/?prefix=name for a Redis Cluster, shared by many workers')
    .option('--query-only', "with --index: report the new documents' copies without adding them to the index")
    .option('--new-only', "with --index: --fail-on-duplicates counts only duplicates involving this run's documents")
    .option('--progress', 'print progress lines on stderr for logs: each phase as it starts, then every few seconds (with --index: after each batch)')
    .addHelpText('after', EXIT_HELP)
    .action(async (paths: string[], flags: RunFlags) => setExit(await runCommand(paths, flags, io)));
}

function checkOutputFlags(paths: string[], flags: RunFlags): void {
  if (paths.length === 0) throw new InvalidArgumentError('give at least one file, folder or glob to read (or - for JSONL on standard input)');
  if ([flags.json, flags.jsonl, flags.print !== undefined].filter(Boolean).length > 1) throw new InvalidArgumentError('choose one of --json, --jsonl and --print');
  if (flags.index === undefined && (flags.queryOnly || flags.newOnly)) throw new InvalidArgumentError('--query-only and --new-only go with --index');
  if (flags.index !== undefined && (flags.out !== undefined || flags.print !== undefined || flags.all || flags.html !== undefined)) throw new InvalidArgumentError('--out, --print, --all and --html are not available with --index');
  checkCorpusOutputFlags(paths, flags);
}

async function runCommand(paths: string[], flags: RunFlags, io: Io): Promise<number> {
  checkOutputFlags(paths, flags);
  const options = runOptionsOf(flags, runContext(io, flags));
  if (flags.index !== undefined) return indexCommand(paths, flags, options, io);
  if (flags.html !== undefined) await checkHtmlTarget(flags.html, paths);
  // Checked before the run, so a refused --out costs nothing and writes nothing.
  const out = flags.out === undefined ? undefined : await prepareOutFolder(flags.out, paths);
  try {
    return await runAndReport(paths, flags, options, io, out);
  } finally {
    if (out) await discardOutFolder(out);
  }
}

async function runAndReport(paths: string[], flags: RunFlags, options: RunOptions, io: Io, out: OutFolder | undefined): Promise<number> {
  // The cleaning explanation is not the report: stderr, so stdout stays one parseable stream.
  if (flags.explain) await printCleaning(paths, options, { explain: true, jsonl: false, color: flags.color, quiet: true }, { ...io, stdout: io.stderr });
  // The outputs that read texts again read standard input from a copy the run keeps for them.
  const textsAgain = flags.out !== undefined || flags.print !== undefined || flags.html !== undefined;
  const result = await runWithProgress(paths, { ...options, keepStandardInput: textsAgain }, io, flags);
  try {
    // The terminal report lists duplicates only (unless --all): singletons need not be built.
    // Outputs that only write them build each as it is written; the texts' outputs look them up.
    const listed = Boolean(flags.all || flags.json || flags.jsonl || textsAgain);
    const report = buildReport(result, { singletons: textsAgain ? true : listed ? 'streamed' : false });
    if (out || flags.print === 'canonical') await writeCanonicalTexts(result, report, flags, options, io, out);
    await writeCorpusOutputs(result, report, flags, io);
    if (flags.html !== undefined) await writeHtmlPage(result, report, flags.html, flags, options, io);
    await printReport(report, flags, reportIo(flags, io));
    return exitStatus(result.missing, io, flags.failOnDuplicates && report.summary.duplicates > 0 ? EXIT_DUPLICATES : EXIT_OK);
  } finally {
    await result.standardInput?.remove();
  }
}

async function runWithProgress(paths: string[], options: RunOptions, io: Io, flags: RunFlags): Promise<RunResult> {
  const progress = new ProgressBar(io.stderr, ProgressBar.wanted(io.stderr, Boolean(flags.quiet), Boolean(flags.progress)));
  options.onProgress = (state) => progress.update(state);
  try {
    return await run(paths, options);
  } finally {
    progress.done();
  }
}

/** An input changed while the run read it: the texts it would give are not the ones deduplicated. Exit status 3. */
class ChangedInputError extends Error {
  constructor(changed: readonly string[]) {
    const shown = changed.slice(0, 5).join('; ') + (changed.length > 5 ? `; and ${changed.length - 5} more` : '');
    super(`${changed.length} canonical text${changed.length === 1 ? '' : 's'} could not be read again as the run read ${changed.length === 1 ? 'it' : 'them'} (${shown}): nothing was written; run again once the inputs stay unchanged`);
  }
}

/**
 * --out and --print canonical: each story's canonical text, read and cleaned again one at a time
 * and written as it comes (--print keeps them in a temporary file until they can be printed in
 * report order). A text whose input changed since the run read it fails the run, with nothing
 * written: an output never holds text that no cluster saw.
 */
async function writeCanonicalTexts(result: RunResult, report: Report, flags: RunFlags, options: RunOptions, io: Io, out: OutFolder | undefined): Promise<void> {
  const indexes = canonicalIndexes(result, report);
  const clusterOf = new Map([...indexes].map(([clusterId, index]) => [index, clusterId]));
  const scratch = flags.print === 'canonical' ? await createScratchFolder() : undefined;
  let spool: TextSpool | undefined;
  try {
    if (scratch) spool = await TextSpool.create(path.join(scratch, 'texts'));
    const texts = async function* (): AsyncGenerator<[string, string]> {
      const changed: string[] = [];
      for await (const text of textsReadAgain(result, [...indexes.values()], options.read)) {
        if ('changed' in text) changed.push(text.changed);
        if (changed.length || !('cleaned' in text)) continue;
        const clusterId = clusterOf.get(text.index)!;
        await spool?.add(clusterId, text.cleaned.text);
        yield [clusterId, text.cleaned.text];
      }
      if (changed.length) throw new ChangedInputError(changed);
    };
    if (out) {
      await checkFilesOutside(out, result.documents.map((d) => d.source.file));
      const written = await writeOutputFolder(out.staging, report, texts());
      await commitOutFolder(out);
      const replaced = out.replacing ? ' (replacing the previous output)' : '';
      if (!flags.quiet) io.stderr.write(`wrote ${written.length - 1} canonical texts and manifest.json to ${out.shown}${replaced}\n`);
    } else for await (const _ of texts());
    if (spool) await printCanonicalTexts(io.stdout, report, (cluster) => spool!.get(cluster.id), useColour(io.stdout, io.env, flags.color));
  } finally {
    await spool?.close();
    if (scratch) await discardFolder(scratch);
  }
}

/** Checked before the run, like --out: --html FILE goes in an existing folder, and is neither a folder nor an input named on the command line. */
async function checkHtmlTarget(file: string, paths: string[]): Promise<void> {
  const target = path.resolve(file);
  const folder = await stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) throw new InvalidArgumentError(`--html ${file}: the folder ${path.dirname(file)} does not exist`);
  if ((await stat(target).catch(() => undefined))?.isDirectory()) throw new InvalidArgumentError(`--html ${file}: is a folder`);
  if (paths.some((p) => p !== '-' && path.resolve(p) === target)) throw new InvalidArgumentError(`--html ${file}: is an input of this run`);
}

/** --html FILE: the review page, written atomically. */
async function writeHtmlPage(result: RunResult, report: Report, file: string, flags: RunFlags, options: RunOptions, io: Io): Promise<void> {
  await writeFileAtomicFrom(file, htmlReportPieces(await runReviewPage(result, report, options)));
  if (!flags.quiet) io.stderr.write(`wrote the review page to ${file}\n`);
}

/** The report on stdout in the format asked for; skipped inputs on stderr in every format (unless --quiet). */
async function printReport(report: Report, flags: RunFlags, io: Io): Promise<void> {
  if (!flags.quiet && report.skipped.length) io.stderr.write(formatSkipped(report.skipped, useColour(io.stderr, io.env, flags.color)));
  if (flags.json) await writeJsonReport(io.stdout, report);
  else if (flags.jsonl) await writeJsonLinesReport(io.stdout, report);
  else if (flags.print === undefined) await writeTerminalReport(io.stdout, report, { all: Boolean(flags.all), colour: useColour(io.stdout, io.env, flags.color) });
}

/** `--index`: compare with the index and add to it (or only compare, --query-only). */
async function indexCommand(paths: string[], flags: RunFlags, options: RunOptions, io: Io): Promise<number> {
  const result = await runIncremental(paths, options, {
    target: flags.index!,
    queryOnly: Boolean(flags.queryOnly),
    batchSize: flags.batch,
    onBatch: flags.progress ? ({ read, added }) => io.stderr.write(`indexed ${added} of ${read} documents read\n`) : undefined,
  });
  if (!flags.quiet && result.skipped.length) io.stderr.write(formatSkipped(result.skipped, useColour(io.stderr, io.env, flags.color)));
  if (flags.json) io.stdout.write(JSON.stringify(indexRunJson(result), null, 2) + '\n');
  else if (flags.jsonl) io.stdout.write(indexRunJsonLines(result));
  else io.stdout.write(formatIndexRun(result, useColour(io.stdout, io.env, flags.color)));
  const summary = summarise(result);
  const duplicates = flags.newOnly ? summary.newWithCopies : summary.newWithCopies + summary.indexDuplicates;
  return exitStatus(result.missing, io, flags.failOnDuplicates && duplicates > 0 ? EXIT_DUPLICATES : EXIT_OK);
}
