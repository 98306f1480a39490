/**
 * `xmom bench <suite>`: runs a benchmark script of bench/ in a child Node process
 * (through tsx, as `npm run bench` does), so that its timings are not disturbed by
 * this process. The scripts print their tables and write bench/results/*.json.
 */
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.js';
import { repoPath } from './dataFile.js';
import type { Output } from './output.js';

/** The suites: script under bench/ and whether it understands `--filter`. */
export const BENCH_SUITES = {
  kernels: { script: 'bench/kernels.ts', filter: true, about: 'every kernel, wasm vs TS twin vs naive JS, with parity checks' },
  backtest: { script: 'bench/backtest.ts', filter: false, about: 'the portfolio simulation: full kernel, backtest() end to end, lean grid kernel' },
  grid: { script: 'bench/grid.ts', filter: false, about: 'parameter grids: backtests per second' },
} as const;
export type BenchSuite = keyof typeof BENCH_SUITES;

interface BenchFlags {
  quick?: boolean;
  filter?: string;
}

/** Runs one script; resolves with its exit code. stdout goes to `stdout` ('inherit' or stderr under --json). */
function runScript(script: string, args: string[], json: boolean): Promise<number> {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', loader, script, ...args], {
      cwd: repoPath(''),
      stdio: ['ignore', json ? process.stderr : 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Result files of a suite written since `since` (ms). */
function resultsSince(suite: string, since: number): Record<string, unknown> {
  const dir = repoPath('bench/results');
  if (!existsSync(dir)) return {};
  const out: Record<string, unknown> = {};
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(suite) || !name.endsWith('.json')) continue;
    const path = join(dir, name);
    if (statSync(path).mtimeMs < since) continue;
    out[name] = JSON.parse(readFileSync(path, 'utf8'));
  }
  return out;
}

/** The `bench` command: one child process per suite, failing (exit 1) when a script fails. */
export function benchCommand(getOutput: (cmd: Command) => Output): Command {
  const names = Object.keys(BENCH_SUITES) as BenchSuite[];
  return new Command('bench')
    .description('run the benchmarks (a child process per suite); results in bench/results/')
    .argument('<suite>', `${names.join(', ')} or all`)
    .option('--quick', 'fewer, shorter samples (a smoke run)')
    .option('--filter <text>', 'kernels only: the kernels whose name contains this')
    .addHelpText('after', `
Suites:
${names.map((n) => `  ${n.padEnd(9)} ${BENCH_SUITES[n].about} (${BENCH_SUITES[n].script})`).join('\n')}

Benchmarks take minutes in full and compete for the CPU: run them on a quiet machine.
With --json the scripts' tables go to stderr and stdout gets the result files.

Examples:
  $ xmom bench kernels --quick --filter rolling
  $ xmom bench backtest --quick
  $ xmom bench all`)
    .action(async (suite: string, f: BenchFlags, self: Command) => {
      const out = getOutput(self);
      const chosen = suite === 'all' ? names : [suite as BenchSuite];
      for (const s of chosen) {
        const def = BENCH_SUITES[s];
        if (!def) throw new UsageError(`unknown benchmark suite '${suite}'; suites are ${names.join(', ')}, all`);
        if (f.filter !== undefined && !def.filter) throw new UsageError(`--filter applies to the kernels suite only, not '${s}'`);
        if (!existsSync(repoPath(def.script))) throw new Error(`${def.script} is missing: xmom bench runs the benchmark sources of an xmom checkout (they are not in the npm package)`);
      }
      const report: Record<string, unknown> = {};
      for (const s of chosen) {
        const def = BENCH_SUITES[s];
        const args = [...(f.quick ? ['--quick'] : []), ...(f.filter !== undefined ? ['--filter', f.filter] : [])];
        const started = Date.now();
        const code = await runScript(def.script, args, out.json);
        if (code !== 0) throw new Error(`bench ${s}: ${def.script} exited with code ${code}`);
        report[s] = { script: def.script, args, seconds: (Date.now() - started) / 1000, results: resultsSince(s, started - 1000) };
      }
      out.result({ command: 'bench', suites: report });
    });
}
