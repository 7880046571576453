/**
 * Benchmark (not a test): runs the real `dedupe` CLI as a child process on several corpora and
 * reports, per corpus and size: wall time, CPU time (user + system of the child, all threads),
 * documents/s, the child's peak RSS, documents skipped, candidate and verified pairs per document
 * (from the --json report's stats, where the build writes them), and, where the corpus has gold,
 * precision and recall. Then it compares the MinHash kernel with the `minhash` npm package and
 * the sketch's estimation error with k-permutation MinHash (on the invented corpus).
 *
 * Corpora (--corpus, comma-separated, or all; default invented,reuters):
 *   invented  bench/corpus.mjs: invented words, ~20% near-copies, no two stories share a passage
 *   news      ../shared/tools/make_news_corpus.py: Markov newswire from Reuters-21578 under 40
 *             sites' chrome, ~20% planted copies; planted-copy precision/recall by score_planted.py
 *   digest    ../shared/tools/make_digest_corpus.py: pages joining 2-4 real Reuters stories,
 *             ~20% near-copies (the generator writes no gold)
 *   reuters   ../shared/data/reuters/reuters21578.jsonl, the real newswire (21,578 stories; the
 *             whole set is scored on its hand-judged pairs), side by side with the datasketch
 *             recipe (bench/datasketch_recipe.py: 5-word shingles, 128 permutations, LSH at 0.5)
 * The shared folder is ../shared beside the repository, or DEDUPE_SHARED; without it, or without
 * python3, the corpora that need it are skipped with a message and the invented corpus still runs.
 *
 *   npm run bench                                        100,000 invented documents, then Reuters
 *   npm run bench -- --corpus all --docs 5000,20000      every corpus at two sizes
 *   npm run bench -- --corpus digest --docs 1000000 --folder --runs 3
 *                                                        JSONL, then files in 1,000 folders (~3.3 GB each)
 *   npm run bench -- --folder-only                       the folder layout alone
 *   npm run bench -- --seed 42                           another seed for news and digest (default 20261206)
 *   npm run bench -- --runs 3 --jobs 2                   medians of 3 runs, 2 worker threads
 *   npm run bench -- --html 0.15                         15% of invented documents as HTML pages
 *   npm run bench -- --no-recipe                         Reuters without the datasketch recipe
 *   npm run bench -- --clean                             cleaning throughput alone (bench/clean.mjs, its own options)
 *
 * Every run writes its --json report to .bench/reports/ (timed: the run includes writing it).
 * Generated corpora are cached in .bench/ (git-ignored), keyed by generator, seed and size.
 * CPU and peak RSS come from /usr/bin/time -v, or where it is missing from the child itself
 * (bench/measure.mjs).
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, generate, writeFolder, writeJsonl } from './corpus.mjs';
import { hasGnuTime, measure } from './measure.mjs';
import { DEFAULT_SEED, REUTERS_STORIES, findShared, generatedCorpus, hasNumpy, hasPython, readReportHead, reutersCorpus, scoreJudgedPairs, scorePlanted } from './real.mjs';

// The cleaning benchmark calls the cleaner in this thread, not the CLI: its own script and options.
if (process.argv.includes('--clean')) {
  await import('./clean.mjs');
  process.exit(0);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { MinHasher } = await import(path.join(root, 'dist/sketch/minhash.js'));
const { tokenize, fmix32, hashString } = await import(path.join(root, 'dist/sketch/tokens.js'));
const { estimateJaccard, exactShingleStats } = await import(path.join(root, 'dist/sketch/compare.js'));
const { summaryLine } = await import(path.join(root, 'dist/report/report.js'));
const MinhashPackage = createRequire(import.meta.url)('minhash').Minhash;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  return value === undefined || value.startsWith('--') ? true : value;
}
const CORPORA = ['invented', 'news', 'digest', 'reuters'];
const corpusOption = String(option('corpus', 'invented,reuters'));
const corpora = corpusOption === 'all' ? CORPORA : corpusOption.split(',');
for (const c of corpora) if (!CORPORA.includes(c)) throw new Error(`--corpus ${c}: expected ${CORPORA.join(', ')} or all`);
const sizes = String(option('docs', 100000)).split(',').map(Number);
for (const n of sizes) if (!Number.isInteger(n) || n < 1) throw new Error(`--docs: expected positive whole numbers, e.g. 5000,20000`);
const runs = Number(option('runs', 1));
const jobs = option('jobs', undefined);
const folder = Boolean(option('folder', false));
const folderOnly = Boolean(option('folder-only', false));
const htmlShare = Number(option('html', 0));
const seed = Number(option('seed', DEFAULT_SEED));
const recipe = !option('no-recipe', false);
const benchDir = path.join(root, '.bench');
const reportDir = path.join(benchDir, 'reports');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const layouts = () => [...(folderOnly ? [] : ['jsonl']), ...(folder || folderOnly ? ['folder'] : [])];

/** The invented corpus, built once per size, share of HTML and generator version; later runs reuse it. */
async function inventedCorpus(docs, layout) {
  const name = `corpus-${docs}${htmlShare ? `-html${htmlShare}` : ''}`;
  const target = path.join(benchDir, layout === 'jsonl' ? `${name}.jsonl` : name);
  const stamp = `${target}.done`;
  const label = `invented (bench/corpus.mjs) ${layout === 'folder' ? 'as files in 200 site folders' : 'as JSONL'}, ${fmt(docs)} documents`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === String(GENERATOR_VERSION)) return { input: target, docs, bytes: JSON.parse(readFileSync(`${target}.bytes`, 'utf8')), label };
  await rm(target, { recursive: true, force: true });
  const started = Date.now();
  process.stderr.write(`generating ${fmt(docs)} documents as ${layout === 'jsonl' ? 'JSONL' : 'files'} in ${path.relative(root, target)} ...`);
  const bytes = layout === 'jsonl' ? await writeJsonl(target, docs, htmlShare) : await writeFolder(target, docs, htmlShare);
  writeFileSync(`${target}.bytes`, JSON.stringify(bytes));
  writeFileSync(stamp, String(GENERATOR_VERSION));
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return { input: target, docs, bytes, label };
}

