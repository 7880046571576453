/**
 * Every machine-readable output has a JSON Schema in schema/, and every schema is checked here
 * against the real CLI's output on the fixtures: each document or line must validate, and each
 * object in it must be closed (an extra field fails) and complete (a missing field fails), so
 * a field added to an output without updating its schema fails a test. The config schema is
 * checked against the SETTINGS table instead.
 */

import Ajv2020 from 'ajv/dist/2020.js';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfigValues, CONFIG_KEYS, SETTINGS } from '../../src/settings.js';
import { CANONICAL_POLICIES } from '../../src/match/cluster.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';
import { FIXTURES, ROOT } from '../helpers/paths.js';
import { sqliteMissing } from '../helpers/sqlite.js';

const SCHEMA_DIR = path.join(ROOT, 'schema');
const BASE = 'https://dedupe.invalid/schema/';
const SCHEMA_FILES = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort();
const schemas: Record<string, Record<string, unknown>> = Object.fromEntries(SCHEMA_FILES.map((f) => [f, JSON.parse(readFileSync(path.join(SCHEMA_DIR, f), 'utf8'))]));

// strict: an unknown keyword (a misspelt one) is an error, not an annotation.
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const schema of Object.values(schemas)) ajv.addSchema(schema);

/** The validator of a schema or a part of one, by URI relative to the schemas' base ("index-run.schema.json#/$defs/cluster"). */
function validatorOf(ref: string) {
  const validate = ajv.getSchema(BASE + ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
}

function expectValid(ref: string, doc: unknown, label = ref): void {
  const validate = validatorOf(ref);
  expect(validate(doc), `${label}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (x: Json): x is { [key: string]: Json } => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Every object in a document, with its path. */
function* objectsIn(doc: Json, at: (string | number)[] = []): Generator<(string | number)[]> {
  if (Array.isArray(doc)) for (let i = 0; i < doc.length; i++) yield* objectsIn(doc[i], [...at, i]);
  else if (isObject(doc)) {
    yield at;
    for (const [k, v] of Object.entries(doc)) yield* objectsIn(v, [...at, k]);
  }
}

function objectAt(doc: Json, at: (string | number)[]): { [key: string]: Json } {
  return at.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step], doc) as { [key: string]: Json };
}

/**
 * A valid document turns invalid when any object in it gains a field or loses one (except the
 * fields in `optional`, by name): each object's shape is fixed and every field always present.
 */
function expectClosedAndComplete(ref: string, doc: Json, optional: readonly string[] = []): void {
  const validate = validatorOf(ref);
  expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  for (const at of objectsIn(doc)) {
    const where = `${ref} at /${at.join('/')}`;
    const extra = structuredClone(doc);
    objectAt(extra, at).unexpectedField = 1;
    expect(validate(extra), `${where}: an extra field passed`).toBe(false);
    for (const key of Object.keys(objectAt(doc, at))) {
      if (optional.includes(key)) continue;
      const missing = structuredClone(doc);
      delete objectAt(missing, at)[key];
      expect(validate(missing), `${where}: "${key}" could be left out`).toBe(false);
    }
  }
}

const jsonLines = (stdout: string): Json[] => stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Json);

async function cli(args: string[], expectedCode = 0): Promise<string> {
  const result = await runCli(args);
  expect(result.code, `dedupe ${args.join(' ')}: ${result.stderr}`).toBe(expectedCode);
  return result.stdout;
}

/** The fixtures plus inputs that are skipped: an empty file and a malformed JSONL line. */
let work: string;
let corpus: string;
beforeAll(() => {
  work = tempDir('dedupe-schemas-');
  corpus = path.join(work, 'articles');
  cpSync(FIXTURES, corpus, { recursive: true });
  writeFileSync(path.join(corpus, 'empty.txt'), '');
  writeFileSync(path.join(corpus, 'feeds', 'broken.jsonl'), '{"id":"broken-1","text":"a record with too little text to matter"}\nnot json\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the schema files', () => {
  it('are draft 2020-12 with an $id named after the file, and every $ref resolves', () => {
    expect(SCHEMA_FILES).toEqual(
      ['check', 'clean-record', 'cluster', 'config', 'explain', 'index-run', 'index-stats', 'manifest', 'membership-stats', 'report'].map((n) => `${n}.schema.json`),
    );
    for (const [file, schema] of Object.entries(schemas)) {
      expect(schema.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id, file).toBe(BASE + file);
      expect(typeof schema.description, file).toBe('string');
      // Compiling resolves every $ref, across files too.
      expect(validatorOf(file), file).toBeTypeOf('function');
    }
  });

  it('describe every property and close every object (open *Fields parts are closed where they are used)', () => {
    const problems: string[] = [];
    const visit = (node: unknown, at: string, open: boolean): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${at}/${i}`, false));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && !open && schema.additionalProperties !== false && schema.unevaluatedProperties !== false) problems.push(`${at}: object not closed`);
      for (const [key, value] of Object.entries(schema)) {
        // if/then/else only narrow properties declared (and described) elsewhere.
        if (key === 'if' || key === 'then' || key === 'else' || key === 'enum' || key === 'const' || key === 'default') continue;
        if (key === 'properties' || key === 'patternProperties') {
          for (const [name, property] of Object.entries(value as Record<string, Record<string, unknown>>)) {
            if (typeof property.description !== 'string' || property.description === '') problems.push(`${at}/${key}/${name}: no description`);
            visit(property, `${at}/${key}/${name}`, false);
          }
        } else if (key === '$defs') {
          for (const [name, def] of Object.entries(value as Record<string, unknown>)) visit(def, `${at}/$defs/${name}`, name.endsWith('Fields'));
        } else visit(value, `${at}/${key}`, false);
      }
    };
    for (const [file, schema] of Object.entries(schemas)) visit(schema, file, false);
    expect(problems).toEqual([]);
  });

  it('list the canonical policies of the source', () => {
    const runParams = (schemas['report.schema.json'].$defs as Record<string, { properties: Record<string, { enum: string[] }> }>).params;
    const indexParams = (schemas['index-stats.schema.json'].$defs as Record<string, { properties: Record<string, { enum: string[] }> }>).params;
    expect(runParams.properties.canonical.enum).toEqual([...CANONICAL_POLICIES]);
    expect(indexParams.properties.canonical.enum).toEqual([...CANONICAL_POLICIES]);
  });
});

