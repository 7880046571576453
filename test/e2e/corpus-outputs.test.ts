/**
 * The corpus written back, end to end: `--write-jsonl` holds the kept records' input lines byte
 * for byte in input order (`--keep canonical` and `first`), `--mark` every record with its
 * cluster and duplicate flag, several inputs in order; `--write-paths` (newline and NUL) names
 * exactly the copies not kept of a folder corpus, and `xargs -0 rm` on it leaves one file per
 * story; the refusals exit 2 and write nothing.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

interface Member {
  id: string;
  file: string | null;
  line: number | null;
}
interface Cluster {
  id: string;
  size: number;
  canonical: string;
  members: Member[];
}

/** The input lines of a file as bytes, numbered from 1 (newlines not included). */
function linesOf(file: string): Map<number, Buffer> {
  const bytes = readFileSync(file);
  const lines = new Map<number, Buffer>();
  let start = 0;
  for (let n = 1; start <= bytes.length; n++) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    if (end > start || end < bytes.length) lines.set(n, bytes.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

/** The lines of an output file (each ends with a newline). */
function outputLines(file: string): Buffer[] {
  const bytes = readFileSync(file);
  expect(bytes[bytes.length - 1]).toBe(10);
  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start);
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

async function clustersOf(args: string[], cwd: string): Promise<Cluster[]> {
  const result = await runCli([...args, '--json', '-q'], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { clusters: Cluster[] }).clusters;
}

/**
 * A feed whose copies come before their canonical (the later record is longer and holds the
 * earlier), with a CRLF line, odd spacing and non-ASCII text (which a re-serialisation would
 * change), a blank line and a malformed line (skipped).
 */
function feed(): string {
  const a = story(11);
  const b = story(12);
  return [
    `{"id":"a-short",   "text":${JSON.stringify(a)}}`,
    `{"id":"solo-1","title":"Caf\u00e9 \\u00e9t\u00e9","text":${JSON.stringify(story(13))}}\r`,
    `{"id":"b-short","text":${JSON.stringify(b)}}`,
    '',
    '{"id":"broken", "text": ',
    `{"text":${JSON.stringify(a + ' ' + story(21, 30))},"id":"a-long"}`,
    `{"id":"b-long","text":${JSON.stringify(b + ' ' + story(22, 30))}}`,
    `{"id":"solo-2","text":${JSON.stringify(story(14))}}`,
  ].join('\n') + '\n';
}

/** The ids a --json report keeps: each cluster's canonical, or its first member in input order. */
function keptIds(clusters: Cluster[], keep: 'canonical' | 'first'): Set<string> {
  return new Set(clusters.map((c) => (keep === 'canonical' ? c.canonical : [...c.members].sort((x, y) => x.line! - y.line!)[0].id)));
}

/** The input lines holding the given ids, in input order. */
function expectedLines(file: string, clusters: Cluster[], ids: Set<string>): Buffer[] {
  const lines = linesOf(file);
  const wanted = clusters.flatMap((c) => c.members).filter((m) => ids.has(m.id)).map((m) => m.line!);
  return wanted.sort((x, y) => x - y).map((n) => lines.get(n)!);
}

describe('--write-jsonl', () => {
  for (const keep of ['canonical', 'first'] as const) {
    it(`writes the kept records' input lines byte for byte, in input order (--keep ${keep})`, async () => {
      const dir = tempDir();
      writeFiles(dir, { 'feed.jsonl': feed() });
      const clusters = await clustersOf(['feed.jsonl'], dir);
      expect(clusters.filter((c) => c.size > 1).map((c) => c.members.map((m) => m.id).sort())).toEqual([
        ['a-long', 'a-short'],
        ['b-long', 'b-short'],
      ]);
      const kept = keptIds(clusters, keep);
      // The two policies keep different records here: the copies come first.
      expect([...kept].sort()).toEqual(keep === 'first' ? ['a-short', 'b-short', 'solo-1', 'solo-2'] : ['a-long', 'b-long', 'solo-1', 'solo-2']);

      const result = await runCli(['feed.jsonl', '--write-jsonl', 'unique.jsonl', '--keep', keep], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('wrote 4 kept records to unique.jsonl');
      const written = outputLines(path.join(dir, 'unique.jsonl'));
      expect(written).toEqual(expectedLines(path.join(dir, 'feed.jsonl'), clusters, kept));
      // The CRLF line keeps its CR, and the odd spacing and non-ASCII bytes are as they came.
      expect(written.some((l) => l[l.length - 1] === 13)).toBe(true);
      expect(written.map((l) => l.toString('utf8')).join('\n')).toContain('Café \\u00e9té');
      // The input is unchanged, and no temporary file is left.
      expect(readFileSync(path.join(dir, 'feed.jsonl'), 'utf8')).toBe(feed());
      expect(readdirSync(dir).sort()).toEqual(['feed.jsonl', 'unique.jsonl']);
    });
  }

  it('--mark writes every record with dedupe_cluster and dedupe_duplicate', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'feed.jsonl': feed() });
    const clusters = await clustersOf(['feed.jsonl'], dir);
    for (const keep of ['canonical', 'first'] as const) {
      const result = await runCli(['feed.jsonl', '--write-jsonl', 'marked.jsonl', '--mark', '--keep', keep], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const records = readFileSync(path.join(dir, 'marked.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.map((r) => r.id)).toEqual(['a-short', 'solo-1', 'b-short', 'a-long', 'b-long', 'solo-2']);
      const kept = keptIds(clusters, keep);
      const clusterOf = new Map(clusters.flatMap((c) => c.members.map((m) => [m.id, c.id])));
      const originals = new Map([...linesOf(path.join(dir, 'feed.jsonl')).values()].flatMap((l) => {
        try {
          const r = JSON.parse(l.toString('utf8')) as Record<string, unknown>;
          return [[r.id, r] as const];
        } catch {
          return [];
        }
      }));
      for (const r of records) {
        const { dedupe_cluster, dedupe_duplicate, ...rest } = r;
        expect(dedupe_cluster).toBe(clusterOf.get(r.id as string));
        expect(dedupe_duplicate).toBe(!kept.has(r.id as string));
        expect(rest).toEqual(originals.get(r.id));
        expect(Object.keys(r).slice(-2)).toEqual(['dedupe_cluster', 'dedupe_duplicate']);
      }
      expect(records.filter((r) => r.dedupe_duplicate).length).toBe(2);
    }
  });

  it('takes records from several JSONL and JSON inputs, in input order', async () => {
    const dir = tempDir();
    const shared = story(31);
    const a = [`{"id":"a1","text":${JSON.stringify(story(32))}}`, `{"id":"a2", "text":${JSON.stringify(shared + ' ' + story(33, 30))}}`].join('\n') + '\n';
    const b = [`{"id":"b1","text":${JSON.stringify(shared)}}`, `{"id":"b2","text":${JSON.stringify(story(34))}}`].join('\n');
    const c = JSON.stringify([{ id: 'c1', text: story(35) }], null, 2);
    writeFiles(dir, { 'in/a.jsonl': a, 'in/b.jsonl': b, 'in/c.json': c });
    const clusters = await clustersOf(['in/a.jsonl', 'in/b.jsonl', 'in/c.json'], dir);
    expect(clusters.find((x) => x.size === 2)?.members.map((m) => m.id).sort()).toEqual(['a2', 'b1']);

    const result = await runCli(['in/a.jsonl', 'in/b.jsonl', 'in/c.json', '--write-jsonl', 'out.jsonl'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const aLines = a.split('\n');
    const bLines = b.split('\n');
    // a2 holds b1: the canonical; b1 is left out. The JSON element is re-serialised on one line.
    expect(readFileSync(path.join(dir, 'out.jsonl'), 'utf8')).toBe([aLines[0], aLines[1], bLines[1], JSON.stringify({ id: 'c1', text: story(35) })].join('\n') + '\n');

    const first = await runCli(['in/b.jsonl', 'in/a.jsonl', '--write-jsonl', 'first.jsonl', '--keep', 'first'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'first.jsonl'), 'utf8')).toBe([bLines[0], bLines[1], aLines[0]].join('\n') + '\n');
  });

  it('reads a gzip JSONL input again: the same lines as from the plain file', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'plain/feed.jsonl': feed(), 'packed/feed.jsonl.gz': gzipSync(feed()) });
    const plain = await runCli(['plain/feed.jsonl', '--write-jsonl', 'plain.jsonl', '-q'], { cwd: dir });
    const packed = await runCli(['packed/feed.jsonl.gz', '--write-jsonl', 'packed.jsonl', '-q'], { cwd: dir });
    expect([plain.code, packed.code], plain.stderr + packed.stderr).toEqual([0, 0]);
    expect(readFileSync(path.join(dir, 'packed.jsonl'))).toEqual(readFileSync(path.join(dir, 'plain.jsonl')));
    expect(outputLines(path.join(dir, 'packed.jsonl')).length).toBe(4);
  });

  it('refuses inputs that are not records, standard input, and an output that is an input (exit 2, nothing written)', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'feed.jsonl': feed(), 'texts/one.txt': story(41), 'texts/two.txt': story(42) });

    const files = await runCli(['texts', '--write-jsonl', 'out.jsonl'], { cwd: dir });
    expect(files.code).toBe(2);
    expect(files.stderr).toMatch(/--write-jsonl writes JSON records back, and one\.txt is a text file, not JSON\/JSONL records/);
    expect(existsSync(path.join(dir, 'out.jsonl'))).toBe(false);

    const mixed = await runCli(['feed.jsonl', 'texts', '--write-jsonl', 'out.jsonl'], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(existsSync(path.join(dir, 'out.jsonl'))).toBe(false);

    const same = await runCli(['feed.jsonl', '--write-jsonl', 'feed.jsonl'], { cwd: dir });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--write-jsonl feed.jsonl is one of the inputs');
    expect(readFileSync(path.join(dir, 'feed.jsonl'), 'utf8')).toBe(feed());

    // Found in a folder given as input: also one of the inputs.
    writeFiles(dir, { 'feeds/old.jsonl': feed() });
    const inFolder = await runCli(['feeds', '--write-jsonl', 'feeds/old.jsonl'], { cwd: dir });
    expect(inFolder.code).toBe(2);
    expect(inFolder.stderr).toContain('is one of the inputs');
    expect(readFileSync(path.join(dir, 'feeds/old.jsonl'), 'utf8')).toBe(feed());

    const stdin = await runCli(['-', '--write-jsonl', 'out.jsonl'], { cwd: dir, input: feed() });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('standard input is read once');
    expect(existsSync(path.join(dir, 'out.jsonl'))).toBe(false);

    const noFolder = await runCli(['feed.jsonl', '--write-jsonl', 'missing/out.jsonl'], { cwd: dir });
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('the folder missing does not exist');
    const folder = await runCli(['feed.jsonl', '--write-jsonl', 'texts'], { cwd: dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder');

    const mark = await runCli(['feed.jsonl', '--mark'], { cwd: dir });
    expect(mark.code).toBe(2);
    expect(mark.stderr).toContain('--mark goes with --write-jsonl');

    const index = await runCli(['feed.jsonl', '--write-jsonl', 'out.jsonl', '--index', 'x.db'], { cwd: dir });
    expect(index.code).toBe(2);
    expect(index.stderr).toContain('not available with --index');
    expect(readdirSync(dir).sort()).toEqual(['feed.jsonl', 'feeds', 'texts']);
  });
});

describe('--write-paths', () => {
  /** A copy of the fixtures' folders of files (the record feeds left out). */
  function folderCorpus(): string {
    const dir = tempDir();
    cpSync(FIXTURES, path.join(dir, 'articles'), { recursive: true });
    rmSync(path.join(dir, 'articles', 'feeds'), { recursive: true });
    return dir;
  }

  it('lists exactly the copies not kept, by newline or NUL, and xargs -0 rm leaves one file per story', async () => {
    const dir = folderCorpus();
    const clusters = await clustersOf(['articles'], dir);
    const duplicates = clusters.filter((c) => c.size > 1);
    expect(duplicates.length).toBeGreaterThan(0);
    const copies = clusters.flatMap((c) => c.members.filter((m) => m.id !== c.canonical).map((m) => m.file!));

    const lines = await runCli(['articles', '--write-paths', 'copies.txt'], { cwd: dir });
    expect(lines.code, lines.stderr).toBe(0);
    const listed = readFileSync(path.join(dir, 'copies.txt'), 'utf8');
    expect(listed.endsWith('\n')).toBe(true);
    expect(listed.trimEnd().split('\n').sort()).toEqual([...copies].sort());

    // To stdout with NUL: stdout holds the list alone (the report goes to stderr).
    const nul = await runCli(['articles', '--write-paths', '-', '-0'], { cwd: dir });
    expect(nul.code, nul.stderr).toBe(0);
    expect(nul.stdout.endsWith('\0')).toBe(true);
    expect(nul.stdout.slice(0, -1).split('\0').sort()).toEqual([...copies].sort());
    expect(nul.stderr).toContain('duplicate cluster');

    // --keep first lists the other members instead.
    const first = await runCli(['articles', '--write-paths', '-', '--keep', 'first', '-q'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const firstCopies = clusters.flatMap((c) => c.members.map((m) => m.file!).sort().slice(1));
    // Input order of a folder is its sorted paths: the earliest member is the smallest path.
    expect(first.stdout.trimEnd().split('\n').sort()).toEqual(firstCopies.sort());

    const before = (await clustersOf(['articles'], dir)).length;
    const rm = spawnSync('xargs', ['-0', 'rm', '--'], { cwd: dir, input: nul.stdout });
    expect(rm.status, rm.stderr.toString()).toBe(0);
    for (const file of copies) expect(existsSync(path.join(dir, file))).toBe(false);
    const after = await clustersOf(['articles'], dir);
    expect(after.length).toBe(before);
    expect(after.every((c) => c.size === 1)).toBe(true);
    for (const c of duplicates) expect(existsSync(path.join(dir, c.members[0].file!))).toBe(true);
  });

  it('refuses records, standard input and flags without it (exit 2, nothing written)', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'feed.jsonl': feed() });
    const records = await runCli(['feed.jsonl', '--write-paths', 'copies.txt'], { cwd: dir });
    expect(records.code).toBe(2);
    expect(records.stderr).toContain('a record is not a path');
    expect(existsSync(path.join(dir, 'copies.txt'))).toBe(false);

    const fixtures = await runCli([FIXTURES, '--write-paths', '-'], { cwd: dir });
    expect(fixtures.code).toBe(2);
    expect(fixtures.stdout).toBe('');
    expect(fixtures.stderr).toContain('holds records');

    const stdin = await runCli(['-', '--write-paths', '-'], { cwd: dir, input: feed() });
    expect(stdin.code).toBe(2);
    expect(stdin.stdout).toBe('');

    const nul = await runCli(['feed.jsonl', '-0'], { cwd: dir });
    expect(nul.code).toBe(2);
    expect(nul.stderr).toContain('-0/--null goes with --write-paths');

    const json = await runCli(['feed.jsonl', '--write-paths', '-', '--json'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['feed.jsonl']);
  });
});
