// Peak memory of the outputs that need texts (--out, --print canonical) and of standard input,
// beside --json on the same corpus; the worker pool on a small folder with --jobs 256; and a
// JSON array of tiny records. Each figure is one run of the built CLI under bench/measure.mjs.
//   npm run build && node bench/stream-outputs.mjs [--docs 50000] [--records 250000] [--dir DIR]
// The corpus is made here from a seeded generator (texts of 420 invented words, 3 KB each).

import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'dedupe.js');
const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
};
const docs = Number(argument('docs', 50_000));
const records = Number(argument('records', 250_000));
const dir = argument('dir', path.join(tmpdir(), 'dedupe-bench-stream-outputs'));
mkdirSync(dir, { recursive: true });

/** A seeded generator (mulberry32), so every machine builds the same corpus. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(random, size, min, max) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: size }, () => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => letters[Math.floor(random() * 26)]).join(''));
}

async function writeLines(file, count, line) {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) if (!out.write(line(i))) await new Promise((resolve) => out.once('drain', resolve));
  await new Promise((resolve) => out.end(resolve));
}

const feed = path.join(dir, `feed-${docs}.jsonl`);
const array = path.join(dir, `array-${records}.json`);
const folder = path.join(dir, 'folder30');
const random = generator(21);
const words = vocabulary(random, 50_000, 3, 9);
const pick = () => words[Math.floor(random() * words.length)];
await writeLines(feed, docs, (i) => JSON.stringify({ id: `n${i}`, title: `Title ${i}`, text: Array.from({ length: 420 }, pick).join(' ') + '.' }) + '\n');
await writeLines(array, records, (i) => (i === 0 ? '[\n' : ',\n') + JSON.stringify({ id: `r${i}`, text: Array.from({ length: 8 }, pick).join(' ') }) + (i === records - 1 ? '\n]\n' : ''));
mkdirSync(folder, { recursive: true });
for (let i = 0; i < 30; i++) writeFileSync(path.join(folder, `s${i}.txt`), `Title ${i}\n\n${Array.from({ length: 120 }, pick).join(' ')}.\n`);

const out = path.join(dir, 'out');
const runs = [
  ['--json', 'node', [bin, feed, '--json', '--quiet']],
  ['--out DIR', 'node', [bin, feed, '--out', out, '--quiet']],
  ['--print canonical', 'node', [bin, feed, '--print', 'canonical', '--quiet']],
  // Through a shell, so only where /usr/bin/time measures the shell's children.
  ...(hasGnuTime() ? [['standard input, --jsonl', 'bash', ['-c', `cat '${feed}' | '${process.execPath}' '${bin}' - --jsonl --quiet`]]] : []),
  ['30 small files, --jobs 256', 'node', [bin, folder, '--jobs', '256', '--json', '--quiet']],
  [`JSON array of ${records} records`, 'node', [bin, array, '--max-file-size', '100MB', '--json', '--quiet']],
];
console.log(`corpus: ${docs} documents, ${(statSync(feed).size / 1e6).toFixed(0)} MB; array: ${(statSync(array).size / 1e6).toFixed(0)} MB`);
for (const [name, command, args] of runs) {
  rmSync(out, { recursive: true, force: true });
  const result = measure(command, args, { stdoutFile: path.join(dir, 'stdout') });
  const files = name === '--out DIR' ? `, ${readdirSync(out).length} files written` : '';
  console.log(`${name}: exit ${result.status}, ${result.wall.toFixed(2)} s wall, ${result.cpu.toFixed(2)} s CPU, peak RSS ${(result.rss / 1048576).toFixed(0)} MB, stdout ${(statSync(path.join(dir, 'stdout')).size / 1e6).toFixed(1)} MB${files}`);
}
rmSync(out, { recursive: true, force: true });
