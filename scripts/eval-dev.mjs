#!/usr/bin/env node
// Matching quality on every development set at once, overall and over five folds.
//
//   npm run eval [-- [--shared DIR] [--json] [--dedupe-args "ARGS"] [--save DIR] [--from DIR]
//                    [--errors] [--check] [-- DEDUPE ARGS...]]
//
// Runs `node bin/dedupe.js --json` (expects dist/ built: `npm run eval` builds first) on
// syndication-dev, multilingual-dev and the Reuters-21578 newswire, scores the clusters the way
// ../shared/tools/score_clusters.py does (pairwise P/R/F1 and ARI against a gold clustering;
// P/R/F1 on hand-judged pairs, DUP positive, UNSURE ignored) and prints one table: each set
// overall, then over five folds with their mean, range and standard deviation.
//
// Folds: a cluster set's documents are split by gold cluster (md5 of the cluster id, read as a
// number, mod 5) and each fold is scored on the pairs within it; a labelled pair's fold is md5 of
// "a<TAB>b" mod 5. Reuters pairs are scored on ../shared/data/reuters/labels-dev.tsv, on
// eval/reuters-pairs.tsv and on both together.
//
//   --shared DIR        the development data (default: ../shared beside the repository)
//   --dedupe-args ARGS  extra dedupe options, one string split at spaces (also: after `--`)
//   --json              the table as JSON on stdout
//   --save DIR          keep each set's dedupe report as DIR/<set>.json
//   --from DIR          score the reports in DIR/<set>.json instead of running dedupe
//   --errors            list the labelled pairs dedupe gets wrong, with an explain command
//   --check             also run score_clusters.py on each set and fail unless it agrees
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDS = 5;

function usage(message) {
  if (message) console.error(`eval-dev: ${message}`);
  (message ? console.error : console.log)('usage: npm run eval -- [--shared DIR] [--json] [--dedupe-args "ARGS"] [--save DIR] [--from DIR] [--errors] [--check] [-- DEDUPE ARGS...]');
  process.exit(message ? 2 : 0);
}

function parseArgs(argv) {
  const opts = { shared: resolve(ROOT, '..', 'shared'), json: false, dedupeArgs: [], save: null, from: null, errors: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--') { opts.dedupeArgs.push(...argv.slice(i + 1)); break; }
    else if (a === '--shared') opts.shared = resolve(value());
    else if (a === '--json') opts.json = true;
    else if (a === '--dedupe-args') opts.dedupeArgs.push(...value().split(/\s+/).filter(Boolean));
    else if (a === '--save') opts.save = resolve(value());
    else if (a === '--from') opts.from = resolve(value());
    else if (a === '--errors') opts.errors = true;
    else if (a === '--check') opts.check = true;
    else if (a === '--help' || a === '-h') usage(null);
    else usage(`unknown option ${a}`);
  }
  return opts;
}

// ---- the sets ----

function sets(shared) {
  const d = join(shared, 'data');
  return [
    { name: 'syndication-dev', input: join(d, 'syndication-dev', 'docs'), gold: join(d, 'syndication-dev', 'gold.tsv') },
    { name: 'multilingual-dev', input: join(d, 'multilingual-dev', 'docs'), gold: join(d, 'multilingual-dev', 'gold.tsv') },
    {
      name: 'reuters', input: join(d, 'reuters', 'reuters21578.jsonl'),
      pairs: [
        { name: 'labels-dev', files: [join(d, 'reuters', 'labels-dev.tsv')] },
        { name: 'reuters-pairs', files: [join(ROOT, 'eval', 'reuters-pairs.tsv')] },
        { name: 'both', files: [join(d, 'reuters', 'labels-dev.tsv'), join(ROOT, 'eval', 'reuters-pairs.tsv')] },
      ],
    },
  ];
}

// ---- reading, as score_clusters.py reads ----

