/**
 * Discover stage: turn the paths, folders and globs on the command line into the list of input
 * files, in a stable order. Hidden files and folders and node_modules are left out. Folders are
 * walked here rather than by a glob library so that every oddity on the way (a dangling link, a
 * link loop, a folder that cannot be opened) is reported with a reason instead of vanishing.
 */

import fg from 'fast-glob';
import picomatch from 'picomatch';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { InputFile, Skipped } from '../types.js';

export const DEFAULT_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.xhtml', '.shtml', '.json', '.jsonl', '.ndjson'];

export interface DiscoverOptions {
  /** Extra globs a file must match (relative to the input root); empty means all files of known extensions. */
  include?: string[];
  /** Globs to leave out (relative to the input root); a pattern without a slash matches the name anywhere. */
  exclude?: string[];
  /** Follow symbolic links whose targets are outside the input roots (links inside them are always followed). */
  followLinks?: boolean;
  /** Absolute paths never read as input (files the run itself uses, such as its config or baseline). */
  skipFiles?: string[];
}

export interface Discovery {
  files: InputFile[];
  /** Paths named on the command line that yielded nothing, and entries met on the way that cannot be read, with why. */
  problems: Skipped[];
  /** Paths named on the command line that do not exist (a typo in a CI job must not pass unnoticed). */
  missing: string[];
}

/** Which reader handles a file, from its name; undefined when the extension is not a known one. */
export function kindOf(file: string): InputFile['kind'] | undefined {
  const lower = file.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(?:html?|xhtml|shtml)$/.test(lower)) return 'html';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  if (lower.endsWith('.txt')) return 'text';
  return undefined;
}

function isGlob(arg: string): boolean {
  return fg.isDynamicPattern(arg.replace(/\\/g, '/'));
}

