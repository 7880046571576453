#!/usr/bin/env node
// Runs the cleaner over an extraction dataset and writes predictions for the scorer.
//
//   npm run eval:extraction -- <dataset-dir> [--format html|text] [--out pred.jsonl]
//        [--html-mode readability+rules|readability|own|full] [--off core,terminators,lineRules,repeated,corpus,guard]
//        [--no-corpus] [--repeat N] [--gold-out gold.jsonl] [--score path/to/score_extraction.py|score_wcxb.py]
//        [--folds K]
//
// Layouts:
//   extraction: <dir>/html/<id>.html, <dir>/text/<id>.txt, <dir>/gold.jsonl (WCXB: <dir>/html/<id>.html.gz)
//   syndication: <dir>/docs/<outlet>/<name>.{txt,html,md}, <dir>/clean.jsonl ({"path","cleanBody"});
//                ids are the paths, and --gold-out writes the bodies as {"id","articleBody"} for the scorer.
// Cleaning runs as the product does: a first pass counts corpus-level repeated lines (CorpusLineCounter),
// the second pass cleans. Throughput is the second pass only (bytes of input / seconds, one thread);
// --repeat N cleans the whole set N times for a steadier figure.
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, extname, basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const { CorpusLineCounter } = await import('../dist/clean/index.js');
const { runPipeline } = await import('../dist/clean/formats.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const positional = args.filter((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--') || ['--no-corpus'].includes(args[i - 1])));
const dir = positional[0];
if (!dir || !existsSync(dir)) {
  console.error('usage: eval-extraction <dataset-dir> [--format html|text] [--out pred.jsonl] [--html-mode M] [--off rules] [--no-corpus] [--repeat N] [--gold-out F] [--score scorer.py]');
  process.exit(2);
}
const format = opt('--format', 'text');
const out = opt('--out', 'pred.jsonl');
const htmlMode = opt('--html-mode', undefined);
const repeat = Math.max(1, Number(opt('--repeat', '1')) || 1);
const useCorpus = !args.includes('--no-corpus');
const off = (opt('--off', '') || '').split(',').filter(Boolean);
const textSwitches = Object.fromEntries(off.map((k) => [k, false]));

const EXT_FORMAT = { '.txt': 'text', '.text': 'text', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };

