/**
 * The strategies `xmom backtest` and `xmom grid` can run, by command-line name, with
 * their parameters typed for `--param key=value`. Each entry turns loaded data into a
 * weights panel through the library function of the same name; defaults are the
 * library's own (`*_DEFAULTS`), shown in `xmom backtest --help`.
 */
import type { Table } from 'apache-arrow';
import type { Panel } from '../panel.js';
import type { Backend } from '../engine/index.js';
import { tsm, TSM_DEFAULTS } from '../strategies/tsm.js';
import { csm, CSM_DEFAULTS } from '../strategies/csm.js';
import { dualMomentum, DUAL_MOMENTUM_DEFAULTS } from '../strategies/dualMomentum.js';
import { multiHorizonMomentum, MULTI_HORIZON_DEFAULTS } from '../strategies/multiHorizonMomentum.js';
import { fxTrend, FX_TREND_DEFAULTS } from '../strategies/fxTrend.js';
import { BAZ_DEFAULTS } from '../strategies/baz.js';
import { doubleSort, DOUBLE_SORT_DEFAULTS } from '../strategies/doubleSort.js';
import { doubleSortPrices } from '../strategies/delisting.js';
import { riskParity, RISK_PARITY_DEFAULTS } from '../weighting/riskParity.js';
import { UsageError } from './errors.js';
import type { ParamSpec } from './params.js';

/** Defaults the command line adds on top of the library's (one place). */
export const CLI_STRATEGY_DEFAULTS = {
  /** `multiHorizonMomentum` without topN returns scores, not weights: the CLI holds the best 3. */
  multiHorizonTopN: 3,
} as const;

/** What a strategy reads: a wide price panel, or long rows (date, symbol, close, market_cap, ...). */
export type DataKind = 'wide' | 'long';

/** Loaded input of a strategy: `prices` for wide data, `rows` for long data. */
export interface StrategyInput {
  prices?: Panel;
  rows?: Table;
}

/** Prices to simulate on and the target weights (same shape); the caller frees both. */
export interface StrategyRun {
  prices: Panel;
  weights: Panel;
}

export interface StrategyDef {
  /** Command-line name, e.g. `dual-momentum`. */
  name: string;
  /** The library function it calls. */
  fn: string;
  summary: string;
  data: DataKind;
  /** Bundled fixture used when `--data` is not given (path from the repository root). */
  defaultData: string;
  params: readonly ParamSpec[];
  /** Weights from the input; `prices` in the result is the input's panel or a new one (`ownsPrices`). */
  run(input: StrategyInput, params: Record<string, unknown>, backend: Backend | undefined): StrategyRun & { ownsPrices: boolean };
}

const lookback = (d: number): ParamSpec => ({ key: 'lookback', type: 'int', help: 'bars of the momentum return', default: d });
const skip = (d: number): ParamSpec => ({ key: 'skip', type: 'int', help: 'most recent bars left out of the return', default: d });

/** Runs a wide-data strategy: `weights(prices, options)`. */
function wide(f: (p: Panel, o: Record<string, unknown>) => Panel) {
  return (input: StrategyInput, params: Record<string, unknown>, backend: Backend | undefined) => {
    const prices = input.prices!;
    return { prices, weights: f(prices, { ...params, backend }), ownsPrices: false };
  };
}

