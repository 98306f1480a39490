import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC, Table, DataType, Dictionary, Float64, Int32, Utf8, TimestampMillisecond, vectorFromArray } from 'apache-arrow';
import { backtest, doubleSort, doubleSortPrices, InputError, Panel, syntheticEquities, type StockRow } from '../src/index.js';
import { errorOf, rng } from './helpers.js';

const monthEnd = (y: number, m0: number): number => Date.UTC(y, m0 + 1, 0);
/** Month ends Jan 2020 .. Feb 2021 (14 months). */
const MONTHS = Array.from({ length: 14 }, (_, k) => monthEnd(2020 + Math.floor(k / 12), k % 12));

/**
 * A hand-built cross-section: every stock closes at 100 in month 0 and 100 (1 + g)
 * afterwards, so on month 12 the 12-1 performance close[11] / close[0] - 1 is g, and
 * on month 13 it is 0 (neither winner nor loser). K lists a month late (only 12
 * closes on month 12), L has a zero market cap.
 */
const STOCKS: { s: string; g: number; cap: number; dv: number; from?: number }[] = [
  { s: 'A', g: 0.5, cap: 300, dv: 1 },
  { s: 'B', g: 0.3, cap: 10, dv: 50 },
  { s: 'C', g: 0.2, cap: 20, dv: 2 },
  { s: 'D', g: 0.1, cap: 20, dv: 60 },
  { s: 'E', g: 0.05, cap: 20, dv: 70 },
  { s: 'F', g: -0.02, cap: 20, dv: 80 },
  { s: 'G', g: -0.1, cap: 20, dv: 90 },
  { s: 'H', g: -0.2, cap: 50, dv: 100 },
  { s: 'I', g: -0.3, cap: 150, dv: 110 },
  { s: 'J', g: 0.4, cap: 100, dv: 120 },
  { s: 'K', g: 0.9, cap: 500, dv: 130, from: 1 },
  { s: 'L', g: 1.0, cap: 0, dv: 140 },
];

function closeOf(st: (typeof STOCKS)[number], k: number): number {
  const from = st.from ?? 0;
  return k === from ? 100 : 100 * (1 + st.g);
}

function monthlyRows(withDv = true): StockRow[] {
  const rows: StockRow[] = [];
  MONTHS.forEach((ms, k) => {
    for (const st of STOCKS) {
      if (k < (st.from ?? 0)) continue;
      rows.push({ date: ms, symbol: st.s, close: closeOf(st, k), market_cap: st.cap, ...(withDv ? { dollar_volume: st.dv } : {}) });
    }
  });
  return rows;
}

const rowOf = (p: Panel, t: number): Record<string, number> => Object.fromEntries(p.columns.map((c, j) => [c, p.get(t, j)]).filter(([, w]) => w !== 0));

