/**
 * The import rules of docs/architecture.md, checked on the import statements of every file in
 * src/: each rule names the files it binds and the imports they may not have.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.js';

const SRC = path.join(ROOT, 'src');

interface Import {
  /** The importing file, relative to src/ ("engine/run.ts"). */
  from: string;
  /** A project file relative to src/ ("clean/index.ts"), or a package name. */
  target: string;
  typeOnly: boolean;
  /** An `import()` expression rather than an import statement. */
  dynamic: boolean;
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full)] : [];
  });
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const [, , typeKeyword, spec] = match;
    const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), spec)).replace(/\.js$/, '.ts') : spec;
    found.push({ from: file, target, typeOnly: typeKeyword !== undefined, dynamic: false });
  }
  // Dynamic imports count too.
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ from: file, target: match[1], typeOnly: false, dynamic: true });
  return found;
}

const ALL = sourceFiles().flatMap(importsOf);
const isProject = (target: string) => target.endsWith('.ts');
const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0] : file);
const inFolder = (file: string, folder: string) => file.startsWith(`${folder}/`);

/** The imports breaking a rule, as "from -> target" lines (empty when it holds). */
function breaking(filter: (i: Import) => boolean): string[] {
  return ALL.filter(filter).map((i) => `${i.from} -> ${i.target}${i.typeOnly ? ' (type)' : ''}`);
}

describe('import rules (docs/architecture.md)', () => {
  it('reads the imports of every source file', () => {
    expect(sourceFiles().length).toBeGreaterThan(30);
    expect(ALL.some((i) => i.from === 'engine/process.ts' && i.target === 'clean/index.ts')).toBe(true);
  });

  it('1. only cli/ imports commander or cli/', () => {
    expect(breaking((i) => !inFolder(i.from, 'cli') && (i.target === 'commander' || inFolder(i.target, 'cli')))).toEqual([]);
  });

  it('2. types.ts imports nothing from the project', () => {
    expect(breaking((i) => i.from === 'types.ts' && isProject(i.target))).toEqual([]);
  });

  it('3. input/, clean/ and sketch/ import only types.ts and their own folder', () => {
    expect(
      breaking((i) => ['input', 'clean', 'sketch'].includes(folderOf(i.from)) && isProject(i.target) && i.target !== 'types.ts' && folderOf(i.target) !== folderOf(i.from)),
    ).toEqual([]);
  });

  it('4. match/ imports only sketch/, types.ts and its own folder', () => {
    expect(breaking((i) => inFolder(i.from, 'match') && isProject(i.target) && !['match', 'sketch', 'types.ts'].includes(folderOf(i.target)))).toEqual([]);
  });

  it('5. only engine/ imports clean/', () => {
    expect(breaking((i) => inFolder(i.target, 'clean') && !inFolder(i.from, 'clean') && !inFolder(i.from, 'engine'))).toEqual([]);
  });

  it('6. only engine/ imports the MinHasher as a value (cli/ and settings.ts for its defaults)', () => {
    expect(breaking((i) => i.target === 'sketch/minhash.ts' && !i.typeOnly && !['engine', 'cli', 'sketch', 'settings.ts'].includes(folderOf(i.from)))).toEqual([]);
  });

  it('7. report/ takes only types from engine/, index/ and the top-level modules, and never engine/run.ts', () => {
    expect(breaking((i) => inFolder(i.from, 'report') && i.target === 'engine/run.ts')).toEqual([]);
    expect(
      breaking((i) => inFolder(i.from, 'report') && isProject(i.target) && !i.typeOnly && !['report', 'io', 'types.ts'].includes(folderOf(i.target))),
    ).toEqual([]);
  });

  it('8. index/ never cleans, and takes only types from sketch/', () => {
    expect(breaking((i) => inFolder(i.from, 'index') && (inFolder(i.target, 'clean') || (inFolder(i.target, 'sketch') && !i.typeOnly)))).toEqual([]);
  });

  it('9. io/ imports nothing from the project', () => {
    expect(breaking((i) => inFolder(i.from, 'io') && isProject(i.target))).toEqual([]);
  });

  it('10. settings are declared in settings.ts, read only by cli/, and derive options without running anything', () => {
    expect(breaking((i) => i.target === 'settings.ts' && !inFolder(i.from, 'cli'))).toEqual([]);
    expect(breaking((i) => i.from === 'settings.ts' && (inFolder(i.target, 'cli') || inFolder(i.target, 'io') || (inFolder(i.target, 'engine') && !i.typeOnly)))).toEqual([]);
  });

  it('11. better-sqlite3 (optional) is loaded only by index/sqlite-driver.ts, with import()', () => {
    expect(ALL.some((i) => i.from === 'index/sqlite-driver.ts' && i.target === 'better-sqlite3' && i.dynamic)).toBe(true);
    expect(breaking((i) => i.target === 'better-sqlite3' && !i.typeOnly && !(i.from === 'index/sqlite-driver.ts' && i.dynamic))).toEqual([]);
  });

  it('names every folder of src/ in docs/architecture.md', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const folders = [...new Set(sourceFiles().filter((f) => f.includes('/')).map(folderOf))];
    for (const folder of folders) expect(doc).toContain(`src/${folder}/`);
  });
});
