/**
 * The demo's computation, written only with the public package API so that the same
 * calls in Node give the same numbers (test/browser.test.ts checks that they do).
 */
import {
  backtest, buyAndHold, compareMetrics, drawdownSeries, equalWeight, metrics, strategyEntry, volTarget,
  type BacktestResult, type Metrics, type Panel,
} from '../src/browser.js';
import type { BacktestPayload, ResultSeries, RunSpec, StrategyName } from './protocol.js';

/** The registry's weights function of a wide strategy, by library name. */
function weightsOf(name: StrategyName): (prices: Panel, options: Record<string, unknown>) => Panel {
  const fn = strategyEntry(name)?.weights;
  if (fn === undefined) throw new Error(`unknown strategy '${name}'`);
  return fn;
}

/** Target weights of the spec: the strategy, then volatility targeting if asked. */
export function targetWeights(prices: Panel, spec: RunSpec): Panel {
  const raw = weightsOf(spec.strategy)(prices, spec.params);
  if (spec.volTarget === null) return raw;
  try {
    return volTarget(raw, prices, spec.volTarget);
  } finally {
    raw.free();
  }
}

/** Runs the strategy's backtest; the caller frees the result's panels. */
export function strategyBacktest(prices: Panel, spec: RunSpec): BacktestResult {
  const w = targetWeights(prices, spec);
  try {
    return backtest(prices, w, spec.backtest);
  } finally {
    w.free();
  }
}

function freeResult(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}

/** Display name of the strategy line. */
export function strategyLabel(spec: RunSpec): string {
  return spec.volTarget ? `${spec.strategy} + vol target` : spec.strategy;
}

/**
 * The full run shown on the page: the strategy, buy-and-hold of the first asset and
 * the equal-weight portfolio (same costs; equal weight on the same schedule), their
 * equity and drawdown, the held weights, and `compareMetrics` of the three with the
 * dates, each series' turnover and beta/alpha to the buy-and-hold line.
 */
export function runBacktest(prices: Panel, spec: RunSpec, runId: number): BacktestPayload {
  const t0 = performance.now();
  const w = targetWeights(prices, spec);
  const t1 = performance.now();
  let strat: BacktestResult;
  try {
    strat = backtest(prices, w, spec.backtest);
  } finally {
    w.free();
  }
  const t2 = performance.now();
  const costs = { feesBps: spec.backtest.feesBps, slippageBps: spec.backtest.slippageBps };
  let bh: BacktestResult | null = null;
  let ew: BacktestResult | null = null;
  try {
    // Benchmarks over the strategy's evaluation sample (from the end of its warm-up).
    bh = buyAndHold(prices, 0, { ...costs, startRow: strat.startRow });
    ew = equalWeight(prices, { ...costs, rebalance: spec.backtest.rebalance, startRow: strat.startRow });
    const t3 = performance.now();
    const names = [strategyLabel(spec), `Buy & hold ${prices.columns[0]}`, 'Equal weight'];
    const runs = [strat, bh, ew];
    const comparison = compareMetrics(
      Object.fromEntries(runs.map((r, i) => [names[i], { returns: r.returns, turnover: r.turnover }])),
      { dates: strat.dates, periodsPerYear: strat.periodsPerYear, benchmark: bh.returns },
    );
    const roles: ResultSeries['role'][] = ['strategy', 'buyAndHold', 'equalWeight'];
    const series = runs.map((r, i) => ({ name: names[i], role: roles[i], equity: r.equity.slice(), drawdown: drawdownSeries(r.returns) }));
    const t4 = performance.now();
    return {
      runId,
      dates: strat.dates.slice(),
      columns: [...prices.columns],
      series,
      weights: strat.weights.values.slice(),
      startRow: strat.startRow,
      comparison,
      periodsPerYear: strat.periodsPerYear,
      timings: { strategy: t1 - t0, backtest: t2 - t1, benchmarks: t3 - t2, metrics: t4 - t3, total: t4 - t0 },
    };
  } finally {
    freeResult(strat);
    if (bh) freeResult(bh);
    if (ew) freeResult(ew);
  }
}

/** One grid point: the spec with `overrides` merged into the strategy's options. */
export function runGridPoint(prices: Panel, spec: RunSpec, overrides: Record<string, number>): Metrics {
  const r = strategyBacktest(prices, { ...spec, params: { ...spec.params, ...overrides } });
  try {
    return metrics(r.returns, { dates: r.dates, periodsPerYear: r.periodsPerYear, turnover: r.turnover });
  } finally {
    freeResult(r);
  }
}