/** One `dedupe --json` run, measured; the report goes to `reportFile`. */
function runDedupe(input, reportFile) {
  const args = [path.join(root, 'bin/dedupe.js'), input, '--json', '--quiet', ...(jobs ? ['--jobs', String(jobs)] : [])];
  const run = measure('node', args, { stdoutFile: reportFile });
  if (run.status !== 0 && run.status !== 1) throw new Error(`dedupe failed (${run.status}): ${run.stderr}`);
  return run;
}

const perDoc = (count, docs) => (typeof count === 'number' ? (count / docs).toFixed(2) : 'n/a');
const seconds = (xs) => xs.map((x) => x.toFixed(2)).join(', ');

/** Runs dedupe `runs` times on one corpus, scores the report where there is gold, prints the figures. */
function benchmark(corpus, name, shared) {
  mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, `${name}.json`);
  const results = [];
  for (let r = 0; r < runs; r++) results.push(runDedupe(corpus.input, reportFile));
  const head = readReportHead(reportFile);
  const docs = head.summary.documents;
  const row = {
    name,
    docs,
    bytes: corpus.bytes,
    wall: median(results.map((x) => x.wall)),
    cpu: median(results.map((x) => x.cpu)),
    rss: Math.max(...results.map((x) => x.rss)),
    skipped: head.summary.skipped,
    candidates: perDoc(head.stats?.candidatePairs, docs),
    verified: perDoc(head.stats?.verifiedPairs, docs),
    precision: 'n/a',
    recall: 'n/a',
    results,
  };
  console.log(`\n${corpus.label} (${fmt(corpus.bytes / 1e6)} MB): ${path.relative(root, corpus.input)}`);
  console.log(`  ${summaryLine(head.summary)}`);
  console.log(`  wall ${row.wall.toFixed(2)} s (median of ${runs}: ${seconds(results.map((x) => x.wall))})   CPU ${row.cpu.toFixed(2)} s (user + system, all threads; median of ${seconds(results.map((x) => x.cpu))})`);
  console.log(`  ${fmt(docs / row.wall)} documents/s   ${fmt(corpus.bytes / 1e6 / row.wall, 1)} MB/s   ${fmt((row.wall / docs) * 1e6, 1)} µs/document   peak RSS ${fmt(row.rss / 1e6)} MB (${fmt(row.rss / 2 ** 20)} MiB)`);
  console.log(`  skipped ${fmt(row.skipped)}   candidate pairs/document ${row.candidates}   verified pairs/document ${row.verified}${head.stats ? '' : '  (the report has no stats)'}`);
  // Corpora with gold: planted copies (news) or judged pairs (Reuters), each scored by its own tool.
  const scoring = corpus.gold
    ? { what: 'planted copies', score: () => scorePlanted(shared, reportFile, corpus.gold), detail: (score) => `(score_planted.py): precision ${row.precision}, recall ${row.recall} (${fmt(score.tp)} of ${fmt(score.gold_pairs)} gold pairs found, ${fmt(score.pred_pairs)} predicted; ${fmt(score.missing)} documents missing)` }
    : corpus.pairs
      ? { what: 'judged pairs', score: () => scoreJudgedPairs(shared, reportFile, corpus.pairs), detail: (score) => `(score_clusters.py --pairs labels-dev.tsv): precision ${row.precision} (${score.tp} of ${score.tp + score.fp}), recall ${row.recall} (${score.tp} of ${score.tp + score.fn})` }
      : undefined;
  if (scoring) {
    const score = hasPython() ? scoring.score() : { error: 'python3 not found' };
    if (score.error) console.log(`  ${scoring.what}: not scored (${score.error})`);
    else {
      row.precision = score.precision.toFixed(4);
      row.recall = score.recall.toFixed(4);
      console.log(`  ${scoring.what} ${scoring.detail(score)}`);
    }
  }

  console.log(`  machine load while running: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min)`);
  return row;
}

