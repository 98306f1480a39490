/**
 * Backtests read back from the files `writeReport` wrote: `series.json`, or
 * `series.arrow` with the `weights.arrow` beside it. Enough of a `BacktestResult` to
 * write the report again (trades and contributions are not saved: empty / NaN).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import { Panel } from '../panel.js';
import { InputError } from '../errors.js';
import type { BacktestResult } from '../backtest/types.js';
import { ruinOf } from '../backtest/result.js';
import { readFileBytes } from '../io/fsErrors.js';
import { decodeArrow } from '../io/arrowIpc.js';
import { resolvePeriodsPerYear } from '../inputs/index.js';

/** A backtest rebuilt from saved series, with its benchmarks' returns. */
export interface SavedBacktest {
  result: BacktestResult;
  benchmarks: Record<string, { returns: Float64Array }>;
  title: string | null;
  strategyName: string;
}

const f64 = (fn: string, what: string, x: unknown, T: number): Float64Array => {
  if (!Array.isArray(x)) throw new InputError(`${fn}: ${what} is missing or not an array`);
  if (x.length !== T) throw new InputError(`${fn}: ${what} has ${x.length} values, returns ${T}`);
  return Float64Array.from(x, (v) => (v === null ? NaN : Number(v)));
};

function resultOf(
  T: number, dates: Float64Array, s: Record<string, Float64Array>, weights: Panel, periodsPerYear: number,
): BacktestResult {
  return {
    dates, columns: weights.columns, returns: s.returns, equity: s.equity, grossExposure: s.grossExposure,
    netExposure: s.netExposure, turnover: s.turnover, costs: s.costs, weights,
    contribution: Panel.filled(T, weights.nCols, NaN, weights.labels()), trades: [], periodsPerYear,
    // The ruin bar is the one bar whose saved return is -1 exactly (the simulation ends the book there).
    ...ruinOf(s.returns.indexOf(-1), dates),
    // A saved series does not record drawdown-stop firings.
    stops: [],
    startRow: 0,
  };
}

/** Reads the `series.json` that `writeReport` writes. */
export function readSeriesJson(path: string): SavedBacktest {
  const fn = 'xmom report';
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(new TextDecoder().decode(readFileBytes(fn, path)));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${fn}: ${path} is not valid JSON (${(e as Error).message})`);
  }
  const strategy = doc.strategy as Record<string, unknown> | undefined;
  if (!strategy || !Array.isArray(strategy.returns)) throw new InputError(`${fn}: ${path} is not a backtest series.json (no strategy.returns); it is written by xmom backtest --out`);
  const T = strategy.returns.length;
  const dates = doc.dates === null || doc.dates === undefined ? new Float64Array(0) : f64(fn, 'dates', doc.dates, T);
  const series: Record<string, Float64Array> = {};
  for (const k of ['returns', 'equity', 'grossExposure', 'netExposure', 'turnover', 'costs']) series[k] = f64(fn, `strategy.${k}`, strategy[k], T);
  const w = doc.weights as { columns?: unknown; values?: Record<string, unknown> } | undefined;
  if (!w || !Array.isArray(w.columns) || typeof w.values !== 'object' || w.values === null) throw new InputError(`${fn}: ${path} has no weights { columns, values }`);
  const cols = Object.fromEntries((w.columns as string[]).map((c) => [c, f64(fn, `weights.${c}`, w.values![c], T)]));
  const weights = Panel.fromColumns(cols, { index: dates.length ? Array.from(dates) : null });
  const benchmarks: Record<string, { returns: Float64Array }> = {};
  for (const [name, b] of Object.entries((doc.benchmarks ?? {}) as Record<string, { returns?: unknown }>)) {
    benchmarks[name] = { returns: f64(fn, `benchmarks['${name}'].returns`, b.returns, T) };
  }
  const ppy = resolvePeriodsPerYear(fn, typeof doc.periodsPerYear === 'number' ? doc.periodsPerYear : undefined, dates, 252);
  return {
    result: resultOf(T, dates, series, weights, ppy), benchmarks,
    title: typeof doc.title === 'string' ? doc.title : null,
    strategyName: typeof strategy.name === 'string' ? strategy.name : 'Strategy',
  };
}

const column = (t: Table, name: string): Float64Array | null => {
  const v = t.getChild(name);
  if (!v) return null;
  return Float64Array.from({ length: t.numRows }, (_, i) => {
    const x = v.get(i);
    return x === null ? NaN : Number(x);
  });
};

function datesOf(t: Table): Float64Array {
  const f = t.schema.fields.find((x) => DataType.isTimestamp(x.type) || DataType.isDate(x.type));
  if (!f) return new Float64Array(0);
  const v = t.getChild(f.name)!;
  return Float64Array.from({ length: t.numRows }, (_, i) => Number(v.get(i) instanceof Date ? (v.get(i) as Date).getTime() : v.get(i)));
}

/** Reads `series.arrow` (and `weights.arrow` beside it, when present). */
export function readSeriesArrow(path: string, table: Table): SavedBacktest {
  const fn = 'xmom report';
  const T = table.numRows;
  const dates = datesOf(table);
  const series: Record<string, Float64Array> = {};
  const names: [string, string][] = [['returns', 'returns'], ['equity', 'equity'], ['grossExposure', 'gross_exposure'], ['netExposure', 'net_exposure'], ['turnover', 'turnover'], ['costs', 'costs']];
  for (const [k, c] of names) {
    const x = column(table, c);
    if (!x) throw new InputError(`${fn}: ${path} has no '${c}' column; a backtest series.arrow has ${names.map(([, n]) => n).join(', ')}`);
    series[k] = x;
  }
  const benchmarks: Record<string, { returns: Float64Array }> = {};
  for (const f of table.schema.fields) {
    if (f.name.endsWith(' returns')) benchmarks[f.name.slice(0, -' returns'.length)] = { returns: column(table, f.name)! };
  }
  const wpath = join(dirname(path), 'weights.arrow');
  let weights: Panel;
  if (existsSync(wpath)) {
    weights = Panel.fromArrow(decodeArrow(fn, readFileBytes(fn, wpath), wpath));
    if (weights.nRows !== T) throw new InputError(`${fn}: ${wpath} has ${weights.nRows} rows, ${path} ${T}`);
  } else {
    weights = Panel.fromColumns({ gross: series.grossExposure }, { index: dates.length ? Array.from(dates) : null });
  }
  const ppy = resolvePeriodsPerYear(fn, undefined, dates, 252);
  return { result: resultOf(T, dates, series, weights, ppy), benchmarks, title: null, strategyName: 'Strategy' };
}

