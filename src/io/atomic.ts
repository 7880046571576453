/**
 * Atomic output files and how an interrupted run settles them: a file is written under a
 * temporary name and renamed, and on an interrupt the writes in progress end by removing their
 * temporary files, so no half-written output is left. `bin/dedupe.js` installs settleOutputs
 * as the signal handler before anything else loads.
 */

import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files being written. */
const pendingTemps = new Set<string>();
/** Set once the run is interrupted: called when the last write in progress has settled. */
let onSettled: (() => void) | undefined;

/** Removes the temporary files of writes still in progress (synchronous, for the last moment). */
export function removePendingOutputs(): void {
  for (const temp of pendingTemps) rmSync(temp, { force: true });
  pendingTemps.clear();
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
  onSettled = done;
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
  if (interrupted()) throw new Error('interrupted');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  pendingTemps.add(temp);
  try {
    // "wx" fails on an existing name, so a planted link at the temp name is never followed.
    await writeFile(temp, data, { flag: 'wx' });
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

