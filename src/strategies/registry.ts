/**
 * The strategies by name, each with its one parameter schema. The grid's axes and
 * parameter checks (src/grid/params.ts), the command line's strategies, `--param` flags
 * and help (src/cli/strategies.ts) and the web demo's form (web/fields.ts) are generated
 * from these entries: a parameter added to a strategy's schema, or a strategy added with
 * `registerStrategy`, appears in all three without touching them.
 */
import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import type { ParamSchema } from '../schema/param.js';
import { csm, CSM_PARAMS } from './csm.js';
import { doubleSort, DOUBLE_SORT_PARAMS } from './doubleSort.js';
import { doubleSortPrices } from './delisting.js';
import { dualMomentum, DUAL_PARAMS } from './dualMomentum.js';
import { fxTrend, FX_TREND_PARAMS } from './fxTrend.js';
import { multiHorizonMomentum, MULTI_HORIZON_PARAMS } from './multiHorizonMomentum.js';
import { tsm, TSM_PARAMS } from './tsm.js';
import { riskParity, RISK_PARITY_PARAMS } from '../weighting/riskParity.js';

/** What a strategy reads: a wide price panel, or long rows (date, symbol, close, market_cap, ...). */
export type DataKind = 'wide' | 'long';

export interface StrategyEntry {
  /** The library function's name (`dualMomentum`): the grid's and the web form's name. */
  name: string;
  /** Command-line name (`dual-momentum`). */
  cliName: string;
  /** One line for help texts. */
  summary: string;
  /** Its options, in the order they are listed (validation, grid, CLI, form). */
  params: readonly ParamSchema[];
  data: DataKind;
  /** Bundled fixture the CLI uses when `--data` is not given (path from the repository root). */
  defaultData: string;
  /** Wide data: the target weights of a price panel (a new Panel). */
  weights?: (prices: Panel, options: Record<string, unknown>) => Panel;
  /** Long data: the prices to simulate on and the target weights (new panels the caller frees). */
  fromRows?: (rows: Table, options: Record<string, unknown>) => { prices: Panel; weights: Panel };
  /** Whether `grid` runs it (wide data; its `gridable` parameters are the axes). */
  grid?: boolean;
  /** Shown in the web demo: its title and the default grid of two numeric parameters. */
  form?: { label: string; grid: { x: string; xs: number[]; y: string; ys: number[] } };
}

const LOOKBACKS = [30, 60, 90, 180, 252, 365];

