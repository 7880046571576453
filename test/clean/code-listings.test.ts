import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';

// An invented tutorial: paragraphs of prose, a listing of code between them.
const BEFORE = [
  'This guide walks through a small command that counts the birds reported at each feeding station of the county survey, reads the volunteers\u2019 weekly sheets and prints a table of totals for every station and species.',
  'The sheets arrive as plain text files, one per station and week, and each line names a species and the number of birds counted, so the whole job is reading lines, splitting them and adding numbers together.',
  'Before writing any code, make sure the sheets are in one folder and named by station and week, since the command takes the station\u2019s name from the file name rather than from anything written inside the sheet.',
];
const LEAD_IN = ['Writing the counter', 'Here is the whole program:'];
// The site's fine print under the page: a debris line, so the cleaner trims by shape.
const NOTICE = 'This site uses cookies to remember your settings and to count visits to each guide.';
const LISTING = [
  "import { readFileSync } from 'node:fs';",
  'interface Tally {',
  'species: string;',
  'count: number;',
  '}',
  'function readSheet(path: string): Tally[] {',
  "const lines = readFileSync(path, 'utf8').split('\\n');",
  'return lines.map((line) => {',
  "const [species, count] = line.split(',');",
  'return { species, count: Number(count) };',
  '});',
  '}',
  'function total(tallies: Tally[]): Map<string, number> {',
  'const sums = new Map<string, number>();',
  'for (const t of tallies) {',
  'sums.set(t.species, (sums.get(t.species) ?? 0) + t.count);',
  '}',
  'return sums;',
  '}',
  'function printTable(station: string, sums: Map<string, number>): void {',
  'console.log(`Station: ${station}`);',
  'const rows = [...sums.entries()];',
  'rows.sort((a, b) => b[1] - a[1]);',
  'for (const [species, count] of rows) {',
  'const padded = species.padEnd(24);',
  'console.log(`${padded} ${count}`);',
  'if (count > 100) {',
  "console.log('  (a flock)');",
  'if (rows.length === 0) {',
  "console.log('No birds reported.');",
  'function stationName(path: string): string {',
  "const base = path.split('/').pop() ?? path;",
  "return base.replace(/-week\\d+\\.txt$/, '');",
  'function main(paths: string[]): void {',
  'const byStation = new Map<string, Tally[]>();',
  'for (const path of paths) {',
  'const name = stationName(path);',
  'const list = byStation.get(name) ?? [];',
  'list.push(...readSheet(path));',
  'byStation.set(name, list);',
  'for (const [name, list] of byStation) {',
  'printTable(name, total(list));',
  'main(process.argv.slice(2));',
];
const AFTER = [
  'The first function reads one sheet and turns each of its lines into a record, and the second adds the records up by species, so a station that reported the same bird twice in a week gets the sum of both counts.',
  'Run the command once for every station\u2019s folder and it prints the totals in the order the species were first seen, which keeps the common garden birds at the top of the table and the rare visitors at the bottom.',
  'A sheet with a line the program cannot read, a count written in words or a species left blank, makes the program stop with the name of the file, so that the volunteer who wrote it can be asked to correct the sheet.',
  'Once the totals look right, the same two functions can be used to compare one winter with the next, by reading the sheets of both winters and printing the difference for each species at each of the stations.',
];

describe('plain text: a code listing between two paragraphs of a tutorial', () => {
  it('keeps the story on both sides of the listing', () => {
    const raw = [BEFORE.join('\n\n'), '', LEAD_IN.join('\n'), '', LISTING.join('\n'), '', AFTER.join('\n\n'), '', NOTICE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of [...BEFORE, ...AFTER]) expect(res.text).toContain(p);
    expect(res.text).toContain('function total(tallies: Tally[]): Map<string, number> {');
  });

  it('still cuts a run of menu entries standing where the listing stood', () => {
    const menu = ['Home', 'Guides', 'Birds', 'Stations', 'Volunteers', 'Maps', 'Contact', 'Donate', 'Shop', 'Events', 'News', 'About'];
    const raw = [BEFORE.join('\n\n'), '', menu.join('\n'), '', AFTER.slice(0, 1).join('\n\n'), '', NOTICE].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).not.toContain('Volunteers');
  });
});
