#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm install builds dist/ through the prepare script).
import { main, EXIT_INTERRUPTED } from '../dist/cli.js';
import { removePendingOutputs } from '../dist/report.js';

// Ctrl-C and kill stop at once, leaving no half-written output: files are written to a
// temporary name and renamed, and the temporary files of writes in progress are removed here.
const stop = (code) => () => {
  removePendingOutputs();
  process.stderr.write('dedupe: interrupted\n');
  process.exit(code);
};
process.on('SIGINT', stop(EXIT_INTERRUPTED));
process.on('SIGTERM', stop(143));
process.on('SIGHUP', stop(129));
// A closed pipe (dedupe ... | head) ends the run quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.exitCode = code;
