#!/usr/bin/env node
// xmom command-line launcher: runs the compiled CLI, dist/bin/xmom.js (an esbuild bundle
// of src/cli/bin.ts made by `npm run build`). No TypeScript at run time. In a checkout,
// run `npm run build` first, or `npm run xmom -- <args>` to run the sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bin/xmom.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(`xmom: the compiled CLI is missing (${fileURLToPath(entry)}); in an xmom checkout run npm run build\n`);
  process.exit(1);
}
await import(entry.href);
