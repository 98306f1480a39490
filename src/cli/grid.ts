/**
 * `xmom grid`: a parameter grid from ranges on the command line
 * (`xmom grid dual-momentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly`) or
 * from a JSON spec file, run by the grid engine (src/grid) on worker threads; prints
 * the best points and writes the results table when asked.
 */
import { Command } from 'commander';
import type { Table } from 'apache-arrow';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GridMetric } from '../grid/reduce.js';
import { GRID_METRICS } from '../grid/reduce.js';
import { BACKTEST_PARAMS, gridStrategyNames, strategyParamDefs } from '../grid/params.js';
import { GRID_DEFAULTS } from '../grid/expand.js';
import { RANGE_FORMS } from '../grid/ranges.js';
import type { Backend } from '../engine/index.js';
import { choiceArg, intArg, numberArg } from './args.js';
import { Interrupted, PointsFailed, UsageError } from './errors.js';
import { addReaderFlags, loadWide, bundledDataPath, shownPath, type ReaderFlags } from './dataFile.js';
import type { GlobalOptions, Output } from './output.js';
import { cliStrategies, findStrategy } from './strategies.js';
import { checkOutDir, OUT_FILES } from './outDir.js';

interface GridFlags extends ReaderFlags {
  data?: string;
  workers?: number;
  top?: number;
  metric?: GridMetric;
  out?: string;
  force?: boolean;
  limit?: number;
  backend?: Backend;
  periodsPerYear?: number;
  cscv?: boolean;
  queue?: string;
  ruinedLast?: boolean;
  includeWarmup?: boolean;
}

/** The grid strategies by command-line name (`dual-momentum` -> `dualMomentum`). */
const gridNames = (): string[] => cliStrategies().filter((s) => gridStrategyNames().includes(s.fn)).map((s) => s.name);

/** `<strategy | spec.json> [ranges...]` -> the engine's spec input and the strategy's default data. */
function specOf(first: string, ranges: string[]): { spec: string | string[]; strategy: string | undefined; defaultData: string } {
  const isJson = first.trim().startsWith('{') || first.toLowerCase().endsWith('.json');
  if (isJson) {
    if (ranges.length) throw new UsageError(`a JSON spec takes no ranges on the command line; put ${ranges[0]} in the spec`);
    const text = first.trim().startsWith('{') ? first : resolve(first);
    if (!text.startsWith('{') && !existsSync(text)) throw new UsageError(`no such spec file: ${first}`);
    return { spec: text, strategy: undefined, defaultData: 'fixtures/crypto12.arrow' };
  }
  const def = findStrategy(first);
  if (!gridStrategyNames().includes(def.fn)) {
    throw new UsageError(`strategy '${def.name}' has no grid; grids run ${gridNames().join(', ')}`);
  }
  return { spec: ranges, strategy: def.fn, defaultData: def.defaultData };
}

/** The first failed point of a results table (its `error` column), if any. */
function firstError(t: Table): { point: number; error: string } | null {
  const err = t.getChild('error');
  const point = t.getChild('point');
  if (!err || !point) return null;
  for (let i = 0; i < t.numRows; i++) {
    const e = err.get(i) as string | null;
    if (e !== null) return { point: Number(point.get(i)), error: e };
  }
  return null;
}

/**
 * The `grid` command: `grid()` of src/grid with the CLI flags. Exit 130 when interrupted,
 * 3 when the grid finished with failed points (after printing and writing the results),
 * 0 when every point succeeded.
 */