describe('doubleSort on a hand-built cross-section', () => {
  it('doubleSort(rows) longs the winners of the top quintile and shorts the losers of the bottom one, cap-weighted', () => {
    const w = doubleSort(monthlyRows());
    expect(w.columns).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L']);
    expect(Array.from(w.dates())).toEqual(MONTHS);
    // months 0..11: fewer than 13 closes for everyone -> empty universe -> all cash
    for (let t = 0; t < 12; t++) expect(rowOf(w, t)).toEqual({});
    // month 12: universe A..J (K has 12 closes, L a zero cap); n = 10, q = 2.
    // top 2 by g: A (0.5), J (0.4); bottom 2: H (-0.2), I (-0.3).
    // long caps 300 + 100, short caps 50 + 150.
    expect(rowOf(w, 12)).toEqual({ A: 300 / 400, J: 100 / 400, H: -50 / 200, I: -150 / 200 });
    // month 13: everyone has performance 0 except K (0.9); n = 11, q = 2: top = K and A
    // (tie broken by symbol order), A is not a winner (0 is not > 0); bottom two are
    // not losers: the long leg is K alone, the short leg is empty.
    expect(rowOf(w, 13)).toEqual({ K: 1 });
  });

  it('doubleSort(rows, { topK }) keeps the topK by dollar volume before the history filter (as the seed)', () => {
    // month 12 candidates (cap > 0): A..K; topK 9 drops the two smallest volumes, A and C.
    // K still takes a slot but is not ranked: n = 8 (B D E F G H I J), q = 1: J long, I short.
    const w = doubleSort(monthlyRows(), { topK: 9 });
    expect(rowOf(w, 12)).toEqual({ J: 1, I: -1 });
    expect(errorOf(() => doubleSort(monthlyRows(false), { topK: 9 }))).toContain('dollar_volume');
  });

  it('doubleSort with only losers in the ranked set holds the short leg alone', () => {
    const rows = monthlyRows();
    // F -0.02, G -0.1, H -0.2, I -0.3 with halves (quantiles 2): q = 2, the top half
    // F, G are losers -> no long leg; the bottom half H, I is shorted, cap-weighted.
    const w = doubleSort(rows.filter((r) => ['F', 'G', 'H', 'I'].includes(r.symbol)), { quantiles: 2 });
    expect(rowOf(w, 12)).toEqual({ H: -50 / 200, I: -150 / 200 });
    // fewer ranked stocks (2) than quantiles (5): q = 0, no position
    expect(rowOf(doubleSort(rows.filter((r) => r.symbol === 'B' || r.symbol === 'F')), 12)).toEqual({});
  });

  it('doubleSort resamples daily rows to month ends: last present close, cap from that row, labelled with the last date', () => {
    const rows: StockRow[] = [];
    const lastDates: number[] = [];
    MONTHS.forEach((end, k) => {
      const e = new Date(end);
      const days: number[] = [];
      for (let d = Date.UTC(e.getUTCFullYear(), e.getUTCMonth(), 1); d <= end; d += 86_400_000) {
        if (![0, 6].includes(new Date(d).getUTCDay())) days.push(d);
      }
      lastDates.push(days[days.length - 1]);
      days.forEach((d, i) => {
        const last = i === days.length - 1;
        const secondLast = i === days.length - 2;
        for (const st of STOCKS) {
          if (k < (st.from ?? 0)) continue;
          // Mid-month rows carry noise; the month's value sits on its last day, except
          // for H whose last day has no close (and a wild cap that must not be used):
          // H's month-end value is on the day before.
          const holdsValue = st.s === 'H' ? secondLast : last;
          if (st.s === 'H' && last) rows.push({ date: new Date(d), symbol: st.s, close: null, market_cap: 1e9 });
          else rows.push({ date: new Date(d), symbol: st.s, close: holdsValue ? closeOf(st, k) : 37 + k + i, market_cap: holdsValue ? st.cap : 1 });
        }
      });
    });
    const w = doubleSort(rows);
    expect(Array.from(w.dates())).toEqual(lastDates);
    expect(rowOf(w, 12)).toEqual({ A: 0.75, J: 0.25, H: -0.25, I: -0.75 });
    expect(rowOf(w, 13)).toEqual({ K: 1 });
  });

  it('doubleSort accepts an Arrow Table with ISO string dates or timestamps and gives the same weights', () => {
    const rows = monthlyRows();
    const t = new Table({
      date: vectorFromArray(rows.map((r) => new Date(r.date as number).toISOString().slice(0, 10)), new Utf8()),
      symbol: vectorFromArray(rows.map((r) => r.symbol)),
      close: vectorFromArray(rows.map((r) => r.close), new Float64()),
      market_cap: vectorFromArray(rows.map((r) => r.market_cap), new Float64()),
    });
    expect(rowOf(doubleSort(t), 12)).toEqual({ A: 0.75, J: 0.25, H: -0.25, I: -0.75 });
    const t2 = new Table({
      date: vectorFromArray(rows.map((r) => r.date as number), new TimestampMillisecond()),
      symbol: t.getChild('symbol')!,
      close: t.getChild('close')!,
      market_cap: t.getChild('market_cap')!,
    });
    expect(rowOf(doubleSort(t2), 12)).toEqual({ A: 0.75, J: 0.25, H: -0.25, I: -0.75 });
  });

  it('doubleSort accepts a dictionary-encoded date column (pandas category / Parquet dictionary) and gives the same weights', () => {
    // The input that broke: dates as Dictionary<Utf8, Int32> were refused as "not a Date, Timestamp or ISO string column".
    const rows = monthlyRows();
    const t = new Table({
      date: vectorFromArray(rows.map((r) => new Date(r.date as number).toISOString().slice(0, 10)), new Dictionary(new Utf8(), new Int32())),
      symbol: vectorFromArray(rows.map((r) => r.symbol)),
      close: vectorFromArray(rows.map((r) => r.close), new Float64()),
      market_cap: vectorFromArray(rows.map((r) => r.market_cap), new Float64()),
    });
    expect(DataType.isDictionary(t.getChild('date')!.type)).toBe(true);
    expect(rowOf(doubleSort(t), 12)).toEqual({ A: 0.75, J: 0.25, H: -0.25, I: -0.75 });
    const bad = new Table({
      date: vectorFromArray(rows.map(() => 1.5), new Dictionary(new Float64(), new Int32())),
      symbol: t.getChild('symbol')!,
      close: t.getChild('close')!,
      market_cap: t.getChild('market_cap')!,
    });
    expect(errorOf(() => doubleSort(bad))).toMatch(/column 'date' has type .*expected a Date, Timestamp or ISO string column/);
  });

  it('doubleSort rejects bad rows, short histories and bad options with what, where and what is allowed', () => {
    expect(errorOf(() => doubleSort([]))).toContain('empty');
    expect(errorOf(() => doubleSort(monthlyRows(), { lookbak: 12 } as never))).toContain("unknown option 'lookbak'");
    expect(errorOf(() => doubleSort(monthlyRows(), { skip: 12 }))).toContain('skip');
    expect(errorOf(() => doubleSort(monthlyRows(), { quantiles: 0 }))).toContain('quantiles');
    expect(errorOf(() => doubleSort(monthlyRows().filter((r) => (r.date as number) < MONTHS[12])))).toContain('12 months');
    const bad = monthlyRows();
    bad[5] = { ...bad[5], close: -1 };
    const m = errorOf(() => doubleSort(bad));
    expect(m).toContain('row 5');
    expect(m).toContain('F');
    expect(m).toContain('2020-01-31');
    const dup = [...monthlyRows(), monthlyRows()[3]];
    expect(errorOf(() => doubleSort(dup))).toContain('D on 2020-01-31');
    expect(errorOf(() => doubleSort([{ date: 'x', symbol: 'A', close: 1, market_cap: 1 }]))).toContain('row 0');
    expect(errorOf(() => doubleSort(new Table({ date: vectorFromArray([1], new TimestampMillisecond()) })))).toContain("no 'symbol'");
  });
});

