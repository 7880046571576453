#!/usr/bin/env node
/**
 * Incremental-run benchmark: 20,000 new documents against a SQLite index of 1,000,000.
 *
 *   npm run build && node bench/incremental.mjs [--indexed 1000000] [--new 20000] [--runs 3]
 *   node bench/incremental.mjs --verify 1000
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 [--redis-docs 40000] [--redis-workers 1,2,4]
 *   node bench/incremental.mjs --redis redis+cluster://127.0.0.1:7000,127.0.0.1:7001/ [--redis-docs 40000]
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 --redis-memory 300000
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 --redis-corpus news.jsonl [--keep]
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 --redis-model 1000000
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 --membership --redis-model 1000000
 *   node bench/incremental.mjs --redis redis://127.0.0.1:16379/0 --membership --redis-corpus news.jsonl
 *
 * The index is built once (kept in $BENCH_DIR, default the system temp folder) by the product's
 * own code without the process-per-run overhead: the command line creates it (so it stores the
 * parameters a default run uses), then synthetic archive records (invented words; one in 50 an
 * edited copy of an earlier one) go through the JSONL record reader, the cleaner and the
 * sketch (`toNewDocument`, the one per-document path) and into the store through `IndexRun`, in runs of 20,000 as
 * daily `--index` runs would add them. `--verify N` checks that this writes exactly what the
 * command line writes: it builds N documents both ways and compares them row for row.
 *
 * The new documents (1 in 20 an edited copy of an indexed article) go through the real command
 * line: `dedupe new.jsonl --index copy-of-index.db`, timed end to end, median of --runs; the
 * bench prints how many of the planted copies the report found.
 *
 * With --redis (one server or a cluster) it measures throughput of 1, 2 and 4 concurrent workers
 * inserting into one Redis index, with Redis CPU per document on each primary, and Redis memory
 * per indexed document: of synthetic archive documents (--redis-memory N) or of a JSONL corpus
 * indexed by the command line (--redis-corpus FILE; --keep leaves the index in place). With
 * --membership the last two measure a membership index (`dedupe filter --membership`) instead.
 */

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmix32 } from '../dist/sketch/tokens.js';
import { processContext } from '../dist/engine/process.js';
import { DEFAULT_BATCH_SIZE, indexParams, IndexRun, toNewDocument } from '../dist/index/incremental.js';
import { recordToDocument } from '../dist/input/records.js';
import { encodeParams } from '../dist/index/codec.js';
import { SqliteStore } from '../dist/index/sqlite.js';
import { checkParams } from '../dist/index/store.js';

