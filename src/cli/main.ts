/**
 * Command line: parses options and wires the pipeline stages together. No stage logic lives here.
 */

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { CANONICAL_POLICIES, type CanonicalPolicy } from '../match/cluster.js';
import { DEFAULT_POLICY, type MatchPolicy } from '../match/verify.js';
import { explainPair } from '../explain.js';
import { ExplainInputError } from '../engine/source.js';
import { formatExplanation as formatPairExplanation } from '../report/explain.js';
import { DEFAULT_FINGERPRINT } from '../sketch/minhash.js';
import { cleanedTexts, cleanInputs, NoInputError, run, type RunOptions } from '../engine/run.js';
import { type RunResult } from '../engine/result.js';
import { ProgressBar } from '../io/progress.js';
import { DEFAULT_MAX_FILE_SIZE, parseByteSize } from '../input/open.js';
import { addCheckOptions, runCheck, type CheckCommandOptions } from './check-command.js';
import { UsageError } from '../types.js';
import { applyConfig, loadConfig } from './config-file.js';
import { buildReport, canonicalIndexes, cleanRecord, formatCanonicalTexts, formatCleaned, formatExplanation, formatSkipped, writeJsonLinesReport, writeJsonReport, writeTerminalReport, writeOutputFolder } from '../report/report.js';
import { DEFAULT_BATCH_SIZE, runIncremental } from '../index/incremental.js';
import { exportClusters } from '../index/export.js';
import { openStore } from '../index/open.js';
import { formatIndexRun, formatStats, indexRunJson, indexRunJsonLines, summarise } from '../report/index-run.js';
import { IncompatibleIndexError, IndexTargetError } from '../index/store.js';

export const EXIT_OK = 0;
export const EXIT_DUPLICATES = 1;
export const EXIT_USAGE = 2;
/** The run itself failed: an output could not be written, an index could not be reached. */
export const EXIT_FAILURE = 3;
export const EXIT_INTERRUPTED = 130;

/** Candidate Jaccard the LSH is tuned for by default: low enough for a trimmed or re-edited copy (Jaccard 0.15-0.4) to be a candidate. */
export const DEFAULT_CANDIDATE_THRESHOLD = 0.15;

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

function parseFraction(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!Number.isFinite(x) || x <= 0 || x > 1) throw new InvalidArgumentError(`${name} must be a number in (0, 1], got "${value}"`);
    return x;
  };
}

