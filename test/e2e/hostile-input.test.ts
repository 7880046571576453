/**
 * Hostile input end to end: each bad input is skipped with a clear reason in the --json report,
 * every other document of the run is still processed, and hostile document ids or output
 * folders never make a run write outside DIR or over an input.
 */

import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { assertBuilt, documentIds, runCli, runJson, type JsonReport } from '../helpers/cli.js';
import { isRoot, removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { parseReport } from '../helpers/report-schema.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

/** Two ordinary documents every test folder holds, which must come through whatever else is there. */
function withGoodDocuments(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  writeFiles(dir, { 'good-one.txt': story(1), 'good-two.md': `# A heading\n\n${story(2)}`, ...files });
  return dir;
}

function reasonFor(report: JsonReport, file: string): string | undefined {
  return report.skipped.find((s) => s.path === file)?.reason;
}

function expectGoodDocuments(report: JsonReport): void {
  expect(documentIds(report)).toEqual(expect.arrayContaining(['good-one.txt', 'good-two.md']));
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('encodings', () => {
  it('decodes windows-1252 declared in an HTML meta tag', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf\xe9 news</title></head><body><p>The caf\xe9 cr\xe8me br\xfbl\xe9e \x93special\x94 opened \x96 ${story(3, 60)}</p></body></html>`;
    const dir = withGoodDocuments({ 'cafe.html': latin1(html) });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect(documentIds(report)).toContain('cafe.html');
    const printed = (await runCli([dir, '--print', 'canonical'])).stdout;
    expect(printed).toContain('café crème brûlée');
    expect(printed).not.toContain('\ufffd');
  });

  it('detects undeclared latin-1 in a text file', async () => {
    const dir = withGoodDocuments({ 'latin.txt': latin1(`Na\xefve r\xe9sum\xe9 of the fa\xe7ade works.\n\n${story(4)}`) });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect((await runCli([dir, '--print', 'canonical'])).stdout).toContain('Naïve résumé of the façade works.');
  });

  it('decodes a declared multi-byte charset (Shift_JIS)', async () => {
    // "Nihon" (日本) in Shift_JIS, then ASCII text.
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="shift_jis"></head><body><p>'), Buffer.from([0x93, 0xfa, 0x96, 0x7b]), Buffer.from(` ${story(5)}</p></body></html>`)]);
    const dir = withGoodDocuments({ 'japan.html': bytes });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect((await runCli([dir, '--print', 'canonical'])).stdout).toContain('日本');
  });

  it('decodes UTF-16 without a byte order mark', async () => {
    const dir = withGoodDocuments({ 'wide.txt': Buffer.from(story(6), 'utf16le') });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect(documentIds(report)).toContain('wide.txt');
  });

  it('skips invalid bytes that are not plausible legacy text, naming the first bad byte', async () => {
    const junk = Buffer.from(Array.from({ length: 4000 }, (_, i) => 1 + ((i * 7919) % 255)));
    const dir = withGoodDocuments({ 'junk.txt': Buffer.concat([Buffer.from('Header line\n'), junk]) });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'junk.txt')).toMatch(/^not valid UTF-8 \(first bad byte at offset \d+\), and not plausible windows-1252 text/);
    expectGoodDocuments(report);
  });

  it('skips a file whose declared charset and UTF-8 both fail and which is not Western text', async () => {
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="utf-8"></head><body>'), Buffer.from([0x01, 0x02, 0xc3, 0x28, 0x03, 0x04]), Buffer.from('</body></html>')]);
    const dir = withGoodDocuments({ 'broken.html': bytes });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'broken.html')).toMatch(/not valid UTF-8/);
    expectGoodDocuments(report);
  });
});

describe('binary content', () => {
  it('skips a file with NUL bytes', async () => {
    const dir = withGoodDocuments({ 'blob.html': Buffer.concat([Buffer.from('<html>'), Buffer.from([0, 1, 2, 3]), Buffer.from('</html>')]) });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'blob.html')).toBe('binary content (NUL byte at offset 6)');
    expectGoodDocuments(report);
  });

  it('names a PDF saved under an .html name', async () => {
    const dir = withGoodDocuments({ 'report.html': Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n') });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'report.html')).toBe('binary content (a PDF document, not text)');
    expectGoodDocuments(report);
  });

  it('skips a JSONL line holding a NUL byte and keeps the other records', async () => {
    const lines = [JSON.stringify({ id: 'r1', text: story(7) }), `{"id":"r2","text":"bad\u0000"}`, JSON.stringify({ id: 'r3', text: story(8) })];
    const dir = withGoodDocuments({ 'feed.jsonl': lines.join('\n') + '\n' });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'feed.jsonl:2')).toMatch(/^binary content \(NUL byte at offset \d+ of the line\)$/);
    expect(documentIds(report)).toEqual(expect.arrayContaining(['r1', 'r3']));
    expectGoodDocuments(report);
  });
});

describe('size limits and long lines', () => {
  it('skips a file over --max-file-size', async () => {
    const dir = withGoodDocuments({ 'huge.txt': story(9, 2000) });
    const report = await runJson([dir, '--max-file-size', '4KB']);
    expect(reasonFor(report, 'huge.txt')).toMatch(/^file is \d+ KB, over the --max-file-size limit of 4 KB$/);
    expectGoodDocuments(report);
  });

  it('skips one JSONL record over the limit without holding it, and reads the rest of the file', async () => {
    const big = JSON.stringify({ id: 'big', text: 'word '.repeat(400_000) });
    const lines = [JSON.stringify({ id: 'r1', text: story(10) }), big, JSON.stringify({ id: 'r3', text: story(11) })];
    const dir = withGoodDocuments({ 'feed.jsonl': lines.join('\n') + '\n' });
    const report = await runJson([dir, '--max-file-size', '1MB']);
    expect(reasonFor(report, 'feed.jsonl:2')).toMatch(/^record is 1\.\d MB, over the --max-file-size limit of 1\.0 MB$/);
    expect(documentIds(report)).toEqual(expect.arrayContaining(['r1', 'r3']));
    expectGoodDocuments(report);
  });

  it('reads a text file that is one huge line', async () => {
    const line = Array.from({ length: 600 }, (_, i) => story(100 + i, 400).replace(/\n+/g, ' ')).join(' ');
    expect(line.length).toBeGreaterThan(1_500_000);
    const dir = withGoodDocuments({ 'one-line.txt': line });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect(documentIds(report)).toContain('one-line.txt');
  });

  it('skips a gzip file whose unpacked size is over the limit (a gzip bomb)', async () => {
    const dir = withGoodDocuments({ 'bomb.txt.gz': gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x61)) });
    const report = await runJson([dir, '--max-file-size', '1MB']);
    expect(reasonFor(report, 'bomb.txt.gz')).toBe('unpacked size over the --max-file-size limit of 1.0 MB');
    expectGoodDocuments(report);
  });
});

describe('gzip inputs', () => {
  it('reads .txt.gz, .html.gz, .json.gz and .jsonl.gz transparently, and gzip data under a plain name', async () => {
    const dir = withGoodDocuments({
      'a.txt.gz': gzipSync(story(20)),
      'b.html.gz': gzipSync(`<html><body><p>${story(21)}</p></body></html>`),
      'c.json.gz': gzipSync(JSON.stringify({ id: 'json-record', text: story(22) })),
      'd.jsonl.gz': gzipSync([JSON.stringify({ id: 'line-1', text: story(23) }), JSON.stringify({ id: 'line-2', text: story(24) })].join('\n')),
      'e.html': gzipSync(`<html><body><p>${story(25)}</p></body></html>`),
      'f.jsonl': gzipSync(JSON.stringify({ id: 'plain-name-line', text: story(27) })),
    });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect(documentIds(report)).toEqual(['a.txt.gz', 'b.html.gz', 'e.html', 'good-one.txt', 'good-two.md', 'json-record', 'line-1', 'line-2', 'plain-name-line']);
  });

  it('finds a copy across compressed and plain files', async () => {
    const dir = withGoodDocuments({ 'copy.txt.gz': gzipSync(story(1)) });
    const report = await runJson([dir]);
    const cluster = report.clusters.find((c) => c.size > 1);
    expect(cluster?.members.map((m) => m.id).sort()).toEqual(['copy.txt.gz', 'good-one.txt']);
  });

  it('skips corrupt gzip files with a reason', async () => {
    const good = gzipSync(story(26));
    const dir = withGoodDocuments({ 'bad.txt.gz': Buffer.from('this is not gzip at all'), 'cut.jsonl.gz': good.subarray(0, 20) });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'bad.txt.gz')).toBe('not a valid gzip file');
    expect(reasonFor(report, 'cut.jsonl.gz')).toMatch(/^read failed after line 0: not a valid gzip stream/);
    expectGoodDocuments(report);
  });
});

describe('JSON inputs', () => {
  it('skips a malformed JSONL line in the middle and keeps the records around it', async () => {
    const lines = [JSON.stringify({ id: 'r1', text: story(30) }), '{"id": "r2", "text": "cut off', JSON.stringify({ id: 'r3', text: story(31) }), 'not json at all', JSON.stringify({ id: 'r5', text: story(32) })];
    const dir = withGoodDocuments({ 'feed.jsonl': lines.join('\n') + '\n' });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'feed.jsonl:2')).toMatch(/^malformed JSON line: /);
    expect(reasonFor(report, 'feed.jsonl:4')).toMatch(/^malformed JSON line: /);
    expect(documentIds(report)).toEqual(['good-one.txt', 'good-two.md', 'r1', 'r3', 'r5']);
  });

  it('decodes a windows-1252 JSONL line and keeps UTF-8 lines as they are', async () => {
    const lines = [Buffer.from(JSON.stringify({ id: 'utf8', text: `Zoë’s story. ${story(33)}` }) + '\n'), latin1(JSON.stringify({ id: 'legacy', text: `Zo\xeb's other story. ${story(34)}` }) + '\n')];
    const dir = withGoodDocuments({ 'feed.jsonl': Buffer.concat(lines) });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    const printed = (await runCli([dir, '--print', 'canonical'])).stdout;
    expect(printed).toContain('Zoë’s story.');
    expect(printed).toContain("Zoë's other story.");
  });

  it('accounts for an empty file and a truncated JSON file', async () => {
    const dir = withGoodDocuments({ 'empty.txt': '', 'cut.json': '{"id": "x", "text": "never clo' });
    const report = await runJson([dir]);
    expect(reasonFor(report, 'empty.txt')).toBe('empty file');
    expect(reasonFor(report, 'cut.json')).toMatch(/^malformed JSON: /);
    expectGoodDocuments(report);
  });
});

describe('file system oddities', () => {
  it('reports a symbolic link loop and a dangling link, and reads a linked file once', async () => {
    const dir = withGoodDocuments({ 'sub/inner.txt': story(40) });
    symlinkSync('..', path.join(dir, 'sub', 'loop'));
    symlinkSync('missing.txt', path.join(dir, 'dangling.txt'));
    symlinkSync('good-one.txt', path.join(dir, 'alias.txt'));
    const report = await runJson([dir]);
    expect(reasonFor(report, 'sub/loop')).toBe('symbolic link loop: links back to a folder that contains it');
    expect(reasonFor(report, 'dangling.txt')).toBe('dangling symbolic link: its target does not exist');
    expect(reasonFor(report, 'alias.txt')).toBe('same file as good-one.txt, read once');
    expect(documentIds(report)).toEqual(['good-one.txt', 'good-two.md', 'sub/inner.txt']);
  });

  it('reads a folder reached directly and through a link once, at its own path', async () => {
    const dir = withGoodDocuments({ 'zeta/story.txt': story(41) });
    symlinkSync('zeta', path.join(dir, 'alpha-link'));
    const report = await runJson([dir]);
    expect(reasonFor(report, 'alpha-link')).toBe('same folder as zeta, read once');
    expect(documentIds(report)).toEqual(['good-one.txt', 'good-two.md', 'zeta/story.txt']);
  });

  it('reports a dangling link named on the command line and reads the other paths', async () => {
    const dir = withGoodDocuments({});
    symlinkSync('gone.txt', path.join(dir, 'named.txt'));
    const report = await runJson([path.join(dir, 'named.txt'), path.join(dir, 'good-one.txt')]);
    expect(report.skipped).toEqual([{ path: path.join(dir, 'named.txt'), reason: 'dangling symbolic link: its target does not exist' }]);
    expect(report.summary.documents).toBe(1);
  });

  it('reports a named pipe with an input name as not a regular file', async () => {
    const dir = withGoodDocuments({});
    mkfifo(path.join(dir, 'pipe.txt'));
    const report = await runJson([dir]);
    expect(reasonFor(report, 'pipe.txt')).toBe('not a regular file');
    expectGoodDocuments(report);
  });

  it('reads names with spaces, newlines, unicode and glob characters', async () => {
    const names = ['with space.txt', 'new\nline.txt', 'ünïcödé 新聞.md', '[draft] *star*.txt'];
    const dir = withGoodDocuments(Object.fromEntries(names.map((n, i) => [n, story(50 + i)])));
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect(documentIds(report)).toEqual([...names, 'good-one.txt', 'good-two.md'].sort());
    // A name with glob characters given on the command line is the file, not a pattern.
    const named = await runJson([path.join(dir, '[draft] *star*.txt')]);
    expect(named.summary.documents).toBe(1);
    expect(named.skipped).toEqual([]);
  });

  it('reads a deeply nested folder', async () => {
    const nested = Array.from({ length: 1000 }, () => 'd').join('/');
    const dir = withGoodDocuments({ [`${nested}/deep.txt`]: story(60) });
    const report = await runJson([dir]);
    expect(documentIds(report)).toContain(`${nested}/deep.txt`);
    expectGoodDocuments(report);
  });

  it('reports a folder nested past the system path limit and reads the rest', async () => {
    const dir = withGoodDocuments({});
    // Two chains of 500 folders, the second moved into the first: every call stays under
    // PATH_MAX (4096 on Linux) while the full path of the inner folders goes past it.
    const chain = Array.from({ length: 500 }, () => 'dddd').join('/');
    writeFiles(dir, { [`outer/${chain}/x.txt`]: story(61), [`inner/${chain}/y.txt`]: story(62) });
    renameSync(path.join(dir, 'inner'), path.join(dir, 'outer', chain, 'inner'));
    const report = await runJson([dir]);
    const tooLong = report.skipped.find((s) => s.reason === 'path too long for the system');
    expect(tooLong?.path).toMatch(/^outer\/(dddd\/)+inner(\/dddd)+$/);
    expect(documentIds(report)).toEqual(['good-one.txt', 'good-two.md', `outer/${chain}/x.txt`]);
  });

  describe('unreadable permissions', () => {
    // Root reads everything, so as root the CLI is run as the unprivileged "nobody" user.
    const asUser = isRoot() ? { uid: 65534, gid: 65534 } : {};

    it('skips an unreadable file and an unreadable folder', async () => {
      const dir = withGoodDocuments({ 'locked.txt': story(70), 'closed/inside.txt': story(71) });
      chmodSync(path.join(dir, 'locked.txt'), 0o000);
      chmodSync(path.join(dir, 'closed'), 0o000);
      try {
        const report = await runJson([dir], asUser);
        expect(reasonFor(report, 'locked.txt')).toBe('cannot read: permission denied');
        expect(reasonFor(report, 'closed')).toBe('cannot read folder: permission denied');
        expect(documentIds(report)).toEqual(['good-one.txt', 'good-two.md']);
      } finally {
        chmodSync(path.join(dir, 'closed'), 0o755);
      }
    });
  });
});

function mkfifo(file: string): void {
  const result = spawnSync('mkfifo', [file]);
  if (result.status !== 0) throw new Error(`mkfifo failed: ${result.stderr}`);
}

describe('output safety', () => {
  it('keeps every output inside DIR whatever the document ids are', async () => {
    const hostile = ['../../etc/passwd', '/tmp/absolute', '..', 'a/../../b', 'C:\\Windows\\x', 'new\nline', ''];
    const lines = hostile.map((id, i) => JSON.stringify({ id, title: id, text: story(80 + i) }));
    const dir = withGoodDocuments({ 'feed.jsonl': lines.join('\n') + '\n' });
    const parent = tempDir();
    const out = path.join(parent, 'nested', 'out');
    const result = await runCli([dir, '--out', out, '-q']);
    expect(result.code).toBe(0);
    expect(readdirSync(parent)).toEqual(['nested']);
    expect(readdirSync(path.join(parent, 'nested'))).toEqual(['out']);
    const written = readdirSync(out);
    expect(written).toContain('manifest.json');
    expect(written.filter((f) => f.endsWith('.txt'))).toHaveLength(hostile.length + 2);
    for (const name of written) expect(name).toMatch(/^[a-z0-9-]+\.(txt|json)$/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { documents: { id: string }[] };
    expect(manifest.documents.map((d) => d.id)).toEqual(expect.arrayContaining(hostile.filter((id) => id !== '')));
  });

  it('never writes through a link to an input file planted in DIR', async () => {
    const dir = withGoodDocuments({});
    const first = tempDir();
    expect((await runCli([dir, '--out', first, '-q'])).code).toBe(0);
    const names = readdirSync(first).sort();
    const name = names.find((f) => f.endsWith('.txt'))!;
    const input = path.join(dir, 'good-one.txt');
    const before = readFileSync(input, 'utf8');
    // In a folder that is not dedupe's output: refused, nothing changed.
    const out = tempDir();
    linkSync(input, path.join(out, name));
    const refused = await runCli([dir, '--out', out, '-q']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds no manifest.json written by dedupe');
    expect(readdirSync(out)).toEqual([name]);
    // In dedupe's own earlier output: the folder is replaced, and the link goes, not the input.
    rmSync(path.join(first, name));
    linkSync(input, path.join(first, name));
    expect((await runCli([dir, '--out', first, '-q'])).code).toBe(0);
    expect(readFileSync(input, 'utf8')).toBe(before);
    expect(readdirSync(first).sort()).toEqual(names);
    expect(statSync(path.join(first, name)).ino).not.toBe(statSync(input).ino);
  });
});

describe('bad input', () => {
  let dir: string;
  let report: Report;
  let stderr: string;
  beforeAll(async () => {
    dir = tempDir();
    const story = readFileSync(path.join(FIXTURES, 'meridian-wire', 'ferry-service-expands.txt'), 'utf8');
    writeFileSync(path.join(dir, 'good.txt'), story);
    // A copy saved as UTF-16 with a BOM is valid text and must be read.
    writeFileSync(path.join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(story, 'utf16le')]));
    writeFileSync(path.join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('A lone paragraph about the regatta that ran on Saturday along the coast.')]));
    writeFileSync(path.join(dir, 'binary.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6c, 0xe9]));
    writeFileSync(path.join(dir, 'empty.md'), '');
    writeFileSync(path.join(dir, 'broken.json'), '{"text": "unterminated');
    writeFileSync(
      path.join(dir, 'feed.jsonl'),
      [
        JSON.stringify({ id: 'r1', text: 'The county fair opened on Friday with record crowds at the livestock pavilion.' }),
        '{"id": "r2", "text": broken',
        JSON.stringify({ id: 'r3', headline: 'no text field here' }),
        JSON.stringify({ id: 'r4', body: 'Harbour pilots agreed a new pay deal after two weeks of talks with the port authority.' }),
      ].join('\n') + '\n',
    );
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'nested', 'only-punctuation.txt'), '— — — | | |\n* * *\n');
    const result = await runCli(['--json', dir]);
    expect(result.code).toBe(0);
    report = parseReport(result.stdout);
    stderr = result.stderr;
  });

  const reasonFor = (p: string) => report.skipped.find((s) => s.path === p)?.reason;

  it('gives each unreadable input a clear reason', () => {
    expect(reasonFor('binary.html')).toMatch(/binary/);
    expect(reasonFor('latin1.txt')).toMatch(/not valid UTF-8/);
    expect(reasonFor('empty.md')).toMatch(/empty/);
    expect(reasonFor('broken.json')).toMatch(/malformed JSON/);
    expect(reasonFor('feed.jsonl:2')).toMatch(/malformed JSON line/);
    expect(reasonFor('feed.jsonl:3')).toMatch(/no text field/);
    expect(reasonFor('nested/only-punctuation.txt')).toMatch(/no text left after cleaning/);
  });

  it('goes on with everything else and accounts for every input', () => {
    const ids = report.clusters.flatMap((c) => c.members.map((m) => m.id)).sort();
    expect(ids).toEqual(['bom.txt', 'good.txt', 'r1', 'r4', 'utf16.txt']);
    expect(report.summary.files).toBe(9);
    expect(report.summary.skipped).toBe(7);
    // The UTF-16 copy is the same story as good.txt.
    const good = report.clusters.find((c) => c.members.some((m) => m.id === 'good.txt'))!;
    expect(good.members.map((m) => m.id).sort()).toEqual(['good.txt', 'utf16.txt']);
  });

  it('says what was skipped on stderr, in terminal and JSON mode alike', async () => {
    const result = await runCli([dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped binary\.html: binary/);
    expect(result.stdout).toMatch(/7 inputs skipped/);
    // The --json run: the same notes on stderr, the report alone on stdout.
    expect(stderr).toMatch(/skipped binary\.html: binary/);
    expect(stderr.trim().split('\n')).toHaveLength(7);
  });
});

describe('pages over the cleaning budget', () => {
  it('are kept as plain text and listed under flagged in --json and in clean --jsonl', async () => {
    const deep = `<html><body><p>${story(40)}</p>${'<div>'.repeat(1500)}deep words${'</div>'.repeat(1500)}</body></html>`;
    const dense = `<html><body><p>${story(41)}</p><p>${'<i>w</i> '.repeat(30_000)}</p></body></html>`;
    const dir = withGoodDocuments({ 'deep.html': deep, 'dense.html': dense });
    const run = await runCli([dir, '--json']);
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expectGoodDocuments(report);
    expect(report.flagged).toEqual([
      { id: 'deep.html', file: path.join(dir, 'deep.html'), line: null, flags: ['budget:html-nesting'] },
      { id: 'dense.html', file: path.join(dir, 'dense.html'), line: null, flags: ['budget:html-tags'] },
    ]);
    const clean = await runCli(['clean', '--jsonl', path.join(dir, 'deep.html')]);
    const record = JSON.parse(clean.stdout) as { text: string; flags: string[] };
    expect(record.flags).toEqual(['budget:html-nesting']);
    expect(record.text).toContain('deep words');
  });
});
