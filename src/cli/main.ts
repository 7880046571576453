/**
 * The command line: builds the program from the commands in ./commands, applies the config
 * file, and turns every outcome into an exit status. No matching, cleaning or reporting rule
 * lives here.
 */

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { createRequire } from 'node:module';
import { NoInputError } from '../engine/run.js';
import { IncompatibleIndexError, IndexTargetError } from '../index/store.js';
import { describeFsError } from '../input/discover.js';
import { UsageError } from '../types.js';
import { defineCheckCommand } from './commands/check.js';
import { defineCleanCommand } from './commands/clean.js';
import { defineExplainCommand } from './commands/explain.js';
import { defineFilterCommand } from './commands/filter.js';
import { defineIndexCommand } from './commands/index.js';
import { defineRunCommand } from './commands/run.js';
import { applyConfig, loadConfig } from './config-file.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from './context.js';

export { EXIT_DUPLICATES, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, type Io } from './context.js';

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command();
  // Set before any subcommand is added: subcommands copy these settings when created.
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  program.exitOverride();
  program.showHelpAfterError('(run dedupe --help for the options)');
  program
    .name('dedupe')
    // Options after a subcommand's name belong to the subcommand (several share --json, --explain, --jsonl).
    .enablePositionalOptions()
    .description('Find the copies of one story in a folder of scraped news, strip the debris, and keep each story once in its best clean version.')
    .version(version, '-V, --version');
  defineRunCommand(program, io, setExit);
  defineIndexCommand(program, io);
  defineCheckCommand(program, io, setExit);
  defineExplainCommand(program, io, setExit);
  defineCleanCommand(program, io, setExit);
  defineFilterCommand(program, io, setExit);
  // `dedupe help check` shows check's help (a folder named help is read as ./help).
  program.helpCommand('help [command]', 'show the help of a command');
  // Settings from --config FILE, dedupe.config.json or package.json "dedupe" apply where no flag was given.
  program.hook('preAction', (_program, action) => applyConfig(action, loadConfig(process.cwd(), action.opts().config as string | undefined)));
  return program;
}

/** Errors that are the user's to fix: exit 2 with the message alone. */
function isUsageError(error: unknown): error is Error {
  return error instanceof InvalidArgumentError || error instanceof UsageError || error instanceof NoInputError || error instanceof IncompatibleIndexError || error instanceof IndexTargetError;
}

/** What a failed file system call was doing, by the call's name. */
const SYSTEM_CALLS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rmdir: 'remove the folder',
  rm: 'remove',
  unlink: 'remove',
  rename: 'rename',
  scandir: 'read the folder',
  stat: 'look at',
  lstat: 'look at',
  realpath: 'resolve',
  copyfile: 'copy',
  fsync: 'save',
};

/** A failed file system call as a sentence ("cannot create the folder out: a file or folder of that name already exists"), not Node's errno text. */
export function systemErrorText(error: unknown): string | undefined {
  const failure = error as NodeJS.ErrnoException | undefined;
  if (typeof failure?.code !== 'string' || typeof failure.syscall !== 'string') return undefined;
  const target = failure.path === undefined ? '' : ` ${failure.path}`;
  return `cannot ${SYSTEM_CALLS[failure.syscall] ?? failure.syscall}${target}: ${describeFsError(failure)}`;
}

/** Runs the command line and returns the exit status; never throws for user errors. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr.write(`dedupe: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // Commander has printed its own parse errors (and help, and the version) before throwing.
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    io.stderr.write(`dedupe: ${systemErrorText(error) ?? (error as Error)?.message ?? String(error)}\n`);
    if (io.env.DEDUPE_DEBUG) io.stderr.write(`${(error as Error)?.stack}\n`);
    return EXIT_FAILURE;
  }
}
