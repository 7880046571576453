/**
 * The `--out DIR` folder's lifecycle. Before the run, DIR is checked: it may be missing, empty,
 * or dedupe's own previous output, and never a file, an input or a folder holding inputs.
 * The new output is written whole into a temporary sibling and swapped in with renames, so DIR
 * holds the previous output or the new one, never a mix. Every refusal is a UsageError
 * (exit status 2) naming the folder and what to do, raised before anything is written.
 */

import fg from 'fast-glob';
import { lstat, mkdir, readdir, readFile, realpath, rmdir, stat, chmod } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { createStagingFolder, discardFolder, replaceFolder } from '../io/atomic.js';
import { UsageError } from '../types.js';
import { MANIFEST_GENERATOR } from './report.js';

const MANIFEST = 'manifest.json';

export interface OutFolder {
  /** DIR as the user gave it, for messages. */
  shown: string;
  /** DIR's absolute path, through links when it exists. */
  target: string;
  /** The temporary sibling the new output is written to. */
  staging: string;
  /** Whether DIR held a previous output, which the new one replaces. */
  replacing: boolean;
  /** DIR's access rights when it exists, given to the folder that replaces it. */
  mode: number | undefined;
  /** Parent folders created for DIR, innermost first: removed again when nothing is written. */
  createdParents: string[];
  committed: boolean;
}

