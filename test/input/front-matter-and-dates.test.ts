/**
 * Metadata of documents: a Markdown page's front matter gives its title, date and URL and is not
 * read as text; dates are times only when they say which one (epoch numbers read as such, "12"
 * and 05/03/2024 not guessed).
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dateText, timeOfDate } from '../../src/input/dates.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { splitFrontMatter } from '../../src/input/front-matter.js';
import type { RawDocument } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

async function docsOf(name: string, content: string): Promise<RawDocument[]> {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  const docs: RawDocument[] = [];
  for await (const item of readFileDocuments({ path: file, displayPath: name, kind: name.endsWith('.md') ? 'markdown' : 'jsonl' }, { maxFileSize: 1 << 20 })) if ('doc' in item) docs.push(item.doc);
  return docs;
}

describe('Markdown front matter', () => {
  it('gives the title, date and URL, and is cut from the text', async () => {
    const [doc] = await docsOf('story.md', '---\nauthor: Jane Doe\ntitle: "Harbour bridge closes: what next"\ndate: 2024-03-05\nurl: https://news.example/bridge # canonical\ntags:\n  - title: nested\n---\n\nThe harbour bridge closed on Tuesday.\n\n---\n\nA rule above.\n');
    expect(doc).toMatchObject({ title: 'Harbour bridge closes: what next', date: '2024-03-05', url: 'https://news.example/bridge' });
    expect(doc.text).toBe('\nThe harbour bridge closed on Tuesday.\n\n---\n\nA rule above.\n');
  });

  it('reads TOML front matter too, and leaves a page without front matter whole', () => {
    expect(splitFrontMatter("+++\ntitle = 'Ferry times'\ndate = 2024-03-05T10:00:00Z\n+++\nBody.")).toEqual({ fields: { title: 'Ferry times', date: '2024-03-05T10:00:00Z' }, body: 'Body.' });
    expect(splitFrontMatter('# Heading\n\n---\ntitle: not front matter\n---\n')).toBeUndefined();
    expect(splitFrontMatter('---\ntitle: never closed\n\nBody.')).toBeUndefined();
  });
});

describe('dates', () => {
  it('reads epoch seconds and milliseconds in record fields as dates', async () => {
    const docs = await docsOf('feed.jsonl', [{ text: 'a', timestamp: 1700000000 }, { text: 'b', published: 1700000000123 }, { text: 'c', time: '1700000000' }, { text: 'd', time: 12 }].map((r) => JSON.stringify(r)).join('\n'));
    expect(docs.map((d) => d.date)).toEqual(['2023-11-14T22:13:20.000Z', '2023-11-14T22:13:20.123Z', '2023-11-14T22:13:20.000Z', '12']);
    expect(dateText('2024-03-05')).toBe('2024-03-05');
  });

  it('are times only when they say which one', () => {
    expect(timeOfDate('12')).toBeUndefined();
    expect(timeOfDate('Tuesday')).toBeUndefined();
    expect(timeOfDate('05/03/2024')).toBeUndefined();
    expect(timeOfDate('25/03/2024')).toBe(Date.UTC(2024, 2, 25));
    expect(timeOfDate('03/25/2024')).toBe(Date.UTC(2024, 2, 25));
    expect(timeOfDate('07.07.2024')).toBe(Date.UTC(2024, 6, 7));
    expect(timeOfDate('2024-03-05T10:00:00Z')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(timeOfDate('Tue, 05 Mar 2024 10:00:00 GMT')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(timeOfDate('1700000000')).toBe(1700000000000);
    expect(timeOfDate(undefined)).toBeUndefined();
  });

  it('read a newswire stamp, with the routing codes an archive glued after its seconds left out', () => {
    const stamp = timeOfDate('26-FEB-1987 15:01:01.79');
    expect(stamp).toBeDefined();
    expect(timeOfDate('26-FEB-1987 16:01:01.79')! - stamp!).toBe(3_600_000);
    expect(timeOfDate('27-MAR-1987 00:02:59.13RM')).toBe(timeOfDate('27-MAR-1987 00:02:59.13'));
    expect(timeOfDate('27-MAR-1987 11:42:54.87V RM')).toBe(timeOfDate('27-MAR-1987 11:42:54.87'));
    // Letters after minutes may be AM/PM: never dropped, so never misread by twelve hours.
    expect(timeOfDate('5 March 2024 10:00PM')).toBeUndefined();
    expect(timeOfDate('31-MAR-1987 605:12:19.12')).toBeUndefined();
  });
});