/** Every strategy the CLI runs, in help order. */
export const STRATEGIES: readonly StrategyDef[] = [
  {
    name: 'tsm',
    fn: 'tsm',
    summary: 'time-series momentum: long (or short) each asset on its own past return',
    data: 'wide',
    defaultData: 'fixtures/crypto12.arrow',
    params: [
      lookback(TSM_DEFAULTS.lookback), skip(TSM_DEFAULTS.skip),
      { key: 'threshold', type: 'number', help: 'return to beat (not annualised)', default: TSM_DEFAULTS.threshold },
      { key: 'mode', type: 'enum', values: ['long-cash', 'long-short'], help: 'flat or short below the threshold', default: TSM_DEFAULTS.mode },
    ],
    run: wide((p, o) => tsm(p, o)),
  },
  {
    name: 'csm',
    fn: 'csm',
    summary: 'cross-sectional momentum: long the best topN, short the worst bottomN',
    data: 'wide',
    defaultData: 'fixtures/crypto12.arrow',
    params: [
      lookback(CSM_DEFAULTS.lookback), skip(CSM_DEFAULTS.skip),
      { key: 'topN', type: 'int', help: 'assets held long (give topN or quantile)' },
      { key: 'bottomN', type: 'int', help: 'assets held short (default topN; 0 long-only)' },
      { key: 'quantile', type: 'number', help: 'fraction held long' },
      { key: 'bottomQuantile', type: 'number', help: 'fraction held short (default quantile)' },
      { key: 'rankMethod', type: 'enum', values: ['first', 'average'], help: 'tie rule', default: CSM_DEFAULTS.rankMethod },
    ],
    run: wide((p, o) => csm(p, o)),
  },
  {
    name: 'dual-momentum',
    fn: 'dualMomentum',
    summary: "Antonacci's dual momentum: absolute filter against the risk-free rate, then the best topN",
    data: 'wide',
    defaultData: 'fixtures/crypto12.arrow',
    params: [
      lookback(DUAL_MOMENTUM_DEFAULTS.lookback), skip(DUAL_MOMENTUM_DEFAULTS.skip),
      { key: 'topN', type: 'int', help: 'slots, 1/topN each', default: DUAL_MOMENTUM_DEFAULTS.topN },
      { key: 'riskFree', type: 'number', help: 'annual risk-free rate of the absolute filter', default: DUAL_MOMENTUM_DEFAULTS.riskFree },
      { key: 'periodsPerYear', type: 'number', help: 'bars per year (default: from the dates)' },
      { key: 'defensive', type: 'string', help: 'column that takes the empty slots (e.g. USDT); default cash' },
    ],
    run: wide((p, o) => dualMomentum(p, o)),
  },
  {
    name: 'multi-horizon',
    fn: 'multiHorizonMomentum',
    summary: 'seed 000 crypto momentum: weighted 7/30/90-bar returns, the best topN positive scores',
    data: 'wide',
    defaultData: 'fixtures/crypto12.arrow',
    params: [
      { key: 'horizons', type: 'ints', help: 'lookbacks, comma separated', default: MULTI_HORIZON_DEFAULTS.horizons.join(',') },
      { key: 'weights', type: 'numbers', help: 'weight per horizon, comma separated', default: MULTI_HORIZON_DEFAULTS.weights.join(',') },
      skip(MULTI_HORIZON_DEFAULTS.skip),
      { key: 'topN', type: 'int', help: 'assets held, 1/topN each', default: CLI_STRATEGY_DEFAULTS.multiHorizonTopN },
      { key: 'riskFree', type: 'number', help: 'annual risk-free rate of the absolute filter, scaled to each horizon (default 0)' },
      { key: 'periodsPerYear', type: 'number', help: 'bars per year (default: from the dates)' },
      { key: 'defensive', type: 'string', help: 'column that takes the empty slots (e.g. USDT); default cash (earning --cash-rate)' },
    ],
    run: wide((p, o) => multiHorizonMomentum(p, { topN: CLI_STRATEGY_DEFAULTS.multiHorizonTopN, ...o })),
  },
  {
    name: 'fx-trend',
    fn: 'fxTrend',
    summary: 'Baz et al. (2015) EWMA-crossover trend on foreign/USD rates, levered',
    data: 'wide',
    defaultData: 'fixtures/fx10.arrow',
    params: [
      { key: 'pairs', type: 'pairs', help: 'short:long EWMA lengths', default: BAZ_DEFAULTS.pairs.map(([s, l]) => `${s}:${l}`).join(',') },
      { key: 'weights', type: 'numbers', help: 'weight per pair (default equal; the seed: 0.2,0.5,0.3)' },
      { key: 'priceStdWindow', type: 'int', help: 'window of the price std', default: BAZ_DEFAULTS.priceStdWindow },
      { key: 'signalStdWindow', type: 'int', help: 'window of the signal std', default: BAZ_DEFAULTS.signalStdWindow },
      { key: 'adjust', type: 'bool', help: 'pandas ewm adjust', default: BAZ_DEFAULTS.adjust },
      { key: 'leverage', type: 'number', help: 'signal multiplier: w = leverage * signal / N (not the gross exposure)', default: FX_TREND_DEFAULTS.leverage },
      { key: 'grossLeverage', type: 'number', help: 'scale each row to this gross sum |w| (instead of leverage)' },
      { key: 'portfolio', type: 'enum', values: ['time-series', 'cross-sectional'], help: 'own signal per currency, or signals demeaned across currencies', default: FX_TREND_DEFAULTS.portfolio },
    ],
    run: wide((p, o) => fxTrend(p, o)),
  },
  {
    name: 'double-sort',
    fn: 'doubleSort',
    summary: "D'Souza et al. time-series x cross-sectional double sort, monthly, value weighted, long-short",
    data: 'long',
    defaultData: 'fixtures/equities.arrow',
    params: [
      { key: 'lookback', type: 'int', help: 'months back of the older close', default: DOUBLE_SORT_DEFAULTS.lookback },
      { key: 'skip', type: 'int', help: 'months back of the newer close', default: DOUBLE_SORT_DEFAULTS.skip },
      { key: 'quantiles', type: 'int', help: 'performance quantiles', default: DOUBLE_SORT_DEFAULTS.quantiles },
      { key: 'topK', type: 'int', help: 'universe: the topK by dollar volume (default all)' },
      { key: 'exchanges', type: 'string', help: 'comma-separated exchanges to keep (needs an exchange column), e.g. NYSE,NASDAQ' },
    ],
    run(input, params, backend) {
      const rows = input.rows!;
      const { exchanges, ...rest } = params as Record<string, unknown>;
      const list = typeof exchanges === 'string' ? exchanges.split(',').map((e) => e.trim()) : undefined;
      const weights = doubleSort(rows, { ...rest, ...(list ? { exchanges: list } : {}), backend });
      // Delisted stocks earn their delisting_return (default -30%) in the month after their last row.
      const close = doubleSortPrices(rows);
      return { prices: close, weights, ownsPrices: true };
    },
  },
  {
    name: 'risk-parity',
    fn: 'riskParity',
    summary: 'every asset, inverse volatility with a correlation penalty (seed 000 risk_parity_crypto)',
    data: 'wide',
    defaultData: 'fixtures/crypto12.arrow',
    params: [
      { key: 'window', type: 'int', help: 'bars of returns in the estimates', default: RISK_PARITY_DEFAULTS.window },
      { key: 'maxCorrelation', type: 'number', help: 'mean correlation above which an asset is penalised', default: RISK_PARITY_DEFAULTS.maxCorrelation },
    ],
    run: wide((p, o) => riskParity(p, o)),
  },
];

/** The strategy named `name` (also accepts the library function's name), or a usage error listing them. */
export function findStrategy(name: string): StrategyDef {
  const k = name.toLowerCase().replace(/[-_]/g, '');
  const s = STRATEGIES.find((d) => d.name.replace(/-/g, '') === k || d.fn.toLowerCase() === k);
  if (!s) throw new UsageError(`unknown strategy '${name}'; strategies are ${STRATEGIES.map((d) => d.name).join(', ')}`);
  return s;
}

/** Help text: every strategy with its parameters and defaults. */
export function strategiesHelp(): string {
  return STRATEGIES.map((s) => {
    const params = s.params.map((p) => {
      const d = p.default === undefined ? '' : ` (default ${String(p.default)})`;
      const v = p.values ? ` [${p.values.join('|')}]` : '';
      return `      ${p.key}${v}: ${p.help}${d}`;
    });
    return [`  ${s.name}  ${s.summary}; data ${s.data}, default ${s.defaultData}`, ...params].join('\n');
  }).join('\n');
}
