/**
 * `xmom signals <strategy>`: what to hold after the as-of close (the seed's run_strategy
 * example). The strategy's target weights at the as-of row (default the last row) and the
 * trades that take the current book to them. Every strategy of the registry
 * (src/cli/strategies.ts) and every weighting / schedule flag of `backtest` works.
 *
 * No look-ahead: wide data is cut at the as-of row before the strategy runs, so nothing
 * after it is read. Long data (double-sort) is turned into monthly panels first and the
 * panels are cut at the as-of row (the strategy's weights of a row use rows <= it, as its
 * perturbation test checks).
 *
 * The current book is, in order of preference:
 * - `--holdings FILE`: a JSON object `{ "BTC": 0.4, "ETH": 0.2 }` or a CSV with header
 *   `asset,weight` (also `symbol,weight`): weights as fractions of equity; assets left out
 *   hold 0; the rest is cash. An asset that is not a column of the data is an error.
 * - otherwise the strategy's own book: a backtest of the strategy with the given flags on
 *   the rows up to the as-of row, in which the as-of row itself is not traded: the
 *   weights held after the previous rebalance, drifted by the prices to the as-of close
 *   (fees, bands, schedule and cash rate applied as in `xmom backtest`).
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Table } from 'apache-arrow';
import { Panel } from '../panel.js';
import { backtest } from '../backtest/backtest.js';
import { scheduleRows } from '../backtest/schedule.js';
import { freeResult } from '../backtest/evaluation.js';
import { isoDate, parseDate } from '../data/dates.js';
import { addBacktestFlags, applyWeighting, backtestOptions, weightingSteps, type BacktestFlags } from './backtestFlags.js';
import { addReaderFlags, bundledDataPath, loadLong, loadWide, shownPath, type ReaderFlags } from './dataFile.js';
import type { Output } from './output.js';
import { UsageError } from './errors.js';
import { addStrategyFlags, strategyParams } from './backtest.js';
import { findStrategy, strategiesHelp } from './strategies.js';
import { paramsText } from './runOutput.js';
import { textTable } from './table.js';
import { checkScheduleEarly } from './run.js';

interface Flags extends BacktestFlags, ReaderFlags {
  param?: string[];
  lookback?: number;
  skip?: number;
  topN?: number;
  data?: string;
  asOf?: string;
  holdings?: string;
}

/** One asset of the signal: current weight, target weight, trade = target - current. */
export interface SignalRow {
  asset: string;
  current: number;
  target: number;
  trade: number;
}

/** The first `rows` rows of a panel as a new panel (same labels). */
export function headRows(p: Panel, rows: number): Panel {
  const dates = p.dates();
  return Panel.fromRows(p.values.slice(0, rows * p.nCols), rows, p.nCols, {
    columns: [...p.columns],
    ...(p.index ? { index: Array.from(dates.subarray(0, rows)) } : {}),
  });
}

/** The as-of row: the last row dated on or before `asOf` (ISO date), or the last row. */
export function asOfRow(prices: Panel, asOf: string | undefined): number {
  const T = prices.nRows;
  if (T === 0) throw new UsageError('signals: the data has no rows');
  if (asOf === undefined) return T - 1;
  if (!prices.index) throw new UsageError('--as-of: the data has no dates; leave --as-of out (the last row is used)');
  const ms = parseDate(asOf.trim(), 'iso');
  if (!Number.isFinite(ms)) throw new UsageError(`--as-of '${asOf}': not a date; write YYYY-MM-DD (UTC)`);
  const d = prices.dates();
  if (ms < d[0]) throw new UsageError(`--as-of ${asOf}: before the first date of the data (${isoDate(d[0])})`);
  if (ms > d[T - 1]) throw new UsageError(`--as-of ${asOf}: after the last date of the data (${isoDate(d[T - 1])}); signals for a date the data does not reach would be stale`);
  let t = T - 1;
  while (d[t] > ms) t--;
  return t;
}