const globPattern = (input: string) => input.replace(/\\/g, '/').replace(/^\.\//, '');
const globBaseText = (pattern: string) => fg.generateTasks([pattern])[0]?.base ?? '.';
/** The folder a glob's matches are under (its fixed part), as an absolute path. */
const globBase = (input: string) => path.resolve(globBaseText(globPattern(input)));

function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** A file found by walking a folder: where it is, its path relative to the walk's root, and its resolved path. */
interface Found {
  absolute: string;
  relative: string;
  real: string;
  /** What the file's name says it holds. */
  kind: InputFile['kind'];
  /** Reached through a symbolic link. */
  link: boolean;
}

interface Frame {
  dir: string;
  relative: string;
  real: string;
  /** dev:inode of this folder. */
  key: string;
  /** dev:inode of this folder and every folder above it, to recognise a link back up. */
  ancestors: Set<string>;
  link: boolean;
}

const inode = (info: Stats) => `${info.dev}:${info.ino}`;

/**
 * Where links may lead: the real paths of the input roots (the folders, glob bases and files
 * named), or anywhere when following links out of them was asked for. A scraped archive is
 * untrusted: a link in it to $HOME or / must not make its target part of the corpus.
 */
export class LinkPolicy {
  private constructor(
    private readonly roots: readonly string[],
    private readonly anywhere: boolean,
  ) {}

  static async of(inputs: readonly string[], followLinks: boolean): Promise<LinkPolicy> {
    const roots: string[] = [];
    for (const input of inputs) {
      if (input === '-') continue;
      const named = path.resolve(input);
      const root = (await realpath(named).catch(() => undefined)) ?? (isGlob(input) ? await realpath(globBase(input)).catch(() => undefined) : undefined);
      if (root !== undefined) roots.push(root);
    }
    return new LinkPolicy(roots, followLinks);
  }

  /** Why a link to `real` is not followed; undefined when it is. */
  refusal(real: string): string | undefined {
    if (this.anywhere) return undefined;
    const inside = this.roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
    return inside ? undefined : `symbolic link to ${real}, outside the input folders (--follow-links reads it)`;
  }
}

/**
 * Walks a folder depth-first with an explicit stack (no recursion limit on deep trees), keeping
 * files `accept` takes. Links are followed, to files and folders, where `links` allows.
 * Under a glob, an unreadable entry is reported only when its name could have matched.
 */
async function walk(root: string, links: LinkPolicy, glob: boolean, accept: (relative: string) => boolean, prune: (relative: string) => boolean, problems: Skipped[], display: (relative: string) => string): Promise<Found[]> {
  const found: Found[] = [];
  const otherTypes = new OtherTypes();
  const rootInfo = await stat(root);
  // Folder identity -> the path it was read at. Folders reached through links wait until every
  // folder reached directly has been read, so a folder is read at its own path when it can be.
  const visited = new Map<string, string>();
  const stack: Frame[] = [{ dir: root, relative: '', real: await realpath(root), key: inode(rootInfo), ancestors: new Set([inode(rootInfo)]), link: false }];
  const throughLinks: Frame[] = [];
  while (stack.length > 0 || throughLinks.length > 0) {
    const frame = stack.pop() ?? throughLinks.shift()!;
    const earlier = visited.get(frame.key);
    if (earlier !== undefined) {
      problems.push({ path: display(frame.relative), reason: `same folder as ${display(earlier)}, read once` });
      continue;
    }
    visited.set(frame.key, frame.relative);
    let entries;
    try {
      entries = await readdir(frame.dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: display(frame.relative), reason: `cannot read folder: ${describeFsError(error)}` });
      continue;
    }
    const subfolders: Frame[] = [];
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const absolute = childPath(frame.dir, entry.name);
      const relative = frame.relative ? `${frame.relative}/${entry.name}` : entry.name;
      if (prune(relative)) continue;
      const isLink = entry.isSymbolicLink();
      let info: Stats | undefined;
      if (isLink || entry.isDirectory()) {
        try {
          info = await stat(absolute);
        } catch (error) {
          if (kindOf(entry.name) === undefined ? !glob : accept(relative)) problems.push({ path: display(relative), reason: await describeStatError(absolute, error) });
          continue;
        }
      }
      const linkTarget = isLink ? await realpath(absolute) : undefined;
      const refusal = linkTarget === undefined ? undefined : links.refusal(linkTarget);
      if (info?.isDirectory()) {
        if (refusal !== undefined) {
          problems.push({ path: display(relative), reason: refusal });
          continue;
        }
        const key = inode(info);
        if (frame.ancestors.has(key)) {
          problems.push({ path: display(relative), reason: 'symbolic link loop: links back to a folder that contains it' });
          continue;
        }
        const real = linkTarget ?? childPath(frame.real, entry.name);
        const sub = { dir: absolute, relative, real, key, ancestors: new Set([...frame.ancestors, key]), link: isLink || frame.link };
        if (isLink) throughLinks.push(sub);
        else subfolders.push(sub);
        continue;
      }
      if (!accept(relative)) continue;
      const kind = kindOf(entry.name);
      if (kind === undefined) {
        if (info ? info.isFile() : entry.isFile()) otherTypes.add(entry.name);
        continue;
      }
      const regular = info ? info.isFile() : entry.isFile();
      if (!regular) {
        problems.push({ path: display(relative), reason: 'not a regular file' });
        continue;
      }
      if (refusal !== undefined) {
        problems.push({ path: display(relative), reason: refusal });
        continue;
      }
      // a folder reached by no link is where it says it is: its real path is the same string
      const real = linkTarget ?? (frame.real === frame.dir ? absolute : childPath(frame.real, entry.name));
      found.push({ absolute, relative, real, kind, link: isLink || frame.link });
    }
    // Reverse so that popping visits folders in name order.
    subfolders.sort((a, b) => (a.relative < b.relative ? 1 : -1));
    stack.push(...subfolders);
  }
  const notRead = otherTypes.reason();
  if (notRead) problems.push({ path: display(''), reason: notRead });
  found.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  // A file reached both directly and through a link is read at its own path.
  if (!found.some((f) => f.link)) return found;
  const direct = new Map<string, Found>();
  for (const f of found) if (!f.link && !direct.has(f.real)) direct.set(f.real, f);
  return found.filter((f) => {
    const own = direct.get(f.real);
    if (!own || own === f) return true;
    problems.push({ path: display(f.relative), reason: `same file as ${display(own.relative)}, read once` });
    return false;
  });
}

/**
 * Files a walk left out for their extension, counted by extension, so that what was not read is
 * said (one line per input, not one per image or stylesheet of a saved page).
 */
class OtherTypes {
  private readonly counts = new Map<string, number>();
  private total = 0;

  add(name: string): void {
    const extension = path.extname(name.replace(/\.gz$/i, '')).toLowerCase() || 'no extension';
    this.counts.set(extension, (this.counts.get(extension) ?? 0) + 1);
    this.total++;
  }