/**
 * The datasketch recipe (bench/datasketch_recipe.py) on the JSONL dedupe just read, measured the
 * same way, beside dedupe's figures: the ratio is the recipe's time over dedupe's.
 */
function compareWithRecipe(corpus, name, dedupeRow, shared) {
  if (!hasNumpy()) {
    console.log('\n  datasketch recipe: skipped (python3 with numpy not found; datasketch needs numpy too)');
    return;
  }
  const out = path.join(reportDir, `${name}-datasketch-recipe.json`);
  const results = [];
  for (let r = 0; r < runs; r++) {
    const run = measure('python3', [path.join(root, 'bench/datasketch_recipe.py'), corpus.input, out], { stdoutFile: `${out}.log` });
    if (run.status !== 0) throw new Error(`datasketch_recipe.py failed (${run.status}): ${run.stderr}`);
    results.push(run);
  }
  const counts = JSON.parse(readFileSync(`${out}.log`, 'utf8').trim().split('\n').pop());
  const wall = median(results.map((x) => x.wall));
  const cpu = median(results.map((x) => x.cpu));
  const rss = Math.max(...results.map((x) => x.rss));
  console.log(`\n${corpus.label}: dedupe side by side with the datasketch recipe (5-word shingles, 128 permutations, MinHashLSH threshold 0.5 -> ${counts.bands} bands x ${counts.rows} rows; no cleaning, no verification)`);
  console.log(`  ${''.padEnd(22)}${'wall s'.padStart(9)}${'CPU s'.padStart(9)}${'documents/s'.padStart(13)}${'peak RSS MB'.padStart(13)}${'cand./doc'.padStart(11)}${'dup. clusters'.padStart(15)}`);
  const line = (label, docs, w, c, m, cand, clusters) => console.log(`  ${label.padEnd(22)}${w.toFixed(2).padStart(9)}${c.toFixed(2).padStart(9)}${fmt(docs / w).padStart(13)}${fmt(m / 1e6).padStart(13)}${String(cand).padStart(11)}${fmt(clusters).padStart(15)}`);
  const dedupeHead = readReportHead(path.join(reportDir, `${name}.json`));
  line('dedupe', dedupeRow.docs, dedupeRow.wall, dedupeRow.cpu, dedupeRow.rss, dedupeRow.candidates, dedupeHead.summary.duplicateClusters);
  line('datasketch recipe', counts.documents, wall, cpu, rss, perDoc(counts.candidatePairs, counts.documents), counts.duplicateClusters);
  console.log(`  ratio (recipe / dedupe): wall ${(wall / dedupeRow.wall).toFixed(2)}x, CPU ${(cpu / dedupeRow.cpu).toFixed(2)}x   (recipe stages: ${Object.entries(counts.seconds).map(([k, v]) => `${k} ${v} s`).join(', ')})`);
  if (corpus.pairs) {
    const score = scoreJudgedPairs(shared, out, corpus.pairs);
    if (!score.error) console.log(`  judged pairs, recipe: precision ${score.precision.toFixed(4)} (${score.tp} of ${score.tp + score.fp}), recall ${score.recall.toFixed(4)} (${score.tp} of ${score.tp + score.fn}); dedupe: precision ${dedupeRow.precision}, recall ${dedupeRow.recall}`);
  }
}

