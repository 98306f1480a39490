/**
 * `xmom ...args` run in this process: `main(argv)` of src/cli/main.ts (what bin/xmom.js
 * runs, without a process start per command), from a given working directory, with
 * process.stdout / stderr captured. Shared by the CLI tests.
 */
import { main } from '../src/cli/main.js';
import { ROOT } from './spawnXmom.js';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs one command at a time: they share this process's stdout, stderr and working directory. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `xmom ...args` in this process from `cwd`: process.stdout / stderr writes are
 * captured while `main` runs (and not echoed), the exit code is what `main` returns.
 * Calls are queued, so `Promise.all([xmom(a), xmom(b)])` runs them one after the other.
 */
export function xmom(args: string[], cwd = ROOT): Promise<Run> {
  const run = async (): Promise<Run> => {
    const t0 = performance.now();
    let stdout = '';
    let stderr = '';
    const out = process.stdout.write;
    const err = process.stderr.write;
    const here = process.cwd();
    const capture = (append: (s: string) => void) => ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = capture((s) => { stdout += s; });
    process.stderr.write = capture((s) => { stderr += s; });
    process.chdir(cwd);
    try {
      const status = await main(args);
      return { status, stdout, stderr, ms: performance.now() - t0 };
    } finally {
      process.chdir(here);
      process.stdout.write = out;
      process.stderr.write = err;
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