/** Checks DIR against the inputs and its contents, and creates the temporary folder beside it. */
export async function prepareOutFolder(dir: string, inputPaths: readonly string[]): Promise<OutFolder> {
  const shown = dir;
  const info = await statOutFolder(path.resolve(dir), shown);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${shown} is a file, not a folder: give the path of a new or empty folder, or of an earlier --out folder`);
  const target = info ? await realpath(dir) : await resolveMissing(path.resolve(dir), shown);
  await checkApartFromInputs(target, inputPaths, shown);
  const replacing = info ? await checkReplaceable(target, shown) : false;
  const createdParents = await createParents(path.dirname(target), shown);
  let staging: string;
  try {
    staging = await createStagingFolder(target);
  } catch (error) {
    await removeCreatedParents(createdParents);
    throw cannotCreate(shown, path.dirname(target), error);
  }
  return { shown, target, staging, replacing, mode: info ? info.mode & 0o7777 : undefined, createdParents, committed: false };
}

/** After the run: no input file may live in DIR, even through a link in an input folder. */
export async function checkFilesOutside(out: OutFolder, files: Iterable<string>): Promise<void> {
  for (const file of new Set(files)) {
    if (file === '-') continue;
    const real = await realpath(file).catch(() => path.resolve(file));
    if (isInside(real, out.target)) throw new UsageError(`--out folder ${out.shown} holds the input file ${file}: the folder is replaced on every run; choose a folder outside the inputs`);
  }
}

/** Swaps the written output in for DIR and removes the previous one. */
export async function commitOutFolder(out: OutFolder): Promise<void> {
  // Set only now: a read-only DIR's rights would have stopped the writes.
  if (out.mode !== undefined) await chmod(out.staging, out.mode);
  await replaceFolder(out.staging, out.target);
  out.committed = true;
}

/** Removes the temporary folder (and parents made for DIR) when the run wrote nothing. */
export async function discardOutFolder(out: OutFolder): Promise<void> {
  if (out.committed) return;
  await discardFolder(out.staging);
  await removeCreatedParents(out.createdParents);
}

/** DIR's own stat (through a link), or undefined when it does not exist. */
async function statOutFolder(absolute: string, shown: string): Promise<Stats | undefined> {
  try {
    return await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new UsageError(`cannot create the --out folder ${shown}: a parent of it is a file, not a folder; give a folder path`);
    if (code !== 'ENOENT') throw cannotCreate(shown, absolute, error);
  }
  // A dangling link would make the rename replace the link, not create its target.
  if (await lstat(absolute).then(() => true, () => false)) throw new UsageError(`--out ${shown} is a link to a missing folder: remove the link or give another path`);
  return undefined;
}

/** The real path DIR will have: its nearest existing parent, through links, plus the rest. */
async function resolveMissing(absolute: string, shown: string): Promise<string> {
  const rest: string[] = [];
  let existing = absolute;
  while (!(await exists(existing))) {
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  if (!(await stat(existing)).isDirectory()) throw new UsageError(`cannot create the --out folder ${shown}: ${existing} is a file, not a folder; give a folder path`);
  return path.join(await realpath(existing), ...rest);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** DIR may not be or lie inside an input (the next run would read the outputs as articles), nor hold one. */
async function checkApartFromInputs(target: string, inputPaths: readonly string[], shown: string): Promise<void> {
  for (const input of inputPaths) {
    if (input === '-') continue;
    const real = await inputRoot(input);
    if (isInside(target, real)) throw new UsageError(`--out folder ${shown} is the input ${input} or inside it: the next run would read the outputs back as articles; choose a folder outside the inputs`);
    if (isInside(real, target)) throw new UsageError(`the input ${input} is inside the --out folder ${shown}, which is replaced on every run; choose a folder outside the inputs`);
  }
}

/** An input's real path; for a glob, the real path of its fixed part. */
async function inputRoot(input: string): Promise<string> {
  const absolute = path.resolve(input);
  if (await exists(absolute)) return realpath(absolute).catch(() => absolute);
  if (!fg.isDynamicPattern(input.replace(/\\/g, '/'))) return absolute;
  const base = path.resolve(fg.generateTasks([input.replace(/\\/g, '/')])[0]?.base ?? '.');
  return realpath(base).catch(() => base);
}

/** Whether `inner` is `outer` or lies inside it. */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * An existing DIR may be replaced when it is empty, or when its manifest.json is dedupe's and
 * every other entry is a file that manifest lists: a file dedupe did not write is never deleted.
 */
async function checkReplaceable(target: string, shown: string): Promise<boolean> {
  let entries: Dirent[];
  try {
    entries = await readdir(target, { withFileTypes: true });
  } catch (error) {
    throw cannotCreate(shown, target, error);
  }
  if (entries.length === 0) return false;
  const written = await filesInManifest(path.join(target, MANIFEST));
  if (!written) throw new UsageError(`--out folder ${shown} is not empty and holds no manifest.json written by dedupe: choose a new or empty folder (dedupe replaces only its own earlier output)`);
  const foreign = entries.find((e) => !e.isFile() || (e.name !== MANIFEST && !written.has(e.name)));
  if (foreign) throw new UsageError(`--out folder ${shown} holds ${foreign.name}, which dedupe did not write there: move it away or choose another folder (replacing the folder would delete it)`);
  return true;
}

/**
 * The file names a dedupe manifest lists, or undefined when the file is not one. A manifest
 * names its generator; one from before that field is recognised by its shape.
 */
async function filesInManifest(file: string): Promise<Set<string> | undefined> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const m = manifest as { generator?: unknown; version?: unknown; params?: unknown; clusters?: unknown; documents?: unknown };
  const ours = m.generator === MANIFEST_GENERATOR || (m.generator === undefined && m.version === 1 && typeof m.params === 'object' && Array.isArray(m.documents));
  if (!ours || !Array.isArray(m.clusters)) return undefined;
  return new Set(m.clusters.map((c: { file?: unknown }) => c?.file).filter((f): f is string => typeof f === 'string'));
}

/** Creates the missing parents of DIR one level at a time (see createStagingFolder: never a recursive mkdir). */
async function createParents(parent: string, shown: string): Promise<string[]> {
  const missing: string[] = [];
  for (let folder = parent; !(await exists(folder)); folder = path.dirname(folder)) missing.unshift(folder);
  const created: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      await removeCreatedParents(created);
      throw cannotCreate(shown, folder, error);
    }
    created.unshift(folder);
  }
  return created;
}

async function removeCreatedParents(created: readonly string[]): Promise<void> {
  for (const folder of created) await rmdir(folder).catch(() => undefined);
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent of it is a file, not a folder',
  ENOSPC: 'no space left on the device',
  ENOENT: 'the file system refuses new folders',
  EEXIST: 'the name is taken',
};

/** A clear message for a folder that cannot be created or written. */
function cannotCreate(shown: string, where: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const reason = REASONS[code] ?? (error as Error).message;
  return new UsageError(`cannot write the --out folder ${shown}: ${reason} (${code} in ${where}); give a folder you can write to (dedupe writes the output beside it, then renames it into place)`);
}
