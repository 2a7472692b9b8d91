#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm install builds it through the `prepare` script).
import { run } from '../dist/src/cli/main.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;