/** @type {{id:string, raw:string, format:string}[]} */
const docs = [];
let goldOut;
if (existsSync(join(dir, 'clean.jsonl'))) {
  const docsDir = join(dir, 'docs');
  const gold = [];
  for (const line of readFileSync(join(dir, 'clean.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    const p = join(docsDir, r.path);
    const f = EXT_FORMAT[extname(p).toLowerCase()];
    if (!f || !existsSync(p)) continue;
    if (format !== 'all' && format !== 'text' && f !== format) continue;
    docs.push({ id: r.path, raw: readFileSync(p, 'utf8'), format: f });
    gold.push({ id: r.path, articleBody: r.cleanBody });
  }
  goldOut = gold;
} else {
  const sub = format === 'html' ? 'html' : 'text';
  const ext = format === 'html' ? '.html' : '.txt';
  const d = join(dir, sub);
  for (const name of readdirSync(d).sort()) {
    // WCXB ships its pages gzip-compressed (html/<id>.html.gz)
    const gz = name.endsWith(`${ext}.gz`);
    if (!name.endsWith(ext) && !gz) continue;
    const bytes = readFileSync(join(d, name));
    docs.push({ id: basename(name, gz ? `${ext}.gz` : ext), raw: (gz ? gunzipSync(bytes) : bytes).toString('utf8'), format });
  }
}

let boilerplateLines;
let counterMs = 0;
if (useCorpus && !off.includes('corpus')) {
  const t0 = performance.now();
  const counter = new CorpusLineCounter();
  for (const d of docs) counter.add(d.raw, d.format);
  boilerplateLines = counter.boilerplate();
  counterMs = performance.now() - t0;
}

const bytes = docs.reduce((s, d) => s + Buffer.byteLength(d.raw, 'utf8'), 0);
let preds = [];
const passes = [];
// CPU time of this process too: on a shared machine, wall time also counts the time other processes take
const cpuStart = process.cpuUsage();
for (let r = 0; r < repeat; r++) {
  const t = performance.now();
  preds = docs.map((d) => {
    const res = runPipeline(d.raw, d.format, { boilerplateLines, htmlMode, text: textSwitches });
    return { id: d.id, text: res.text, title: res.title, flags: res.flags };
  });
  passes.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
const ms = passes.reduce((s, x) => s + x, 0);
const sorted = [...passes].sort((x, y) => x - y);
const median = sorted[Math.floor(sorted.length / 2)];

writeFileSync(out, preds.map((p) => JSON.stringify(p)).join('\n') + '\n');
const goldPath = opt('--gold-out', goldOut ? out.replace(/\.jsonl$/, '') + '.gold.jsonl' : undefined);
if (goldOut && goldPath) writeFileSync(goldPath, goldOut.map((g) => JSON.stringify(g)).join('\n') + '\n');

const mb = (bytes * repeat) / 1e6;
console.log(`documents: ${docs.length} (${(bytes / 1e6).toFixed(2)} MB), format ${format}${htmlMode ? `, html mode ${htmlMode}` : ''}${off.length ? `, off: ${off.join(',')}` : ''}`);
console.log(`corpus lines: ${boilerplateLines ? boilerplateLines.size : 'off'} boilerplate keys (first pass ${counterMs.toFixed(0)} ms)`);
console.log(`cleaning: ${ms.toFixed(0)} ms for ${repeat} pass(es), ${(mb / (ms / 1000)).toFixed(1)} MB/s, ${((docs.length * repeat) / (ms / 1000)).toFixed(0)} docs/s (one thread); CPU time ${cpuMs.toFixed(0)} ms = ${(mb / (cpuMs / 1000)).toFixed(1)} MB/s`);
if (repeat > 1) console.log(`per pass: median ${median.toFixed(1)} ms = ${(bytes / 1e6 / (median / 1000)).toFixed(1)} MB/s, best ${sorted[0].toFixed(1)} ms = ${(bytes / 1e6 / (sorted[0] / 1000)).toFixed(1)} MB/s`);
if (format === 'html') console.log(`html cleaning: ${(ms / (docs.length * repeat)).toFixed(1)} ms/page (CPU ${(cpuMs / (docs.length * repeat)).toFixed(1)} ms/page)`);
console.log(`guard kept original: ${preds.filter((p) => p.flags.includes('guard:kept-original')).length}`);
console.log(`wrote ${out}${goldOut && goldPath ? ` and ${goldPath}` : ''}`);

const scorer = opt('--score', undefined);
if (scorer) {
  const gold = goldOut && goldPath ? goldPath : join(dir, 'gold.jsonl');
  const res = spawnSync('python3', [scorer, '--gold', gold, '--pred', out, '--worst', opt('--worst', '0')], { encoding: 'utf8' });
  process.stdout.write(res.stdout || '');
  process.stderr.write(res.stderr || '');
  const folds = Number(opt('--folds', '0'));
  if (folds > 1) foldScores(scorer, gold, folds);
}

/**
 * Held-out figures: pages split into K folds by the md5 of their id (mod K), each fold scored alone;
 * prints each fold's F1, their mean and spread, and the share of pages (with a non-empty gold body)
 * scoring below 0.5.
 */
function foldScores(scorer, goldFile, k) {
  const foldOf = (id) => createHash('md5').update(id).digest().readUInt32BE(12) % k;
  const goldLines = readFileSync(goldFile, 'utf8').split('\n').filter((l) => l.trim());
  const f1s = [];
  let low = 0;
  let scored = 0;
  for (let f = 0; f < k; f++) {
    const g = goldLines.filter((l) => foldOf(String(JSON.parse(l).id)) === f);
    const ids = new Set(g.map((l) => String(JSON.parse(l).id)));
    const p = preds.filter((x) => ids.has(String(x.id)));
    const gf = `${out}.fold${f}.gold.jsonl`;
    const pf = `${out}.fold${f}.jsonl`;
    writeFileSync(gf, g.join('\n') + '\n');
    writeFileSync(pf, p.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const res = spawnSync('python3', [scorer, '--gold', gf, '--pred', pf, '--json', '--worst', String(g.length)], { encoding: 'utf8' });
    const r = JSON.parse(res.stdout);
    f1s.push(r.f1);
    for (const w of r.worst ?? []) {
      if ((w.gold_tokens ?? 1) === 0) continue;
      scored++;
      if (w.f1 < 0.5) low++;
    }
  }
  const mean = f1s.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(f1s.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  console.log(`folds (md5 of id mod ${k}): F1 ${f1s.map((x) => x.toFixed(4)).join(' ')}; mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)}, min ${Math.min(...f1s).toFixed(4)}, max ${Math.max(...f1s).toFixed(4)}`);
  console.log(`pages below F1 0.5 (non-empty gold): ${low} of ${scored} (${((100 * low) / Math.max(1, scored)).toFixed(1)}%)`);
}
