/**
 * JSON files as scrapers and APIs write them: JSON lines saved under a .json name, and an object
 * wrapping the array of records (`{"articles": [...]}`), are read record by record instead of
 * losing the whole file; read again for --write-jsonl the same way.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileDocuments } from '../../src/input/documents.js';
import { jsonValues } from '../../src/input/raw-records.js';
import type { ReadItem } from '../../src/input/records.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

function jsonFile(name: string, content: string): InputFile {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return { path: file, displayPath: name, kind: 'json' };
}

async function readAll(file: InputFile, textField?: string): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readFileDocuments(file, { maxFileSize: 1 << 20, textField })) items.push(item);
  return items;
}

const summary = (items: ReadItem[]) => items.map((item) => ('doc' in item ? `${item.doc.id} @${item.doc.record}` : `${item.skipped.path}: ${item.skipped.reason.split(':')[0]}`));

describe('JSON files', () => {
  it('read JSON lines saved under a .json name line by line', async () => {
    const file = jsonFile('feed.json', '{"id":"a","text":"One."}\r\n\n{"id":"b","text":"Two."}\n{broken\n{"id":9007199254740993,"text":"Three."}\n');
    expect(summary(await readAll(file))).toEqual(['a @1', 'b @3', 'feed.json:4: malformed JSON line', '9007199254740993 @5']);
    expect(jsonValues(file, new Set([3, 5]), { maxFileSize: 1 << 20 })).toEqual([
      { record: 3, value: { id: 'b', text: 'Two.' } },
      { record: 5, value: { id: 9007199254740993, text: 'Three.' } },
    ]);
  });

  it('read the records an object wraps in its one array of objects, ids as written', async () => {
    const file = jsonFile('api.json', '{"status":"ok","total":2,"articles":[{"id":12345678901234567890,"content":"One."},{"id":12345678901234567891,"content":"Two."}]}');
    expect(summary(await readAll(file))).toEqual(['12345678901234567890 @1', '12345678901234567891 @2']);
    expect(jsonValues(file, new Set([2]), { maxFileSize: 1 << 20 })).toEqual([{ record: 2, value: { id: 12345678901234567891, content: 'Two.' } }]);
  });

  it('keep an object with a text field as one record, arrays in it included, and do not guess between two arrays', async () => {
    expect(summary(await readAll(jsonFile('story.json', '{"text":"The story.","comments":[{"text":"A comment."}]}')))).toEqual(['story.json @1']);
    expect(summary(await readAll(jsonFile('story.json', '{"body":"The story.","tags":[{"name":"x"}]}'), 'body'))).toEqual(['story.json @1']);
    expect(summary(await readAll(jsonFile('two.json', '{"a":[{"text":"x"}],"b":[{"text":"y"}]}')))).toEqual(['two.json: record has no text field (looked for text, body, content, article, articleBody; name one with --text-field)']);
  });
});