/**
 * Brute force from the rule text, on monthly rows (one row per stock per month):
 * maps per symbol, no panels, no kernels.
 */
function bruteDoubleSort(t: Table, topK: number | null): { months: number[]; weights: Map<string, number>[] } {
  const R = t.numRows;
  const col = (name: string) => {
    const v = t.getChild(name)!;
    return Array.from({ length: R }, (_, r) => v.get(r));
  };
  const date = col('date').map(Number);
  const sym = col('symbol') as string[];
  const close = col('close') as number[];
  const cap = col('market_cap') as number[];
  const dv = col('dollar_volume') as number[];
  const months = [...new Set(date)].sort((a, b) => a - b);
  const mIdx = new Map(months.map((m, k) => [m, k]));
  const data = new Map<string, Map<number, { c: number; cap: number; dv: number }>>();
  for (let r = 0; r < R; r++) {
    if (!data.has(sym[r])) data.set(sym[r], new Map());
    data.get(sym[r])!.set(mIdx.get(date[r])!, { c: close[r], cap: cap[r], dv: dv[r] });
  }
  const symbols = [...data.keys()].sort();
  const weights = months.map((_, m) => {
    const w = new Map<string, number>();
    let cands = symbols.filter((s) => data.get(s)!.get(m) !== undefined && data.get(s)!.get(m)!.cap > 0);
    if (topK !== null) cands = [...cands].sort((a, b) => data.get(b)!.get(m)!.dv - data.get(a)!.get(m)!.dv || (a < b ? -1 : 1)).slice(0, topK);
    const perf = new Map<string, number>();
    for (const s of cands) {
      const h = data.get(s)!;
      let full = m >= 12;
      for (let k = m - 12; full && k <= m; k++) full = h.get(k) !== undefined;
      if (full) perf.set(s, h.get(m - 1)!.c / h.get(m - 12)!.c - 1);
    }
    const ranked = [...perf.keys()].sort((a, b) => perf.get(b)! - perf.get(a)! || (a < b ? -1 : 1));
    const q = Math.floor(ranked.length / 5);
    if (q === 0) return w;
    const long = ranked.slice(0, q).filter((s) => perf.get(s)! > 0);
    const short = ranked.slice(ranked.length - q).filter((s) => perf.get(s)! < 0);
    const capSum = (leg: string[]) => leg.reduce((x, s) => x + data.get(s)!.get(m)!.cap, 0);
    for (const s of long) w.set(s, data.get(s)!.get(m)!.cap / capSum(long));
    for (const s of short) w.set(s, -data.get(s)!.get(m)!.cap / capSum(short));
    return w;
  });
  return { months, weights };
}