function loadPred(path) {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  const assign = new Map();
  const where = new Map(); // id -> FILE or FILE:LINE, as `dedupe explain` takes it
  data.clusters.forEach((c, i) => {
    const cid = String(c.id ?? i);
    for (const m of c.members ?? []) {
      const id = typeof m === 'object' ? m.id : m;
      if (assign.has(id)) console.error(`warning: ${id} listed in two clusters`);
      assign.set(id, cid);
      if (typeof m === 'object' && m.file) where.set(id, m.line == null ? m.file : `${m.file}:${m.line}`);
    }
  });
  return { assign, where };
}

function resolver(predIds) {
  const bySuffix = new Map();
  for (const p of predIds) {
    const parts = p.replace(/\\/g, '/').split('/');
    for (let k = 0; k < parts.length; k++) {
      const key = parts.slice(k).join('/');
      if (!bySuffix.has(key)) bySuffix.set(key, p);
    }
  }
  // Python's lstrip("./") strips any leading run of '.' and '/' characters
  return (gid) => (predIds.has(gid) ? gid : bySuffix.get(gid.replace(/^[./]+/, '')) ?? null);
}

function readGold(path) {
  const gold = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [id, c] = line.replace(/\r$/, '').split('\t');
    if ((id === 'id' || id === 'path') && (c === 'cluster' || c === 'cluster_id')) continue;
    gold.set(id, c);
  }
  return gold;
}

