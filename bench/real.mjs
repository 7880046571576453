/**
 * The benchmark's corpora shaped like real scrapes, all built from the development data beside
 * the repository (`../shared`, or the folder named by DEDUPE_SHARED; not shipped):
 *
 *   news     make_news_corpus.py: newswire-like articles written by a Markov chain trained on
 *            Reuters-21578, under per-site headers and footers, about 20% planted near-copies;
 *            its gold file (document -> story) gives planted-copy precision and recall
 *   digest   make_digest_corpus.py: pages joining 2-4 real Reuters stories, about 20% near-copies
 *            (no gold file: the generator writes none)
 *   reuters  the real Reuters-21578 newswire (21,578 stories; its hand-judged pairs score it)
 *
 * Generated corpora are cached under .bench/, named by generator, seed and size, and stamped
 * with a hash of the generator's source, so later runs reuse them and a changed tool rebuilds.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Our own generator seed (not the tools' defaults' business): documented in the README. */
export const DEFAULT_SEED = 20261206;

export const REUTERS_STORIES = 21578;

/** Rough bytes a document takes on disk, to refuse a generation the disk cannot hold. */
const BYTES_PER_DOC = { jsonl: 3800, folder: 6000 };

/**
 * The shared folder: DEDUPE_SHARED, else ../shared beside the repository root.
 * Returns { dir, files } or { missing: reason }.
 */
export function findShared(root) {
  const dir = process.env.DEDUPE_SHARED ? path.resolve(process.env.DEDUPE_SHARED) : path.resolve(root, '..', 'shared');
  const files = {
    news: path.join(dir, 'tools', 'make_news_corpus.py'),
    digest: path.join(dir, 'tools', 'make_digest_corpus.py'),
    scorePlanted: path.join(dir, 'tools', 'score_planted.py'),
    scoreClusters: path.join(dir, 'tools', 'score_clusters.py'),
    reuters: path.join(dir, 'data', 'reuters', 'reuters21578.jsonl'),
    labels: path.join(dir, 'data', 'reuters', 'labels-dev.tsv'),
  };
  if (!existsSync(dir)) return { missing: `${dir} not found (set DEDUPE_SHARED to the folder holding tools/ and data/reuters/)` };
  return { dir, files };
}

let python;
/** Whether python3 runs here (the generators and scorers are Python). */
export function hasPython() {
  python ??= spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
  return python;
}

const sha1 = (file) => createHash('sha1').update(readFileSync(file)).digest('hex').slice(0, 12);
const fmt = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** Total size of the files under a folder. */
function folderBytes(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return bytes;
}

/** Throws unless the disk under `dir` has room for `bytes` with a margin (other work shares it). */
function checkDiskSpace(dir, bytes) {
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free < bytes * 1.5 + 1e9) {
    throw new Error(`not enough disk space in ${dir}: about ${fmt(bytes / 1e9)} GB needed (with margin ${fmt((bytes * 1.5 + 1e9) / 1e9)} GB), ${fmt(free / 1e9)} GB free`);
  }
}

/**
 * A generated corpus (news or digest) of `docs` documents as JSONL or as files in 1,000 folders,
 * built once and reused. Returns { input, docs, bytes, gold?, label }.
 * Gold (news only) is id<TAB>story with the ids dedupe reports: docN for JSONL, NNN/docN.txt for files.
 */
