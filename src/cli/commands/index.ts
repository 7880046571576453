/** `dedupe index stats|export TARGET`: what a persistent index holds. */

import type { Command } from 'commander';
import { exportClusters } from '../../index/export.js';
import { isRedisTarget, openStore } from '../../index/open.js';
import type { IndexStore } from '../../index/store.js';
import type { MembershipStats } from '../../index/membership.js';
import { formatMembershipStats, formatStats } from '../../report/index-run.js';
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
    .option('--json', 'print the counts as JSON (schema: schema/index-stats.schema.json; for a membership index schema/membership-stats.schema.json)')
    .action(async (target: string, flags: { json?: boolean }) => {
      const membership = await membershipStats(target);
      if (membership) {
        io.stdout.write(flags.json ? JSON.stringify(membership, null, 2) + '\n' : formatMembershipStats(membership));
        return;
      }
      await withStore(target, async (store) => {
        const stats = await store.stats();
        io.stdout.write(flags.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats));
      });
    });
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

/** The stats of the membership index at a Redis target; undefined when it holds another kind of index (or none). */
async function membershipStats(target: string): Promise<MembershipStats | undefined> {
  if (!isRedisTarget(target)) return undefined;
  const { RedisMembership } = await import('../../index/membership.js');
  const membership = await RedisMembership.open(target);
  try {
    return (await membership.kind()) === 'membership' ? await membership.stats() : undefined;
  } finally {
    await membership.close();
  }
}