describe('run outputs', () => {
  it('--json: the report (report.schema.json), with clusters of copies, singletons and skipped inputs', async () => {
    const report = JSON.parse(await cli([corpus, '--json'])) as Json;
    expectClosedAndComplete('report.schema.json', report);
    const r = report as { summary: { duplicateClusters: number; skipped: number }; clusters: { size: number }[] };
    expect(r.summary.duplicateClusters).toBeGreaterThanOrEqual(2);
    expect(r.summary.skipped).toBe(2);
    expect(r.clusters.some((c) => c.size === 1)).toBe(true);
  });

  it('--jsonl: one cluster record per line (cluster.schema.json)', async () => {
    const lines = jsonLines(await cli([corpus, '--jsonl']));
    expect(lines.length).toBeGreaterThan(3);
    lines.forEach((line, i) => expectValid('cluster.schema.json', line, `line ${i + 1}`));
    const sizes = lines.map((l) => (l as { size: number }).size);
    expect(sizes.some((s) => s >= 2) && sizes.some((s) => s === 1)).toBe(true);
    // A cluster of copies and a singleton, field by field.
    expectClosedAndComplete('cluster.schema.json', lines.find((l) => (l as { size: number }).size >= 2)!);
    expectClosedAndComplete('cluster.schema.json', lines.find((l) => (l as { size: number }).size === 1)!);
  });

  it('--out DIR: manifest.json (manifest.schema.json)', async () => {
    const out = path.join(work, 'out');
    await cli([corpus, '--out', out, '--quiet']);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Json;
    expectClosedAndComplete('manifest.schema.json', manifest);
    const m = manifest as { clusters: { file: string | null }[]; skipped: unknown[] };
    expect(m.clusters.every((c) => typeof c.file === 'string')).toBe(true);
    expect(m.skipped.length).toBe(2);
  });

  it('clean --jsonl: one clean record per document (clean-record.schema.json)', async () => {
    const lines = jsonLines(await cli(['clean', corpus, '--jsonl']));
    expect(lines.length).toBe(19);
    lines.forEach((line, i) => expectValid('clean-record.schema.json', line, `line ${i + 1}`));
    const withRemovals = lines.find((l) => (l as { removed: unknown[] }).removed.length > 0)!;
    const withFlags = lines.find((l) => (l as { flags: unknown[] }).flags.length > 0)!;
    expectClosedAndComplete('clean-record.schema.json', withRemovals);
    expectClosedAndComplete('clean-record.schema.json', withFlags);
  });

  it('check --format json: the verdict (check.schema.json), failing and then passing on a baseline', async () => {
    const failing = JSON.parse(await cli(['check', corpus, '--format', 'json'], 1)) as Json;
    // `line` is given for JSONL records only.
    expectClosedAndComplete('check.schema.json', failing, ['line']);
    const f = failing as { verdict: string; skipped: unknown[]; findings: { line?: number }[] };
    expect(f.verdict).toBe('fail');
    expect(f.skipped.length).toBe(2);
    expect(f.findings.some((x) => x.line !== undefined) && f.findings.some((x) => x.line === undefined)).toBe(true);

    // A baseline of the whole corpus, checked against the corpus less a feed: accepted findings and stale clusters.
    const baseline = path.join(work, 'baseline.json');
    await cli(['check', corpus, '--baseline', baseline, '--write-baseline']);
    const passing = JSON.parse(await cli(['check', corpus, '--exclude', 'wire-feed.jsonl', '--baseline', baseline, '--format', 'json'])) as Json;
    expectClosedAndComplete('check.schema.json', passing, ['line']);
    const p = passing as { verdict: string; accepted: number; staleBaselineClusters: number };
    expect(p.verdict).toBe('pass');
    expect(p.accepted).toBeGreaterThan(0);
    expect(p.staleBaselineClusters).toBeGreaterThan(0);
  });

  it('explain --json: the explanation with notes (explain.schema.json), for copies and for different stories', async () => {
    const copies = JSON.parse(await cli(['explain', path.join(corpus, 'meridian-wire', 'harbour-bridge-closure.txt'), `${path.join(corpus, 'feeds', 'wire-feed.jsonl')}:4`, '--json', '--quiet'])) as Json;
    expectClosedAndComplete('explain.schema.json', copies);
    expect((copies as { verdict: { duplicate: boolean } }).verdict.duplicate).toBe(true);
    const different = JSON.parse(
      await cli(['explain', path.join(corpus, 'meridian-wire', 'treasury-auction-week-10.txt'), path.join(corpus, 'meridian-wire', 'treasury-auction-week-11.txt'), '--json', '--quiet', '--no-containment']),
    ) as Json;
    expectClosedAndComplete('explain.schema.json', different);
    expect((different as { verdict: { duplicate: boolean } }).verdict.duplicate).toBe(false);
  });

  it('explain --json --in: the run\'s placement of the pair (explain.schema.json run)', async () => {
    const within = JSON.parse(await cli(['explain', path.join(corpus, 'meridian-wire', 'harbour-bridge-closure.txt'), `${path.join(corpus, 'feeds', 'wire-feed.jsonl')}:4`, '--in', corpus, '--json', '--quiet'])) as Json;
    expectClosedAndComplete('explain.schema.json', within, ['run', 'keptApart']);
    expect((within as { run: { documents: number } }).run.documents).toBeGreaterThan(10);
  });
});

