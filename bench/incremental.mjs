#!/usr/bin/env node
/**
 * Incremental-run benchmark: 20,000 new documents against a SQLite index of 1,000,000.
 *
 *   npm run build && node bench/incremental.mjs [--indexed 1000000] [--new 20000] [--runs 3]
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 [--redis-docs 40000]
 *
 * The 1M index is built once (kept in $BENCH_DIR, default the system temp folder) by a fast
 * path: synthetic articles (invented words) fingerprinted with the product's MinHasher, written
 * with the store's schema in large transactions, LSH rows inserted band by band in key order.
 * The new documents (1 in 20 an edited copy of an indexed article) go through the real command
 * line: `dedupe new.jsonl --index copy-of-index.db`, timed end to end, median of --runs.
 *
 * With --redis it measures throughput of 1 and 2 concurrent workers inserting into one Redis
 * index, and Redis memory per indexed document.
 */

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { optimalBanding } from '../dist/candidates.js';
import { DEFAULT_FINGERPRINT, fmix32, MinHasher, tokenize } from '../dist/fingerprint.js';
import { bandHashes, contentHash } from '../dist/incremental.js';
import { DEFAULT_POLICY } from '../dist/cluster.js';
import { SqliteStore } from '../dist/store/sqlite.js';
import { encodeParams, sketchBytes } from '../dist/store/codec.js';

const { values: args } = parseArgs({
  options: {
    indexed: { type: 'string', default: '1000000' },
    new: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    redis: { type: 'string' },
    'redis-docs': { type: 'string', default: '40000' },
    'redis-memory': { type: 'string' },
  },
});

const bin = fileURLToPath(new URL('../bin/dedupe.js', import.meta.url));
const benchDir = process.env.BENCH_DIR ?? path.join(tmpdir(), 'dedupe-bench');
mkdirSync(benchDir, { recursive: true });

// Invented words from seeded counter-based draws: the same corpus every time.
function generator(seed) {
  const key = fmix32(seed ^ 0x5bd1e995);
  let counter = 0;
  return () => fmix32(key ^ fmix32(Math.imul(++counter, 0x85ebca6b) + 0x27d4eb2f)) / 4294967296;
}
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'sel', 'dor', 'pi', 'qua', 'ben', 'tor', 'lin', 'mas', 'ev', 'ro', 'zan', 'hil', 'no', 'gar'];
const wordRandom = generator(1);
const vocabulary = new Set();
while (vocabulary.size < 20000) {
  const pick = () => SYLLABLES[Math.floor(wordRandom() * SYLLABLES.length)];
  vocabulary.add(pick() + pick() + pick() + (wordRandom() < 0.5 ? pick() : ''));
}
const words = [...vocabulary];

/**
 * Article number n: 80 to 240 words, the same for the same n. Word i is drawn from a hash of
 * (n, i), not from one generator stream per article: streams of nearby seeds overlap shifted.
 */
