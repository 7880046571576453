/**
 * Atomic output files and folders, and how an interrupted run settles them: a file is written
 * under a temporary name and renamed, a folder is written whole as a temporary sibling and
 * swapped in with renames, and on an interrupt the writes in progress end by removing their
 * temporary files and folders, so no half-written output is left. `bin/dedupe.js` installs
 * settleOutputs as the signal handler before anything else loads.
 */

import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
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

/** Writes through a temporary file and a rename, so an interrupted run leaves no half-written file. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  return writeAtomically(file, (temp) => writeFile(temp, data, { flag: 'wx' }));
}

/**
 * writeFileAtomic for a text given in pieces, written in blocks of about 64 KB: the whole text
 * is never one string (a page for a million documents is longer than a JavaScript string may be).
 */
export async function writeFileAtomicPieces(file: string, pieces: Iterable<string>): Promise<void> {
  return writeAtomically(file, async (temp) => {
    const handle = await open(temp, 'wx');
    try {
      let block = '';
      for (const piece of pieces) {
        block += piece;
        if (block.length >= 1 << 16) {
          if (interrupted()) throw new Error('interrupted');
          await handle.write(block);
          block = '';
        }
      }
      if (block.length) await handle.write(block);
    } finally {
      await handle.close();
    }
  });
}

async function writeAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  if (interrupted()) throw new Error('interrupted');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  pendingTemps.add(temp);
  try {
    // "wx" fails on an existing name, so a planted link at the temp name is never followed.
    await write(temp);
    if (interrupted()) throw new Error('interrupted');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    pendingTemps.delete(temp);
    settleIfIdle();
  }
}


/**
 * Creates an empty temporary folder beside `target` (`.NAME.tmp-PID-RANDOM`, same parent, so
 * it can be renamed into place). A plain mkdir, never recursive: it fails on an existing name,
 * and Node's recursive mkdir loops forever where a parent exists but refuses new entries (/proc).
 */
export async function createStagingFolder(target: string): Promise<string> {
  if (interrupted()) throw new Error('interrupted');
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
