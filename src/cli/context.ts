/** What every command shares: the streams and environment it runs with, colour, exit statuses. */

import type { RunOptions } from '../engine/run.js';
import type { RunContext } from '../settings.js';

export const EXIT_OK = 0;
export const EXIT_DUPLICATES = 1;
export const EXIT_USAGE = 2;
/** The run itself failed: an output could not be written, an index could not be reached. */
export const EXIT_FAILURE = 3;
export const EXIT_INTERRUPTED = 130;

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

/** Colour on a stream: asked for, not turned off by NO_COLOR, and a terminal (or FORCE_COLOR). */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, requested: boolean): boolean {
  if (!requested) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** Options every command's output flags share. */
export interface OutputFlags {
  quiet?: boolean;
  color: boolean;
  /** Set from the config file's location, so that file is never read as input. */
  configFile?: string;
}

/** Standard input, and the files a command never reads as input: the config file, and any of its own (a check's baseline). */
export function runContext(io: Io, flags: OutputFlags, ownFiles: readonly string[] = []): RunContext {
  return { stdin: io.stdin as RunOptions['stdin'], skipFiles: [...(flags.configFile ? [flags.configFile] : []), ...ownFiles] };
}

/**
 * The exit status of a command that has done its work: a path named on the command line that
 * does not exist makes it 2 whatever the other paths held (as ripgrep does), so that a typo in a
 * CI job never passes; the report still covers the paths that exist.
 */
export function exitStatus(missing: readonly string[], io: Io, status: number): number {
  if (missing.length === 0) return status;
  io.stderr.write(`dedupe: no such file or folder: ${missing.join(', ')} (the report covers the other paths)\n`);
  return EXIT_USAGE;
}
