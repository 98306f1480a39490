#!/usr/bin/env node
// xmom command-line launcher. The package runs its TypeScript sources through tsx (a
// devDependency): this registers tsx's ESM loader, checks that the wasm engine has been
// built, then hands over to src/cli/main.ts. Usage: `node bin/xmom.js --help`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const wasm = fileURLToPath(new URL('../build/release.wasm', import.meta.url));
if (!existsSync(wasm)) {
  process.stderr.write(`xmom: the wasm engine is not built (${wasm} is missing); run npm run asbuild\n`);
  process.exit(1);
}

let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  process.stderr.write('xmom: cannot load tsx, which runs the TypeScript sources; run npm install in the xmom checkout\n');
  process.exit(1);
}
register();
// `xmom ... | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
