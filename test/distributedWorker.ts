/**
 * `xmom worker` as a separate process for test/distributed.test.ts, straight from the
 * sources (node --import tsx): the CLI's `main` with the arguments given.
 */
import { main } from '../src/cli/main.ts';

process.exitCode = await main(['worker', ...process.argv.slice(2)]);
