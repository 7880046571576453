/**
 * `node bench/rusage.mjs USAGE_FILE SCRIPT ARGS...` runs SCRIPT in this process and, on exit,
 * writes its resource usage (user and system CPU seconds of all threads, peak RSS in KB) to
 * USAGE_FILE as JSON. The fallback of bench/measure.mjs where GNU /usr/bin/time is missing:
 * Node cannot read a child's rusage, but a process can read its own.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [usageFile, script, ...args] = process.argv.slice(2);
process.on('exit', () => {
  const usage = process.resourceUsage();
  writeFileSync(usageFile, JSON.stringify({ user: usage.userCPUTime / 1e6, system: usage.systemCPUTime / 1e6, maxRssKb: usage.maxRSS }));
});
// The script reads its arguments from process.argv as if it had been started directly.
process.argv = [process.argv[0], path.resolve(script), ...args];
await import(pathToFileURL(path.resolve(script)).href);