export function generatedCorpus(kind, { shared, docs, seed, layout, benchDir }) {
  const tool = shared.files[kind];
  const name = `${kind}-seed${seed}-n${docs}${layout === 'folder' ? '-files' : '.jsonl'}`;
  const target = path.join(benchDir, name);
  const stampFile = `${target}.done`;
  const want = { generator: path.basename(tool), source: sha1(tool), seed, docs, layout };
  const gold = kind === 'news' ? `${target}.gold.tsv` : undefined;
  const label = `${kind} (${path.basename(tool)} --seed ${seed}) ${layout === 'folder' ? 'as files in 1,000 folders' : 'as JSONL'}, ${fmt(docs)} documents`;
  if (existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (Object.keys(want).every((k) => stamp[k] === want[k])) return { input: target, docs, bytes: stamp.bytes, gold, label };
  }
  mkdirSync(benchDir, { recursive: true });
  checkDiskSpace(benchDir, docs * BYTES_PER_DOC[layout]);
  // Written under a temporary name and renamed, so an interrupted generation is never reused.
  const partial = `${target}.partial`;
  for (const stale of [target, partial, `${partial}.gold.tsv`, stampFile]) rmSync(stale, { recursive: true, force: true });
  // make_news_corpus.py --files opens OUTDIR/gold.tsv before it creates OUTDIR: create it first.
  if (layout === 'folder') mkdirSync(partial);
  const args = [tool, String(docs), partial, ...(layout === 'folder' ? ['--files'] : []), '--seed', String(seed), '--reuters', shared.files.reuters];
  process.stderr.write(`generating ${path.relative(process.cwd(), target)}: python3 ${args.map((a) => path.basename(a)).join(' ')} ...`);
  const started = Date.now();
  const child = spawnSync('python3', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0) throw new Error(`${path.basename(tool)} failed with status ${child.status}`);
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (gold && layout === 'folder') {
    // The generator writes gold.tsv inside the folder with bare ids; dedupe names files by their path under the folder.
    const lines = readFileSync(path.join(partial, 'gold.tsv'), 'utf8').split('\n');
    const mapped = lines.map((line, i) => (i === 0 || !line ? line : line.replace(/^doc(\d+)\t/, (_, n) => `${String(Number(n) % 1000).padStart(3, '0')}/doc${n}.txt\t`)));
    writeFileSync(gold, mapped.join('\n'));
    rmSync(path.join(partial, 'gold.tsv'));
  } else if (gold) renameSync(`${partial}.gold.tsv`, gold);
  renameSync(partial, target);
  const bytes = layout === 'folder' ? folderBytes(target) : statSync(target).size;
  writeFileSync(stampFile, JSON.stringify({ ...want, bytes }));
  return { input: target, docs, bytes, gold, label };
}

/**
 * The real Reuters-21578 JSONL: all of it, or its first `docs` stories (cached under .bench/).
 * Returns { input, docs, bytes, pairs?, label }; pairs (the hand-judged pairs) only for the whole set.
 */
export function reutersCorpus({ shared, docs, benchDir }) {
  const source = shared.files.reuters;
  if (docs >= REUTERS_STORIES) {
    return { input: source, docs: REUTERS_STORIES, bytes: statSync(source).size, pairs: existsSync(shared.files.labels) ? shared.files.labels : undefined, label: `Reuters-21578 newswire, all ${fmt(REUTERS_STORIES)} stories` };
  }
  mkdirSync(benchDir, { recursive: true });
  const target = path.join(benchDir, `reuters-first${docs}.jsonl`);
  if (!existsSync(target)) {
    const lines = readFileSync(source, 'utf8').split('\n').slice(0, docs);
    writeFileSync(`${target}.partial`, lines.join('\n') + '\n');
    renameSync(`${target}.partial`, target);
  }
  return { input: target, docs, bytes: statSync(target).size, label: `Reuters-21578 newswire, first ${fmt(docs)} stories` };
}

/**
 * The head of a `dedupe --json` report: everything before "clusters" (version, params, summary
 * and, where the build writes them, stats). The report writer puts these first; reading only the
 * head keeps a million-document report (hundreds of MB) out of memory.
 */
export function readReportHead(file) {
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const text = buffer.subarray(0, length).toString('utf8');
  // The array of clusters, not summary.clusters (a number).
  const cut = text.search(/"clusters":\s*\[/);
  if (cut === -1) return JSON.parse(text);
  const head = JSON.parse(text.slice(0, cut).replace(/,\s*$/, '') + '}');
  // Should a later writer put stats after the clusters, find them in the whole report if it is not huge.
  if (head.stats === undefined && statSync(file).size < 256e6) head.stats = JSON.parse(readFileSync(file, 'utf8')).stats;
  return head;
}

/** Runs a Python scorer that prints one JSON line; returns the parsed object or { error }. */
function runScorer(args) {
  const child = spawnSync('python3', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) return { error: (child.stderr || `exit status ${child.status}`).trim().split('\n').pop() };
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

/** Planted-copy pairwise precision and recall: score_planted.py REPORT.json GOLD.tsv. */
export function scorePlanted(shared, report, gold) {
  return runScorer([shared.files.scorePlanted, report, gold]);
}

/** Precision and recall on Reuters-21578's hand-judged pairs: score_clusters.py --pairs. */
export function scoreJudgedPairs(shared, report, pairs) {
  const r = runScorer([shared.files.scoreClusters, '--pred', report, '--pairs', pairs, '--json']);
  return r.error ? r : { precision: r.pair_precision, recall: r.pair_recall, tp: r.tp, fp: r.fp, fn: r.fn };
}

/** Whether numpy imports (the recipe needs it, as datasketch does). */
export function hasNumpy() {
  return hasPython() && spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}
