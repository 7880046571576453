import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { IN_THREAD_OPTIONS } from '../helpers/run-options.js';
import { story } from '../helpers/text.js';

afterAll(removeTempDirs);

async function idsOf(ids: string[]): Promise<string[]> {
  const folder = tempDir();
  writeFileSync(path.join(folder, 'feed.jsonl'), ids.map((id, n) => JSON.stringify({ id, text: story(300 + n) })).join('\n') + '\n');
  const result = await run([folder], IN_THREAD_OPTIONS);
  return result.documents.map((d) => d.id);
}

describe('document ids', () => {
  it('keeps the first of an id and renames later ones by their line, then with #k when that name is taken too', async () => {
    const first = await idsOf(['dup', 'dup', 'other', 'dup']);
    expect(first[0]).toBe('dup');
    expect(first[1]).toMatch(/feed\.jsonl:2$/);
    expect(first[2]).toBe('other');
    expect(first[3]).toMatch(/feed\.jsonl:4$/);
    // A record whose id is the name the third "dup" would get: that one becomes dup#2.
    const place = first[1].slice(0, -':2'.length);
    expect(await idsOf(['dup', `${place}:3`, 'dup', 'dup'])).toEqual(['dup', `${place}:3`, 'dup#2', `${place}:4`]);
  });
});
