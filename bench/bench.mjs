/**
 * Benchmark (not a test): generates a deterministic synthetic corpus, runs the real `dedupe`
 * CLI on it as a child process, and prints documents/s, MB/s, wall time and the child's peak
 * RSS; then compares the MinHash kernel with the `minhash` npm package on the same shingling
 * and MinHash work, and the sketch's estimation error with k-permutation MinHash.
 *
 *   npm run bench                          100,000 documents as JSONL
 *   npm run bench -- --docs 1000000        a million
 *   npm run bench -- --folder              the same documents as a folder of files too
 *   npm run bench -- --runs 3 --jobs 2     median of 3 runs, 2 worker threads
 *   npm run bench -- --html 0.15           15% of documents as HTML pages (default: plain text)
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, generate, writeFolder, writeJsonl } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { MinHasher } = await import(path.join(root, 'dist/sketch/minhash.js'));
const { tokenize, fmix32, hashString } = await import(path.join(root, 'dist/sketch/tokens.js'));
const { estimateJaccard, exactShingleStats } = await import(path.join(root, 'dist/sketch/compare.js'));
const MinhashPackage = createRequire(import.meta.url)('minhash').Minhash;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  return value === undefined || value.startsWith('--') ? true : value;
}
const docs = Number(option('docs', 100000));
const runs = Number(option('runs', 1));
const jobs = option('jobs', undefined);
const folder = Boolean(option('folder', false));
const folderOnly = Boolean(option('folder-only', false));
const htmlShare = Number(option('html', 0));
const benchDir = path.join(root, '.bench');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** Builds the corpus once per size and generator version; later runs reuse it. */
async function corpus(kind) {
  const name = `corpus-${docs}${htmlShare ? `-html${htmlShare}` : ''}`;
  const target = path.join(benchDir, kind === 'jsonl' ? `${name}.jsonl` : name);
  const stamp = `${target}.done`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === String(GENERATOR_VERSION)) return { target, bytes: JSON.parse(readFileSync(`${target}.bytes`, 'utf8')) };
  await rm(target, { recursive: true, force: true });
  const started = Date.now();
  process.stderr.write(`generating ${fmt(docs)} documents as ${kind === 'jsonl' ? 'JSONL' : 'files'} in ${path.relative(root, target)} ...`);
  const bytes = kind === 'jsonl' ? await writeJsonl(target, docs, htmlShare) : await writeFolder(target, docs, htmlShare);
  writeFileSync(`${target}.bytes`, JSON.stringify(bytes));
  writeFileSync(stamp, String(GENERATOR_VERSION));
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return { target, bytes };
}

/** Runs the CLI under /usr/bin/time: wall seconds and the child's peak RSS. */
function runDedupe(input, extra = []) {
  const args = [path.join(root, 'bin/dedupe.js'), input, '--quiet', ...(jobs ? ['--jobs', String(jobs)] : []), ...extra];
  const timeFile = path.join(benchDir, 'time.txt');
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, process.execPath, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 1) throw new Error(`dedupe failed (${child.status}): ${child.stderr}`);
  const [, maxRssKb, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  const summary = child.stdout.trim().split('\n').pop();
  return { wall, rss: maxRssKb * 1024, cpu: user + system, summary };
}

function report(label, count, bytes, input, extra) {
  const results = [];
  for (let r = 0; r < runs; r++) results.push(runDedupe(input, extra));
  const wall = median(results.map((x) => x.wall));
  const rss = Math.max(...results.map((x) => x.rss));
  console.log(`\n${label}`);
  console.log(`  ${results[0].summary}`);
  console.log(`  wall ${wall.toFixed(2)} s (median of ${runs}: ${results.map((x) => x.wall.toFixed(2)).join(', ')})`);
  console.log(`  ${fmt(count / wall)} documents/s   ${fmt(bytes / 1e6 / wall, 1)} MB/s   ${fmt((wall / count) * 1e6, 1)} µs/document`);
  console.log(`  CPU ${median(results.map((x) => x.cpu)).toFixed(1)} s (user + system, all threads)   peak RSS ${fmt(rss / 1e6)} MB (${fmt(rss / 2 ** 20)} MiB)`);
  console.log(`  machine load while running: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min)`);
}

