/**
 * Numeric ids keep the digits their source has: JSON.parse rounds integers above 2^53, which made
 * one record's id take over another's.
 */

import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileDocuments } from '../../src/input/documents.js';
import { numberTokensOf } from '../../src/input/number-tokens.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

async function idsOf(file: InputFile, idField?: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of readFileDocuments(file, { maxFileSize: 1 << 20, idField })) if ('doc' in item) ids.push(item.doc.id);
  return ids;
}

describe('numeric ids', () => {
  it('are read as written in JSONL and JSON files, so ids above 2^53 never collide', async () => {
    const dir = tempDir();
    const lines = [
      '{"id":1234567890123456789,"text":"The first story."}',
      '{"id":"1234567890123456800","text":"The second story."}',
      '{"author":{"id":7},"text":"Quoted \\"id\\":9 inside, \\\\","id":-12.50e-3}',
      '{"id":1e400,"text":"An id beyond doubles."}',
      '{"id":42,"text":"A small id."}',
    ];
    writeFileSync(path.join(dir, 'feed.jsonl'), `${lines.join('\n')}\n`);
    const expected = ['1234567890123456789', '1234567890123456800', '-12.50e-3', '1e400', '42'];
    expect(await idsOf({ path: path.join(dir, 'feed.jsonl'), displayPath: 'feed.jsonl', kind: 'jsonl' })).toEqual(expected);
    writeFileSync(path.join(dir, 'feed.json'), `[\n  ${lines.join(',\n  ')}, "not a record", [1, 2]\n]`);
    expect(await idsOf({ path: path.join(dir, 'feed.json'), displayPath: 'feed.json', kind: 'json' })).toEqual(expected);
    writeFileSync(path.join(dir, 'one.json'), '{"text":"One story.","doc_id":9007199254740993}');
    expect(await idsOf({ path: path.join(dir, 'one.json'), displayPath: 'one.json', kind: 'json' }, 'doc_id')).toEqual(['9007199254740993']);
  });

  it('are found in any record shape: nested fields, escaped keys and strings, other elements in the array', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })) })).node;
    const digits = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String);
    const record = fc.tuple(fc.dictionary(fc.string().filter((k) => k !== 'id' && k !== '__proto__'), value, { maxKeys: 4 }), fc.option(digits, { nil: undefined }));
    fc.assert(
      fc.property(fc.array(fc.oneof(record, value.map((v) => [v, undefined] as const)), { maxLength: 6 }), (elements) => {
        // Each id placed among the other fields as a raw number token.
        const texts = elements.map(([fields, id]) => {
          if (id === undefined || fields === null || typeof fields !== 'object' || Array.isArray(fields)) return JSON.stringify(fields);
          const json = JSON.stringify({ ...fields, id: 'ID' });
          return json.replace('"id":"ID"', `"id":${id}`);
        });
        const expected = new Map(elements.flatMap(([fields, id], i) => (id !== undefined && fields !== null && typeof fields === 'object' && !Array.isArray(fields) ? [[i, id] as const] : [])));
        expect(numberTokensOf(`[${texts.join(', ')}]`, 'id')).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