const { values: args } = parseArgs({
  options: {
    indexed: { type: 'string', default: '1000000' },
    new: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    verify: { type: 'string' },
    redis: { type: 'string' },
    'redis-docs': { type: 'string', default: '40000' },
    'redis-memory': { type: 'string' },
    'redis-workers': { type: 'string', default: '1,2,4' },
    'redis-corpus': { type: 'string' },
    'redis-model': { type: 'string' },
    keep: { type: 'boolean', default: false },
    membership: { type: 'boolean', default: false },
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

/** An edited copy: 5% of the words replaced. */
function edited(text, random) {
  const tokens = text.split(' ');
  for (let t = 0; t < tokens.length; t++) if (random() < 0.05) tokens[t] = words[Math.floor(random() * words.length)];
  return tokens.join(' ');
}

/** Archive document n: article n, except that one in 50 is an edited copy of an earlier original. */
const ARCHIVE_COPY_EVERY = 50;
function archiveText(n) {
  if (n % ARCHIVE_COPY_EVERY !== ARCHIVE_COPY_EVERY - 1) return article(n);
  let original = fmix32(n ^ 0x2545f491) % n;
  if (original % ARCHIVE_COPY_EVERY === ARCHIVE_COPY_EVERY - 1) original--;
  return edited(article(original), generator(n));
}

function archiveRecord(n) {
  const text = archiveText(n);
  const date = `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  return { id: `a${n}`, title: text.slice(0, 60), date, text };
}

/** The archive is added in runs of this many documents, one JSONL file each. */
const ARCHIVE_RUN = 20_000;
const archiveFile = (run) => `archive-${run}.jsonl`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cli(argv, cwd = benchDir) {
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`dedupe ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** The parameters a default command-line run stores in a new index. */
function cliParams() {
  const dir = path.join(benchDir, 'params-probe');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, archiveFile(0)), JSON.stringify(archiveRecord(0)) + '\n');
  cli([archiveFile(0), '--index', 'probe.db', '-q'], dir);
  const store = new SqliteStore(path.join(dir, 'probe.db'), { create: false, readonly: true });
  const params = JSON.parse(store.db.prepare("SELECT value FROM meta WHERE key = 'params'").pluck().get());
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
  return params;
}

/**
 * Adds archive documents [from, to) to an open store as `--index` runs of ARCHIVE_RUN would:
 * each run reads its file's records, inserts them batch by batch, then labels clusters.
 */
async function addArchive(store, params, from, to) {
  await store.ensureParams(params);
  const { shingleSize, permutations, seed, bands, rows, canonical, ...policy } = params;
  const options = { fingerprint: { shingleSize, permutations, seed }, policy, canonical };
  const sketching = { shingleSize, permutations, seed, bands, rows };
  // The split above must give back the parameters the command line stored.
  checkParams(store.target, params, indexParams(sketching, options));
  const context = processContext(options.fingerprint);
  for (let start = from; start < to; ) {
    const runNumber = Math.floor(start / ARCHIVE_RUN);
    const end = Math.min(to, (runNumber + 1) * ARCHIVE_RUN);
    const displayPath = archiveFile(runNumber);
    const file = { path: path.join(benchDir, displayPath), displayPath, kind: 'jsonl' };
    const run = new IndexRun(store, options, sketching, false);
    for (let batchStart = start; batchStart < end; batchStart += DEFAULT_BATCH_SIZE) {
      const batch = [];
      for (let n = batchStart; n < Math.min(end, batchStart + DEFAULT_BATCH_SIZE); n++) {
        const line = n - runNumber * ARCHIVE_RUN + 1;
        const record = JSON.parse(JSON.stringify(archiveRecord(n)));
        batch.push(toNewDocument(recordToDocument(record, file, String(line), line, {}).doc, context));
      }
      await run.addBatch(batch);
    }
    await store.withLabelLock(async () => {
      const outcome = await run.cluster(new Set([...(await store.unlabelled()), ...run.fresh]));
      await store.setLabels(outcome.labels, outcome.done);
    });
    process.stderr.write(`\rindexed ${end} documents`);
    start = end;
  }
  process.stderr.write('\n');
}

/** Builds the index of `count` archive documents unless one with the command line's parameters exists. */
async function buildIndex(file, count) {
  const params = cliParams();
  if (existsSync(file)) {
    let stats = null;
    try {
      const store = new SqliteStore(file, { create: false, readonly: true });
      stats = await store.stats();
      store.db.close();
    } catch (error) {
      process.stderr.write(`rebuilding: ${error.message}\n`);
    }
    if (stats?.documents === count && stats.pending === 0 && stats.unlabelled === 0 && encodeParams(stats.params) === encodeParams(params)) return;
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
  const started = Date.now();
  const store = new SqliteStore(file, { create: true, cacheMiB: 2048 });
  await addArchive(store, params, 0, count);
  // Closing merges the new LSH rows into the main table, as the command line's close does.
  await store.close();
  process.stderr.write(`built ${count} documents in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/** Everything an index holds, in a fixed order (LSH rows from both band tables). */
function indexRows(file) {
  const store = new SqliteStore(file, { create: false, readonly: true });
  const db = store.db;
  const rows = {
    meta: db.prepare("SELECT * FROM meta WHERE key <> 'band_rows' ORDER BY key").all(),
    documents: db.prepare('SELECT * FROM documents ORDER BY seq').all(),
    bands: db.prepare('SELECT * FROM (SELECT * FROM bands UNION ALL SELECT * FROM recent_bands) ORDER BY band, hash, seq').all(),
    pairs: db.prepare('SELECT * FROM pairs ORDER BY a, b').all(),
  };
  db.close();
  return rows;
}

/** Builds `count` documents by the bench's path and by the command line, and compares them. */
async function verify(count) {
  const dir = path.join(benchDir, 'verify');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fast = path.join(dir, 'bench.db');
  const store = new SqliteStore(fast, { create: true, cacheMiB: 2048 });
  await addArchive(store, cliParams(), 0, count);
  await store.close();
  for (let run = 0; run * ARCHIVE_RUN < count; run++) {
    const lines = [];
    for (let n = run * ARCHIVE_RUN; n < Math.min(count, (run + 1) * ARCHIVE_RUN); n++) lines.push(JSON.stringify(archiveRecord(n)));
    writeFileSync(path.join(dir, archiveFile(run)), lines.join('\n') + '\n');
    cli([archiveFile(run), '--index', 'cli.db', '-q'], dir);
  }
  const statsOf = (db) => {
    const { target, bytes, ...stats } = JSON.parse(cli(['index', 'stats', db, '--json'], dir));
    return JSON.stringify(stats);
  };
  console.log(`index stats, bench path:   ${statsOf('bench.db')}`);
  console.log(`index stats, command line: ${statsOf('cli.db')}`);
  const a = indexRows(fast);
  const b = indexRows(path.join(dir, 'cli.db'));
  let same = statsOf('bench.db') === statsOf('cli.db');
  for (const table of Object.keys(a)) {
    const differing = a[table].length === b[table].length ? a[table].findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(b[table][i])) : 0;
    if (differing !== -1) same = false;
    console.log(`${table}: ${a[table].length} rows (bench path), ${b[table].length} (command line), ${differing === -1 ? 'identical' : `first difference at row ${differing}`}`);
  }
  console.log(`sample document row: ${JSON.stringify({ ...a.documents[1], sketch: `<${a.documents[1].sketch.length} bytes>` })}`);
  console.log(same ? 'the bench path writes what the command line writes' : 'DIFFERENT');
  if (!same) process.exitCode = 1;
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
    if (i % 20 === 0 && indexed > 0) {
      const n = Math.floor(random() * indexed);
      copyOf = `a${n}`;
      text = edited(archiveText(n), random);
    } else if (i % 20 === 0 && i > 0) {
      const earlier = Math.floor(random() * i);
      copyOf = `n${offset + earlier}`;
      text = edited(article(10_000_000 + offset + earlier), random);
    } else {
      text = article(10_000_000 + offset + i);
    }
    lines.push(JSON.stringify({ id: `n${offset + i}`, title: text.slice(0, 60), date: '2025-06-01', text, ...(copyOf !== null ? { copyOf } : {}) }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return new Map(lines.map((line) => JSON.parse(line)).filter((d) => d.copyOf).map((d) => [d.id, d.copyOf]));
}

function timed(argv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`dedupe failed (${result.status}): ${result.stderr}`);
  return { seconds, report: JSON.parse(result.stdout) };
}

/** Planted copies the report put in one cluster with their original, and new documents clustered with no planted reason. */
function plantedFound(report, planted) {
  let found = 0;
  let unplanted = 0;
  for (const cluster of report.clusters) {
    const ids = new Set(cluster.members.map((m) => m.id));
    for (const member of cluster.members) {
      if (member.indexed) continue;
      if (planted.has(member.id) && ids.has(planted.get(member.id))) found++;
      else if (!planted.has(member.id)) unplanted++;
    }
  }
  return `${found} of ${planted.size} planted copies found with their indexed original; ${unplanted} other new documents in clusters; summary ${JSON.stringify(report.summary)}`;
}

async function sqliteBench() {
  const indexed = Number(args.indexed);
  const fresh = Number(args.new);
  const runs = Number(args.runs);
  const index = path.join(benchDir, `index-${indexed}.db`);
  await buildIndex(index, indexed);
  const bytes = ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(index + suffix) ? statSync(index + suffix).size : 0), 0);
  console.log(`SQLite index of ${indexed} documents: ${(bytes / 2 ** 20).toFixed(0)} MiB = ${Math.round(bytes / indexed)} bytes per document`);
  const input = path.join(benchDir, `new-${fresh}.jsonl`);
  const planted = writeNewDocuments(input, fresh, indexed);

  const query = [];
  const add = [];
  const found = [];
  for (let r = 0; r < runs; r++) {
    const q = timed([input, '--index', index, '--query-only', '--json']);
    query.push(q.seconds);
    found.push(`query-only run ${r + 1}: ${plantedFound(q.report, planted)}`);
    const copy = path.join(benchDir, 'run.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
    copyFileSync(index, copy);
    const a = timed([input, '--index', copy, '--json']);
    add.push(a.seconds);
    found.push(`check-and-add run ${r + 1}: ${plantedFound(a.report, planted)}`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
  console.log(`index: ${indexed} documents; new: ${fresh} documents (${planted.size} edited copies of indexed ones)`);
  for (const line of found) console.log(line);
  console.log(`query-only run: median ${median(query).toFixed(2)} s (runs: ${query.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`check-and-add run: median ${median(add).toFixed(2)} s (runs: ${add.map((s) => s.toFixed(2)).join(', ')})`);
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

/** A client for a redis:// or redis+cluster:// URL, and its primaries (one for a single server). */
async function redisClient(url) {
  const { Redis, Cluster } = await import('ioredis');
  const { parseRedisTarget } = await import('../dist/index/redis.js');
  const target = parseRedisTarget(url);
  const client = target.cluster ? new Cluster(target.nodes, { lazyConnect: true }) : new Redis({ ...target.nodes[0], db: target.db, lazyConnect: true });
  await client.connect();
  const primaries = () => (target.cluster ? client.nodes('master') : [client]);
  return { client, primaries };
}

/** Deletes an index's keys (tags `{P}` and `{P/...}`) on every primary. */
async function deletePrefix(redis, prefix) {
  for (const node of redis.primaries()) {
    for (const pattern of [`{${prefix}}*`, `{${prefix}/*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 10000);
        if (keys.length) {
          const pipeline = node.pipeline();
          for (const key of keys) pipeline.unlink(key);
          await pipeline.exec();
        }
        cursor = next;
      } while (cursor !== '0');
    }
  }
}

/** used_memory of every primary, summed. */
async function usedMemory(redis) {
  const infos = await Promise.all(redis.primaries().map((node) => node.info('memory')));
  return infos.reduce((sum, info) => sum + Number(/used_memory:(\d+)/.exec(info)[1]), 0);
}

/** CPU seconds each primary has used (user + system), in the order of primaries(). */
async function redisCpu(redis) {
  const infos = await Promise.all(redis.primaries().map((node) => node.info('cpu')));
  return infos.map((info) => Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]));
}

/** CPU seconds of this process's finished children (user + system), where /proc tells it; else NaN. */
function childrenCpu() {
  if (!existsSync('/proc/self/stat')) return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // Fields 16 and 17 of stat (cutime, cstime), counted after the command name; clock ticks of 1/100 s.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** `url?prefix=p`, or `url&prefix=p` when the URL has a query already. */
const withPrefix = (url, prefix) => `${url}${url.includes('?') ? '&' : '?'}prefix=${prefix}`;

/**
 * Throughput of 1, 2 and 4 (--redis-workers) concurrent workers inserting --redis-docs new
 * documents into one empty index: the documents are written as 4 shards, which the workers share
 * evenly. Redis CPU is measured per primary.
 */
async function redisBench() {
  const total = Number(args['redis-docs']);
  const counts = args['redis-workers'].split(',').map(Number);
  const redis = await redisClient(args.redis);
  const shards = [0, 1, 2, 3].map((k) => {
    const file = path.join(benchDir, `redis-shard-${k}-of-4-${total}.jsonl`);
    writeNewDocuments(file, total / 4, 0, k * total);
    return file;
  });
  const results = [];
  for (const workers of counts) {
    const times = [];
    for (let r = 0; r < Number(args.runs); r++) {
      const prefix = `bench-${workers}-${r}-${Date.now()}`;
      const target = withPrefix(args.redis, prefix);
      const before = await usedMemory(redis);
      const cpuBefore = { redis: await redisCpu(redis), workers: childrenCpu() };
      const started = process.hrtime.bigint();
      const perWorker = Array.from({ length: workers }, (_, w) => shards.filter((_, k) => k % workers === w));
      await Promise.all(perWorker.map((files) => runWorker([...files, '--index', target, '-q'])));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = await redisCpu(redis);
      times.push({
        seconds,
        bytesPerDoc: ((await usedMemory(redis)) - before) / total,
        redisCpu: cpuAfter.map((cpu, i) => cpu - cpuBefore.redis[i]),
        workerCpu: childrenCpu() - cpuBefore.workers,
      });
      await deletePrefix(redis, prefix);
    }
    const seconds = median(times.map((t) => t.seconds));
    const perPrimary = times[0].redisCpu.map((_, i) => (median(times.map((t) => t.redisCpu[i])) / total) * 1e6);
    results.push({
      workers,
      seconds,
      runs: times.map((t) => t.seconds),
      perSecond: total / seconds,
      bytesPerDoc: median(times.map((t) => t.bytesPerDoc)),
      redisMicros: perPrimary.reduce((a, b) => a + b, 0),
      perPrimary,
      workerMicros: (median(times.map((t) => t.workerCpu)) / total) * 1e6,
    });
  }
  redis.client.disconnect();
  console.log(`load average at the end (other processes share the machine): ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const r of results) {
    console.log(
      `${r.workers} worker${r.workers > 1 ? 's' : ''}: ${total} documents in ${r.seconds.toFixed(2)} s (median; runs: ${r.runs.map((s) => s.toFixed(2)).join(', ')}) = ` +
        `${Math.round(r.perSecond)} documents/s; Redis memory ${Math.round(r.bytesPerDoc)} bytes per document; ` +
        `CPU per document (median): workers ${Math.round(r.workerMicros)} µs, Redis ${Math.round(r.redisMicros)} µs (per primary: ${r.perPrimary.map((m) => Math.round(m)).join(', ')} µs)`,
    );
  }
}

/** Redis memory per document at a larger size: archive documents added through the store, then used_memory. */
async function redisMemory(count) {
  const { RedisStore } = await import('../dist/index/redis.js');
  const prefix = `bench-memory-${Date.now()}`;
  const redis = await redisClient(args.redis);
  const store = await RedisStore.open(withPrefix(args.redis, prefix));
  const before = await usedMemory(redis);
  await addArchive(store, cliParams(), 0, count);
  const bytes = (await usedMemory(redis)) - before;
  console.log(`Redis memory for ${count} indexed documents: ${(bytes / 1024 / 1024).toFixed(0)} MiB = ${Math.round(bytes / count)} bytes per document`);
  await deletePrefix(redis, prefix);
  await store.close();
  redis.client.disconnect();
}

/**
 * Redis memory per document at a size the command line would take hours to reach on a small
 * machine (--redis-model N): N documents shaped like the news corpus's (its median id, title, URL
 * and path lengths; a random 128-value signature, so every band hash is new, as for distinct
 * stories; 39 figures, 30 slots, 24 lead pairs and an opening key) inserted through the store in batches of 1,000
 * and completed without pairs. It measures the layout, not the pipeline: compare it with
 * --redis-corpus at a size both reach.
 */
async function redisModelMemory(count) {
  const { RedisStore } = await import('../dist/index/redis.js');
  const { documentBandHashes } = await import('../dist/index/store.js');
  const prefix = `bench-model-${Date.now()}`;
  const redis = await redisClient(args.redis);
  const store = await RedisStore.open(withPrefix(args.redis, prefix));
  const params = cliParams();
  await store.ensureParams(params);
  const random = generator(7);
  const values = (n) => Uint32Array.from({ length: n }, () => Math.floor(random() * 4294967296));
  const before = await usedMemory(redis);
  const started = process.hrtime.bigint();
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
      const n = start + i;
      return {
        id: `doc${n}`,
        hash: values(3).reduce((s, v) => s + v.toString(16).padStart(8, '0'), '').slice(0, 20),
        path: 'news.jsonl',
        file: '/data/news/news.jsonl',
        record: n + 1,
        title: 'HIS (NAKASONE) REMARKS SHOULD HAVE AN 8-1/4 PCT AND'.slice(0, 30 + (n % 25)),
        url: `https://site${n % 40}.example/doc${n}`,
        date: '2026-01-08',
        time: 1767830400000,
        cleanChars: 2000 + (n % 1500),
        debris: random(),
        shingles: 300 + (n % 200),
        tokens: 310 + (n % 200),
        signature: Uint16Array.from(values(params.permutations)),
        figures: values(39),
        slots: values(30),
        lead: values(24),
        opening: values(1)[0] || 1,
      };
    });
    const outcomes = await store.insert(batch, batch.map((doc) => documentBandHashes(doc, params.bands, params.rows)));
    await store.complete([], outcomes.map((o) => o.seq));
    if ((start / 1000) % 100 === 99) console.log(`${start + 1000} documents, ${Math.round(((await usedMemory(redis)) - before) / (start + 1000))} bytes per document`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = (await usedMemory(redis)) - before;
  console.log(`Redis memory for ${count} modelled documents: ${(bytes / 1024 / 1024).toFixed(0)} MiB = ${Math.round(bytes / count)} bytes per document (${seconds.toFixed(0)} s)`);
  if (!args.keep) await deletePrefix(redis, prefix);
  await store.close();
  redis.client.disconnect();
}

/**
 * Redis memory per document of a membership index (--membership --redis-model N): N distinct
 * stories' band keys (random signatures, so every band key is new: the most a document can
 * cost) added through the store in batches of 1,000. Corpus lines are not modelled (see
 * --redis-corpus for a real corpus).
 */
async function membershipModelMemory(count) {
  const { RedisMembership } = await import('../dist/index/membership.js');
  const prefix = `bench-membership-${Date.now()}`;
  const redis = await redisClient(args.redis);
  const store = await RedisMembership.open(withPrefix(args.redis, prefix));
  const params = cliParams();
  const { bands, rows } = await store.useParams(params, params.threshold, false);
  const random = generator(7);
  const signature = () => Uint16Array.from({ length: params.permutations }, () => Math.floor(random() * 65536));
  const before = await usedMemory(redis);
  const started = process.hrtime.bigint();
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, () => store.keys({ signature: signature() }));
    await store.held(batch, true);
    if ((start / 1000) % 100 === 99) console.log(`${start + 1000} documents, ${Math.round(((await usedMemory(redis)) - before) / (start + 1000))} bytes per document`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = (await usedMemory(redis)) - before;
  console.log(`Redis memory of a membership index of ${count} modelled documents (${bands} bands of ${rows} rows): ${(bytes / 1024 / 1024).toFixed(0)} MiB = ${Math.round(bytes / count)} bytes per document (${seconds.toFixed(0)} s)`);
  if (!args.keep) await deletePrefix(redis, prefix);
  await store.close();
  redis.client.disconnect();
}

/**
 * How well a filter's output matches the planted copies of a generated corpus (gold: id, story):
 * each story should pass once, at its first record, and every later record of it be held back.
 */
function scoreFilter(ids, passed, goldText) {
  const storyOf = new Map(goldText.trim().split('\n').slice(1).map((row) => row.split('\t')));
  const firstSeen = new Set();
  const storiesPassed = new Set();
  let copies = 0, copiesHeld = 0, held = 0;
  for (const id of ids) {
    const story = storyOf.get(id);
    const first = !firstSeen.has(story);
    firstSeen.add(story);
    if (!first) copies++;
    if (passed.has(id)) {
      storiesPassed.add(story);
      continue;
    }
    held++;
    if (!first) copiesHeld++;
  }
  return `held back ${held}: ${copiesHeld} of ${copies} later records of a story (recall ${(copiesHeld / copies).toFixed(4)}), precision ${(copiesHeld / Math.max(1, held)).toFixed(4)}; stories with no record passed: ${firstSeen.size - storiesPassed.size} of ${firstSeen.size}`;
}

/** The ids of a JSONL file's records, read line by line. */
async function idsOf(file) {
  const { createInterface } = await import('node:readline');
  const { createReadStream } = await import('node:fs');
  const ids = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) ids.push(JSON.parse(line).id);
  return ids;
}

/** Redis memory per document of a JSONL corpus indexed by the command line (--redis-corpus FILE; with --membership, passed through `dedupe filter --membership`). */
async function redisCorpusMemory(file) {
  const prefix = `bench-corpus-${Date.now()}`;
  const redis = await redisClient(args.redis);
  const target = withPrefix(args.redis, prefix);
  const before = await usedMemory(redis);
  const started = process.hrtime.bigint();
  if (args.membership) {
    // The passed records go to a file and both files are read line by line: a million-record corpus is larger than a string can be.
    const passedFile = path.join(benchDir, `passed-${prefix}.jsonl`);
    const run = spawnSync('sh', ['-c', `"$0" "$1" filter --membership --index "$2" -q "$3" > "$4"`, process.execPath, bin, target, file, passedFile], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new Error(`dedupe filter exited with ${run.status}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const bytes = (await usedMemory(redis)) - before;
    const inputIds = await idsOf(file);
    const passedIds = new Set(await idsOf(passedFile));
    rmSync(passedFile, { force: true });
    console.log(`${inputIds.length} records of ${path.basename(file)} through dedupe filter --membership in ${seconds.toFixed(0)} s: ${passedIds.size} passed; Redis memory ${(bytes / 1024 / 1024).toFixed(1)} MiB = ${Math.round(bytes / inputIds.length)} bytes per record read, ${Math.round(bytes / passedIds.size)} per record passed`);
    const gold = `${file}.gold.tsv`;
    if (existsSync(gold)) console.log(scoreFilter(inputIds, passedIds, readFileSync(gold, 'utf8')));
    if (!args.keep) await deletePrefix(redis, prefix);
    redis.client.disconnect();
    return;
  }
  await runWorker([file, '--index', target, '-q']);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = (await usedMemory(redis)) - before;
  const stats = JSON.parse(spawnSync(process.execPath, [bin, 'index', 'stats', target, '--json'], { encoding: 'utf8' }).stdout);
  console.log(
    `${stats.documents} documents of ${path.basename(file)} indexed in ${seconds.toFixed(0)} s: Redis memory ${(bytes / 1024 / 1024).toFixed(0)} MiB = ` +
      `${Math.round(bytes / stats.documents)} bytes per document (${stats.pairs} pairs, ${stats.duplicates} duplicates)`,
  );
  if (!args.keep) await deletePrefix(redis, prefix);
  redis.client.disconnect();
}

if (args.verify) await verify(Number(args.verify));
else if (args.redis && args['redis-memory']) await redisMemory(Number(args['redis-memory']));
else if (args.redis && args['redis-corpus']) await redisCorpusMemory(args['redis-corpus']);
else if (args.redis && args['redis-model'] && args.membership) await membershipModelMemory(Number(args['redis-model']));
else if (args.redis && args['redis-model']) await redisModelMemory(Number(args['redis-model']));
else if (args.redis) await redisBench();
else await sqliteBench();