function readPairs(paths) {
  const seen = new Set();
  const rows = [];
  for (const path of paths) {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
    const header = lines[0].split('\t');
    const col = (n) => header.indexOf(n);
    for (const line of lines.slice(1)) {
      const f = line.split('\t');
      const row = { a: f[col('a')], b: f[col('b')], label: f[col('label')] };
      const key = `${row.a}\t${row.b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return rows;
}

// ---- scoring, the computation of score_clusters.py ----

const comb2 = (n) => (n * (n - 1)) / 2;

function scoreGold(gold, pred, resolve) {
  const g = new Map(), p = new Map();
  let missing = 0;
  for (const [gid, gc] of gold) {
    const pid = resolve(gid);
    g.set(gid, gc);
    if (pid == null) { missing++; p.set(gid, `__missing__${gid}`); } else p.set(gid, pred.get(pid));
  }
  const count = (keys) => { const m = new Map(); for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1); return m; };
  const cont = count([...g.keys()].map((d) => `${g.get(d)}\u0000${p.get(d)}`));
  const gs = count(g.values()), ps = count(p.values());
  const sum = (m) => { let s = 0; for (const n of m.values()) s += comb2(n); return s; };
  const tp = sum(cont), gp = sum(gs), pp = sum(ps);
  const precision = pp ? tp / pp : 1, recall = gp ? tp / gp : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const n = g.size, total = comb2(n);
  const expected = total ? (gp * pp) / total : 0, max = (gp + pp) / 2;
  const ari = max !== expected ? (tp - expected) / (max - expected) : 1;
  return { docs: n, missing, goldPairs: gp, predPairs: pp, truePairs: tp, precision, recall, f1, ari };
}

function scorePairs(rows, pred, resolve) {
  let tp = 0, fp = 0, fn = 0, tn = 0, missing = 0;
  const wrong = [];
  for (const { a, b, label } of rows) {
    if (label !== 'DUP' && label !== 'NOT') continue;
    const pa = resolve(a), pb = resolve(b);
    let same = false;
    if (pa == null || pb == null) missing++;
    else same = pred.get(pa) === pred.get(pb);
    if (label === 'DUP') { if (same) tp++; else { fn++; wrong.push({ a, b, label, verdict: 'apart' }); } }
    else if (same) { fp++; wrong.push({ a, b, label, verdict: 'same cluster' }); } else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1, recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { score: { pairs: tp + fp + fn + tn, missing, tp, fp, fn, tn, precision, recall, f1 }, wrong };
}

// md5 of the text read as a 128-bit number, mod 5
const foldOf = (text) => Number(BigInt(`0x${createHash('md5').update(text, 'utf8').digest('hex')}`) % BigInt(FOLDS));

function spread(values) {
  const v = values.filter((x) => x != null && Number.isFinite(x));
  if (!v.length) return null;
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, min: Math.min(...v), max: Math.max(...v), sd };
}

function foldSummary(folds, metrics) {
  return Object.fromEntries(metrics.map((m) => [m, spread(folds.map((f) => f[m]))]));
}

// ---- running dedupe ----

function runDedupe(set, opts, outPath) {
  const fd = openSync(outPath, 'w');
  const args = [join(ROOT, 'bin', 'dedupe.js'), '--json', '--quiet', set.input, ...opts.dedupeArgs];
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) {
    console.error(`eval-dev: dedupe failed on ${set.name} (exit ${r.status ?? r.signal}):\n${r.stderr}`);
    process.exit(1);
  }
  return seconds;
}

function checkAgainstPython(opts, set, predPath, ours) {
  const tool = join(opts.shared, 'tools', 'score_clusters.py');
  const run = (flag, file) => {
    const r = spawnSync('python3', [tool, '--pred', predPath, flag, file, '--json'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`score_clusters.py failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const close = (x, y) => Math.abs(x - y) < 1e-9;
  const problems = [];
  if (set.gold) {
    const py = run('--gold', set.gold);
    for (const [k, pk] of [['precision', 'pair_precision'], ['recall', 'pair_recall'], ['f1', 'pair_f1'], ['ari', 'ari']]) {
      if (!close(ours.overall[k], py[pk])) problems.push(`${set.name} ${k}: ${ours.overall[k]} vs ${py[pk]}`);
    }
  } else {
    for (const ps of set.pairs.filter((p) => p.files.length === 1)) {
      const py = run('--pairs', ps.files[0]);
      const mine = ours.find((x) => x.name === ps.name).overall;
      for (const k of ['tp', 'fp', 'fn', 'tn']) if (mine[k] !== py[k]) problems.push(`${ps.name} ${k}: ${mine[k]} vs ${py[k]}`);
      for (const [k, pk] of [['precision', 'pair_precision'], ['recall', 'pair_recall'], ['f1', 'pair_f1']]) {
        if (!close(mine[k], py[pk])) problems.push(`${ps.name} ${k}: ${mine[k]} vs ${py[pk]}`);
      }
    }
  }
  return problems;
}

// ---- the table ----

const f = (x, d = 4) => (x == null || !Number.isFinite(x) ? '  n/a ' : x.toFixed(d));

function printTable(report) {
  const lines = [];
  const row = (cols) => lines.push(cols.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(i === 1 ? 10 : 8))).join(' '));
  row(['set / folds', 'n', 'P', 'R', 'F1', 'ARI']);
  for (const entry of report.results) {
    const metricsOf = (s) => [s.precision, s.recall, s.f1, s.ari];
    const nOf = (s) => (s.docs != null ? `${s.docs}d` : `${s.tp + s.fp + s.fn + s.tn}p`);
    lines.push('');
    row([entry.name, nOf(entry.overall), ...metricsOf(entry.overall).map((x) => f(x))]);
    if (entry.overall.tp != null) {
      lines.push(`  ${entry.overall.tp} of ${entry.overall.tp + entry.overall.fp} merged pairs right, ${entry.overall.tp} of ${entry.overall.tp + entry.overall.fn} DUP pairs merged`);
    }
    entry.folds.forEach((s, i) => row([`  fold ${i}`, nOf(s), ...metricsOf(s).map((x) => f(x))]));
    const sm = entry.foldSummary;
    const m = ['precision', 'recall', 'f1', 'ari'];
    row(['  mean of folds', '', ...m.map((k) => f(sm[k]?.mean))]);
    row(['  min-max', '', ...m.map((k) => (sm[k] ? `${f(sm[k].min, 2)}-${f(sm[k].max, 2)}` : '  n/a '))]);
    row(['  standard deviation', '', ...m.map((k) => f(sm[k]?.sd))]);
  }
  lines.push('');
  lines.push('n: documents (d) or judged DUP/NOT pairs (p). Folds: md5 of the gold cluster id mod 5 (pairs within a fold), md5 of "a<TAB>b" mod 5 for judged pairs; standard deviation over the 5 folds (n-1).');
  console.log(lines.join('\n'));
}

