import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover, kindOf } from '../../src/input/discover.js';
import { decodeText } from '../../src/input/decode.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { type ReadItem } from '../../src/input/records.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

const readOptions = { maxFileSize: 1024 * 1024 };

async function readAll(file: InputFile, options = readOptions): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readFileDocuments(file, options)) out.push(item);
  return out;
}

describe('discover', () => {
  it('finds known extensions under folders, skipping hidden folders and node_modules, in a stable order', async () => {
    const dir = tempDir();
    for (const rel of ['b.txt', 'a.html', 'sub/c.md', 'sub/d.jsonl', '.git/e.txt', 'node_modules/x/f.txt', '.hidden.txt', 'page.xhtml']) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), 'x');
    }
    const { files, problems } = await discover([dir]);
    expect(files.map((f) => f.displayPath)).toEqual(['a.html', 'b.txt', 'page.xhtml', 'sub/c.md', 'sub/d.jsonl']);
    expect(files.map((f) => f.kind)).toEqual(['html', 'text', 'html', 'markdown', 'jsonl']);
    expect(problems).toEqual([]);
  });

  it('says how many files of each other extension a folder or glob left unread', async () => {
    const dir = tempDir();
    for (const rel of ['story.txt', 'page.php', 'style/site.css', 'img/a.png', 'img/b.png', 'feed.jsonl.zst', 'README', 'drafts/x.png']) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), 'x');
    }
    const { files, problems } = await discover([dir], { exclude: ['drafts/**'] });
    expect(files.map((f) => f.displayPath)).toEqual(['story.txt']);
    expect(problems).toEqual([{ path: dir, reason: '6 files not read for their extension (.png 2, .css 1, .php 1, .zst 1, no extension 1); name a file to read it as plain text' }]);
    const glob = await discover([`${dir}/**/*.php`]);
    expect(glob.problems).toEqual([
      { path: dir, reason: '1 file not read for its extension (.php 1); name a file to read it as plain text' },
      { path: `${dir}/**/*.php`, reason: 'glob matched no input files' },
    ]);
  });

  it('applies --include and --exclude globs and expands glob arguments', async () => {
    const dir = tempDir();
    for (const rel of ['news/a.txt', 'news/b.html', 'blog/c.txt']) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), 'x');
    }
    expect((await discover([dir], { include: ['*.txt'] })).files.map((f) => f.displayPath)).toEqual(['blog/c.txt', 'news/a.txt']);
    expect((await discover([dir], { exclude: ['blog/**'] })).files.map((f) => f.displayPath)).toEqual(['news/a.txt', 'news/b.html']);
    expect((await discover([`${dir}/news/*.html`])).files.map((f) => f.displayPath)).toEqual(['b.html']);
  });

  it('reports a missing path and an empty folder as problems, not files', async () => {
    const { files, problems } = await discover(['/no/such/place', tempDir()]);
    expect(files).toEqual([]);
    expect(problems.map((p) => p.reason)).toEqual(['no such file or folder', expect.stringMatching(/no input files/)]);
  });

  it('knows kinds by extension, gzip included', () => {
    expect(kindOf('x.JSONL')).toBe('jsonl');
    expect(kindOf('x.htm')).toBe('html');
    expect(kindOf('x.txt.gz')).toBe('text');
    expect(kindOf('x.pdf')).toBeUndefined();
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM and UTF-16 with BOM', () => {
    expect(decodeText(Buffer.from('\ufeffcafé', 'utf8'), 'text')).toEqual({ text: 'café' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('café', 'utf16le')]), 'text')).toEqual({ text: 'café' });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('café', 'utf16le').swap16()]), 'text')).toEqual({ text: 'café' });
  });

  it('refuses binary and invalid UTF-8 with a reason, but honours an HTML charset declaration', () => {
    expect(decodeText(Buffer.from([0x41, 0x00, 0x42]), 'text')).toEqual({ reason: 'binary content (NUL byte at offset 1)' });
    expect(decodeText(Buffer.from([0x61, 0x62, 0xe9, 0x63]), 'text')).toEqual({ reason: expect.stringMatching(/not valid UTF-8 \(first bad byte at offset 2\)/) });
    const latin1Html = Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>caf'), Buffer.from([0xe9]), Buffer.from('</p>')]);
    expect(decodeText(latin1Html, 'html')).toEqual({ text: '<meta charset="windows-1252"><p>café</p>' });
  });
});

describe('readFileDocuments', () => {
  it('reads JSON arrays with automatic fields and keeps title, url and date', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.json');
    writeFileSync(file, JSON.stringify([{ headline: 'H', link: 'https://x.example/1', published: '2025-01-02', body: 'Body one.' }, { id: 7, content: '<p>Body two.</p>' }]));
    const items = await readAll({ path: file, displayPath: 'a.json', kind: 'json' });
    expect(items).toEqual([
      { doc: { id: 'a.json:#1', path: 'a.json', file, record: 1, format: 'text', text: 'Body one.', title: 'H', url: 'https://x.example/1', date: '2025-01-02' } },
      { doc: expect.objectContaining({ id: '7', record: 2, format: 'html', text: '<p>Body two.</p>' }) },
    ]);
  });

  it('names text and id fields on request and uses path:line when records have no id', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'f.jsonl');
    writeFileSync(file, '{"key":"k1","story":"First."}\n\n{"story":"Second."}\n');
    const items = await readAll({ path: file, displayPath: 'f.jsonl', kind: 'jsonl' }, { ...readOptions, textField: 'story', idField: 'key' } as never);
    expect(items.map((i) => ('doc' in i ? i.doc.id : i.skipped.reason))).toEqual(['k1', 'f.jsonl:3']);
  });

  it('reads a single JSON object as one document named after the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'one.json');
    writeFileSync(file, JSON.stringify({ articleBody: 'Only story.' }));
    const [item] = await readAll({ path: file, displayPath: 'one.json', kind: 'json' });
    expect('doc' in item && item.doc.id).toBe('one.json');
  });

  it('skips files over the size limit with the sizes in the reason', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.txt');
    writeFileSync(file, 'x'.repeat(5000));
    const [item] = await readAll({ path: file, displayPath: 'big.txt', kind: 'text' }, { maxFileSize: 1000 });
    expect(item).toEqual({ skipped: { path: 'big.txt', reason: 'file is 5 KB, over the --max-file-size limit of 1000 B' } });
  });
});
