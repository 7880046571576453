/** The corpus line sample of a run over large JSONL files: 1 in k of the bytes, read in ranges, learns what every document would. */

import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { CorpusLineCounter } from '../../src/clean/index.js';
import { keyHash } from '../../src/clean/lines.js';
import { CORPUS_SAMPLE_DOCUMENTS, learnBoilerplate } from '../../src/engine/run.js';
import { BatchPool } from '../../src/engine/pool.js';
import { JsonlInput, sampledRanges } from '../../src/input/jsonl.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { random as seededRandom } from '../helpers/random.js';

const dir = tempDir('dedupe-corpus-sample-');
afterAll(removeTempDirs);

function writeTemp(bytes: Uint8Array | string, name: string): string {
  writeFiles(dir, { [name]: bytes });
  return path.join(dir, name);
}

describe('corpus line sample of large JSONL files', () => {
  const menu = 'Home | World | Business | Sport';
  const share = 'Share this story with friends';
  const newsletter = 'Sign up for the morning newsletter';
  const siteBlock = 'Read more from the Valley Courier desk';
  const rare = 'Correction appended by the editors';
  const documents = 44_000;
  // A distinct invented word per number (line keys ignore digits).
  const name = (n: number) => [...n.toString(20)].map((c) => 'bcdfghjklmnpqrstvwxz'[parseInt(c, 20)]).join('') + 'an';
  const lines: string[] = [];
  // Seeded, not periodic: every k-th line of a periodic corpus would see none of some lines.
  const random = seededRandom(12345);
  for (let i = 0; i < documents; i++) {
    const text = [
      ...(random() < 0.1 ? [menu] : []),
      `the ${name(i)} council met again on a ${name(i * 7 + 3)} morning`,
      ...(random() < 0.02 ? [share] : []),
      ...(random() < 0.005 ? [newsletter] : []),
      // One site's pages, all together in the file: 1000 documents in a row.
      ...(i >= 20_000 && i < 21_000 ? [siteBlock] : []),
      ...(i % 20_000 === 7 ? [rare] : []),
      // Blank lines between them: lines in a row of one width would be read as one wrapped paragraph.
    ].join('\n\n');
    lines.push(JSON.stringify({ id: `d${i}`, text }));
  }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const plain = writeTemp(bytes, 'large.jsonl');
  const packed = writeTemp(gzipSync(bytes), 'large.jsonl.gz');
  const read = { maxFileSize: 1 << 20 };

  async function learn(file: string): Promise<number[]> {
    const pool = new BatchPool(1);
    pool.configure({ read, fingerprint: { shingleSize: 4, permutations: 16, seed: 1 }, boilerplateLines: [] });
    try {
      return (await learnBoilerplate([{ jsonl: new JsonlInput({ path: file, displayPath: path.basename(file), kind: 'jsonl' }) }], documents, pool, read)).toArray().sort();
    } finally {
      await pool.close();
    }
  }

  it('reads 1 in k of the bytes, as whole lines from all over the file', () => {
    const step = Math.floor(documents / CORPUS_SAMPLE_DOCUMENTS);
    const chunks = [...sampledRanges({ path: plain, displayPath: 'large.jsonl', kind: 'jsonl' }, step, read.maxFileSize)!];
    const sample = Buffer.concat(chunks);
    expect(sample.length).toBeGreaterThan((bytes.length / step) * 0.95);
    expect(sample.length).toBeLessThan((bytes.length / step) * 1.05);
    for (const chunk of chunks) expect(chunk[chunk.length - 1]).toBe(10);
    const ids = sample.toString().trimEnd().split('\n').map((line) => Number((JSON.parse(line) as { id: string }).id.slice(1)));
    expect(new Set(ids).size).toBe(ids.length);
    // Evenly spread: each tenth of the file gives about a tenth of the sample.
    const tenths = Array.from({ length: 10 }, (_, t) => ids.filter((id) => Math.floor((id * 10) / documents) === t).length);
    for (const n of tenths) expect(Math.abs(n - ids.length / 10)).toBeLessThan(ids.length * 0.01);
  });

  it('learns from the sample the lines counting every document learns, and gzip input alike', async () => {
    const counter = new CorpusLineCounter();
    for (const line of lines) counter.add((JSON.parse(line) as { text: string }).text, 'text');
    const everyDocument = counter.boilerplate().toArray().sort();
    expect(everyDocument).toEqual([menu, share, newsletter, siteBlock].map((line) => keyHash(line)).sort());
    expect(await learn(plain)).toEqual(everyDocument);
    expect(await learn(packed)).toEqual(everyDocument);
  });
});
