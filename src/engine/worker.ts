/**
 * Worker thread entry: receives the batch setup once, then batches, and answers each with its
 * result (see batch.ts). Started by pool.ts.
 */

import { parentPort } from 'node:worker_threads';
import { BatchWorker, transferList, type BatchSetup, type BatchTask } from './batch.js';

type Message = { setup: BatchSetup } | { id: number; task: BatchTask };

let worker: BatchWorker | undefined;

parentPort?.on('message', async (message: Message) => {
  if ('setup' in message) {
    worker = new BatchWorker(message.setup);
    return;
  }
  try {
    if (!worker) throw new Error('batch worker used before its setup');
    const result = await worker.run(message.task);
    parentPort!.postMessage({ id: message.id, result }, transferList(result));
  } catch (error) {
    // The message for the user, the stack for DEDUPE_DEBUG (cli/main.ts prints it only then).
    parentPort!.postMessage({ id: message.id, error: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack });
  }
});
