/**
 * A generated news-like corpus with known copies, for the index tests: invented words from a
 * seeded generator, stories with figures, and copies that are lightly edited or trimmed.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { random as seededRandom } from './random.js';

export interface CorpusDocument {
  id: string;
  title: string;
  date: string;
  text: string;
}

export interface Corpus {
  documents: CorpusDocument[];
  /** Ids of each story with copies: the original and its copies. */
  groups: string[][];
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'sel', 'dor', 'pi', 'qua', 'ben', 'tor', 'lin', 'mas', 'ev', 'ro', 'zan', 'hil', 'no', 'gar'];

export function makeCorpus(stories = 150, seed = 7): Corpus {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const vocabulary = new Set<string>();
  while (vocabulary.size < 3000) vocabulary.add(pick(SYLLABLES) + pick(SYLLABLES) + (random() < 0.5 ? pick(SYLLABLES) : ''));
  const words = [...vocabulary];

  const documents: CorpusDocument[] = [];
  const groups: string[][] = [];
  for (let s = 0; s < stories; s++) {
    const length = 120 + Math.floor(random() * 120);
    const body: string[] = [];
    for (let i = 0; i < length; i++) {
      body.push(random() < 0.04 ? String(Math.floor(random() * 9000) + 10) : pick(words));
      if (i % 14 === 13) body[body.length - 1] += '.';
    }
    const id = `s${String(s).padStart(3, '0')}`;
    const day = String(1 + (s % 28)).padStart(2, '0');
    const title = body.slice(0, 6).join(' ');
    documents.push({ id, title, date: `2025-03-${day}`, text: body.join(' ') });
    // Two stories in five have one to three copies.
    if (s % 5 >= 2) continue;
    const copies = 1 + (s % 3);
    const group = [id];
    for (let c = 1; c <= copies; c++) {
      let copy = [...body];
      if (c === 2) copy = copy.slice(0, Math.ceil(copy.length * 0.7));
      else for (let i = 0; i < copy.length; i++) if (random() < 0.04 && !/\d/.test(copy[i])) copy[i] = pick(words);
      const copyId = `${id}-copy${c}`;
      // copies follow the story within hours: inside any date gap, and the original stays the earliest
      documents.push({ id: copyId, title: `${title} (${c})`, date: `2025-03-${day}T${String(8 + c).padStart(2, '0')}:00:00Z`, text: copy.join(' ') });
      group.push(copyId);
    }
    groups.push(group);
  }
  return { documents, groups };
}

export function writeJsonl(file: string, documents: readonly CorpusDocument[]): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, documents.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return file;
}

/** Cluster member sets as sorted lists of sorted ids, for comparison. */
export function memberSets(clusters: readonly { members: readonly { id: string }[] }[]): string[][] {
  return clusters
    .filter((c) => c.members.length > 1)
    .map((c) => c.members.map((m) => m.id).sort())
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export interface ExportLine {
  canonical: string;
  size: number;
  reason: string | null;
  members: { id: string; path: string }[];
}

export function exportLines(stdout: string): ExportLine[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/**
 * Export lines without where members were read (path, file and line: the same documents read
 * from other files). Paths break ties in the order of equally good members, so members after
 * the canonical are sorted by id.
 */
export function withoutPaths(lines: readonly ExportLine[]): unknown[] {
  return lines.map((line) => ({
    ...line,
    members: [line.members[0], ...line.members.slice(1).sort((a, b) => (a.id < b.id ? -1 : 1))].map((m) => ({ ...m, path: undefined, file: undefined, line: undefined })),
  }));
}
