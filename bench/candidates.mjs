/**
 * Benchmark (not a test) of LSH candidate-pair finding alone: builds N synthetic compact (16-bit)
 * signatures in the run's block layout, with planted near-duplicate copies, and times
 * forEachCandidatePair (CPU time, median of rounds). With --baseline DIR it alternates with
 * another build's dist/match/candidates.js and checks both visit exactly the same pairs in the same order.
 *
 * --build DIR times another build alone (one build per process avoids one's memory and
 * garbage slowing the other).
 *
 *   npm run build && node bench/candidates.mjs --docs 1000000 --rounds 5 --baseline ../main
 *   node bench/candidates.mjs --rounds 1 --build ../main
 */

import path from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const docs = Number(option('docs', 1000000));
const rounds = Number(option('rounds', 5));
const baselineDir = option('baseline', undefined);
const permutations = 128;
const BLOCK_SHIFT = 14;

const current = await import(path.resolve(option('build', root), 'dist/match/candidates.js'));
const baseline = baselineDir ? await import(path.resolve(baselineDir, 'dist/match/candidates.js')) : undefined;
// The run's default banding (51 bands x 2 rows for 128 values).
const bands = Number(option('bands', 51));
const rows = Number(option('rows', 2));

// Deterministic generator (mulberry32).
let state = 12345;
const next = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// About 80% unrelated documents, 20% copies of an earlier one (a few popular sources copied
// many times) with 0-35% of values changed; some copies exact.
const perBlock = 1 << BLOCK_SHIFT;
const blocks = [];
const signature = (doc) => blocks[doc >>> BLOCK_SHIFT].subarray((doc & (perBlock - 1)) * permutations, ((doc & (perBlock - 1)) + 1) * permutations);
for (let doc = 0; doc < docs; doc++) {
  if ((doc & (perBlock - 1)) === 0) blocks.push(new Uint16Array(perBlock * permutations));
  const sig = signature(doc);
  if (doc > 100 && next() < 0.2) {
    const source = signature(next() < 0.005 ? Math.floor(next() * 20) : Math.floor(next() * doc));
    const change = next() < 0.1 ? 0 : next() * 0.35;
    for (let i = 0; i < permutations; i++) sig[i] = next() < change ? next() * 65536 : source[i];
  } else {
    for (let i = 0; i < permutations; i++) sig[i] = next() * 65536;
  }
}

/** The run's band keys (see SketchStore.bandKeys in src/pipeline.ts). */
function bandKeys(module) {
  return (band, keys) => {
    for (let doc = 0; doc < docs; doc++) keys[doc] = module.bandHashAt(blocks[doc >>> BLOCK_SHIFT], (doc & (perBlock - 1)) * permutations, band, rows);
  };
}

function run(module) {
  let pairs = 0;
  let digest = 0;
  const visited = [];
  const before = process.cpuUsage();
  const start = performance.now();
  module.forEachCandidatePair(docs, bands, bandKeys(module), (earlier, later) => {
    pairs++;
    digest = (Math.imul(digest, 31) + earlier * 1000003 + later) | 0;
    visited.push(earlier, later);
  });
  const cpu = process.cpuUsage(before);
  return { cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - start) / 1000, pairs, digest, visited };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`${docs} documents, ${bands} bands x ${rows} rows, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const times = { baseline: [], current: [] };
let reference;
for (let round = 0; round < rounds; round++) {
  for (const [name, module] of baseline ? [['baseline', baseline], ['current', current]] : [['current', current]]) {
    const result = run(module);
    times[name].push(result.cpu);
    console.log(`round ${round + 1} ${name.padEnd(8)} cpu ${result.cpu.toFixed(3)} s  wall ${result.wall.toFixed(3)} s  ${result.pairs} pairs  digest ${result.digest}`);
    if (!reference) reference = result.visited;
    else if (result.visited.length !== reference.length || result.visited.some((v, i) => v !== reference[i])) {
      console.error(`${name} visited different pairs or in a different order`);
      process.exitCode = 1;
    }
  }
}
for (const [name, values] of Object.entries(times)) if (values.length) console.log(`median ${name}: cpu ${median(values).toFixed(3)} s`);
if (baseline) console.log(`speed-up: ${(median(times.baseline) / median(times.current)).toFixed(2)}x`);
