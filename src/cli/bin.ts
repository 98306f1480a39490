/**
 * The `xmom` executable's body: runs `main` on the process arguments and sets the exit
 * code. bin/xmom.js loads the compiled copy (dist/cli/bin.js); `npm start` and the
 * benches run this file from the sources through tsx.
 */
import { main } from './main.js';

// `xmom ... | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