/** The `minhash` package on the same work: 4-word shingles of the same tokens, 128 permutations. */
function compareWithPackage(texts) {
  const ours = new MinHasher();
  const time = (f) => {
    const started = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const oursTime = median([0, 1, 2].map(() => time(() => { for (const text of texts) ours.fromText(text); })));
  const packageTime = time(() => {
    for (const text of texts) {
      const m = new MinhashPackage({ numPerm: 128 });
      const tokens = tokenize(text);
      for (let i = 0; i + 4 <= tokens.length; i++) m.update(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`);
    }
  });
  const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  console.log(`\nMinHash kernel vs the minhash package (0.0.9), ${fmt(texts.length)} documents, 4-word shingles, 128 values`);
  console.log(`  dedupe kernel (tokenise + shingle + one-permutation MinHash): ${fmt(texts.length / oursTime)} documents/s, ${fmt(mb / oursTime, 1)} MB/s`);
  console.log(`  minhash package (same tokens and shingles, k-permutation):  ${fmt(texts.length / packageTime)} documents/s, ${fmt(mb / packageTime, 1)} MB/s`);
  console.log(`  ratio: ${fmt(packageTime / oursTime, 1)}x faster`);
}

/** Classic k-permutation MinHash over the same shingle hashes: 128 independent hash functions. */
function kPermutation(tokens, k = 128, seed = 1) {
  const sig = new Uint32Array(k).fill(0xffffffff);
  const seen = new Set();
  for (let i = 0; i + 4 <= tokens.length || (i === 0 && tokens.length > 0); i++) {
    const shingle = tokens.slice(i, i + 4).join(' ');
    if (seen.has(shingle)) continue;
    seen.add(shingle);
    const h = hashString(shingle, seed);
    for (let j = 0; j < k; j++) {
      const v = fmix32(h ^ fmix32(Math.imul(j + 1, 0x9e3779b1) ^ seed));
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
}

function estimationError(texts) {
  const hasher = new MinHasher();
  const byHeadline = new Map();
  const pairs = [];
  // Near-duplicate pairs share a headline or lead; take those, plus unrelated neighbours.
  texts.forEach((text, i) => {
    const key = tokenize(text).slice(20, 30).join(' ');
    if (byHeadline.has(key)) pairs.push([byHeadline.get(key), i]);
    else byHeadline.set(key, i);
  });
  for (let i = 0; i + 1 < texts.length && pairs.length < 2000; i += 7) pairs.push([i, i + 1]);
  const tokens = texts.map((t) => tokenize(t));
  const oph = texts.map((t) => hasher.fromText(t).signature);
  const kperm = tokens.map((t) => kPermutation(t));
  let errOph = 0, errK = 0, similar = 0, errOphSimilar = 0, errKSimilar = 0;
  for (const [a, b] of pairs) {
    const exact = exactShingleStats(tokens[a], tokens[b], 4).jaccard;
    const eo = Math.abs(estimateJaccard(oph[a], oph[b]) - exact);
    const ek = Math.abs(estimateJaccard(kperm[a], kperm[b]) - exact);
    errOph += eo;
    errK += ek;
    if (exact >= 0.2) {
      similar++;
      errOphSimilar += eo;
      errKSimilar += ek;
    }
  }
  console.log(`\nEstimation error against exact Jaccard of 4-word shingle sets (128 values), ${fmt(pairs.length)} pairs (${fmt(similar)} with J >= 0.2)`);
  console.log(`  mean absolute error, all pairs:      one-permutation + densification ${(errOph / pairs.length).toFixed(4)}   k-permutation ${(errK / pairs.length).toFixed(4)}`);
  if (similar) console.log(`  mean absolute error, pairs J >= 0.2: one-permutation + densification ${(errOphSimilar / similar).toFixed(4)}   k-permutation ${(errKSimilar / similar).toFixed(4)}`);
}

console.log(`dedupe benchmark: ${fmt(docs)} synthetic documents, ${cpus().length} cores, node ${process.version}${jobs ? `, --jobs ${jobs}` : ''}`);
if (!folderOnly) {
  const { target, bytes } = await corpus('jsonl');
  report(`JSONL ${path.relative(root, target)} (${fmt(bytes / 1e6)} MB)`, docs, bytes, target);
}
if (folder || folderOnly) {
  const { target, bytes } = await corpus('folder');
  report(`folder ${path.relative(root, target)} (${fmt(docs)} files, ${fmt(bytes / 1e6)} MB)`, docs, bytes, target);
}
const reuters = path.resolve(root, '../shared/data/reuters/reuters21578.jsonl');
if (existsSync(reuters)) {
  const lines = readFileSync(reuters, 'utf8').split('\n').filter(Boolean).length;
  report(`Reuters-21578 newswire (${fmt(lines)} documents, ${fmt(statSync(reuters).size / 1e6, 1)} MB)`, lines, statSync(reuters).size, reuters);
}
const sample = [];
for (const doc of generate(3000, 777)) sample.push(doc.text);
compareWithPackage(sample.slice(0, 1000));
estimationError(sample);