/** A holdings file (JSON object or `asset,weight` CSV) as weights over `columns` (absent assets 0). */
export function readHoldings(path: string, columns: readonly string[]): Float64Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--holdings ${shownPath(path)}: cannot read it (${(e as Error).message})`);
  }
  const entries: [string, unknown, string][] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let obj: unknown;
    try {
      obj = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`--holdings ${shownPath(path)}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UsageError(`--holdings ${shownPath(path)}: must be a JSON object of asset -> weight, e.g. {"BTC": 0.5}`);
    for (const [k, v] of Object.entries(obj)) entries.push([k, v, `key '${k}'`]);
  } else {
    const lines = trimmed.split(/\r?\n/);
    const head = lines[0].split(',').map((s) => s.trim().toLowerCase());
    if (head.length !== 2 || !['asset', 'symbol'].includes(head[0]) || head[1] !== 'weight') {
      throw new UsageError(`--holdings ${shownPath(path)}: a CSV needs the header asset,weight (or symbol,weight); got '${lines[0]}'`);
    }
    lines.slice(1).forEach((line, i) => {
      if (line.trim() === '') return;
      const cells = line.split(',').map((s) => s.trim());
      if (cells.length !== 2) throw new UsageError(`--holdings ${shownPath(path)} line ${i + 2}: expected asset,weight; got '${line}'`);
      entries.push([cells[0], cells[1] === '' ? NaN : Number(cells[1]), `line ${i + 2}`]);
    });
  }
  const w = new Float64Array(columns.length);
  const seen = new Set<string>();
  for (const [asset, v, where] of entries) {
    const j = columns.indexOf(asset);
    if (j < 0) throw new UsageError(`--holdings ${shownPath(path)} ${where}: asset '${asset}' is not a column of the data (${columns.join(', ')})`);
    if (seen.has(asset)) throw new UsageError(`--holdings ${shownPath(path)} ${where}: asset '${asset}' is given twice`);
    seen.add(asset);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`--holdings ${shownPath(path)} ${where}: the weight of '${asset}' must be a finite number (fraction of equity), got ${JSON.stringify(v)}`);
    w[j] = v;
  }
  return w;
}