function article(n) {
  const key = fmix32(Math.imul(n + 1, 0x9e3779b1) ^ 0x5bd1e995);
  const draw = (i) => fmix32(key ^ fmix32(Math.imul(i + 1, 0x85ebca6b) + 0x27d4eb2f)) / 4294967296;
  const length = 80 + Math.floor(draw(0) * 160);
  const out = new Array(length);
  for (let i = 1; i <= length; i++) {
    const x = draw(i);
    out[i - 1] = x < 0.03 ? String(Math.floor(draw(i + 100000) * 90000)) : words[Math.floor(((x - 0.03) / 0.97) * words.length)];
  }
  return out.join(' ');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function params() {
  const banding = optimalBanding(0.25, DEFAULT_FINGERPRINT.permutations);
  return {
    shingleSize: DEFAULT_FINGERPRINT.shingleSize,
    permutations: DEFAULT_FINGERPRINT.permutations,
    seed: DEFAULT_FINGERPRINT.seed,
    bands: banding.bands,
    rows: banding.rows,
    threshold: DEFAULT_POLICY.threshold,
    containment: DEFAULT_POLICY.containment,
    minContainedShingles: DEFAULT_POLICY.minContainedShingles,
    figures: DEFAULT_POLICY.figures,
    minFigures: DEFAULT_POLICY.minFigures,
    canonical: 'complete',
  };
}

/** Builds the index of `count` synthetic articles (no copies among them) unless it exists. */
function buildIndex(file, count) {
  if (existsSync(file)) {
    const store = new SqliteStore(file, { create: false, readonly: true });
    const have = store.db.prepare('SELECT count(*) FROM documents').pluck().get();
    store.db.close();
    if (have === count) return;
    rmSync(file, { force: true });
  }
  const started = Date.now();
  const p = params();
  const store = new SqliteStore(file, { create: true, cacheMiB: 2048 });
  const db = store.db;
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.prepare("INSERT INTO meta VALUES ('params', ?)").run(encodeParams(p));
  db.prepare("INSERT INTO meta VALUES ('band_rows', ?)").run(count * p.bands);
  const hasher = new MinHasher(DEFAULT_FINGERPRINT);
  const insertDoc = db.prepare(
    `INSERT INTO documents (seq, id, hash, path, title, date, time, clean_chars, debris, shingles, tokens, signature, figures, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 2)`,
  );
  const hashes = Array.from({ length: p.bands }, () => new Uint32Array(count));
  const CHUNK = 50_000;
  for (let start = 0; start < count; start += CHUNK) {
    db.transaction(() => {
      for (let n = start; n < Math.min(count, start + CHUNK); n++) {
        const text = article(n);
        const fp = hasher.fromTokens(tokenize(text));
        const seq = n + 1;
        const day = `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
        insertDoc.run(seq, `a${n}`, contentHash(text), `archive/part-${Math.floor(n / 100000)}.jsonl`, text.slice(0, 60), day, Date.parse(day), text.length, fp.shingles, fp.tokens, sketchBytes(fp.signature), sketchBytes(fp.figures));
        const bh = bandHashes(fp.signature, p.bands, p.rows);
        for (let b = 0; b < p.bands; b++) hashes[b][n] = bh[b];
      }
    })();
    process.stderr.write(`\rindexed ${Math.min(count, start + CHUNK)} documents`);
  }
  // LSH rows band by band in key order: appends to the B-tree instead of random inserts.
  const insertBand = db.prepare('INSERT INTO bands VALUES (?, ?, ?)');
  const keys = new Float64Array(count);
  for (let b = 0; b < p.bands; b++) {
    for (let n = 0; n < count; n++) keys[n] = hashes[b][n] * 2097152 + (n + 1);
    keys.sort();
    db.transaction(() => {
      for (let n = 0; n < count; n++) insertBand.run(b, Math.floor(keys[n] / 2097152), keys[n] % 2097152);
    })();
    process.stderr.write(`\rLSH band ${b + 1} of ${p.bands}      `);
  }
  db.close();
  process.stderr.write(`\rbuilt ${count} documents in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/**
 * `count` new articles; one in 20 is an edited copy (5% of words changed) of an indexed one
 * (with `indexed` > 0) or of an earlier article of this file (with `indexed` = 0).
 */
function writeNewDocuments(file, count, indexed, offset = 0) {
  const random = generator(42 + offset);
  const lines = [];
  for (let i = 0; i < count; i++) {
    let text;
    let copyOf = null;
    if (i % 20 === 0 && (indexed > 0 || i > 0)) {
      copyOf = indexed > 0 ? Math.floor(random() * indexed) : 10_000_000 + offset + Math.floor(random() * i);
      const tokens = article(copyOf).split(' ');
      for (let t = 0; t < tokens.length; t++) if (random() < 0.05) tokens[t] = words[Math.floor(random() * words.length)];
      text = tokens.join(' ');
    } else {
      text = article(10_000_000 + offset + i);
    }
    lines.push(JSON.stringify({ id: `n${offset + i}`, title: text.slice(0, 60), date: '2025-06-01', text, ...(copyOf !== null ? { copyOf: `a${copyOf}` } : {}) }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

function timed(argv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`dedupe failed (${result.status}): ${result.stderr}`);
  return { seconds, report: JSON.parse(result.stdout) };
}

async function sqliteBench() {
  const indexed = Number(args.indexed);
  const fresh = Number(args.new);
  const runs = Number(args.runs);
  const index = path.join(benchDir, `index-${indexed}.db`);
  buildIndex(index, indexed);
  const input = path.join(benchDir, `new-${fresh}.jsonl`);
  writeNewDocuments(input, fresh, indexed);

  const query = [];
  const add = [];
  let last;
  for (let r = 0; r < runs; r++) {
    const q = timed([input, '--index', index, '--query-only', '--json']);
    query.push(q.seconds);
    const copy = path.join(benchDir, 'run.db');
    rmSync(copy, { force: true });
    copyFileSync(index, copy);
    const a = timed([input, '--index', copy, '--json']);
    add.push(a.seconds);
    last = a.report.summary;
    rmSync(copy, { force: true });
    rmSync(`${copy}-wal`, { force: true });
    rmSync(`${copy}-shm`, { force: true });
  }
  console.log(`index: ${indexed} documents; new: ${fresh} documents (${fresh / 20} edited copies of indexed ones)`);
  console.log(`query-only run: median ${median(query).toFixed(2)} s (runs: ${query.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`index-and-add run: median ${median(add).toFixed(2)} s (runs: ${add.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`last run: ${JSON.stringify(last)}`);
  console.log(`load average at the end (other processes share the machine): ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

function runWorker(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(stderr))));
  });
}

async function redisBench() {
  const { Redis } = await import('ioredis');
  const total = Number(args['redis-docs']);
  const client = new Redis(args.redis);
  const shards = [0, 1].map((k) => {
    const file = path.join(benchDir, `redis-shard-${k}-of-${total}.jsonl`);
    writeNewDocuments(file, total / 2, 0, k * total);
    return file;
  });
  const results = [];
  for (const workers of [1, 2]) {
    const times = [];
    for (let r = 0; r < Number(args.runs); r++) {
      const prefix = `bench-${workers}-${r}-${Date.now()}`;
      const target = `${args.redis}?prefix=${prefix}`;
      const before = Number(/used_memory:(\d+)/.exec(await client.info('memory'))[1]);
      const started = process.hrtime.bigint();
      if (workers === 1) await runWorker([...shards, '--index', target, '-q']);
      else await Promise.all(shards.map((shard) => runWorker([shard, '--index', target, '-q'])));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const after = Number(/used_memory:(\d+)/.exec(await client.info('memory'))[1]);
      times.push({ seconds, bytesPerDoc: (after - before) / total });
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 5000);
        if (keys.length) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    const seconds = median(times.map((t) => t.seconds));
    results.push({ workers, seconds, perSecond: total / seconds, bytesPerDoc: median(times.map((t) => t.bytesPerDoc)) });
  }
  client.disconnect();
  console.log(`load average at the end (other processes share the machine): ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const r of results) {
    console.log(`${r.workers} worker${r.workers > 1 ? 's' : ''}: ${total} documents in ${r.seconds.toFixed(2)} s (median) = ${Math.round(r.perSecond)} documents/s; Redis memory ${Math.round(r.bytesPerDoc)} bytes per document`);
  }
}

/**
 * Redis memory per document at a larger size: inserts synthetic articles' sketches through the
 * store directly (no reading or cleaning), then reads used_memory.
 */
async function redisMemory(count) {
  const { RedisStore } = await import('../dist/store/redis.js');
  const prefix = `bench-memory-${Date.now()}`;
  const store = await RedisStore.open(`${args.redis}?prefix=${prefix}`);
  const p = params();
  await store.ensureParams(p);
  const used = async () => Number(/used_memory:(\d+)/.exec(await store.client.info('memory'))[1]);
  const before = await used();
  const hasher = new MinHasher(DEFAULT_FINGERPRINT);
  for (let start = 0; start < count; start += 1000) {
    const docs = [];
    for (let n = start; n < Math.min(count, start + 1000); n++) {
      const text = article(n);
      const fp = hasher.fromTokens(tokenize(text));
      docs.push({ id: `a${n}`, hash: contentHash(text), path: `archive/part-${Math.floor(n / 100000)}.jsonl`, title: text.slice(0, 60), date: '2024-05-01', time: Date.parse('2024-05-01'), cleanChars: text.length, debris: 0, shingles: fp.shingles, tokens: fp.tokens, signature: fp.signature, figures: fp.figures });
    }
    const outcomes = await store.insert(docs, docs.map((d) => bandHashes(d.signature, p.bands, p.rows)));
    await store.complete([], outcomes.map((o) => o.seq));
    await store.setLabels([], outcomes.map((o) => o.seq));
    process.stderr.write(`\rinserted ${Math.min(count, start + 1000)}`);
  }
  const bytes = (await used()) - before;
  console.log(`\nRedis memory for ${count} indexed documents: ${(bytes / 1024 / 1024).toFixed(0)} MiB = ${Math.round(bytes / count)} bytes per document`);
  let cursor = '0';
  do {
    const [next, keys] = await store.client.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 5000);
    if (keys.length) await store.client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await store.close();
}

if (args.redis && args['redis-memory']) await redisMemory(Number(args['redis-memory']));
else if (args.redis) await redisBench();
else await sqliteBench();
