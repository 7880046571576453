/** `dedupe explain A B`: why two documents are or are not copies. */

import type { Command } from 'commander';
import { ExplainInputError } from '../../engine/source.js';
import { explainPair } from '../../explain.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { explainReviewPage } from '../review.js';
import { formatExplanation } from '../../report/explain.js';
import { runOptionsOf, type Settings } from '../../settings.js';
import { EXIT_OK, EXIT_USAGE, runContext, useColour, type Io, type OutputFlags } from '../context.js';
import { addSettings } from '../options.js';

interface ExplainFlags extends Settings, OutputFlags {
  json?: boolean;
  in?: string[];
  html?: string;
}

export function defineExplainCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const explain = program
    .command('explain')
    .description(
      'show why two documents are or are not copies: similarity, containment, shared and differing passages, what cleaning removed, the verdict. A record of a JSON/JSONL file is FILE:N',
    )
    .argument('<a>', 'first document (FILE, or FILE:N for a JSON/JSONL record)')
    .argument('<b>', 'second document')
    .option('--in <path...>', 'explain the pair as a run over these files and folders sees it: cleaned with the lines the run learns across its documents, and where the run puts the two (one cluster, or apart and why)')
    .option('--json', 'print the explanation as one JSON document (schema: schema/explain.schema.json)')
    .option('--html <file>', 'also write the explanation as a self-contained HTML page: both texts side by side, shared passages marked')
    .option('-q, --quiet', 'print no notes on stderr')
    .option('--no-color', 'no colour (also: NO_COLOR=1)');
  // The same matching settings as a run, given after the two documents.
  addSettings(explain, 'explain').action(async (a: string, b: string, flags: ExplainFlags) => setExit(await explainCommand(a, b, flags, io)));
}

async function explainCommand(a: string, b: string, flags: ExplainFlags, io: Io): Promise<number> {
  try {
    const options = runOptionsOf(flags, runContext(io, flags));
    const { explanation, notes, cleaned } = await explainPair(a, b, options, flags.in ? { inputs: flags.in, run: options } : undefined);
    if (flags.html !== undefined) await writeFileAtomic(flags.html, explainReviewPage(explanation, cleaned, notes));
    if (flags.json) io.stdout.write(JSON.stringify({ ...explanation, notes }, null, 2) + '\n');
    else {
      io.stdout.write(formatExplanation(explanation, useColour(io.stdout, io.env, flags.color)));
      if (!flags.quiet) for (const note of notes) io.stderr.write(`note: ${note}\n`);
    }
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ExplainInputError)) throw error;
    io.stderr.write(`dedupe explain: ${error.message}\n`);
    return EXIT_USAGE;
  }
}
