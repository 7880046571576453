#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm install builds dist/ through the prepare script).
import { main, EXIT_INTERRUPTED } from '../dist/cli.js';

process.on('SIGINT', () => process.exit(EXIT_INTERRUPTED));
process.on('SIGTERM', () => process.exit(143));
// A closed pipe (dedupe ... | head) ends the run quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
process.exitCode = code;
