/**
 * A grid's result from its finished points: the table, the best point, the top K with
 * their equity curves, the deflated Sharpe ratio of the best point over all points as
 * trials, and, when asked, the CSCV probability of backtest overfitting and the
 * walk-forward selection.
 */
import type { Panel } from '../panel.js';
import { kurtosis, skewness, std } from '../metrics/numeric.js';
import { deflatedSharpe, type DeflatedSharpeResult } from '../overfitting/deflatedSharpe.js';
import { pboOf, type PboResult } from '../overfitting/pbo.js';
import type { ExpandedGrid } from './expand.js';
import { STATUS, type ResultStore } from './executor.js';
import { GRID_METRICS, METRIC_DIRECTION, type GridMetric } from './reduce.js';
import { buildTable } from './table.js';
import { TopK } from './topK.js';
import type { GridPointResult, GridResult, GridStats, TopPoint } from './types.js';
import { walkForwardOf, type WalkForwardResult } from './walkForward.js';

export interface AssembleInput {
  expanded: ExpandedGrid;
  prices: Panel;
  ppy: number;
  metric: GridMetric;
  ruinedLast: boolean;
  topK: number;
  store: ResultStore;
  errors: Map<number, string>;
  rows: Int32Array;
  top: TopK<Float64Array>;
  partial: boolean;
  cscv: { S: number } | null;
  wf: { train: number; test: number; metric?: GridMetric } | null;
  T: number;
  stats: GridStats;
}

function metricsOf(store: ResultStore, i: number): Record<GridMetric, number> {
  return Object.fromEntries(GRID_METRICS.map((m, k) => [m, store.metrics[k * store.count + i]])) as Record<GridMetric, number>;
}

export function assemble(a: AssembleInput): GridResult {
  const { expanded, store, rows, metric, ppy, T } = a;
  const ok = rows.filter((i) => store.status[i] === STATUS.ok);
  const k = GRID_METRICS.indexOf(metric);
  const isRuined = (i: number): boolean => store.ruinedRow[i] >= 0;
  // The best point: the first of the order TopK keeps (solvent first unless ruinedLast is off).
  const order = new TopK<null>(1, METRIC_DIRECTION[metric], a.ruinedLast);
  for (const i of ok) order.offer(i, store.metrics[k * store.count + i], () => null, isRuined(i));
  const bestPoint = order.entries.length ? order.entries[0].point : -1;
  const point = (i: number): GridPointResult => ({ point: i, params: expanded.params(i), metrics: metricsOf(store, i), ruined: isRuined(i) });
  const top: TopPoint[] = a.top.entries.slice(0, a.topK).map((e) => {
    const equity = new Float64Array(e.payload.length);
    let w = 1;
    for (let t = 0; t < equity.length; t++) equity[t] = e.payload[t] === e.payload[t] ? (w *= 1 + e.payload[t]) : w;
    return { ...point(e.point), value: e.value, startRow: T - e.payload.length, returns: e.payload, equity };
  });
  // Deflated Sharpe of the best point, the finished points being the trials.
  let dsr: DeflatedSharpeResult | null = null;
  const bestReturns = a.top.entries.find((e) => e.point === bestPoint)?.payload;
  const sharpes = Float64Array.from(ok, (i) => store.metrics[i] / Math.sqrt(ppy)).filter(Number.isFinite);
  if (bestPoint >= 0 && bestReturns && sharpes.length >= 2) {
    const x = bestReturns.filter((v) => v === v);
    const sr = store.metrics[bestPoint] / Math.sqrt(ppy);
    if (Number.isFinite(sr) && x.length >= 4) {
      dsr = deflatedSharpe({ sharpe: sr, nObs: x.length, trials: sharpes.length, sharpeVariance: std(sharpes, 1) ** 2, skew: skewness(x), kurtosis: kurtosis(x) + 3 });
    }
  }
  let pboResult: PboResult | null = null;
  if (a.cscv && store.returns && ok.length >= 2) {
    const R = store.returns;
    pboResult = pboOf('grid cscv', (t, n) => R[ok[n] * T + t], T, ok.length, a.cscv.S);
  }
  let wfResult: WalkForwardResult | null = null;
  if (a.wf && store.returns) {
    const okSet = new Uint8Array(expanded.count);
    for (const i of ok) okSet[i] = 1;
    wfResult = walkForwardOf(store.returns, expanded.count, T, (i) => okSet[i] === 1, (i) => expanded.params(i),
      { train: a.wf.train, test: a.wf.test, metric: a.wf.metric ?? metric, ruinedLast: a.ruinedLast }, ppy, a.prices.dates(),
      (i) => store.ruinedRow[i]);
  }
  return {
    table: buildTable(expanded, rows, store.metrics, a.errors, store.ruinedRow),
    strategy: expanded.spec.strategy,
    spec: expanded.spec,
    metric,
    points: expanded.count,
    completed: ok.length,
    failed: rows.length - ok.length,
    ruined: ok.reduce((n, i) => n + (isRuined(i) ? 1 : 0), 0),
    ruinedLast: a.ruinedLast,
    partial: a.partial,
    best: bestPoint >= 0 ? point(bestPoint) : null,
    top,
    dates: a.prices.dates(),
    periodsPerYear: ppy,
    deflatedSharpe: dsr,
    pbo: pboResult,
    walkForward: wfResult,
    stats: a.stats,
    files: null,
  };
}