function parsePositiveInt(name: string, max = 1 << 20) {
  return (value: string): number => {
    const x = Number(value);
    if (!Number.isInteger(x) || x < 1 || x > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
    return x;
  };
}

/** "20MB", "512k", "1048576" -> bytes. */
export function parseSize(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new InvalidArgumentError(`size must look like 20MB, 512KB or 1048576, got "${value}"`);
  return bytes;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, requested: boolean): boolean {
  if (!requested) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

interface MainOptions {
  json?: boolean;
  jsonl?: boolean;
  print?: 'canonical';
  out?: string;
  all?: boolean;
  include?: string[];
  exclude?: string[];
  textField?: string;
  idField?: string;
  shingle: number;
  permutations: number;
  seed: number;
  threshold: number;
  containment: number | false;
  figures: number | false;
  lead: boolean;
  cluster: MatchPolicy['grouping'];
  candidateThreshold?: number;
  bands?: number;
  rows?: number;
  canonical: CanonicalPolicy;
  corpusLines: boolean;
  maxFileSize: number;
  failOnDuplicates?: boolean;
  quiet?: boolean;
  color: boolean;
  jobs: number;
  explain?: boolean;
  /** Set from the config file's location, so that file is never read as input. */
  configFile?: string;
  index?: string;
  queryOnly?: boolean;
  newOnly?: boolean;
  batch: number;
  progress?: boolean;
}

function maxFileSizeOption(): Option {
  return new Option('--max-file-size <size>', 'skip files (and JSONL records) larger than this').argParser(parseSize).default(DEFAULT_MAX_FILE_SIZE, '20MB');
}

function addMatchingOptions(command: Command): Command {
  return command
    .option('--text-field <name>', 'JSON/JSONL field holding the text (default: first of text, body, content, article, articleBody)')
    .option('--id-field <name>', 'JSON/JSONL field holding the document id (default: id, else file:line)')
    .option('--shingle <n>', 'words per shingle', parsePositiveInt('--shingle', 64), DEFAULT_FINGERPRINT.shingleSize)
    .option('--permutations <n>', 'MinHash signature length', parsePositiveInt('--permutations', 1024), DEFAULT_FINGERPRINT.permutations)
    .option('--seed <n>', 'hash seed (equal seeds give equal signatures)', parsePositiveInt('--seed', 2 ** 31), DEFAULT_FINGERPRINT.seed)
    .option('--threshold <j>', 'estimated Jaccard similarity at which two documents are copies', parseFraction('--threshold'), DEFAULT_POLICY.threshold)
    .option('--containment <c>', 'share of the shorter document found in the longer at which it is a copy (trimmed copies)', parseFraction('--containment'), DEFAULT_POLICY.containment ?? 0.7)
    .option('--no-containment', 'match on Jaccard similarity alone')
    .option('--figures <f>', 'share of the shorter document\'s figures (numbers, dates) the longer must also hold', parseFraction('--figures'), DEFAULT_POLICY.figures ?? 0.6)
    .option('--no-figures', 'do not compare figures (templated stories with other numbers may then merge)')
    .option('--no-lead', 'do not require copies to start alike (a page carrying another story further down may then join it)')
    .addOption(new Option('--cluster <mode>', 'canonical: every member must match its cluster\'s canonical; components: connected components (A~B~C chains merge)').choices(['canonical', 'components']).default(DEFAULT_POLICY.grouping))
    .option('--candidate-threshold <j>', `Jaccard the LSH bands are tuned for (default: the lower of --threshold and ${DEFAULT_CANDIDATE_THRESHOLD} when containment is on)`, parseFraction('--candidate-threshold'))
    .option('--bands <b>', 'LSH bands (overrides the tuned value; give --rows too)', parsePositiveInt('--bands', 1024))
    .option('--rows <r>', 'LSH rows per band (overrides the tuned value; give --bands too)', parsePositiveInt('--rows', 1024))
    .option('--no-corpus-lines', 'do not learn and remove lines repeated across many documents')
    .addOption(maxFileSizeOption())
    .option('--jobs <n>', 'worker threads for reading, cleaning and fingerprinting (default: available cores)', parsePositiveInt('--jobs', 256), availableParallelism())
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect);
}

/** What every command discovers: the globs given, and never the settings file itself. */
function discoverOptions(opts: Pick<MainOptions, 'include' | 'exclude' | 'configFile'>): RunOptions['discover'] {
  return { include: opts.include, exclude: opts.exclude, skipFiles: opts.configFile ? [opts.configFile] : undefined };
}

function readOptions(opts: Pick<MainOptions, 'textField' | 'idField' | 'maxFileSize'>): RunOptions['read'] {
  return { textField: opts.textField, idField: opts.idField, maxFileSize: opts.maxFileSize };
}

function runOptions(opts: MainOptions, io: Io): RunOptions {
  if ((opts.bands === undefined) !== (opts.rows === undefined)) throw new InvalidArgumentError('--bands and --rows go together');
  if (opts.bands !== undefined && opts.rows !== undefined && opts.bands * opts.rows > opts.permutations) {
    throw new InvalidArgumentError(`--bands x --rows (${opts.bands * opts.rows}) must not exceed --permutations (${opts.permutations})`);
  }
  const policy: MatchPolicy = {
    ...DEFAULT_POLICY,
    threshold: opts.threshold,
    containment: opts.containment === false ? null : opts.containment,
    figures: opts.figures === false ? null : opts.figures,
    lead: opts.lead === false ? null : DEFAULT_POLICY.lead,
    grouping: opts.cluster,
  };
  const candidateThreshold = opts.candidateThreshold ?? (policy.containment === null ? policy.threshold : Math.min(policy.threshold, DEFAULT_CANDIDATE_THRESHOLD));
  return {
    discover: discoverOptions(opts),
    read: readOptions(opts),
    fingerprint: { shingleSize: opts.shingle, permutations: opts.permutations, seed: opts.seed },
    policy,
    canonical: opts.canonical,
    candidateThreshold,
    banding: opts.bands !== undefined && opts.rows !== undefined ? { bands: opts.bands, rows: opts.rows } : undefined,
    corpusLines: opts.corpusLines,
    stdin: io.stdin as RunOptions['stdin'],
    jobs: opts.jobs,
    // The report needs no sketches once clusters are built.
    releaseSketches: true,
  };
}

async function canonicalTextsById(result: RunResult, report: ReturnType<typeof buildReport>, read: RunOptions['read']): Promise<Map<string, string>> {
  const indexes = canonicalIndexes(result, report);
  const cleaned = await cleanedTexts(result, [...indexes.values()], read);
  const out = new Map<string, string>();
  for (const [clusterId, index] of indexes) {
    const doc = cleaned.get(index);
    if (doc) out.set(clusterId, doc.text);
  }
  return out;
}

async function mainAction(paths: string[], opts: MainOptions, io: Io): Promise<number> {
  if (paths.length === 0) throw new InvalidArgumentError('give at least one file, folder or glob to read (or - for JSONL on standard input)');
  if ([opts.json, opts.jsonl, opts.print !== undefined].filter(Boolean).length > 1) throw new InvalidArgumentError('choose one of --json, --jsonl and --print');
  const options = runOptions(opts, io);
  if (opts.index !== undefined) return indexAction(paths, opts, options, io);
  if (opts.queryOnly || opts.newOnly) throw new InvalidArgumentError('--query-only and --new-only go with --index');
  if (opts.explain) await printCleaning(paths, options, { explain: true, jsonl: false, color: opts.color, quiet: true }, io);
  const progress = new ProgressBar(io.stderr, ProgressBar.wanted(io.stderr, Boolean(opts.quiet)));
  options.onProgress = (documents, bytes, expected) => progress.update(documents, bytes, expected);
  let result: RunResult;
  try {
    result = await run(paths, options);
  } finally {
    progress.done();
  }
  // The terminal report lists duplicates only (unless --all): singletons need not be built.
  const listed = Boolean(opts.all || opts.json || opts.jsonl || opts.out !== undefined || opts.print !== undefined);
  const report = buildReport(result, { singletons: listed });
  const errColour = useColour(io.stderr, io.env, opts.color);
  const outColour = useColour(io.stdout, io.env, opts.color);

  if (opts.out !== undefined || opts.print === 'canonical') {
    const texts = await canonicalTextsById(result, report, options.read);
    if (opts.out !== undefined) {
      const inputs = new Set(result.documents.map((d) => d.source.file));
      const written = await writeOutputFolder(opts.out, report, texts, inputs);
      if (!opts.quiet) io.stderr.write(`wrote ${written.length - 1} canonical texts and manifest.json to ${opts.out}\n`);
    }
    if (opts.print === 'canonical') io.stdout.write(formatCanonicalTexts(report, texts, outColour));
  }

  if (opts.json) await writeJsonReport(io.stdout, report);
  else if (opts.jsonl) await writeJsonLinesReport(io.stdout, report);
  else if (opts.print === undefined) {
    if (!opts.quiet) io.stderr.write(formatSkipped(report.skipped, errColour));
    await writeTerminalReport(io.stdout, report, { all: Boolean(opts.all), colour: outColour });
  }
  if (opts.json || opts.jsonl || opts.print !== undefined) {
    if (!opts.quiet && report.skipped.length && io.stderr.isTTY) io.stderr.write(formatSkipped(report.skipped, errColour));
  }
  return opts.failOnDuplicates && report.summary.duplicates > 0 ? EXIT_DUPLICATES : EXIT_OK;
}

interface CleanCommandOptions {
  jsonl?: boolean;
  explain?: boolean;
  quiet?: boolean;
  color: boolean;
}

/** `dedupe clean`: cleaned documents as text, JSON lines, or an explanation of what was removed. */
async function printCleaning(paths: string[], options: Pick<RunOptions, 'discover' | 'read' | 'corpusLines' | 'stdin'>, opts: CleanCommandOptions, io: Io): Promise<number> {
  if (paths.length === 0) throw new InvalidArgumentError('give at least one file, folder or glob to clean (or - for JSONL on standard input)');
  const colour = useColour(io.stdout, io.env, opts.color);
  const errColour = useColour(io.stderr, io.env, opts.color);
  let documents = 0;
  for await (const item of cleanInputs(paths, options)) {
    if ('skipped' in item) {
      if (!opts.quiet || opts.jsonl) io.stderr.write(formatSkipped([item.skipped], errColour));
      continue;
    }
    documents++;
    if (opts.jsonl) io.stdout.write(JSON.stringify(cleanRecord(item.raw, item.cleaned)) + '\n');
    else io.stdout.write((documents > 1 ? '\n' : '') + (opts.explain ? formatExplanation(item.raw, item.cleaned, colour) : formatCleaned(item.raw, item.cleaned, colour)));
  }
  if (documents === 0) throw new NoInputError('no documents could be read');
  return EXIT_OK;
}

// --- Persistent index: `--index` runs and the `index` subcommand -------------------------------

async function indexAction(paths: string[], opts: MainOptions, options: RunOptions, io: Io): Promise<number> {
  if (opts.out !== undefined || opts.print !== undefined || opts.all) throw new InvalidArgumentError('--out, --print and --all are not available with --index');
  const result = await runIncremental(paths, options, {
    target: opts.index!,
    queryOnly: Boolean(opts.queryOnly),
    batchSize: opts.batch,
    onBatch: opts.progress ? ({ read, added }) => io.stderr.write(`indexed ${added} of ${read} documents read\n`) : undefined,
  });
  const errColour = useColour(io.stderr, io.env, opts.color);
  if (!opts.quiet && (!(opts.json || opts.jsonl) || io.stderr.isTTY)) io.stderr.write(formatSkipped(result.skipped, errColour));
  if (opts.json) io.stdout.write(JSON.stringify(indexRunJson(result), null, 2) + '\n');
  else if (opts.jsonl) io.stdout.write(indexRunJsonLines(result));
  else io.stdout.write(formatIndexRun(result, useColour(io.stdout, io.env, opts.color)));
  const summary = summarise(result);
  const duplicates = opts.newOnly ? summary.newWithCopies : summary.newWithCopies + summary.indexDuplicates;
  return opts.failOnDuplicates && duplicates > 0 ? EXIT_DUPLICATES : EXIT_OK;
}

function addIndexCommand(program: Command, io: Io): void {
  const index = program.command('index').description('inspect a persistent index (a SQLite file or redis:// URL)');
  index
    .command('stats')
    .description('count documents, verified pairs, clusters and duplicates; show the stored parameters')
    .argument('<target>', 'SQLite file or redis://[user:pass@]host:port/db?prefix=name')
    .option('--json', 'print the counts as JSON')
    .action(async (target: string, opts: { json?: boolean }) => {
      const store = await openStore(target, 'read');
      try {
        const stats = await store.stats();
        io.stdout.write(opts.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats));
      } finally {
        await store.close();
      }
    });
  index
    .command('export')
    .description('print every indexed document once, one JSON line per cluster (clusters of copies first)')
    .argument('<target>', 'SQLite file or redis://[user:pass@]host:port/db?prefix=name')
    .action(async (target: string) => {
      const store = await openStore(target, 'read');
      try {
        for await (const cluster of exportClusters(store)) io.stdout.write(JSON.stringify(cluster) + '\n');
      } finally {
        await store.close();
      }
    });
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command();
  // Set before any subcommand is added: subcommands copy these settings when created.
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  program.exitOverride();
  program.showHelpAfterError('(run dedupe --help for the options)');
  program
    .name('dedupe')
    // Options after a subcommand's name belong to the subcommand (both have --explain, --jsonl).
    .enablePositionalOptions()
    .description('Find the copies of one story in a folder of scraped news, strip the debris, and keep each story once in its best clean version.')
    .version(version, '-V, --version')
    .argument('[paths...]', 'files, folders or globs to read (.txt .md .html .htm .json .jsonl); - reads JSONL from standard input')
    .option('--json', 'print one JSON report on stdout (schema: schema/report.schema.json)')
    .option('--jsonl', 'print one JSON line per cluster on stdout')
    .addOption(new Option('--print <what>', 'print the cleaned canonical text of every story').choices(['canonical']))
    .option('--out <dir>', 'write each story\'s canonical cleaned text to DIR, with manifest.json')
    .option('--all', 'list unique stories too, not only duplicate clusters')
    .option('--explain', 'first show what cleaning removed from each document, and why');
  addMatchingOptions(program);
  program
    .addOption(new Option('--canonical <policy>', 'how the canonical copy of a cluster is chosen').choices([...CANONICAL_POLICIES]).default('complete'))
    .option('--fail-on-duplicates', 'exit with status 1 when any duplicates are found (for CI)')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .option('--no-color', 'no colour in terminal output (also: NO_COLOR=1)')
    .option('--index <target>', 'compare with and add to a persistent index: a SQLite file, or redis://[user:pass@]host:port/db?prefix=name shared by many workers')
    .option('--query-only', 'with --index: report the new documents\' copies without adding them to the index')
    .option('--new-only', 'with --index: --fail-on-duplicates counts only duplicates involving this run\'s documents')
    .option('--batch <n>', 'with --index: documents per index transaction', parsePositiveInt('--batch'), DEFAULT_BATCH_SIZE)
    .option('--progress', 'with --index: print a line on stderr after each batch')
    .addHelpText(
      'after',
      `
Exit status:
  0  done (duplicates or not, unless --fail-on-duplicates)
  1  duplicates found and --fail-on-duplicates given
  2  usage error, no input documents found, or an --index built with other parameters
  3  the run failed (an output could not be written, an index could not be reached)
  130 interrupted

Examples:
  dedupe ./articles                       clusters of copies, canonical first
  dedupe ./articles --json > report.json  the full report for scripts
  dedupe ./articles --out ./clean         one clean text per story, plus manifest.json
  cat feed.jsonl | dedupe - --jsonl       JSONL in, one cluster per line out
  dedupe ./articles --fail-on-duplicates  for CI: exit 1 when copies exist
  dedupe ./today --index archive.db --fail-on-duplicates --new-only
                                          compare today's articles with the archive, add them
  dedupe index stats archive.db           what the index holds`,
    )
    .action(async (paths: string[], opts: MainOptions) => setExit(await mainAction(paths, opts, io)));
  addIndexCommand(program, io);
  // Options after `index stats` belong to it, not to the main command (both have --json).
  program.enablePositionalOptions();

  // Settings from dedupe.config.json (or package.json "dedupe") apply where no flag was given.
  program.hook('preAction', (_program, action) => applyConfig(action, loadConfig(process.cwd())));

  const check = program
    .command('check')
    .description('for dataset CI: exit 1 when new duplicates are over the allowed share (see the README)')
    .argument('<paths...>', 'files, folders or globs to check');
  addCheckOptions(addMatchingOptions(check))
    .addOption(new Option('--canonical <policy>', 'how the canonical copy of a cluster is chosen').choices([...CANONICAL_POLICIES]).default('complete'))
    .action(async (paths: string[], opts: MainOptions & CheckCommandOptions) => setExit((await runCheck(paths, opts, runOptions(opts, io), io.stdout)) === 'fail' ? EXIT_DUPLICATES : EXIT_OK));

  // `dedupe explain A B`: the same matching options as a run, given after the two documents.
  const explain = program
    .command('explain')
    .description('show why two documents are or are not copies: similarity, containment, shared and differing passages, what cleaning removed, the verdict. A record of a JSON/JSONL file is FILE:N')
    .argument('<a>', 'first document (FILE, or FILE:N for a JSON/JSONL record)')
    .argument('<b>', 'second document')
    .option('--json', 'print the explanation as one JSON document')
    .option('-q, --quiet', 'print no notes on stderr')
    .option('--no-color', 'no colour (also: NO_COLOR=1)');
  addMatchingOptions(explain).action(async (a: string, b: string, opts: MainOptions) => {
    try {
      const { explanation, notes } = await explainPair(a, b, runOptions(opts, io));
      if (opts.json) io.stdout.write(JSON.stringify({ ...explanation, notes }, null, 2) + '\n');
      else {
        io.stdout.write(formatPairExplanation(explanation, useColour(io.stdout, io.env, opts.color)));
        if (!opts.quiet) for (const note of notes) io.stderr.write(`note: ${note}\n`);
      }
      setExit(EXIT_OK);
    } catch (error) {
      if (!(error instanceof ExplainInputError)) throw error;
      io.stderr.write(`dedupe explain: ${error.message}\n`);
      setExit(EXIT_USAGE);
    }
  });

  program
    .command('clean')
    .description('print cleaned documents: the article text without navigation, share lines, teasers, comments and promos')
    .argument('<paths...>', 'files, folders or globs to read; - reads JSONL from standard input')
    .option('--jsonl', 'one JSON line per document: {"id","path","title","text","removed","flags"}')
    .option('--explain', 'show every line, removed ones dimmed with the rule that removed them')
    .option('--text-field <name>', 'JSON/JSONL field holding the text')
    .option('--id-field <name>', 'JSON/JSONL field holding the document id')
    .option('--no-corpus-lines', 'do not learn and remove lines repeated across many documents')
    .addOption(maxFileSizeOption())
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect)
    .option('-q, --quiet', 'do not list skipped inputs on stderr')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .action(async (paths: string[], opts: CleanCommandOptions & MainOptions) => {
      const options = {
        discover: discoverOptions(opts),
        read: readOptions(opts),
        corpusLines: opts.corpusLines,
        stdin: io.stdin as RunOptions['stdin'],
      };
      setExit(await printCleaning(paths, options, opts, io));
    });

  return program;
}

/** Runs the command line and returns the exit status; never throws for user errors. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (error) {
    // Thrown by our own checks (commander reports its own parse errors before throwing).
    if (error instanceof InvalidArgumentError || error instanceof UsageError || error instanceof NoInputError || error instanceof IncompatibleIndexError || error instanceof IndexTargetError) {
      io.stderr.write(`dedupe: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    io.stderr.write(`dedupe: ${(error as Error)?.message ?? String(error)}\n`);
    if (io.env.DEDUPE_DEBUG) io.stderr.write(`${(error as Error)?.stack}\n`);
    return EXIT_FAILURE;
  }
}
