#!/usr/bin/env node
// xmom command-line launcher: runs the compiled CLI (dist/cli/bin.js, built from
// src/cli/bin.ts by `npm run build`). No TypeScript at run time. In a checkout, run
// `npm run build` first, or `npx tsx src/cli/bin.ts ...` to run the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(`xmom: the compiled CLI is missing (${fileURLToPath(entry)}); in an xmom checkout run npm run build\n`);
  process.exit(1);
}
await import(entry.href);