const BUILTINS: readonly StrategyEntry[] = [
  {
    name: 'tsm', cliName: 'tsm', summary: 'time-series momentum: long (or short) each asset on its own past return',
    params: TSM_PARAMS, data: 'wide', defaultData: 'fixtures/crypto12.arrow', weights: (p, o) => tsm(p, o), grid: true,
    form: { label: 'Time-series momentum', grid: { x: 'lookback', xs: LOOKBACKS, y: 'skip', ys: [0, 1, 7, 30] } },
  },
  {
    name: 'csm', cliName: 'csm', summary: 'cross-sectional momentum: long the best topN, short the worst bottomN',
    params: CSM_PARAMS, data: 'wide', defaultData: 'fixtures/crypto12.arrow', weights: (p, o) => csm(p, o), grid: true,
    form: { label: 'Cross-sectional momentum', grid: { x: 'lookback', xs: LOOKBACKS, y: 'topN', ys: [1, 2, 3, 4] } },
  },
  {
    name: 'dualMomentum', cliName: 'dual-momentum', summary: "Antonacci's dual momentum: absolute filter against the risk-free rate, then the best topN",
    params: DUAL_PARAMS, data: 'wide', defaultData: 'fixtures/crypto12.arrow', weights: (p, o) => dualMomentum(p, o), grid: true,
    form: { label: 'Dual momentum (Antonacci)', grid: { x: 'lookback', xs: LOOKBACKS, y: 'topN', ys: [1, 2, 3, 4, 5] } },
  },
  {
    name: 'multiHorizonMomentum', cliName: 'multi-horizon', summary: 'seed 000 crypto momentum: weighted 7/30/90-bar returns, the best topN positive scores',
    params: MULTI_HORIZON_PARAMS, data: 'wide', defaultData: 'fixtures/crypto12.arrow', weights: (p, o) => multiHorizonMomentum(p, o), grid: true,
    form: { label: 'Multi-horizon momentum (crypto)', grid: { x: 'skip', xs: [0, 1, 3, 7], y: 'topN', ys: [1, 2, 3, 4, 5] } },
  },
  {
    name: 'fxTrend', cliName: 'fx-trend', summary: 'Baz et al. (2015) EWMA-crossover trend on foreign/USD rates, levered',
    params: FX_TREND_PARAMS, data: 'wide', defaultData: 'fixtures/fx10.arrow', weights: (p, o) => fxTrend(p, o), grid: true,
    form: { label: 'FX trend (Baz et al. 2015)', grid: { x: 'priceStdWindow', xs: [21, 42, 63, 126], y: 'signalStdWindow', ys: [126, 252, 504] } },
  },
  {
    name: 'doubleSort', cliName: 'double-sort', summary: "D'Souza et al. time-series x cross-sectional double sort, monthly, value weighted, long-short",
    params: DOUBLE_SORT_PARAMS, data: 'long', defaultData: 'fixtures/equities.arrow',
    fromRows(rows, options) {
      const { exchanges, ...rest } = options;
      const list = typeof exchanges === 'string' ? exchanges.split(',').map((e) => e.trim()) : exchanges;
      const weights = doubleSort(rows, { ...rest, ...(list === undefined ? {} : { exchanges: list as string[] }) });
      // Delisted stocks earn their delisting_return (default -30%) in the month after their last row.
      return { prices: doubleSortPrices(rows), weights };
    },
  },
  {
    name: 'riskParity', cliName: 'risk-parity', summary: 'every asset, inverse volatility with a correlation penalty (seed 000 risk_parity_crypto)',
    params: RISK_PARITY_PARAMS, data: 'wide', defaultData: 'fixtures/crypto12.arrow', weights: (p, o) => riskParity(p, o),
  },
];

const entries = new Map<string, StrategyEntry>(BUILTINS.map((e) => [e.name, e]));

/** Names of the strategies that ship with the package. */
export const BUILTIN_STRATEGIES: readonly string[] = Object.freeze(BUILTINS.map((e) => e.name));

/**
 * Adds a strategy: from then on the grid accepts it (with `workers: 0`: worker threads
 * know the built-in strategies only), the CLI lists and runs it, the web form shows it
 * (with `form`). Its name and CLI name must be new; a wide strategy needs `weights`, a
 * long one `fromRows`. Returns a function that removes it again.
 */
export function registerStrategy(entry: StrategyEntry): () => void {
  const taken = [...entries.values()].find((e) => e.name === entry.name || e.cliName === entry.cliName || e.cliName === entry.name);
  if (taken) throw new InputError(`registerStrategy: a strategy named '${taken.name}' (${taken.cliName}) exists already`);
  if (entry.data === 'wide' ? !entry.weights : !entry.fromRows) {
    throw new InputError(`registerStrategy: ${entry.name} reads ${entry.data} data and needs ${entry.data === 'wide' ? 'weights(prices, options)' : 'fromRows(rows, options)'}`);
  }
  if (entry.grid && entry.data !== 'wide') throw new InputError(`registerStrategy: ${entry.name}: only a wide strategy can run in a grid`);
  const seen = new Set<string>();
  for (const p of entry.params) {
    if (seen.has(p.name)) throw new InputError(`registerStrategy: ${entry.name} lists parameter '${p.name}' twice`);
    seen.add(p.name);
  }
  entries.set(entry.name, entry);
  return () => {
    if (entries.get(entry.name) === entry) entries.delete(entry.name);
  };
}

/** Every strategy, built-in ones first, in registration order. */
export function strategyEntries(): readonly StrategyEntry[] {
  return [...entries.values()];
}

/** The strategy of library name `name`, or undefined. */
export function strategyEntry(name: string): StrategyEntry | undefined {
  return entries.get(name);
}