  reason(): string | undefined {
    if (this.total === 0) return undefined;
    const byCount = [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const listed = byCount.map(([extension, n]) => `${extension} ${n}`).join(', ');
    return `${this.total === 1 ? '1 file not read for its' : `${this.total} files not read for their`} extension (${listed}); name a file to read it as plain text`;
  }
}

/** A folder's entry: path.join's result for a folder path that is already normal, without its normalising pass. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/** A path in the report: forward slashes, relative to the folder or glob base it was found under. */
function toDisplay(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

export async function discover(inputs: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const files: InputFile[] = [];
  const problems: Skipped[] = [];
  const missing: string[] = [];
  const links = await LinkPolicy.of(inputs, options.followLinks ?? false);
  // Keyed by resolved path, so a file reached twice (through a link, or named twice) is read once.
  const seen = new Map<string, string>();
  const skip = new Set((options.skipFiles ?? []).map((f) => path.resolve(f)));
  const excluded = options.exclude?.length ? picomatch(options.exclude, { dot: true, basename: options.exclude.every((p) => !p.includes('/')) }) : () => false;
  const add = (absolute: string, real: string, display: string, kind: InputFile['kind']) => {
    if (skip.has(absolute) || skip.has(real)) return;
    const earlier = seen.get(real);
    if (earlier !== undefined) {
      if (earlier !== display) problems.push({ path: display, reason: `same file as ${earlier}, read once` });
      return;
    }
    seen.set(real, display);
    files.push({ path: absolute, displayPath: display, kind });
  };

  for (const input of inputs) {
    if (input === '-') {
      if (!seen.has('-')) {
        seen.set('-', '<stdin>');
        files.push({ path: '-', displayPath: '<stdin>', kind: 'jsonl' });
      }
      continue;
    }
    const absolute = path.resolve(input);
    let info: Stats | undefined;
    let statError: unknown;
    try {
      info = await stat(absolute);
    } catch (error) {
      statError = error;
    }
    // A name that exists is taken as it is, even when it holds glob characters.
    if (!info && isGlob(input)) {
      const pattern = globPattern(input);
      const baseText = globBaseText(pattern);
      const base = path.resolve(baseText);
      const matchesPattern = picomatch(pattern, { dot: false });
      const prefix = baseText === '.' ? '' : `${baseText.replace(/\/+$/, '')}/`;
      let matched: Found[] = [];
      try {
        matched = await walk(base, links, true, (rel) => matchesPattern(prefix + rel) && matchesInclude(rel, options.include) && !excluded(rel), excluded, problems, (rel) => rel || baseText);
      } catch {
        // The glob's fixed part does not exist: nothing matches.
      }
      if (matched.length === 0) problems.push({ path: input, reason: 'glob matched no input files' });
      for (const f of matched) add(f.absolute, f.real, toDisplay(base, f.absolute), f.kind);
      continue;
    }
    if (!info) {
      const reason = await describeStatError(absolute, statError);
      problems.push({ path: input, reason });
      // A dangling link exists (its target does not): it is skipped, not missing.
      if (isMissing(statError) && !reason.startsWith('dangling')) missing.push(input);
      continue;
    }
    if (info.isDirectory()) {
      const before = files.length;
      const matched = await walk(absolute, links, false, (rel) => matchesInclude(rel, options.include) && !excluded(rel), excluded, problems, (rel) => rel || input);
      for (const f of matched) add(f.absolute, f.real, f.relative, f.kind);
      if (files.length === before && matched.length === 0) problems.push({ path: input, reason: 'folder holds no input files (.txt .md .html .htm .xhtml .shtml .json .jsonl, also gzipped)' });
    } else {
      // A file named explicitly is read whatever its extension (as plain text when unknown) and
      // shown relative to the working folder when it is inside it.
      const fromCwd = path.relative(process.cwd(), absolute);
      const display = fromCwd.startsWith('..') || path.isAbsolute(fromCwd) ? input : fromCwd;
      add(absolute, await realpath(absolute), display.split(path.sep).join('/'), kindOf(absolute) ?? 'text');
    }
  }
  return { files, problems, missing };
}

/** A path that does not exist (not one that exists but cannot be read). */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Why a path cannot be looked at, telling a dangling symbolic link from a missing file. */
async function describeStatError(absolute: string, error: unknown): Promise<string> {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') {
    try {
      if ((await lstat(absolute)).isSymbolicLink()) return 'dangling symbolic link: its target does not exist';
    } catch {
      // Not there at all.
    }
  }
  return describeFsError(error);
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
    case 'ENAMETOOLONG':
      return 'path too long for the system';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files (raise the limit with ulimit -n)';
    case 'EEXIST':
      return 'a file or folder of that name already exists';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOTEMPTY':
      return 'the folder is not empty';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EIO':
      return 'input/output error on the device';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'in use by another program';
    case 'EFBIG':
      return 'file too large for the file system';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
