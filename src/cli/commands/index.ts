/** `dedupe index stats|export TARGET`: what a persistent index holds. */

import type { Command } from 'commander';
import { exportClusters } from '../../index/export.js';
import { openStore } from '../../index/open.js';
import type { IndexStore } from '../../index/store.js';
import { formatStats } from '../../report/index-run.js';
import type { Io } from '../context.js';

const TARGET_HELP = 'SQLite file, redis://[user:pass@]host:port/db?prefix=name or redis+cluster://[user:pass@]host:port[,host:port...]/?prefix=name';

/** Opens the index for reading, runs `use`, and always closes it. */
async function withStore(target: string, use: (store: IndexStore) => Promise<void>): Promise<void> {
  const store = await openStore(target, 'read');
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

export function defineIndexCommand(program: Command, io: Io): void {
  const index = program.command('index').description('inspect a persistent index (a SQLite file or redis:// URL)');
  index
    .command('stats')
    .description('count documents, verified pairs, clusters and duplicates; show the stored parameters')
    .argument('<target>', TARGET_HELP)
    .option('--json', 'print the counts as JSON (schema: schema/index-stats.schema.json)')
    .action((target: string, flags: { json?: boolean }) =>
      withStore(target, async (store) => {
        const stats = await store.stats();
        io.stdout.write(flags.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats));
      }),
    );
  index
    .command('export')
    .description('print every indexed document once, one JSON line per cluster (clusters of copies first; schema: schema/cluster.schema.json)')
    .argument('<target>', TARGET_HELP)
    .action((target: string) =>
      withStore(target, async (store) => {
        for await (const cluster of exportClusters(store)) io.stdout.write(JSON.stringify(cluster) + '\n');
      }),
    );
}
