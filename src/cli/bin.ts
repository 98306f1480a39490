/**
 * The `xmom` executable's body: runs `main` on the process arguments and sets the exit
 * code. bin/xmom.js loads the compiled copy (dist/bin/xmom.js, a bundle); `npm start` and
 * `npm run xmom -- <args>` run this file from the sources through tsx.
 */
import { main } from './main.js';

// `xmom ... | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