describe('doubleSort on the synthetic equities fixture', () => {
  const table = tableFromIPC(readFileSync(new URL('../fixtures/equities.arrow', import.meta.url)));
  const cache = new Map<string, { w: Panel; ref: ReturnType<typeof bruteDoubleSort> }>();
  const run = (topK: number | null) => {
    const key = String(topK);
    if (!cache.has(key)) cache.set(key, { w: doubleSort(table, topK ? { topK } : {}), ref: bruteDoubleSort(table, topK) });
    return cache.get(key)!;
  };

  for (const topK of [null, 200]) {
    it(`doubleSort(equities${topK ? ', { topK: 200 }' : ''}) matches a brute force of the rules; legs sum to +1 and -1`, () => {
      const { w, ref } = run(topK);
      expect(Array.from(w.dates())).toEqual(ref.months);
      const v = w.values;
      let traded = 0;
      for (let m = 0; m < w.nRows; m++) {
        let long = 0;
        let short = 0;
        for (let j = 0; j < w.nCols; j++) {
          const x = v[m * w.nCols + j];
          const e = ref.weights[m].get(w.columns[j]) ?? 0;
          if (Math.abs(x - e) > 1e-12) expect.fail(`month ${m} ${w.columns[j]}: ${x} vs ${e}`);
          if (x > 0) long += x;
          if (x < 0) short += x;
        }
        if (ref.weights[m].size > 0) {
          traded++;
          expect(long).toBeCloseTo(1, 12);
          expect(short).toBeCloseTo(-1, 12);
        }
      }
      expect(traded).toBe(w.nRows - 12);
    });
  }

  it('doubleSort(equities) longs only winners and shorts only losers (12-1 performance recomputed from the rows)', () => {
    const { w, ref } = run(null);
    const closes = new Map<string, number>();
    const d = table.getChild('date')!;
    const s = table.getChild('symbol')!;
    const c = table.getChild('close')!;
    for (let r = 0; r < table.numRows; r++) closes.set(`${s.get(r)}|${Number(d.get(r))}`, c.get(r));
    let held = 0;
    const v = w.values;
    for (let m = 12; m < w.nRows; m++) {
      for (let j = 0; j < w.nCols; j++) {
        const x = v[m * w.nCols + j];
        if (x === 0) continue;
        held++;
        const sym = w.columns[j];
        const perf = closes.get(`${sym}|${ref.months[m - 1]}`)! / closes.get(`${sym}|${ref.months[m - 12]}`)! - 1;
        if (Math.sign(perf) !== Math.sign(x)) expect.fail(`${sym} month ${m}: weight ${x}, performance ${perf}`);
      }
    }
    expect(held).toBeGreaterThan(1000);
  });
});

describe('doubleSort look-ahead', () => {
  it('perturbing every row dated after month t leaves the weights of months <= t bit-identical', () => {
    const t0 = syntheticEquities({ start: '2010-01-31', end: '2015-12-31', nInitial: 80, nListings: 20, seed: 3 });
    const rows: StockRow[] = Array.from({ length: t0.numRows }, (_, r) => ({
      date: Number(t0.getChild('date')!.get(r)), symbol: t0.getChild('symbol')!.get(r) as string,
      close: t0.getChild('close')!.get(r), market_cap: t0.getChild('market_cap')!.get(r), dollar_volume: t0.getChild('dollar_volume')!.get(r),
    }));
    const base = doubleSort(rows, { topK: 60 });
    const dates = base.dates();
    const u = rng(99);
    for (const t of [12, 20, 40, 70]) {
      const cut = dates[t];
      const moved = rows.map((r) => ((r.date as number) > cut
        ? { ...r, close: r.close! * Math.exp(u() - 0.5), market_cap: r.market_cap! * (0.5 + u()), dollar_volume: r.dollar_volume! * (0.5 + u()) }
        : r));
      const w = doubleSort(moved, { topK: 60 });
      let changedLater = false;
      const a = w.values;
      const b = base.values;
      for (let m = 0; m < base.nRows; m++) {
        for (let j = 0; j < base.nCols; j++) {
          const k = m * base.nCols + j;
          if (m <= t) {
            if (!Object.is(a[k], b[k])) expect.fail(`t=${t}: month ${m} column ${base.columns[j]} changed`);
          } else if (!Object.is(a[k], b[k])) changedLater = true;
        }
      }
      if (t < 70) expect(changedLater, `t=${t}: the perturbation must reach later months`).toBe(true);
      w.free();
    }
  });
});

