import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchPool, WORKERS_PER_CORE } from '../../src/engine/pool.js';
import { run, textsReadAgain, type TextReadAgain } from '../../src/engine/run.js';
import type { RunResult } from '../../src/engine/result.js';
import { DEFAULT_FINGERPRINT } from '../../src/sketch/minhash.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { IN_THREAD_OPTIONS } from '../helpers/run-options.js';
import { story } from '../helpers/text.js';

afterAll(removeTempDirs);

const options = IN_THREAD_OPTIONS;

async function readAgain(result: RunResult): Promise<TextReadAgain[]> {
  const texts: TextReadAgain[] = [];
  for await (const text of textsReadAgain(result, result.documents.map((d) => d.index), options.read)) texts.push(text);
  return texts.sort((a, b) => a.index - b.index);
}

describe('texts read again after the run', () => {
  it('gives each text as the run read it, and names the inputs changed or gone since', async () => {
    const folder = tempDir();
    for (const name of ['a', 'b', 'c']) writeFileSync(path.join(folder, `${name}.txt`), `Title ${name}\n\n${story(name.charCodeAt(0))}\n`);
    writeFileSync(path.join(folder, 'feed.jsonl'), [1, 2, 3].map((n) => JSON.stringify({ id: `r${n}`, text: story(100 + n) })).join('\n') + '\n');
    const result = await run([folder], options);
    const before = await readAgain(result);
    expect(before.every((t) => 'cleaned' in t)).toBe(true);

    // A file rewritten with text of the same length, a record edited, a file removed.
    writeFileSync(path.join(folder, 'a.txt'), `Title x\n\n${story('a'.charCodeAt(0))}\n`);
    writeFileSync(path.join(folder, 'feed.jsonl'), [1, 2, 3].map((n) => JSON.stringify({ id: `r${n}`, text: n === 2 ? story(999) : story(100 + n) })).join('\n') + '\n');
    rmSync(path.join(folder, 'c.txt'));
    const after = await readAgain(result);
    const changed = after.flatMap((t) => ('changed' in t ? [t.changed] : []));
    expect(changed.sort()).toEqual(['a.txt: changed since it was read', 'c.txt: no longer there', 'feed.jsonl:2: changed since it was read']);
    // The others are still given, as before.
    expect(after.filter((t) => 'cleaned' in t)).toEqual(before.filter((t) => !after.some((a) => a.index === t.index && 'changed' in a)));
  });

  it('reads standard input again from a copy the run keeps until it is removed', async () => {
    const lines = [1, 2, 3].map((n) => JSON.stringify({ id: `r${n}`, text: story(200 + n) })).join('\n') + '\n';
    const result = await run(['-'], { ...options, stdin: Readable.from([Buffer.from(lines)]), keepStandardInput: true });
    const copy = result.standardInput!.path;
    expect(existsSync(copy)).toBe(true);
    const texts = await readAgain(result);
    expect(texts.map((t) => ('cleaned' in t ? t.cleaned.text.slice(0, 40) : t.changed))).toEqual([1, 2, 3].map((n) => story(200 + n).slice(0, 40)));
    await result.standardInput!.remove();
    expect(existsSync(copy)).toBe(false);
    // Without keepStandardInput the copy is gone when the run returns.
    const plain = await run(['-'], { ...options, stdin: Readable.from([Buffer.from(lines)]) });
    expect(plain.standardInput).toBeUndefined();
  });
});

describe('the worker pool', () => {
  it('starts workers only as batches need them, never more than its size, at most two per core', async () => {
    expect(new BatchPool(256, 2).size).toBe(2 * WORKERS_PER_CORE);
    expect(new BatchPool(3, 8).size).toBe(3);
    const pool = new BatchPool(8, 8);
    try {
      pool.configure({ read: options.read, fingerprint: DEFAULT_FINGERPRINT, boilerplateLines: [] });
      expect(pool.started).toBe(0);
      const folder = tempDir();
      writeFileSync(path.join(folder, 'one.txt'), story(1));
      const files = [{ path: path.join(folder, 'one.txt'), displayPath: 'one.txt', kind: 'text' as const }];
      // One batch at a time: one worker does them all.
      for (let i = 0; i < 3; i++) await pool.run({ kind: 'files', files });
      expect(pool.started).toBe(1);
      // Three at once: three workers.
      await Promise.all([1, 2, 3].map(() => pool.run({ kind: 'files', files })));
      expect(pool.started).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
