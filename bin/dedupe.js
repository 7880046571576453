#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm install builds dist/ through the prepare script).

// Signal handlers come first, before the CLI's modules load, so that Ctrl-C is honoured from
// the first moment. Files are written to a temporary name and renamed; on an interrupt the
// writes in progress end by removing their temporary files, so no half-written output is left.
let settleOutputs = (done) => done();
const stop = (code) => () =>
  settleOutputs(() => {
    process.stderr.write('dedupe: interrupted\n');
    process.exit(code);
  });
process.on('SIGINT', stop(130));
process.on('SIGTERM', stop(143));
process.on('SIGHUP', stop(129));
// A closed pipe (dedupe ... | head) ends the run quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Loading the CLI's modules can fail before it can report anything itself: say why in a sentence.
let main;
try {
  settleOutputs = (await import('../dist/io/atomic.js')).settleOutputs;
  ({ main } = await import('../dist/cli/main.js'));
} catch (error) {
  const reason =
    error?.code === 'EMFILE' || error?.code === 'ENFILE'
      ? 'too many open files (raise the limit with ulimit -n)'
      : error?.code === 'ERR_MODULE_NOT_FOUND'
        ? `a module is missing (${error.message}); run npm install`
        : (error?.message ?? String(error));
  process.stderr.write(`dedupe: cannot start: ${reason}\n`);
  process.exit(3);
}
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.exitCode = code;
