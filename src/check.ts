/**
 * CI check: `dedupe check <paths>` judges a dataset. Duplicates already accepted in a baseline
 * file are not failures; the check fails only when the share of new duplicate documents is over
 * `--max-duplicate-ratio`. Output is text, JSON, or GitHub Actions annotations, and always ends
 * with a one-line verdict.
 */

import { InvalidArgumentError, Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { run, type RunOptions, type RunResult } from './pipeline.js';
import { buildReport, writeFileAtomic, type Report } from './report.js';
import type { Skipped } from './types.js';

export const CHECK_FORMATS = ['text', 'json', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const DEFAULT_BASELINE_FILE = 'dedupe-baseline.json';
export const BASELINE_VERSION = 1;

/** A duplicate cluster a team has looked at and accepted, by document id. */
export interface BaselineCluster {
  canonical: string;
  members: string[];
}

export interface Baseline {
  version: number;
  clusters: BaselineCluster[];
}

/** A baseline file that cannot be used: a usage error, not a failed check. */
export class BaselineError extends InvalidArgumentError {}

export interface CheckOptions {
  /** Largest allowed share of documents that are new duplicates (0 allows none). */
  maxDuplicateRatio: number;
  baseline?: Baseline;
  /** Folder that annotation paths are relative to (the repository root in CI). */
  cwd: string;
}

/** One document that is a copy of its cluster's canonical. */
export interface DuplicateFinding {
  id: string;
  /** File path relative to the working folder, as GitHub annotations want it. */
  file: string;
  /** Line in the file, for JSONL records. */
  line?: number;
  cluster: string;
  canonical: string;
  canonicalFile: string;
  similarity: number;
  containment: number;
  /** Listed in the baseline together with another member of its cluster. */
  accepted: boolean;
}

export interface CheckResult {
  verdict: 'pass' | 'fail';
  documents: number;
  duplicates: number;
  accepted: number;
  newDuplicates: number;
  /** newDuplicates / documents. */
  ratio: number;
  maxDuplicateRatio: number;
  duplicateClusters: number;
  /** Baseline clusters that no longer match any duplicates (fixed in the data, or renamed). */
  staleBaselineClusters: number;
  findings: DuplicateFinding[];
  skipped: Skipped[];
}

export function baselineFromReport(report: Report): Baseline {
  return {
    version: BASELINE_VERSION,
    clusters: report.clusters.filter((c) => c.size > 1).map((c) => ({ canonical: c.canonical, members: c.members.map((m) => m.id).sort() })),
  };
}

/** Parses and checks a baseline file's text; errors name the file and the bad entry. */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`baseline ${file}: not valid JSON: ${(error as Error).message}`);
  }
  const value = raw as Partial<Baseline> | null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BaselineError(`baseline ${file}: must be a JSON object with "version" and "clusters"`);
  if (value.version !== BASELINE_VERSION) throw new BaselineError(`baseline ${file}: "version" must be ${BASELINE_VERSION}, got ${JSON.stringify(value.version)}`);
  if (!Array.isArray(value.clusters)) throw new BaselineError(`baseline ${file}: "clusters" must be a list`);
  value.clusters.forEach((cluster, i) => {
    const ok = cluster && typeof cluster === 'object' && typeof cluster.canonical === 'string' && Array.isArray(cluster.members) && cluster.members.every((m) => typeof m === 'string');
    if (!ok) throw new BaselineError(`baseline ${file}: clusters[${i}] must have "canonical" (a document id) and "members" (a list of document ids)`);
  });
  return { version: BASELINE_VERSION, clusters: value.clusters };
}

/** Reads a baseline; `file` is shown in errors as given, and read relative to the working folder. */
export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaselineError(`baseline ${file}: ${missing ? 'no such file (create it with --write-baseline)' : (error as Error).message}`);
  }
  return parseBaseline(text, file);
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFileAtomic(path.resolve(file), JSON.stringify(baseline, null, 2) + '\n');
}

