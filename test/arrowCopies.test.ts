import { describe, expect, it } from 'vitest';
import * as A15 from 'apache-arrow-15';
import { Table, TimestampMillisecond, makeVector, vectorFromArray } from 'apache-arrow';
import { Panel, backtest, dualMomentum, ewmMean, metrics, pctChange, rollingCorr } from '../src/index.js';
import { expectClose, randomValues } from './helpers.js';

// A Table or Vector made by another copy of apache-arrow (here 15.0.2, the oldest
// supported, which has no cross-copy brand symbols) must go through every entry point
// and give exactly what the same data gives through xmom's own copy (21.x).
const T = 260;
const N = 4;
const names = ['A', 'B', 'C', 'D'];
const day = 86_400_000;
const dates = Array.from({ length: T }, (_, t) => Date.UTC(2020, 0, 1) + t * day);
const vals = randomValues(11, { nRows: T, nCols: N, nanRate: 0.02, lateRate: 0, allNanRate: 0 });
const column = (j: number): Float64Array => Float64Array.from({ length: T }, (_, t) => vals[t * N + j]);

function ours(): Table {
  return new Table({
    date: vectorFromArray(dates, new TimestampMillisecond()),
    ...Object.fromEntries(names.map((n, j) => [n, makeVector(column(j))])),
  });
}

function theirs(): A15.Table {
  return new A15.Table({
    date: A15.vectorFromArray(dates, new A15.TimestampMillisecond()),
    ...Object.fromEntries(names.map((n, j) => [n, A15.makeVector(column(j))])),
  });
}

/** Columns of an Arrow table as plain numbers (dates as epoch ms). */
function plain(t: { schema: { fields: { name: string }[] }; getChild(n: string): { length: number; get(i: number): unknown } | null }): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name)!;
    out[f.name] = Array.from({ length: v.length }, (_, i) => { const x = v.get(i); return x === null ? NaN : Number(x); });
  }
  return out;
}

describe('Arrow input from another apache-arrow copy (15.x)', () => {
  it('the test is meaningful: the other copy\'s Table is not an instance of ours', () => {
    expect(theirs() instanceof Table).toBe(false);
    expect(Table.isTable(theirs())).toBe(false);
  });

  it('kernels: ewmMean and rollingCorr of a Table, pctChange of a Vector, equal to the same data through our copy', () => {
    const a = plain(ewmMean(theirs() as unknown as Table, { span: 10 }));
    const b = plain(ewmMean(ours(), { span: 10 }));
    expect(Object.keys(a)).toEqual(['date', ...names]);
    expect(a.date).toEqual(dates);
    for (const n of names) expectClose(a[n], b[n], 0, n);
    const c = plain(rollingCorr(theirs() as unknown as Table, theirs() as unknown as Table, 20));
    const d = plain(rollingCorr(ours(), ours(), 20));
    for (const n of names) expectClose(c[n], d[n], 0, n);
    const v15 = theirs().getChild('B')!;
    const r = pctChange(v15 as unknown as Float64Array, 1) as unknown as { length: number; get(i: number): number };
    const expected = column(1).map((x, t) => (t === 0 ? NaN : x / column(1)[t - 1] - 1));
    expectClose(Array.from({ length: r.length }, (_, i) => r.get(i)), expected, 1e-15);
  });

  it('a strategy, backtest and metrics on the other copy\'s Table and Vectors equal the same through our copy', () => {
    const w15 = dualMomentum(theirs() as unknown as Table, { lookback: 20, topN: 2 });
    const w21 = dualMomentum(ours(), { lookback: 20, topN: 2 });
    expectClose(w15.values, w21.values, 0, 'weights');
    expect(Array.from(w15.dates())).toEqual(dates);
    // a weights Table from the other copy too
    const wTable15 = new A15.Table({
      date: A15.vectorFromArray(dates, new A15.TimestampMillisecond()),
      ...Object.fromEntries(names.map((n) => [n, A15.makeVector(w15.column(n))])),
    });
    const r15 = backtest(theirs() as unknown as Table, wTable15 as unknown as Table, { feesBps: 10 });
    const r21 = backtest(ours(), w21, { feesBps: 10 });
    // Both start after the same warm-up (the evaluation sample, src/backtest/evaluation.ts).
    expect(r15.startRow).toBe(r21.startRow);
    expect(r15.startRow).toBeGreaterThan(0);
    const sample = dates.slice(r15.startRow);
    expect(Array.from(r15.dates)).toEqual(sample);
    expectClose(r15.returns, r21.returns, 0, 'returns');
    expectClose(r15.equity, r21.equity, 0, 'equity');
    expect(r21.turnover.some((x) => x > 0)).toBe(true);
    const m15 = metrics(A15.makeVector(r15.returns) as unknown as Float64Array, { dates: A15.vectorFromArray(sample, new A15.TimestampMillisecond()) as unknown as Float64Array });
    const m21 = metrics(r21.returns, { dates: Float64Array.from(sample) });
    expect(m15).toEqual(m21);
    expect(m15.periodsPerYear).toBe(365);
    [w15, w21, r15.weights, r15.contribution, r21.weights, r21.contribution].forEach((p: Panel) => p.free());
  });
});
