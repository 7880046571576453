/**
 * Discover stage: turn the paths, folders and globs on the command line into the list of input
 * files, in a stable order. Hidden folders and node_modules are skipped.
 */

import fg from 'fast-glob';
import picomatch from 'picomatch';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputFile, Skipped } from './types.js';

export const DEFAULT_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl', '.ndjson'];

export interface DiscoverOptions {
  /** Extra globs a file must match (relative to the input root); empty means all files of known extensions. */
  include?: string[];
  /** Globs to leave out (relative to the input root). */
  exclude?: string[];
  /** Follow symbolic links to folders. */
  followSymlinks?: boolean;
}

export interface Discovery {
  files: InputFile[];
  /** Paths named on the command line that yielded nothing, with why. */
  problems: Skipped[];
}

const IGNORED = ['**/node_modules/**', '**/.*/**', '**/.*'];

/** Which reader handles a file, from its name; undefined when the extension is not a known one. */
export function kindOf(file: string): InputFile['kind'] | undefined {
  const lower = file.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  if (lower.endsWith('.txt')) return 'text';
  return undefined;
}

function isGlob(arg: string): boolean {
  return fg.isDynamicPattern(arg.replace(/\\/g, '/'));
}

/** A path in the report: forward slashes, relative to the folder or glob base it was found under. */
function toDisplay(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

export async function discover(inputs: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const files: InputFile[] = [];
  const problems: Skipped[] = [];
  const seen = new Set<string>();
  const exclude = [...IGNORED, ...(options.exclude ?? [])];
  const add = (absolute: string, display: string, kind: InputFile['kind']) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path: absolute, displayPath: display, kind });
  };

  for (const input of inputs) {
    if (input === '-') {
      if (!seen.has('-')) {
        seen.add('-');
        files.push({ path: '-', displayPath: '<stdin>', kind: 'jsonl' });
      }
      continue;
    }
    if (isGlob(input)) {
      const pattern = input.replace(/\\/g, '/');
      const base = path.resolve(fg.generateTasks([pattern])[0]?.base ?? '.');
      const found = await fg(pattern, { ignore: exclude, dot: false, onlyFiles: true, absolute: true, followSymbolicLinks: options.followSymlinks ?? true, unique: true, suppressErrors: true });
      const matched = found.sort().filter((f) => kindOf(f) !== undefined && matchesInclude(toDisplay(base, f), options.include));
      if (matched.length === 0) problems.push({ path: input, reason: 'glob matched no input files' });
      for (const f of matched) add(path.normalize(f), toDisplay(base, f), kindOf(f)!);
      continue;
    }
    const absolute = path.resolve(input);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      problems.push({ path: input, reason: describeFsError(error) });
      continue;
    }
    if (info.isDirectory()) {
      const found = await fg('**/*', { cwd: absolute, ignore: exclude, dot: false, onlyFiles: true, followSymbolicLinks: options.followSymlinks ?? true, suppressErrors: true });
      const matched = found.sort().filter((rel) => kindOf(rel) !== undefined && matchesInclude(rel, options.include));
      if (matched.length === 0) problems.push({ path: input, reason: 'folder holds no input files (.txt .md .html .htm .json .jsonl)' });
      for (const rel of matched) add(path.join(absolute, rel), rel, kindOf(rel)!);
    } else {
      // A file named explicitly is read whatever its extension (as plain text when unknown) and
      // shown relative to the working folder when it is inside it.
      const fromCwd = path.relative(process.cwd(), absolute);
      const display = fromCwd.startsWith('..') || path.isAbsolute(fromCwd) ? input : fromCwd;
      add(absolute, display.split(path.sep).join('/'), kindOf(absolute) ?? 'text');
    }
  }
  return { files, problems };
}

/** A pattern without a slash matches the file name anywhere, as in .gitignore. */
function matchesInclude(relative: string, include: string[] | undefined): boolean {
  if (!include || include.length === 0) return true;
  return picomatch.isMatch(relative, include, { dot: false, basename: include.every((p) => !p.includes('/')) });
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a folder';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
