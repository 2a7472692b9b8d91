#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm install builds it through the `prepare` script).
import { run } from '../dist/src/cli/main.js';

// `leftshift ... | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const code = await run(process.argv.slice(2));
process.exitCode = code;