// ---- main ----

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(join(opts.shared, 'data'))) {
  usage(`the development data is not at ${opts.shared} (no data/ folder there); give its folder with --shared DIR`);
}
if (!opts.from && !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) usage('dist/ is not built: run `npm run build` (or use `npm run eval`)');
if (opts.save) mkdirSync(opts.save, { recursive: true });
const scratch = opts.save ?? opts.from ?? mkdtempSync(join(tmpdir(), 'dedupe-eval-'));

const report = { shared: opts.shared, dedupeArgs: opts.dedupeArgs, folds: FOLDS, results: [], errors: [], seconds: {} };
let checkProblems = [];
try {
  for (const set of sets(opts.shared)) {
    for (const p of [set.input, set.gold, ...(set.pairs ?? []).flatMap((x) => x.files)].filter(Boolean)) {
      if (!existsSync(p)) usage(`missing ${p}`);
    }
    const predPath = join(scratch, `${set.name}.json`);
    if (opts.from) { if (!existsSync(predPath)) usage(`no report ${predPath} to score`); }
    else report.seconds[set.name] = runDedupe(set, opts, predPath);
    if (!opts.json) process.stderr.write(`${set.name}: ${opts.from ? 'read' : `ran dedupe in ${report.seconds[set.name].toFixed(1)} s`}\n`);
    const { assign, where } = loadPred(predPath);
    const resolve = resolver(new Set(assign.keys()));
    if (set.gold) {
      const gold = readGold(set.gold);
      const overall = scoreGold(gold, assign, resolve);
      const folds = [];
      for (let k = 0; k < FOLDS; k++) {
        const sub = new Map([...gold].filter(([, c]) => foldOf(c) === k));
        folds.push(scoreGold(sub, assign, resolve));
      }
      const entry = { name: set.name, kind: 'clusters', overall, folds, foldSummary: foldSummary(folds, ['precision', 'recall', 'f1', 'ari']) };
      report.results.push(entry);
      if (opts.check) checkProblems.push(...checkAgainstPython(opts, set, predPath, entry));
    } else {
      const entries = [];
      for (const ps of set.pairs) {
        const rows = readPairs(ps.files);
        const { score: overall, wrong } = scorePairs(rows, assign, resolve);
        const folds = [];
        for (let k = 0; k < FOLDS; k++) folds.push(scorePairs(rows.filter((r) => foldOf(`${r.a}\t${r.b}`) === k), assign, resolve).score);
        const entry = { name: `${set.name} pairs: ${ps.name}`, kind: 'pairs', overall: { ...overall, ari: null }, folds: folds.map((s) => ({ ...s, ari: null })), foldSummary: foldSummary(folds, ['precision', 'recall', 'f1']) };
        entry.foldSummary.ari = null;
        report.results.push(entry);
        entries.push({ name: ps.name, overall });
        if (ps.name === 'both') {
          for (const w of wrong) {
            const source = readPairs([ps.files[1]]).some((r) => r.a === w.a && r.b === w.b) ? 'reuters-pairs' : 'labels-dev';
            const at = (id) => where.get(resolve(id) ?? id) ?? id;
            report.errors.push({ ...w, source, explain: `node bin/dedupe.js explain ${at(w.a)} ${at(w.b)}` });
          }
        }
      }
      if (opts.check) checkProblems.push(...checkAgainstPython(opts, set, predPath, entries));
    }
  }
} finally {
  if (!opts.save && !opts.from) rmSync(scratch, { recursive: true, force: true });
}

if (opts.json) console.log(JSON.stringify(report, null, 2));
else {
  printTable(report);
  if (opts.errors) {
    console.log(`\nJudged Reuters pairs dedupe gets wrong (${report.errors.length}):`);
    for (const e of report.errors) console.log(`  ${e.source}  ${e.a} ${e.b}  label ${e.label}, dedupe: ${e.verdict}\n    ${e.explain}`);
  }
}
if (opts.check) {
  if (checkProblems.length) {
    console.error(`eval-dev: the scores disagree with score_clusters.py:\n  ${checkProblems.join('\n  ')}`);
    process.exit(1);
  }
  console.error('eval-dev: every overall score agrees with score_clusters.py');
}
