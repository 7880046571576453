/**
 * Cleaning throughput (not a test): the plain-text cleaner called directly from the build
 * (dist/clean/index.js), in this one thread, on real and generated text. Reading files and
 * parsing JSON are done before timing; what is timed is what `dedupe clean` and a run do with a
 * document's text once read:
 *
 *   line pass  the corpus line pass: each document's short blocks hashed and counted
 *              (CorpusLineCounter.add, i.e. corpusLineHashes), then the boilerplate set drawn
 *   clean      cleanDocument(text, format, { boilerplateLines }) for every document, with the
 *              lines the pass learnt (so the corpus-repeated rule hashes its candidate lines too)
 *   both       the two together: the cleaning cost of a document in a run
 *
 * Each is reported as MB/s of input (UTF-8 bytes of the texts, 1 MB = 10^6 bytes) over CPU time
 * (process.cpuUsage, user + system: on a shared machine wall time says more about the neighbours),
 * the median of --runs passes (default 5), with the slowest and fastest pass.
 *
 * Corpora (--corpus, comma-separated; default all three):
 *   wcxb     ../shared/data/wcxb-dev/text: 793 real web pages flattened to plain text (menus,
 *            share bars, comments and footers included)
 *   reuters  ../shared/data/reuters/reuters21578.jsonl: the real newswire, hard-wrapped
 *   news     ../shared/tools/make_news_corpus.py: Markov newswire under 40 sites' chrome
 *            (--docs articles, default 10,000; generated once and cached in .bench/)
 *
 *   npm run bench -- --clean                        every corpus, medians of 5
 *   npm run bench -- --clean --corpus wcxb --runs 9
 *   node bench/clean.mjs --corpus reuters           the same without the build step
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, findShared, generatedCorpus, hasPython } from './real.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { cleanDocument, CorpusLineCounter } = await import(path.join(root, 'dist/clean/index.js'));
const { recordFormat } = await import(path.join(root, 'dist/input/records.js'));

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  return value === undefined || value.startsWith('--') ? true : value;
}
const CORPORA = ['wcxb', 'reuters', 'news'];
const corpora = String(option('corpus', CORPORA.join(','))).split(',');
for (const c of corpora) if (!CORPORA.includes(c)) throw new Error(`--corpus ${c}: expected some of ${CORPORA.join(', ')}`);
const runs = Number(option('runs', 5));
const newsDocs = Number(option('docs', 10000));
const seed = Number(option('seed', DEFAULT_SEED));
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a positive whole number');

const shared = findShared(root);
if (shared.missing) {
  console.log(`cleaning benchmark skipped: ${shared.missing}`);
  process.exit(0);
}

/** A document as the reader hands it to the cleaner: its text and format. */
const document = (text) => ({ text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, format: recordFormat(text) });

/** The texts of a JSONL file's records (the `text` field; empty ones are skipped, as the reader does). */
function jsonlDocuments(file) {
  const docs = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const text = JSON.parse(line).text;
    if (typeof text === 'string' && text.length > 0) docs.push(document(text));
  }
  return docs;
}

function loadCorpus(name) {
  if (name === 'wcxb') {
    const dir = path.join(shared.dir, 'data', 'wcxb-dev', 'text');
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
    // a .txt file is plain text whatever it holds
    return { label: `WCXB dev articles as plain text, ${files.length} pages`, docs: files.map((f) => ({ ...document(readFileSync(path.join(dir, f), 'utf8')), format: 'text' })) };
  }
  if (name === 'reuters') return { label: 'Reuters-21578 newswire', docs: jsonlDocuments(shared.files.reuters) };
  if (!hasPython()) return { missing: 'python3 not found (the news generator is Python)' };
  const corpus = generatedCorpus('news', { shared, docs: newsDocs, seed, layout: 'jsonl', benchDir: path.join(root, '.bench') });
  return { label: corpus.label, docs: jsonlDocuments(corpus.input) };
}

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** One pass: the line pass, then cleaning; CPU seconds of each and the characters kept (so no work can be skipped). */
function pass(docs) {
  const started = cpuSeconds();
  const counter = new CorpusLineCounter();
  for (const d of docs) counter.add(d.text, d.format);
  const boilerplateLines = counter.boilerplate();
  const counted = cpuSeconds();
  let kept = 0;
  for (const d of docs) kept += cleanDocument(d.text, d.format, { boilerplateLines }).text.length;
  return { linePass: counted - started, clean: cpuSeconds() - counted, kept, learnt: boilerplateLines.size };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

console.log(`cleaning throughput, one thread, CPU time; median of ${runs} passes (slowest-fastest pass)`);
const rows = [];
for (const name of corpora) {
  const corpus = loadCorpus(name);
  if (corpus.missing) {
    console.log(`\n${name}: skipped, ${corpus.missing}`);
    continue;
  }
  const { docs } = corpus;
  const formats = {};
  let bytes = 0;
  for (const d of docs) {
    bytes += Buffer.byteLength(d.text, 'utf8');
    formats[d.format] = (formats[d.format] ?? 0) + 1;
  }
  const results = [];
  for (let r = 0; r < runs; r++) results.push(pass(docs));
  const mbps = (seconds) => bytes / 1e6 / seconds;
  const figure = (pick) => {
    const speeds = results.map((x) => mbps(pick(x)));
    return { median: median(speeds), low: Math.min(...speeds), high: Math.max(...speeds) };
  };
  const row = {
    name,
    mb: bytes / 1e6,
    clean: figure((x) => x.clean),
    linePass: figure((x) => x.linePass),
    both: figure((x) => x.clean + x.linePass),
  };
  rows.push(row);
  const share = Object.entries(formats).map(([f, n]) => `${fmt(n, 0)} ${f}`).join(', ');
  console.log(`\n${corpus.label}: ${fmt(docs.length, 0)} documents (${share}), ${fmt(row.mb)} MB; ${fmt(results[0].learnt, 0)} boilerplate lines learnt, ${fmt(results[0].kept, 0)} characters kept`);
  for (const [label, f] of [['clean', row.clean], ['line pass', row.linePass], ['both', row.both]]) {
    console.log(`  ${label.padEnd(10)} ${fmt(f.median).padStart(7)} MB/s  (${fmt(f.low)}-${fmt(f.high)})`);
  }
}
if (rows.length > 1) {
  console.log('\ncorpus       MB   clean MB/s   line pass MB/s   both MB/s');
  for (const r of rows) console.log(`${r.name.padEnd(9)} ${fmt(r.mb).padStart(5)}   ${fmt(r.clean.median).padStart(10)}   ${fmt(r.linePass.median).padStart(14)}   ${fmt(r.both.median).padStart(9)}`);
}