/** Judges a run: which duplicates are new, and whether their share is over the limit. */
export function evaluateCheck(result: RunResult, report: Report, options: CheckOptions): CheckResult {
  const byId = new Map(result.documents.map((d) => [d.id, d]));
  const fileOf = (id: string) => {
    const doc = byId.get(id);
    if (!doc || doc.source.file === '-') return doc?.path ?? id;
    return path.relative(options.cwd, doc.source.file).split(path.sep).join('/');
  };
  // Per document id, the baseline clusters that list it.
  const baselineOf = new Map<string, Set<string>[]>();
  for (const cluster of options.baseline?.clusters ?? []) {
    const members = new Set(cluster.members);
    for (const id of members) baselineOf.set(id, [...(baselineOf.get(id) ?? []), members]);
  }
  const usedBaseline = new Set<Set<string>>();
  const findings: DuplicateFinding[] = [];
  for (const cluster of report.clusters) {
    if (cluster.size < 2) continue;
    const ids = cluster.members.map((m) => m.id);
    for (const member of cluster.members) {
      if (member.id === cluster.canonical) continue;
      // Accepted when the baseline lists it together with another member of its cluster now.
      const accepting = (baselineOf.get(member.id) ?? []).find((b) => ids.some((other) => other !== member.id && b.has(other)));
      if (accepting) usedBaseline.add(accepting);
      const doc = byId.get(member.id);
      findings.push({
        id: member.id,
        file: fileOf(member.id),
        line: doc?.source.kind === 'jsonl' ? doc.source.record : undefined,
        cluster: cluster.id,
        canonical: cluster.canonical,
        canonicalFile: fileOf(cluster.canonical),
        similarity: member.similarity,
        containment: member.containment,
        accepted: accepting !== undefined,
      });
    }
  }
  const documents = report.summary.documents;
  const newDuplicates = findings.filter((f) => !f.accepted).length;
  const ratio = documents === 0 ? 0 : newDuplicates / documents;
  return {
    verdict: ratio > options.maxDuplicateRatio ? 'fail' : 'pass',
    documents,
    duplicates: findings.length,
    accepted: findings.length - newDuplicates,
    newDuplicates,
    ratio,
    maxDuplicateRatio: options.maxDuplicateRatio,
    duplicateClusters: report.summary.duplicateClusters,
    staleBaselineClusters: (options.baseline?.clusters.length ?? 0) - usedBaseline.size,
    findings,
    skipped: report.skipped,
  };
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function verdictLine(check: CheckResult): string {
  const limit = check.newDuplicates === 0 ? '' : ` (${percent(check.ratio)}, ${check.verdict === 'fail' ? 'over' : 'within'} the allowed ${percent(check.maxDuplicateRatio)})`;
  const parts = [`${plural(check.newDuplicates, 'new duplicate')} in ${plural(check.documents, 'document')}${limit}`];
  if (check.accepted) parts.push(`${check.accepted} accepted by the baseline`);
  if (check.staleBaselineClusters) parts.push(`${plural(check.staleBaselineClusters, 'baseline cluster')} no longer found`);
  if (check.skipped.length) parts.push(`${plural(check.skipped.length, 'input')} skipped`);
  return `dedupe check: ${check.verdict === 'fail' ? 'FAIL' : 'PASS'}: ${parts.join('; ')}`;
}

function describeFinding(f: DuplicateFinding): string {
  return `${f.id} is a copy of ${f.canonical} (cluster ${f.cluster}, similarity ${f.similarity.toFixed(2)}, containment ${f.containment.toFixed(2)})`;
}

/** GitHub workflow commands: `%`, CR and LF escaped in messages, also `:` and `,` in properties. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(level: 'error' | 'warning', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** Names printed one per line: newlines and other control characters shown escaped. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

export function formatCheck(check: CheckResult, format: CheckFormat): string {
  if (format === 'json') return JSON.stringify({ ...check, summary: verdictLine(check) }, null, 2) + '\n';
  const lines: string[] = [];
  const fresh = check.findings.filter((f) => !f.accepted);
  if (format === 'github') {
    // New duplicates are errors when they fail the check, warnings when within the allowed ratio.
    const level = check.verdict === 'fail' ? 'error' : 'warning';
    for (const f of fresh) lines.push(annotation(level, { file: f.file, line: f.line, title: `Duplicate of ${f.canonicalFile}` }, describeFinding(f)));
    for (const s of check.skipped) lines.push(annotation('warning', { title: 'Skipped input' }, `${s.path}: ${s.reason}`));
  } else {
    const where = (f: DuplicateFinding) => printable(`${f.file}${f.line ? `:${f.line}` : ''}${f.line || f.id.includes(':#') ? ` (${f.id})` : ''}`);
    if (fresh.length) lines.push('New duplicates:', ...fresh.map((f) => `  ${where(f)}  copy of ${printable(f.canonicalFile)}  (${f.cluster}, similarity ${f.similarity.toFixed(2)}, containment ${f.containment.toFixed(2)})`));
    const accepted = check.findings.filter((f) => f.accepted);
    if (accepted.length) lines.push(`Accepted by the baseline: ${accepted.length} ${accepted.length === 1 ? 'duplicate' : 'duplicates'}`);
    if (check.skipped.length) lines.push('Skipped:', ...check.skipped.map((s) => `  ${printable(s.path)}: ${printable(s.reason)}`));
  }
  lines.push(verdictLine(check));
  return lines.join('\n') + '\n';
}

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
