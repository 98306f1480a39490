/**
 * `xmom`: the command-line interface. `main(argv)` parses the arguments (without the
 * `node` and script entries), runs one command and returns the exit code: 0 ok,
 * 1 runtime failure, 2 bad usage or bad input, 3 grid points failed, 130 interrupted
 * (see errors.ts). Launched by bin/xmom.js.
 */
import { Command, CommanderError } from 'commander';
import { initNode } from '../engine/node.js';
import { packageVersion } from './dataFile.js';
import { EXIT, Interrupted, PointsFailed, errorJson, errorLine, exitCodeOf } from './errors.js';
import { makeOutput, type GlobalOptions, type Output } from './output.js';
import { backtestCommand } from './backtest.js';
import { benchCommand } from './bench.js';
import { dataCommand } from './data.js';
import { demoCommand } from './demo.js';
import { gridCommand } from './grid.js';
import { reportCommand } from './report.js';
import { signalsCommand } from './signals.js';
import { workerCommand } from './worker.js';

const GLOBAL_FLAGS = new Set(['--json', '--debug', '--no-progress']);

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
    .version(packageVersion(), '-V, --version')
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
  $ xmom signals multi-horizon --rebalance weekly:sun --json   # target weights and trades now
  $ xmom report out/dm/series.json --out out/dm2
  $ xmom bench kernels --quick
  $ xmom worker --queue redis://127.0.0.1:6379/0     # a distributed-grid worker`);
  program.hook('preAction', () => initNode());
  program.addCommand(demoCommand(outputOf));
  program.addCommand(backtestCommand(outputOf));
  program.addCommand(gridCommand(outputOf));
  program.addCommand(benchCommand(outputOf));
  program.addCommand(dataCommand(outputOf));
  program.addCommand(signalsCommand(outputOf));
  program.addCommand(reportCommand(outputOf));
  program.addCommand(workerCommand(outputOf));
  configure(program);
  return program;
}

/** argv without a command (only global flags) runs the demo. */
function withDefaultCommand(argv: readonly string[]): string[] {
  return argv.every((a) => GLOBAL_FLAGS.has(a)) ? [...argv, 'demo'] : [...argv];
}

/**
 * Runs the CLI on `argv` (arguments after the script) and returns the exit code. An
 * error prints one line `xmom: ...` on stderr; under `--json` it also prints one JSON
 * object on stdout, `{ "error": message, "type": ..., "exitCode": n }` (see `errorJson`),
 * so a script reading stdout always gets JSON.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    await buildProgram().parseAsync(withDefaultCommand(argv), { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    const code = exitCodeOf(e);
    // A grid with failed points (exit 3) or an interrupted run (130) printed its result
    // document already: stdout keeps exactly one JSON document.
    const printedResult = e instanceof PointsFailed || e instanceof Interrupted;
    if (json && code !== EXIT.ok && !printedResult) process.stdout.write(`${JSON.stringify(errorJson(e), null, 2)}\n`);
    if (e instanceof CommanderError) return code; // commander printed the message (or the help)
    process.stderr.write(`${errorLine(e)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return code;
  }
}