/** The `signals` command; `getOutput` gives the command's output (text / JSON). */
export function signalsCommand(getOutput: (cmd: Command) => Output): Command {
  const cmd = addStrategyFlags(
    new Command('signals').description('target weights at a date (default the last row) and the trades that take the current book to them'),
    'a strategy parameter (repeatable), as in backtest',
  )
    .option('--as-of <date>', 'decision date YYYY-MM-DD: the last row on or before it (default the last row); later rows are not read')
    .option('--holdings <file>', "current book: JSON {\"BTC\": 0.5, ...} or CSV asset,weight (default: the strategy's own book from a backtest up to the as-of date)");
  addReaderFlags(cmd);
  addBacktestFlags(cmd);
  cmd
    .addHelpText('after', `
The current book without --holdings is the strategy's own: a backtest with the same flags
(--rebalance, --band, --fees-bps, weighting ...) on the rows up to the as-of row, holding
through the as-of row (its weights after the last rebalance, drifted to the as-of close).
"scheduled" says whether --rebalance trades at the as-of row.

Strategies and their parameters:
${strategiesHelp()}

Examples:
  $ xmom signals multi-horizon --rebalance weekly:sun --vol-target 0.3
  $ xmom signals dual-momentum --data prices.csv --as-of 2024-06-30 --holdings book.json --json`)
    .action((name: string, f: Flags, self: Command) => {
      const out = getOutput(self);
      const strategy = findStrategy(name);
      const params = strategyParams(strategy, f);
      if (f.lag !== undefined && f.lag !== 1) throw new UsageError(`--lag ${f.lag}: signals are traded at the as-of close (lag 1); leave --lag out`);
      const options = backtestOptions(f);
      const dataPath = f.data ? resolve(f.data) : bundledDataPath(strategy.defaultData);
      const owned: Panel[] = [];
      try {
        let prices: Panel;
        let weights: Panel;
        if (strategy.data === 'wide') {
          const full = loadWide(dataPath, f).panel;
          owned.push(full);
          const row = asOfRow(full, f.asOf);
          prices = row === full.nRows - 1 ? full : headRows(full, row + 1);
          if (prices !== full) { owned.push(prices); full.free(); owned.shift(); }
          checkScheduleEarly(prices, options);
          const run = strategy.run({ prices }, params, f.backend);
          weights = run.weights;
          owned.push(weights);
        } else {
          const rows: Table = loadLong(dataPath, f);
          const run = strategy.run({ rows }, params, f.backend);
          owned.push(run.prices, run.weights);
          const row = asOfRow(run.prices, f.asOf);
          prices = headRows(run.prices, row + 1);
          weights = headRows(run.weights, row + 1);
          owned.push(prices, weights);
        }
        const w = applyWeighting(weights, prices, f);
        if (w !== weights) owned.push(w);
        const T = prices.nRows;
        const t = T - 1;
        const N = prices.nCols;
        const target = w.row(t);
        const flags = scheduleRows('signals', prices, options.rebalance ?? 'daily');
        let current: Float64Array;
        if (f.holdings) {
          current = readHoldings(resolve(f.holdings), prices.columns);
        } else {
          // The strategy's book: the same backtest, but the as-of row is not traded.
          const dates = prices.dates();
          const traded: number[] = [];
          for (let s = 0; s < t; s++) if (flags[s]) traded.push(prices.index ? dates[s] : s);
          const r = backtest(prices, w, { ...options, rebalance: traded, includeWarmup: true, nanWeights: options.nanWeights ?? 'zero' });
          try {
            const held = r.weights;
            current = held.row(held.nRows - 1);
          } finally {
            freeResult(r);
          }
        }
        const assets: SignalRow[] = [];
        for (let j = 0; j < N; j++) {
          const tg = Number.isNaN(target[j]) ? 0 : target[j];
          assets.push({ asset: prices.columns[j], current: current[j], target: tg, trade: tg - current[j] });
        }
        const sum = (k: 'current' | 'target'): number => assets.reduce((s, a) => s + a[k], 0);
        const date = prices.index ? isoDate(prices.dates()[t]) : null;
        const doc = {
          command: 'signals',
          strategy: strategy.name,
          params,
          weighting: weightingSteps(f),
          asOf: date,
          row: t,
          scheduled: flags[t] === 1,
          book: f.holdings ? 'holdings' : 'backtest',
          assets,
          cash: { current: 1 - sum('current'), target: 1 - sum('target') },
          turnover: assets.reduce((s, a) => s + Math.abs(a.trade), 0),
        };
        if (out.json) {
          out.result(doc);
          return;
        }
        const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
        out.text(`${strategy.name} ${paramsText(params)}${doc.weighting.length ? ` | weighting: ${doc.weighting.join(', ')}` : ''}`);
        out.text(`as of ${date ?? `row ${t}`} (${doc.scheduled ? 'a rebalance row' : 'not a rebalance row of --rebalance: the schedule would hold'}); current book: ${f.holdings ? shownPath(resolve(f.holdings)) : 'the strategy\'s own (backtest)'}`);
        out.text();
        const shown = assets.filter((a) => a.current !== 0 || a.target !== 0);
        for (const line of textTable(['Asset', 'Current', 'Target', 'Trade'], [
          ...shown.map((a) => [a.asset, pct(a.current), pct(a.target), a.trade === 0 ? '-' : `${a.trade > 0 ? '+' : ''}${pct(a.trade)}`]),
          ['cash', pct(doc.cash.current), pct(doc.cash.target), ''],
        ])) out.text(line);
        out.text();
        out.text(`turnover ${pct(doc.turnover)}`);
      } finally {
        for (const p of owned) if (!p.freed) p.free();
      }
    });
  return cmd;
}
