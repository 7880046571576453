import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, TakenIds } from '../../src/engine/run.js';
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

describe('TakenIds', () => {
  it('answers as a Set of the ids does, through growth, empty and non-ASCII ids', () => {
    const taken = new TakenIds();
    const reference = new Set<string>();
    let seed = 99;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const pool = ['', 'é', '日本', 'a#2', ...Array.from({ length: 30000 }, (_, i) => `id-${i}`)];
    const answers: boolean[] = [];
    const expected: boolean[] = [];
    for (let i = 0; i < 60000; i++) {
      const id = pool[next() % pool.length];
      answers.push(taken.has(id));
      expected.push(reference.has(id));
      answers.push(taken.add(id));
      expected.push(!reference.has(id));
      reference.add(id);
    }
    expect(answers).toEqual(expected);
    expect(expected.filter((added, i) => i % 2 === 1 && added).length).toBeGreaterThan(20000);
    expect(pool.map((id) => taken.has(id))).toEqual(pool.map((id) => reference.has(id)));
    expect(taken.has('id-30000')).toBe(false);
  });
});
