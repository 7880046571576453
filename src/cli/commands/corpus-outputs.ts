/**
 * A run's corpus written back: `--write-jsonl FILE` (the kept records as they came, or every
 * record marked with `--mark`) and `--write-paths FILE|-` (the copies' files, for `xargs rm`).
 * The flags, their checks and the writing; the choice of what is kept is in report/corpus.ts.
 */

import { InvalidArgumentError, Option, type Command } from 'commander';
import { statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { RunResult } from '../../engine/result.js';
import { jsonlLines, jsonValues, parseLine, RawRecordError } from '../../input/raw-records.js';
import { writeFileAtomic, writeFileAtomicFrom } from '../../io/atomic.js';
import { copiesNotKept, corpusPlan, KEEP_POLICIES, markedRecord, type CorpusPlan, type KeepPolicy } from '../../report/corpus.js';
import { plural } from '../../report/format.js';
import { buildReport, type Report } from '../../report/report.js';
import { UsageError } from '../../types.js';
import type { Io } from '../context.js';

export interface CorpusOutputFlags {
  writeJsonl?: string;
  /** canonical when not given. */
  keep?: KeepPolicy;
  mark?: boolean;
  writePaths?: string;
  null?: boolean;
  json?: boolean;
  jsonl?: boolean;
  print?: string;
  quiet?: boolean;
  maxFileSize: number;
}

/** The flags of the corpus outputs. */
export function addCorpusOutputOptions(program: Command): void {
  program
    .option('--write-jsonl <file>', 'write the corpus back as JSONL: the kept record of each story and every unique record, each line byte for byte as it came (JSON array elements re-serialised), in input order; JSON/JSONL inputs only')
    .addOption(new Option('--keep <which>', 'with --write-jsonl or --write-paths: the copy of each story kept: canonical (the default) or first (the earliest in input order)').choices([...KEEP_POLICIES]))
    .option('--mark', 'with --write-jsonl: write every record, with "dedupe_cluster" and "dedupe_duplicate" (true for copies not kept) added; adding fields re-serialises each record')
    .option('--write-paths <file>', 'write the files of the copies not kept, one per line, to FILE or - (stdout; the report then goes to stderr), for xargs rm; folders of files only, not records')
    .option('-0, --null', 'with --write-paths: end each path with NUL instead of a newline, for xargs -0');
}

/** Checks made before the run, so a refused output costs nothing. */
export function checkCorpusOutputFlags(paths: readonly string[], flags: CorpusOutputFlags & { index?: string; out?: string }): void {
  const keepGiven = flags.keep !== undefined;
  const jsonl = flags.writeJsonl;
  const list = flags.writePaths;
  if (jsonl === undefined && flags.mark) throw new InvalidArgumentError('--mark goes with --write-jsonl');
  if (jsonl === undefined && list === undefined && keepGiven) throw new InvalidArgumentError('--keep goes with --write-jsonl or --write-paths');
  if (list === undefined && flags.null) throw new InvalidArgumentError('-0/--null goes with --write-paths');
  if (list === undefined && jsonl === undefined) return;
  if (flags.index !== undefined) throw new InvalidArgumentError('--write-jsonl and --write-paths are not available with --index');
  if (jsonl === '-') throw new InvalidArgumentError('--write-jsonl takes a file (the report is on standard output)');
  if (list === '-' && (flags.json || flags.jsonl || flags.print !== undefined)) throw new InvalidArgumentError('--write-paths - uses standard output: --json, --jsonl and --print cannot share it');
  if (paths.includes('-')) {
    throw new InvalidArgumentError(
      jsonl !== undefined ? '--write-jsonl reads the kept records again from their files, and standard input is read once: save it to a file and name that file' : '--write-paths lists files, and standard input holds records, not files',
    );
  }
  for (const [flag, file] of [['--write-jsonl', jsonl], ['--write-paths', list]] as const) {
    if (file === undefined || file === '-') continue;
    if (paths.some((p) => sameFile(p, file))) throw new UsageError(`${flag} ${file} is one of the inputs: it would overwrite them; write it elsewhere`);
    if (flags.out !== undefined && sameFile(flags.out, file)) throw new UsageError(`${flag} ${file} is the --out folder`);
    if (!isFolder(path.dirname(path.resolve(file)))) throw new UsageError(`${flag} ${file}: the folder ${path.dirname(file)} does not exist`);
    if (isFolder(file)) throw new UsageError(`${flag} ${file} is a folder; name a file`);
  }
  if (jsonl !== undefined && list !== undefined && list !== '-' && sameFile(jsonl, list)) throw new UsageError('--write-jsonl and --write-paths name the same file');
}

function isFolder(name: string): boolean {
  try {
    return statSync(name).isDirectory();
  } catch {
    return false;
  }
}

/** Whether two names are one file: the same path, or the same file on disk. */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Where the report goes: stderr when --write-paths - takes standard output (nowhere with --quiet). */
export function reportIo(flags: CorpusOutputFlags, io: Io): Io {
  if (flags.writePaths !== '-') return io;
  return { ...io, stdout: flags.quiet ? new PassThrough().resume() : io.stderr };
}

/** Writes --write-jsonl and --write-paths after a run (nothing when neither is given). */
export async function writeCorpusOutputs(result: RunResult, report: Report, flags: CorpusOutputFlags, io: Io): Promise<void> {
  if (flags.writeJsonl === undefined && flags.writePaths === undefined) return;
  checkInputs(result, flags);
  // Cluster ids as the --json report gives them: a report with singletons listed.
  const full = report.clusters.length === report.summary.clusters ? report : buildReport(result, { singletons: true });
  const plan = corpusPlan(result, full, flags.keep ?? 'canonical');
  if (flags.writeJsonl !== undefined) {
    const counts = { written: 0 };
    await writeFileAtomicFrom(path.resolve(flags.writeJsonl), corpusLines(result, plan, flags, counts));
    if (!flags.quiet) {
      const what = flags.mark ? 'records (marked)' : 'kept records';
      const skipped = result.skipped.length ? `; ${plural(result.skipped.length, 'skipped input')} left out` : '';
      io.stderr.write(`wrote ${counts.written} ${what} to ${flags.writeJsonl}${skipped}\n`);
    }
  }
  if (flags.writePaths !== undefined) {
    const files = copiesNotKept(result, plan);
    const end = flags.null ? '\0' : '\n';
    if (!flags.null) {
      const odd = files.find((f) => f.includes('\n'));
      if (odd !== undefined) throw new UsageError(`a copy's file name holds a newline (${JSON.stringify(odd)}): use -0 and xargs -0`);
    }
    const text = files.map((f) => f + end).join('');
    if (flags.writePaths === '-') io.stdout.write(text);
    else await writeFileAtomic(path.resolve(flags.writePaths), text);
    if (!flags.quiet && flags.writePaths !== '-') io.stderr.write(`wrote ${plural(files.length, 'copy', 'copies')} not kept to ${flags.writePaths}\n`);
  }
}

/** Refuses inputs the outputs cannot be made of: records for --write-jsonl, files for --write-paths; and an output that is an input. */
function checkInputs(result: RunResult, flags: CorpusOutputFlags): void {
  if (flags.writeJsonl !== undefined) {
    const notRecords = result.documents.find((d) => d.source.kind !== 'jsonl' && d.source.kind !== 'json');
    if (notRecords) throw new UsageError(`--write-jsonl writes JSON records back, and ${notRecords.path} is a ${notRecords.source.kind} file, not JSON/JSONL records (use --write-paths for folders of files, or --out)`);
  }
  if (flags.writePaths !== undefined) {
    const record = result.documents.find((d) => d.record !== undefined);
    if (record) throw new UsageError(`--write-paths lists files to remove, and ${record.path} holds records (${record.id}), not one document per file: a record is not a path (use --write-jsonl to write the corpus back)`);
  }
  const inputs = new Set(result.documents.map((d) => d.file));
  for (const [flag, file] of [['--write-jsonl', flags.writeJsonl], ['--write-paths', flags.writePaths]] as const) {
    if (file === undefined || file === '-') continue;
    if ([...inputs].some((input) => sameFile(input, file))) throw new UsageError(`${flag} ${file} is one of the inputs: it would overwrite them; write it elsewhere (or --exclude it)`);
  }
}

/** The lines of --write-jsonl: the files in the order the run read them, each file's records in order. */
async function* corpusLines(result: RunResult, plan: CorpusPlan, flags: CorpusOutputFlags, counts: { written: number }): AsyncGenerator<Uint8Array | string> {
  const byFile = new Map<string, { kind: 'json' | 'jsonl'; path: string; records: Map<number, number> }>();
  for (const doc of result.documents) {
    if (!flags.mark && !plan.kept[doc.index]) continue;
    let entry = byFile.get(doc.file);
    if (!entry) byFile.set(doc.file, (entry = { kind: doc.source.kind as 'json' | 'jsonl', path: doc.path, records: new Map() }));
    entry.records.set(doc.record ?? 1, doc.index);
  }
  const NEWLINE = Buffer.from('\n');
  for (const [file, entry] of byFile) {
    const wanted = new Set(entry.records.keys());
    const mark = (record: number, value: unknown) => {
      const index = entry.records.get(record)!;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RawRecordError(`${entry.path}:${record}: record is not a JSON object`);
      return markedRecord(value as Record<string, unknown>, plan.cluster[index], !plan.kept[index]);
    };
    if (entry.kind === 'jsonl') {
      for await (const { record, line } of jsonlLines(file, wanted)) {
        counts.written++;
        if (flags.mark) yield mark(record, parseLine(line, `${entry.path}:${record}`)) + '\n';
        else {
          yield line;
          yield NEWLINE;
        }
      }
    } else {
      for (const { record, value } of jsonValues({ path: file, displayPath: entry.path, kind: 'json' }, wanted, flags)) {
        counts.written++;
        yield (flags.mark ? mark(record, value) : JSON.stringify(value)) + '\n';
      }
    }
  }
}
