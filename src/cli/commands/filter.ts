/** `dedupe filter --index TARGET [PATHS]`: JSONL records whose story the index does not hold yet, passed through as they came. */

import { InvalidArgumentError, type Command } from 'commander';
import { runFilter } from '../../index/incremental.js';
import { formatSkipped } from '../../report/report.js';
import { runOptionsOf, SETTING_NAMES, type Settings } from '../../settings.js';
import { EXIT_OK, exitStatus, runContext, useColour, type Io, type OutputFlags } from '../context.js';
import { addSettings } from '../options.js';

interface FilterFlags extends Settings, OutputFlags {
  index?: string;
  queryOnly?: boolean;
  membership?: boolean;
}

const FILTER_HELP = `
Each line of the input is one JSON record. A record is passed (its line written to stdout
unchanged, in input order) when its story is not in the index yet: not a copy of an indexed
document, not a copy of an earlier record of the same input, and its id not indexed already.
Every record read is added to the index (copies as duplicates of their story), so the next run
filters out what this one passed; --query-only adds nothing. A record without an id field is
indexed under its content's hash. Records dedupe cannot read (malformed JSON, no text, an id
indexed with other content) are reported on stderr and not passed. Lines are written after each
chunk of input (about 1 MB) is compared.

A membership index (--membership, when the index is created; later runs find it by itself)
keeps only the LSH band hashes of the records it passed, with the banding chosen for
--threshold: a record passes when none of its band hashes is held, without the containment,
figure, date and lead checks a clustering index makes with the sketches it keeps. It answers
"seen before?" in about a ninth of the memory, and holds no documents to export or cluster.
A record is written before its band hashes are added: a run stopped in between writes it
again next time, never loses it.

Exit status:
  0  done
  2  usage error: no --index, an input that is not JSONL, a path that does not exist,
     an index built with other parameters
  3  the run failed (stdout could not be written, the index could not be reached)

Examples:
  cat feed.jsonl | dedupe filter --index archive.db > new.jsonl
  dedupe filter --index archive.db --query-only feed.jsonl
  dedupe filter --membership --index 'redis://127.0.0.1:6379/0?prefix=seen' feed.jsonl > new.jsonl`;

export function defineFilterCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const filter = program
    .command('filter')
    .description('pass through only the JSONL records whose story is not in the index yet, and add them to it')
    .argument('[paths...]', 'JSONL files to read; - (the default) reads JSONL from standard input')
    .option('--index <target>', 'the persistent index: a SQLite file, redis://[user:pass@]host:port/db?prefix=name, or redis+cluster://[user:pass@]host:port[,host:port...]/?prefix=name')
    .option('--query-only', 'compare with the index without adding anything to it')
    .option('--membership', 'create a membership index (Redis only): band keys alone, about a ninth of the memory, no clusters (see below)');
  addSettings(filter, 'run', SETTING_NAMES.filter((name) => name !== 'failOnDuplicates' && name !== 'batch'))
    .option('-q, --quiet', 'do not list unreadable records on stderr')
    .option('--no-color', 'no colour on stderr (also: NO_COLOR=1)')
    .addHelpText('after', FILTER_HELP)
    .action(async (paths: string[], flags: FilterFlags) => {
      if (flags.index === undefined) throw new InvalidArgumentError('dedupe filter needs --index <target> (a SQLite file or redis:// URL)');
      const options = runOptionsOf(flags, runContext(io, flags));
      const colour = useColour(io.stderr, io.env, flags.color);
      const result = await runFilter(paths.length ? paths : ['-'], options, {
        target: flags.index,
        queryOnly: Boolean(flags.queryOnly),
        membership: Boolean(flags.membership),
        onPassed: (line) => write(io.stdout, line),
        onSkipped: (skipped) => {
          if (!flags.quiet) io.stderr.write(formatSkipped([skipped], colour));
        },
      });
      setExit(exitStatus(result.missing, io, EXIT_OK));
    });
}

/** Writes and waits when the stream asks to (a slow reader at the end of the pipe). */
function write(stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> | void {
  if (stream.write(bytes)) return;
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
