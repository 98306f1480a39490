/**
 * `xmom`: the command-line interface. `main(argv)` parses the arguments (without the
 * `node` and script entries), runs one command and returns the exit code: 0 ok,
 * 1 runtime failure, 2 bad usage or bad input, 3 grid points failed, 130 interrupted
 * (see errors.ts). Launched by bin/xmom.js.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { initNode } from '../engine/node.js';
import { EXIT, errorLine, exitCodeOf } from './errors.js';
import { makeOutput, type GlobalOptions, type Output } from './output.js';
import { backtestCommand } from './backtest.js';
import { benchCommand } from './bench.js';
import { dataCommand } from './data.js';
import { demoCommand } from './demo.js';
import { gridCommand } from './grid.js';
import { reportCommand } from './report.js';

const GLOBAL_FLAGS = new Set(['--json', '--debug', '--no-progress']);

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The output of a command, from its (and the root's) options. */
function outputOf(cmd: Command): Output {
  return makeOutput(cmd.optsWithGlobals<GlobalOptions>());
}

/** Every command throws instead of exiting, and prints commander's errors as `xmom: ...`. */
function configure(cmd: Command): void {
  cmd.exitOverride();
  cmd.configureOutput({
    outputError: (str, write) => write(`${errorLine(new Error(str.trim()))}\n`),
  });
  for (const sub of cmd.commands) configure(sub);
}

/** The root command with every subcommand. */
export function buildProgram(): Command {
  const program = new Command('xmom')
    .description('WebAssembly-accelerated cross-asset momentum: backtests, parameter grids, benchmarks, data tools')
    .version(version(), '-V, --version')
    .option('--json', 'machine-readable output (one JSON document on stdout)')
    .option('--debug', 'print stack traces of errors')
    .option('--no-progress', 'no progress lines on stderr (they appear only on a terminal anyway)')
    .showSuggestionAfterError(true)
    .addHelpText('after', `
Without a command, xmom runs the demo (npm start): dual momentum on the bundled
synthetic 12-coin universe, volatility-targeted, weekly, against buy-and-hold BTC and
equal weight; it prints the metrics and writes out/report.html.

Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input, 3 a grid finished
with failed points (results still printed and written), 130 interrupted (Ctrl-C).

Examples:
  $ xmom                                   # the demo
  $ xmom backtest dual-momentum --lookback 90 --rebalance weekly --out out/dm
  $ xmom grid dual-momentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly --top 10
  $ xmom data inspect fixtures/crypto12.csv
  $ xmom data convert prices.csv prices.parquet
  $ xmom report out/dm/series.json --out out/dm2
  $ xmom bench kernels --quick`);
  program.hook('preAction', () => initNode());
  program.addCommand(demoCommand(outputOf));
  program.addCommand(backtestCommand(outputOf));
  program.addCommand(gridCommand(outputOf));
  program.addCommand(benchCommand(outputOf));
  program.addCommand(dataCommand(outputOf));
  program.addCommand(reportCommand(outputOf));
  configure(program);
  return program;
}

/** argv without a command (only global flags) runs the demo. */
function withDefaultCommand(argv: readonly string[]): string[] {
  return argv.every((a) => GLOBAL_FLAGS.has(a)) ? [...argv, 'demo'] : [...argv];
}

/** Runs the CLI on `argv` (arguments after the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync(withDefaultCommand(argv), { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return exitCodeOf(e); // commander printed the message (or the help)
    process.stderr.write(`${errorLine(e)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return exitCodeOf(e);
  }
}