describe.skipIf(sqliteMissing)('index outputs (a temporary SQLite index)', () => {
  let db: string;
  let first: Json;
  let second: Json;
  let query: Json;
  let queryLines: Json[];
  beforeAll(async () => {
    // Three batches of the corpus: the wire stories first, then copies of them with other
    // stories and the skipped inputs, then one more copy compared without adding it.
    const parts = { one: ['meridian-wire', 'tidewater-science'], two: ['channel-nine-news', 'valley-gazette', 'feeds', 'empty.txt'], three: ['newsroll'] };
    for (const [part, entries] of Object.entries(parts)) {
      mkdirSync(path.join(work, part));
      for (const entry of entries) cpSync(path.join(corpus, entry), path.join(work, part, entry), { recursive: true });
    }
    db = path.join(work, 'index.sqlite');
    first = JSON.parse(await cli([path.join(work, 'one'), '--index', db, '--json'])) as Json;
    second = JSON.parse(await cli([path.join(work, 'two'), '--index', db, '--json'])) as Json;
    query = JSON.parse(await cli([path.join(work, 'three'), '--index', db, '--query-only', '--json'])) as Json;
    queryLines = jsonLines(await cli([path.join(work, 'three'), '--index', db, '--query-only', '--jsonl']));
  });

  it('--index --json: the run report (index-run.schema.json), with new-vs-new and new-vs-indexed clusters and skipped inputs', () => {
    expectValid('index-run.schema.json', first, 'first run');
    expectClosedAndComplete('index-run.schema.json', second);
    expectClosedAndComplete('index-run.schema.json', query);
    const s = second as { summary: { newVsNew: number; newVsIndexed: number; skipped: number }; clusters: { members: { indexed: boolean }[] }[] };
    expect(s.summary.newVsNew).toBeGreaterThan(0);
    expect(s.summary.newVsIndexed).toBeGreaterThan(0);
    expect(s.summary.skipped).toBe(2);
    expect((query as { mode: string }).mode).toBe('query');
  });

  it('--index --jsonl: one cluster per line (index-run.schema.json#/$defs/cluster)', () => {
    expect(queryLines.length).toBeGreaterThan(0);
    queryLines.forEach((line) => expectClosedAndComplete('index-run.schema.json#/$defs/cluster', line));
    const members = queryLines.flatMap((l) => (l as { members: { indexed: boolean }[] }).members);
    expect(members.some((m) => m.indexed) && members.some((m) => !m.indexed)).toBe(true);
  });

  it('index export: one cluster record per line (cluster.schema.json)', async () => {
    const lines = jsonLines(await cli(['index', 'export', db]));
    lines.forEach((line, i) => expectValid('cluster.schema.json', line, `line ${i + 1}`));
    expect(lines.map((l) => (l as { members: unknown[] }).members.length).reduce((a, b) => a + b, 0)).toBe(14);
    expectClosedAndComplete('cluster.schema.json', lines[0]);
    expectClosedAndComplete('cluster.schema.json', lines.at(-1)!);
    expect((lines[0] as { size: number }).size).toBeGreaterThanOrEqual(2);
    expect((lines.at(-1) as { size: number }).size).toBe(1);
  });

  it('index stats --json: the counts and stored parameters (index-stats.schema.json)', async () => {
    const stats = JSON.parse(await cli(['index', 'stats', db, '--json'])) as Json;
    expectClosedAndComplete('index-stats.schema.json', stats);
    expect((stats as { duplicateClusters: number }).duplicateClusters).toBeGreaterThan(0);
  });
});

