/**
 * Atomic output files and folders, and how an interrupted run settles them: a file is written
 * under a temporary name and renamed, a folder is written whole as a temporary sibling and
 * swapped in with renames, and on an interrupt the writes in progress end by removing their
 * temporary files and folders, so no half-written output is left. `bin/dedupe.js` installs
 * settleOutputs as the signal handler before anything else loads.
 */

import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files being written. */
const pendingTemps = new Set<string>();
/** Temporary folders (a folder being written, a replaced folder being removed). */
const pendingFolders = new Set<string>();
/** Set once the run is interrupted: called when the last write in progress has settled. */
let onSettled: (() => void) | undefined;

/** Removes the temporary files of writes still in progress (synchronous, for the last moment). */
export function removePendingOutputs(): void {
  for (const temp of pendingTemps) rmSync(temp, { force: true });
  pendingTemps.clear();
  for (const folder of pendingFolders) {
    try {
      rmSync(folder, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // The process is exiting: a folder that will not go is left rather than blocking the exit.
    }
  }
  pendingFolders.clear();
}

/**
 * Stops writing outputs for an interrupted run, then calls `done` (which exits). A write in
 * progress ends by removing its temporary file instead of renaming it, and no new write
 * starts, so DIR keeps only complete files. Removing the temporary files at once would race
 * with the file system calls still queued in Node's thread pool, which could create the file
 * again after its removal. Gives up waiting after `limitMs`, or on a second interrupt.
 */
export function settleOutputs(done: () => void, limitMs = 5000): void {
  if (pendingTemps.size === 0 || onSettled) {
    removePendingOutputs();
    done();
    return;
  }
  onSettled = () => {
    removePendingOutputs();
    done();
  };
  setTimeout(() => {
    removePendingOutputs();
    done();
  }, limitMs).unref();
}

const interrupted = () => onSettled !== undefined;

/** After an interrupt, the last write to settle lets the run exit. */
function settleIfIdle(): void {
  if (onSettled && pendingTemps.size === 0) onSettled();
}

/** Whether process `pid` exists (a process of another user counts). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a killed run (SIGKILL, a power cut) left beside `target`: the temporary files
 * (`.NAME.PID.tmp`) and folders (`.NAME.tmp-PID-RANDOM`, and its `.old`) named after it by a
 * process that no longer exists. Those of a run still going are left alone.
 */
async function removeStaleTemps(target: string): Promise<void> {
  const folder = path.dirname(target);
  const base = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const temporary = new RegExp(`^\\.${base}\\.(?:(\\d+)\\.tmp|tmp-(\\d+)-[0-9a-f]{8}(?:\\.old)?)$`);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(temporary.exec(name)?.slice(1).find((id) => id !== undefined));
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(folder, name), { recursive: true, force: true });
  }
}

/** Writes through a temporary file and a rename, so an interrupted run leaves no half-written file. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await writeFileAtomicFrom(file, (async function* () {
    yield data;
  })());
}

/**
 * Creates an empty temporary folder beside `target` (`.NAME.tmp-PID-RANDOM`, same parent, so
 * it can be renamed into place). A plain mkdir, never recursive: it fails on an existing name,
 * and Node's recursive mkdir loops forever where a parent exists but refuses new entries (/proc).
 */
export async function createStagingFolder(target: string): Promise<string> {
  if (interrupted()) throw new Error('interrupted');
  await removeStaleTemps(target);
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(staging);
  pendingFolders.add(staging);
  return staging;
}

/** Removes a temporary folder that will not be used. */
export async function discardFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  pendingFolders.delete(folder);
}

/**
 * Puts the folder `staging` in the place of `target` (which may be missing), then removes the
 * previous folder. Both renames are synchronous, so no signal handler runs between them: an
 * interrupt finds `target` holding the old output or the new one, never neither or a mix.
 */
export async function replaceFolder(staging: string, target: string): Promise<void> {
  if (interrupted()) throw new Error('interrupted');
  const old = `${staging}.old`;
  let hadOld = true;
  try {
    renameSync(target, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadOld = false;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadOld) renameSync(old, target);
    throw error;
  }
  pendingFolders.delete(staging);
  if (!hadOld) return;
  // Removed last: an interrupt during the removal deletes the rest of it (it is pending).
  pendingFolders.add(old);
  await rm(old, { recursive: true, force: true });
  pendingFolders.delete(old);
}

/**
 * Writes pieces through a temporary file and a rename, so an interrupted run leaves no
 * half-written file, without holding the whole output in memory (a written-back corpus or a
 * review page for a million documents can be longer than a string may be). Text pieces are
 * gathered into blocks of about 64 KB, so many small pieces cost few writes. "wx" fails on an
 * existing name, so a planted link at the temporary name is never followed.
 */
export async function writeFileAtomicFrom(file: string, pieces: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<void> {
  if (interrupted()) throw new Error('interrupted');
  // A folder being written is new: nothing stale in it (and no listing of it per file).
  if (![...pendingFolders].some((folder) => path.dirname(file) === folder)) await removeStaleTemps(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  pendingTemps.add(temp);
  try {
    const handle = await open(temp, 'wx');
    try {
      let block = '';
      // writeFile writes the whole piece at the current position (write may write part of it).
      const flush = async () => {
        if (interrupted()) throw new Error('interrupted');
        if (block.length) await handle.writeFile(block);
        block = '';
      };
      for await (const piece of pieces) {
        if (typeof piece === 'string') {
          block += piece;
          if (block.length >= BLOCK_CHARACTERS) await flush();
          continue;
        }
        await flush();
        await handle.writeFile(piece);
      }
      await flush();
    } finally {
      await handle.close();
    }
    if (interrupted()) throw new Error('interrupted');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    // The error names the file asked for, not its temporary name: writing it failed.
    const failure = error as NodeJS.ErrnoException;
    if (failure.path === temp) Object.assign(failure, { path: file, syscall: 'write' });
    throw error;
  } finally {
    pendingTemps.delete(temp);
    settleIfIdle();
  }
}

/** Characters of text gathered before a write. */
const BLOCK_CHARACTERS = 1 << 16;
