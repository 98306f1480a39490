/**
 * `xmom worker --queue redis://host:port/db`: a distributed-grid worker. Takes jobs of
 * `xmom grid ... --queue` from the BullMQ queue on Redis and runs them on its own compute
 * threads until SIGINT / SIGTERM, then finishes the running jobs and exits 0.
 */
import { Command } from 'commander';
import { intArg } from './args.js';
import type { Output } from './output.js';

interface WorkerFlags {
  queue: string;
  threads?: number;
  lockMs?: number;
}

export function workerCommand(getOutput: (cmd: Command) => Output): Command {
  return new Command('worker')
    .description('run distributed grid jobs from a Redis queue (start one per machine, any number of machines)')
    .requiredOption('-q, --queue <url>', 'the queue: redis://host:port/db, the same URL as the grid\'s --queue')
    .option('-t, --threads <n>', 'compute threads, each running one job at a time (default: the CPU count)', intArg(1))
    .option('--lock-ms <ms>', 'a job whose worker stops answering for this long is rerun by another worker (default 30000)', intArg(500))
    .addHelpText('after', `
Each worker keeps a lock on the jobs it runs; a worker that dies (killed, crashed, machine
lost) stops renewing it, and after --lock-ms the queue hands its jobs to another worker,
which reruns them: no point is lost and none is counted twice. A worker refuses jobs of
another xmom version, naming both. Stop it with Ctrl-C (it finishes its running jobs).

Examples:
  $ redis-server --port 6379 &
  $ xmom worker --queue redis://127.0.0.1:6379/0 &               # on every machine
  $ xmom grid dual-momentum lookback=20:260:20 topN=1..5 --queue redis://127.0.0.1:6379/0`)
    .action(async (f: WorkerFlags, self: Command) => {
      const out = getOutput(self);
      const { startGridWorker } = await import('../grid/distributed/worker.js');
      const w = await startGridWorker({
        queue: f.queue,
        ...(f.threads !== undefined ? { threads: f.threads } : {}),
        ...(f.lockMs !== undefined ? { lockMs: f.lockMs } : {}),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      if (out.json) out.result({ command: 'worker', queue: f.queue, threads: w.threads, version: w.version, pid: process.pid });
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await w.close();
    });
}