/** One line per corpus, size and layout, to compare them at a glance. */
function printTable(rows) {
  if (rows.length === 0) return;
  const columns = [
    ['corpus', (r) => r.name, 'left'],
    ['docs', (r) => fmt(r.docs)],
    ['MB', (r) => fmt(r.bytes / 1e6)],
    ['wall s', (r) => r.wall.toFixed(2)],
    ['CPU s', (r) => r.cpu.toFixed(2)],
    ['docs/s', (r) => fmt(r.docs / r.wall)],
    ['peak RSS MB', (r) => fmt(r.rss / 1e6)],
    ['skipped', (r) => fmt(r.skipped)],
    ['cand./doc', (r) => r.candidates],
    ['verif./doc', (r) => r.verified],
    ['precision', (r) => r.precision],
    ['recall', (r) => r.recall],
  ];
  const cells = rows.map((r) => columns.map(([, f]) => String(f(r))));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
  const pad = (text, i) => (columns[i][2] === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  console.log(`\nSummary (medians of ${runs} run${runs === 1 ? '' : 's'}; precision/recall: planted copies for news, judged pairs for the whole Reuters set)`);
  console.log('  ' + columns.map(([title], i) => pad(title, i)).join('  '));
  for (const c of cells) console.log('  ' + c.map(pad).join('  '));
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

console.log(
  `dedupe benchmark: corpora ${corpora.join(', ')}; ${sizes.map((n) => fmt(n)).join(', ')} documents; ${runs} run${runs === 1 ? '' : 's'} each; ` +
    `${cpus().length} cores, node ${process.version}${jobs ? `, --jobs ${jobs}` : ''}; CPU and RSS from ${hasGnuTime() ? '/usr/bin/time -v' : "the child's own resource usage"}`,
);
const needsShared = corpora.filter((c) => c !== 'invented');
const shared = needsShared.length ? findShared(root) : undefined;
const rows = [];
for (const kind of corpora) {
  if (kind === 'invented') {
    for (const docs of sizes) for (const layout of layouts()) rows.push(benchmark(await inventedCorpus(docs, layout), `invented-n${docs}-${layout}`));
    continue;
  }
  if (shared.missing) {
    console.log(`\n${kind}: skipped: ${shared.missing}`);
    continue;
  }
  if (kind === 'reuters') {
    // The real set has 21,578 stories: larger sizes all mean the whole set.
    for (const docs of [...new Set(sizes.map((n) => Math.min(n, REUTERS_STORIES)))]) {
      const corpus = reutersCorpus({ shared, docs, benchDir });
      const name = `reuters-n${corpus.docs}`;
      const row = benchmark(corpus, name, shared);
      rows.push(row);
      if (recipe) compareWithRecipe(corpus, name, row, shared);
    }
    continue;
  }
  if (!hasPython()) {
    console.log(`\n${kind}: skipped: python3 not found (the generators in ${path.join(shared.dir, 'tools')} are Python)`);
    continue;
  }
  for (const docs of sizes) {
    for (const layout of layouts()) {
      const corpus = generatedCorpus(kind, { shared, docs, seed, layout, benchDir });
      rows.push(benchmark(corpus, `${kind}-seed${seed}-n${docs}-${layout}`, shared));
    }
  }
}
printTable(rows);
if (corpora.includes('invented')) {
  const sample = [];
  for (const doc of generate(3000, 777)) sample.push(doc.text);
  compareWithPackage(sample.slice(0, 1000));
  estimationError(sample);
}