describe('doubleSort exchanges filter and doubleSortPrices delistings', () => {
  it("doubleSort(rows, { exchanges: ['NYSE'] }) ranks only NYSE stocks: A and J (OTC) drop out, q falls to 1", () => {
    const rows = monthlyRows().map((r) => ({ ...r, exchange: r.symbol === 'A' || r.symbol === 'J' ? 'OTC' : 'NYSE' }));
    const w = doubleSort(rows, { exchanges: ['NYSE'] });
    // month 12 universe: B..I (K too short, L zero cap) = 8 stocks, q = 1:
    // top by g: B (0.3) -> long 1; bottom: I (-0.3) -> short -1.
    expect(rowOf(w, 12)).toEqual({ B: 1, I: -1 });
    const all = doubleSort(rows);
    expect(rowOf(all, 12)).toEqual({ A: 300 / 400, J: 100 / 400, H: -50 / 200, I: -150 / 200 });
  });

  it('doubleSort(rows, { exchanges }) without an exchange column, or with a bad list, is an InputError', () => {
    expect(errorOf(() => doubleSort(monthlyRows(), { exchanges: ['NYSE'] }))).toMatch(/no exchange/);
    expect(errorOf(() => doubleSort(monthlyRows(), { exchanges: [] }))).toMatch(/exchanges must be a non-empty array/);
  });

  // X leaves after month 5 with its own delisting return -0.5; Z leaves after month 3
  // with none (default -30%); W trades to the end (month 9): not delisted.
  const delistRows = (): StockRow[] => {
    const rows: StockRow[] = [];
    for (let k = 0; k < 10; k++) {
      rows.push({ date: MONTHS[k], symbol: 'W', close: 10 + k, market_cap: 1 });
      if (k <= 5) rows.push({ date: MONTHS[k], symbol: 'X', close: 20 + k, market_cap: 1, delisting_return: k === 5 ? -0.5 : null });
      if (k <= 3) rows.push({ date: MONTHS[k], symbol: 'Z', close: 40, market_cap: 1 });
    }
    return rows;
  };

  it('doubleSortPrices(rows) prices the month after a delisting at last close x (1 + delisting_return), -30% by default, NaN afterwards', () => {
    const p = doubleSortPrices(delistRows());
    expect(p.columns).toEqual(['W', 'X', 'Z']);
    expect(Array.from(p.column(0))).toEqual(Array.from({ length: 10 }, (_, k) => 10 + k));
    expect(Array.from(p.column(1))).toEqual([20, 21, 22, 23, 24, 25, 25 * 0.5, NaN, NaN, NaN]);
    expect(Array.from(p.column(2))).toEqual([40, 40, 40, 40, 40 * 0.7, NaN, NaN, NaN, NaN, NaN]);
    const zero = doubleSortPrices(delistRows(), { delistingReturn: 0 });
    expect(zero.get(4, 2)).toBe(40);
    expect(zero.get(6, 1)).toBe(12.5); // a stock's own delisting_return wins over the default
  });

  it('backtest on doubleSortPrices: a position held into the delisting month earns the delisting return', () => {
    const p = doubleSortPrices(delistRows());
    const w = Panel.fromColumns({ W: new Array(10).fill(0), X: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0], Z: new Array(10).fill(0) }, { index: MONTHS.slice(0, 10) });
    // Every row (includeWarmup), so returns index the months.
    const r = backtest(p, w, { periodsPerYear: 12, includeWarmup: true });
    expect(r.returns[6]).toBeCloseTo(-0.5, 14);
    expect(r.returns[7]).toBe(0);
    r.weights.free();
    r.contribution.free();
  });

  it('doubleSortPrices(rows) rejects a delisting_return not on the stock\'s last row, or <= -1, naming the row', () => {
    const early = delistRows().map((r) => (r.symbol === 'Z' && r.date === MONTHS[1] ? { ...r, delisting_return: -0.2 } : r));
    expect(errorOf(() => doubleSortPrices(early))).toMatch(/\(Z, 2020-02-29\): delisting_return -0.2 is not on the stock's last row \(2020-04-30\)/);
    const total = delistRows().map((r) => (r.delisting_return === -0.5 ? { ...r, delisting_return: -1 } : r));
    expect(errorOf(() => doubleSortPrices(total))).toMatch(/\(X, 2020-06-30\): delisting_return -1 must be a finite return > -1/);
    expect(errorOf(() => doubleSortPrices(delistRows(), { delistingReturn: -1 }))).toMatch(/delistingReturn -1 must be > -1/);
  });
});