export function gridCommand(getOutput: (cmd: Command) => Output): Command {
  const cmd = new Command('grid')
    .description('run a parameter grid (every combination of the ranges, or a sample) and rank the points')
    .argument("<strategy|spec>", `${gridNames().join(', ')}, or a JSON spec file`)
    .argument('[ranges...]', 'name=values, e.g. lookback=20:260:20 topN=1..5 rebalance=weekly,monthly sample=500 seed=1')
    .option('-d, --data <file>', "prices (.csv, .arrow, .parquet); default the strategy's bundled fixture");
  addReaderFlags(cmd);
  return cmd
    .option('-w, --workers <n>', 'worker threads (default: sized to the work, at most the CPU count; 0 = this thread)', intArg(0))
    .option('--top <n>', `points shown and kept with their series (default ${GRID_DEFAULTS.topK})`, intArg(1))
    .option('--metric <name>', `ranking metric: ${GRID_METRICS.join(', ')} (default ${GRID_DEFAULTS.metric})`, choiceArg(GRID_METRICS))
    .option('-o, --out <dir>', 'write results.arrow, results.csv, results.json, summary.txt (and heatmap.html) there (checked before the grid runs)')
    .option('-f, --force', 'run a grid larger than --limit, and replace existing results in --out')
    .option('--limit <n>', `largest grid run without --force (default ${GRID_DEFAULTS.limit})`, intArg(1))
    .option('--no-ruined-last', 'rank ruined points (equity reached 0) by the metric alone; by default they rank after every solvent point')
    .option('--cscv', 'probability of backtest overfitting by CSCV (keeps every point\'s returns)')
    .option('--periods-per-year <n>', 'annualisation (default: from the dates)', numberArg(0))
    .option('--include-warmup', 'measure every point from the first row, not from the end of its warm-up (as xmom backtest --include-warmup)')
    .option('--backend <backend>', 'kernels: wasm (default) or js', choiceArg(['wasm', 'js'] as const))
    .option('-q, --queue <url>', 'run on `xmom worker` processes through a Redis queue (redis://host:port/db) instead of local threads')
    .addHelpText('after', `
Ranges: ${RANGE_FORMS}.
A name is a strategy parameter first, then a backtest one (${BACKTEST_PARAMS.map((d) => d.name).join(', ')});
backtest.NAME forces the backtester's. Strategy parameters:
${gridStrategyNames().map((s) => `  ${s}: ${strategyParamDefs(s).map((d) => d.name).join(', ')}`).join('\n')}
A per-asset fee map is one value: feesBps=BTC=5;ETH=8;default=10 (feesScale=0.5,1,2 scales it).
The drawdown stop takes both: stop.drawdown=0.2,0.3 stop.cooloff=10,1m.
Rebalance values: daily, weekly (Mondays), weekly-sun .. weekly-sat, monthly (last bar), monthly-first.

Examples:
  $ xmom grid dual-momentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly
  $ xmom grid tsm lookback=30:360:30 mode=long-cash,long-short feesBps=0,10 --metric calmar --top 5
  $ xmom grid csm lookback=60:240:60 topN=1..4 bottomN=0 volTarget.target=0.2,0.3 --out out/grid
  $ xmom grid spec.json --workers 2 --json
  $ xmom grid dual-momentum lookback=5:500:1 topN=1..10 sample=2000 seed=7 --cscv
  $ xmom grid dual-momentum lookback=20:260:20 topN=1..5 --queue redis://127.0.0.1:6379/0   # on xmom workers`)
    .action(async (first: string, ranges: string[], f: GridFlags, self: Command) => {
      const out = getOutput(self);
      const g = self.optsWithGlobals<GlobalOptions>();
      const { spec, strategy, defaultData } = specOf(first, ranges);
      const { grid } = await import('../grid/grid.js');
      const { formatTopTable, gridSummary } = await import('../grid/output.js');
      const dataPath = f.data ? resolve(f.data) : bundledDataPath(defaultData);
      if (f.out) checkOutDir('--out', resolve(f.out), OUT_FILES.grid, f.force === true);
      const { panel } = loadWide(dataPath, f);
      try {
        const result = await grid(spec, panel, {
          ...(strategy ? { strategy } : {}),
          ...(f.workers !== undefined ? { workers: f.workers } : {}),
          ...(f.top !== undefined ? { topK: f.top } : {}),
          ...(f.metric ? { metric: f.metric } : {}),
          ...(f.out ? { outDir: resolve(f.out) } : {}),
          ...(f.force ? { force: true } : {}),
          ...(f.limit !== undefined ? { limit: f.limit } : {}),
          ...(f.cscv ? { cscv: true } : {}),
          ...(f.ruinedLast === false ? { ruinedLast: false } : {}),
          ...(f.periodsPerYear !== undefined ? { periodsPerYear: f.periodsPerYear } : {}),
          ...(f.backend ? { backend: f.backend } : {}),
          ...(f.queue ? { queue: f.queue } : {}),
          ...(f.includeWarmup ? { includeWarmup: true } : {}),
          progress: process.stderr.isTTY === true && g.progress !== false,
        });
        if (out.json) {
          out.result({ command: 'grid', data: dataPath, ...gridSummary(result), files: result.files });
        } else {
          const s = result.stats;
          out.text(`grid ${result.strategy} on ${shownPath(dataPath)}: ${result.completed} of ${result.points} points in ${(s.elapsedMs / 1000).toFixed(2)} s`
            + ` (${Math.round(s.backtestsPerSecond).toLocaleString('en-US')} backtests/s, ${f.queue ? `xmom workers on ${f.queue}` : `${s.workers} worker${s.workers === 1 ? '' : 's'}`})${result.failed ? `, ${result.failed} failed` : ''}`
            + `${result.ruined ? `, ${result.ruined} ruined (equity reached 0${result.ruinedLast ? '; ranked last' : ''})` : ''}`);
          const failure = firstError(result.table);
          if (failure) out.text(`first failure: point ${failure.point}: ${failure.error}`);
          out.text('');
          out.text(formatTopTable(result, f.top ?? GRID_DEFAULTS.topK));
          if (result.deflatedSharpe) {
            out.text(`\ndeflated Sharpe ratio of the best point (${result.deflatedSharpe.trials} trials): ${result.deflatedSharpe.dsr.toFixed(3)} (P(true Sharpe > 0); below 0.95 is not significant)`);
          }
          if (result.pbo) out.text(`probability of backtest overfitting (CSCV): ${result.pbo.pbo.toFixed(3)}`);
          if (result.files) out.text(`\nresults: ${shownPath(result.files.arrow)}${result.files.heatmap ? `, heatmap: ${shownPath(result.files.heatmap)}` : ''}`);
        }
        if (result.partial) throw new Interrupted(`interrupted: ${result.completed} of ${result.points} points finished${result.files ? ' (written)' : ''}`);
        if (result.failed > 0) {
          const first = firstError(result.table);
          throw new PointsFailed(`${result.failed} of ${result.points} points failed${first ? ` (first: point ${first.point}: ${first.error})` : ''}; `
            + `each is in the error column of the results${result.files ? ' (written)' : ''}`);
        }
      } finally {
        panel.free();
      }
    });
}
