/**
 * Runs one command as a child process and measures it: wall time, CPU time (user + system of
 * the child, all its threads) and the child's peak RSS.
 *
 * GNU `/usr/bin/time -v` measures any command from outside when it is there. Where it is not
 * (macOS has a BSD `time` without -v; some containers have none), the child measures itself:
 * node scripts run under bench/rusage.mjs, which writes process.resourceUsage() on exit, and
 * Python scripts are handed BENCH_RUSAGE_FILE and write resource.getrusage() there. Both
 * paths write the same JSON: { user, system, maxRssKb }.
 */

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
let gnuTime;

/** Whether GNU time with -v works here (checked once). BENCH_NO_USR_BIN_TIME=1 forces the fallback. */
export function hasGnuTime() {
  if (gnuTime === undefined) {
    gnuTime =
      process.env.BENCH_NO_USR_BIN_TIME !== '1' &&
      existsSync('/usr/bin/time') &&
      spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' }).stderr?.includes('Maximum resident set size') === true;
  }
  return gnuTime;
}

/** The figures `/usr/bin/time -v` wrote to its -o file. */
function parseGnuTime(text) {
  const field = (label) => {
    const match = text.match(new RegExp(`^\\s*${label}: (.*)$`, 'm'));
    if (!match) throw new Error(`/usr/bin/time -v printed no "${label}":\n${text}`);
    return Number(match[1]);
  };
  return { user: field('User time \\(seconds\\)'), system: field('System time \\(seconds\\)'), maxRssKb: field('Maximum resident set size \\(kbytes\\)') };
}

/**
 * Runs `command args` with standard output sent to the file `stdoutFile` (reports can be
 * hundreds of megabytes: they must not pass through this process's memory).
 * Returns { status, wall (s), cpu (s), user, system, rss (bytes), stderr }.
 * `command` is 'node' (then args[0] is the script) or any other executable.
 */
export function measure(command, args, { stdoutFile, env = process.env } = {}) {
  const usageFile = path.join(tmpdir(), `dedupe-bench-usage-${process.pid}-${Date.now()}.txt`);
  const executable = command === 'node' ? process.execPath : command;
  let argv;
  let childEnv = env;
  if (hasGnuTime()) argv = ['/usr/bin/time', '-v', '-o', usageFile, executable, ...args];
  else if (command === 'node') argv = [process.execPath, path.join(here, 'rusage.mjs'), usageFile, ...args];
  else {
    argv = [executable, ...args];
    childEnv = { ...env, BENCH_RUSAGE_FILE: usageFile };
  }
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const started = process.hrtime.bigint();
  const child = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', out, 'pipe'], env: childEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (stdoutFile) closeSync(out);
  if (child.error) throw child.error;
  let usage = { user: NaN, system: NaN, maxRssKb: NaN };
  if (existsSync(usageFile)) {
    const text = readFileSync(usageFile, 'utf8');
    usage = hasGnuTime() ? parseGnuTime(text) : JSON.parse(text);
    rmSync(usageFile, { force: true });
  }
  return { status: child.status, wall, cpu: usage.user + usage.system, user: usage.user, system: usage.system, rss: usage.maxRssKb * 1024, stderr: child.stderr ?? '' };
}