describe('config.schema.json and the SETTINGS table', () => {
  const config = schemas['config.schema.json'] as { properties: Record<string, { description: string; default?: unknown }>; patternProperties: Record<string, unknown> };
  const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

  it('has one property per config key of SETTINGS, and the kebab-case spellings dedupe also reads', () => {
    expect(Object.keys(config.properties).sort()).toEqual([...CONFIG_KEYS].sort());
    const aliases = CONFIG_KEYS.filter((k) => kebab(k) !== k).map((k) => `^${kebab(k)}$`);
    expect(Object.keys(config.patternProperties).sort()).toEqual(['^\\$schema$', ...aliases].sort());
  });

  it("describes each key with its setting's help, and gives the setting's default", () => {
    for (const key of CONFIG_KEYS) {
      const spec = SETTINGS[key];
      const property = config.properties[key];
      expect(property.description, key).toContain(spec.help || spec.off!);
      if (spec.off && spec.help) expect(property.description, key).toContain(spec.off);
      // A default shown as a label ("available cores") depends on the machine; "20MB" is a value.
      if (spec.default !== undefined && spec.defaultLabel !== 'available cores') {
        expect(property.default, key).toBeDefined();
        expect(spec.kind.check(property.default), key).toEqual(spec.default);
      } else expect(property.default, key).toBeUndefined();
    }
  });

  it("accepts exactly the values dedupe's own config check accepts", () => {
    const probes: unknown[] = [
      ...[-1, 0, 0.5, 1, 1.5, 4, 64, 65, 1024, 1025, 256, 257, 2 ** 31, 2 ** 31 + 1, 1 << 20, (1 << 20) + 1, 3.5],
      ...[true, false, null, {}, [], ['*.md'], ['*.md', 'drafts/**'], [''], [1]],
      ...['', ' ', 'x', 'text', 'json', 'github', 'yaml', 'canonical', 'components', ...CANONICAL_POLICIES, 'oldest'],
      ...['20MB', '512KB', '1', '10 mb', '2GiB', '0', '0MB', '0.5MB', 'huge', '20 TB'],
    ];
    const validate = validatorOf('config.schema.json');
    const mismatches: string[] = [];
    for (const key of CONFIG_KEYS) {
      for (const spelling of new Set([key, kebab(key)])) {
        for (const value of probes) {
          // bands and rows go together.
          const doc: Record<string, unknown> = { $schema: BASE + 'config.schema.json', [spelling]: value };
          if (key === 'bands') doc.rows = 1;
          if (key === 'rows') doc.bands = 1;
          let accepted = true;
          try {
            checkConfigValues(doc, 'dedupe.config.json');
          } catch {
            accepted = false;
          }
          if (validate(doc) !== accepted) mismatches.push(`${spelling}: ${JSON.stringify(value)} (dedupe ${accepted ? 'accepts' : 'refuses'} it)`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Keys dedupe refuses: unknown, and bands without rows.
    for (const doc of [{ treshold: 0.5 }, { bands: 8 }, { rows: 8 }]) {
      expect(() => checkConfigValues(doc, 'dedupe.config.json')).toThrow();
      expect(validate(doc), JSON.stringify(doc)).toBe(false);
    }
  });

  it('validates the example of docs/ci.md, which dedupe accepts', async () => {
    const example = { $schema: './node_modules/dedupe/schema/config.schema.json', threshold: 0.6, maxFileSize: '10MB', exclude: ['drafts/**', '*.bak.txt'], maxDuplicateRatio: 0.01, baseline: 'dedupe-baseline.json', format: 'github' };
    expectValid('config.schema.json', example);
    const cwd = path.join(work, 'with-config');
    mkdirSync(cwd);
    // The run ignores the settings of check (baseline, format, maxDuplicateRatio).
    writeFileSync(path.join(cwd, 'dedupe.config.json'), JSON.stringify(example));
    const result = await runCli([path.join(corpus, 'meridian-wire'), '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { params: { threshold: number } }).params.threshold).toBe(0.6);
  });
});
