/** `xmom backtest <strategy>`: one strategy on one data file, against its benchmarks. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { addBacktestFlags, type BacktestFlags } from './backtestFlags.js';
import { addReaderFlags, bundledDataPath, shownPath, type ReaderFlags } from './dataFile.js';
import type { Output } from './output.js';
import { collect, findParam, parseParams, parseParamValue } from './params.js';
import { runStrategy } from './run.js';
import { paramsText, printRun, runJson, writeRunReport } from './runOutput.js';
import { cliStrategies, findStrategy, strategiesHelp, type StrategyDef } from './strategies.js';
import { choiceArg, intArg } from './args.js';
import { UsageError } from './errors.js';
import { checkOutDir, OUT_FILES } from './outDir.js';

interface Flags extends BacktestFlags, ReaderFlags {
  param?: string[];
  lookback?: number;
  skip?: number;
  topN?: number;
  data?: string;
  benchmark?: string;
  benchmarks?: boolean;
  includeWarmup?: boolean;
  timing?: 'schedule' | 'ml';
  out?: string;
  force?: boolean;
  title?: string;
  quote?: string;
  currencies?: string;
}

/** Strategy parameters from `--param k=v` plus the dedicated flags (`--lookback`, `--skip`, `--top-n`). */
export function strategyParams(s: StrategyDef, f: { param?: string[]; lookback?: number; skip?: number; topN?: number }): Record<string, unknown> {
  const owner = `strategy '${s.name}'`;
  const params = parseParams(owner, s.params, f.param ?? []);
  const dedicated: [string, number | undefined][] = [['lookback', f.lookback], ['skip', f.skip], ['topN', f.topN]];
  for (const [key, value] of dedicated) {
    if (value === undefined) continue;
    const spec = findParam(owner, s.params, key);
    if (spec.key in params) throw new UsageError(`${owner}: ${key} is given both as --${key === 'topN' ? 'top-n' : key} and as --param`);
    params[spec.key] = parseParamValue(owner, spec, String(value));
  }
  return params;
}

/** The `backtest` command; `getOutput` gives the command's output (text / JSON, progress). */
/**
 * The strategy argument and flags shared by `backtest` and `signals`: `<strategy>`,
 * `--param` (read by `strategyParams`), the `--lookback` / `--skip` / `--top-n` shortcuts
 * and `--data`.
 */
export function addStrategyFlags(cmd: Command, paramHelp: string): Command {
  return cmd
    .argument('<strategy>', cliStrategies().map((s) => s.name).join(', '))
    .option('-p, --param <key=value>', paramHelp, collect)
    .option('--lookback <bars>', 'shortcut for --param lookback=<bars>', intArg(1))
    .option('--skip <bars>', 'shortcut for --param skip=<bars>', intArg(0))
    .option('--top-n <n>', 'shortcut for --param topN=<n>', intArg(0))
    .option('-d, --data <file>', "prices (.csv, .arrow/.feather, .parquet); default the strategy's bundled fixture");
}

export function backtestCommand(getOutput: (cmd: Command) => Output): Command {
  const cmd = addStrategyFlags(
    new Command('backtest').description('backtest one strategy on a data file and compare it with buy-and-hold and equal weight'),
    'a strategy parameter (repeatable), e.g. --param lookback=90 --param topN=3',
  );
  addReaderFlags(cmd);
  addBacktestFlags(cmd);
  cmd
    .option('--quote <currency>', "usd: convert ECB rates (currency per 1 EUR) to USD per foreign unit (EURUSD = USD, JPYUSD = USD / JPY, ...)")
    .option('--currencies <set>', 'with --quote: g10 (default), em, all, or a comma-separated list, e.g. EUR,JPY,GBP')
    .option('--benchmark <asset|file>', 'buy-and-hold benchmark asset (default BTC when the data has it), or a price FILE (e.g. SPY) for beta, alpha, information ratio, capture')
    .option('--no-benchmarks', 'no benchmarks (no buy-and-hold, no equal weight)')
    .option('--timing <mode>', "schedule (default): trade on every --rebalance date; ml: at each of them a walk-forward CART classifier (trained only on earlier periods) decides to rebalance or keep the book, compared with every scheduled date (seed 000's ML timing)", choiceArg(['schedule', 'ml'] as const))
    .option('--include-warmup', "evaluate from the first row, not from the end of the warm-up (the rows before the first non-empty target weight)")
    .option('-o, --out <dir>', 'write report.html, series.json, series.arrow and weights.arrow there (checked before the backtest runs)')
    .option('-f, --force', 'replace those files when --out already holds them')
    .option('--title <text>', 'title of the HTML report')
    .addHelpText('after', `
Strategies and their parameters (--param key=value; keys also in kebab case):
${strategiesHelp()}

Examples:
  $ xmom backtest dual-momentum --lookback 90 --top-n 3 --rebalance weekly --vol-target 0.3
  $ xmom backtest tsm --param lookback=180 --param mode=long-short --fees-bps 10 --out out/tsm
  $ xmom backtest csm --data prices.csv --param topN=2 --param bottomN=0 --rebalance monthly-last
  $ xmom backtest fx-trend --param weights=0.2,0.5,0.3 --rebalance daily --json
  $ xmom backtest double-sort --param topK=300 --fees-bps 0.5`)
    .action(async (name: string, f: Flags, self: Command) => {
      const out = getOutput(self);
      const strategy = findStrategy(name);
      const params = strategyParams(strategy, f);
      const dataPath = f.data ? resolve(f.data) : bundledDataPath(strategy.defaultData);
      if (f.out) checkOutDir('--out', resolve(f.out), OUT_FILES.backtest, f.force === true);
      const o = runStrategy({
        strategy, params, dataPath, reader: f, flags: f,
        benchmark: f.benchmarks === false ? false : f.benchmark, includeWarmup: f.includeWarmup, timing: f.timing,
        quote: f.quote, currencies: f.currencies,
      });
      try {
        let report: string | null = null;
        if (f.out) {
          out.progress('writing the report...');
          report = await writeRunReport(o, resolve(f.out), f.title ?? `${strategy.name} backtest`);
          out.done();
        }
        if (out.json) {
          out.result(runJson(o, { command: 'backtest', strategy: strategy.name, params, report }));
        } else {
          printRun(out, o, `${strategy.name} ${paramsText(params)}${o.weighting.length ? ` | weighting: ${o.weighting.join(', ')}` : ''}`);
          if (report) out.text(`\nreport: ${shownPath(report)}`);
        }
      } finally {
        o.free();
      }
    });
  return cmd;
}
