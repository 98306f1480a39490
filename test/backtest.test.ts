import { describe, expect, it } from 'vitest';
import { Table, vectorFromArray, TimestampMillisecond, Float64 } from 'apache-arrow';
import { Panel, InputError, backtest, buyAndHold, equalWeight } from '../src/index.js';
import type { BacktestOptions, BacktestResult } from '../src/index.js';
import { expectClose, rng } from './helpers.js';

const DAY = 86_400_000;
const BACKENDS = ['wasm', 'js'] as const;

// ---------------------------------------------------------------------------------------
// A brute-force simulator, written from the definitions in the weight form (the kernels
// track units of each asset and cash in currency instead): per bar, plain arrays.
// ---------------------------------------------------------------------------------------

interface Spec {
  T: number;
  N: number;
  prices: number[];
  weights: number[];
  /** Decision rows whose targets are traded. */
  flags: boolean[];
  lag: number;
  /** Absolute and relative band (Infinity = off). */
  band: number;
  bandRel: number;
  feeRate: number;
  fixedFee: number;
  capital: number;
  /** Per-bar cash rate of each row (row 0 unused). */
  cashBar: number[];
  borrowBar: number;
  leverage: number;
  maxGross: number;
  halflife: number | null;
}

interface Brute {
  returns: number[];
  equity: number[];
  gross: number[];
  net: number[];
  turnover: number[];
  costs: number[];
  held: number[];
  contribution: number[];
}

/** Rows since the selection (sign of the target) of asset j last changed, at decision row d (0 when it changes). */
function ageOf(s: Spec, d: number, j: number): number {
  let a = 0;
  for (let r = d; r > 0 && Math.sign(s.weights[r * s.N + j]) === Math.sign(s.weights[(r - 1) * s.N + j]); r--) a++;
  return a;
}

function brute(s: Spec): Brute {
  const { T, N } = s;
  const w = new Array<number>(N).fill(0); // held weights, fractions of equity
  const last = new Array<number>(N).fill(NaN);
  const out: Brute = { returns: [], equity: [], gross: [], net: [], turnover: [], costs: [], held: [], contribution: [] };
  let V = s.capital;
  let ruined = false;
  for (let t = 0; t < T; t++) {
    if (ruined) {
      // Limited liability: after the ruin bar the book is flat with equity 0.
      for (const k of ['returns', 'equity', 'gross', 'net', 'turnover', 'costs'] as const) out[k].push(0);
      for (let j = 0; j < N; j++) {
        out.contribution.push(0);
        out.held.push(0);
      }
      continue;
    }
    const r = new Array<number>(N).fill(0);
    for (let j = 0; j < N; j++) {
      const p = s.prices[t * N + j];
      if (!Number.isNaN(p)) {
        if (!Number.isNaN(last[j])) r[j] = p / last[j] - 1;
        last[j] = p;
      }
    }
    let cash = 1;
    let short = 0;
    let rp = 0;
    for (let j = 0; j < N; j++) {
      cash -= w[j];
      short += Math.max(-w[j], 0);
      rp += w[j] * r[j];
      out.contribution.push(w[j] * r[j]);
    }
    rp += cash * (t === 0 ? 0 : s.cashBar[t]) - s.borrowBar * short;
    for (let j = 0; j < N; j++) w[j] = (w[j] * (1 + r[j])) / (1 + rp);
    const vPre = V * (1 + rp);
    const d = t + 1 - s.lag;
    let cost = 0;
    let turnover = 0;
    if (d >= 0 && d < T && s.flags[d] && vPre > 0) {
      const tau: number[] = [];
      for (let j = 0; j < N; j++) {
        const f = s.halflife === null ? 1 : 0.5 ** (ageOf(s, d, j) / s.halflife);
        tau.push(s.weights[d * N + j] * f * s.leverage);
      }
      const g = tau.reduce((a, x) => a + Math.abs(x), 0);
      if (g > s.maxGross) for (let j = 0; j < N; j++) tau[j] *= s.maxGross / g;
      let count = 0;
      for (let j = 0; j < N; j++) {
        const diff = tau[j] - w[j];
        // Either band exceeded (the smaller tolerance), or a target of 0 closing a position.
        const tol = Math.max(Math.min(s.band, s.bandRel * Math.abs(tau[j])), 1e-12);
        if (Math.abs(diff) > tol || (tau[j] === 0 && w[j] !== 0)) {
          w[j] = tau[j];
          turnover += Math.abs(diff);
          count++;
        }
      }
      cost = s.feeRate * turnover + (count * s.fixedFee) / vPre;
      for (let j = 0; j < N; j++) w[j] /= 1 - cost; // costs are paid from cash
    }
    const ret = (1 + rp) * (1 - cost) - 1;
    if (ret <= -1) {
      // Ruin: everything is lost on this bar (return -1, equity 0); no trade is recorded.
      ruined = true;
      out.returns.push(-1);
      for (const k of ['equity', 'gross', 'net', 'turnover', 'costs'] as const) out[k].push(0);
      for (let j = 0; j < N; j++) out.held.push(0);
      continue;
    }
    V *= 1 + ret;
    out.returns.push(ret);
    out.equity.push(V);
    out.turnover.push(turnover);
    out.costs.push(cost);
    out.gross.push(w.reduce((a, x) => a + Math.abs(x), 0));
    out.net.push(w.reduce((a, x) => a + x, 0));
    out.held.push(...w);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Random cases
// ---------------------------------------------------------------------------------------

interface Case {
  spec: Spec;
  options: BacktestOptions;
}

function randomCase(seed: number, forceLag?: number): Case {
  const u = rng(seed);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(u() * xs.length)];
  const T = 2 + Math.floor(u() * 30);
  const N = 1 + Math.floor(u() * 9);
  const prices: number[] = new Array(T * N);
  for (let j = 0; j < N; j++) {
    const start = u() < 0.25 ? Math.floor(u() * T) : 0;
    const end = u() < 0.15 ? start + Math.floor(u() * (T - start)) : T; // delisted after `end`
    let p = 5 + 100 * u();
    for (let t = 0; t < T; t++) {
      p *= Math.exp(0.05 * (u() - 0.5));
      prices[t * N + j] = t < start || t > end || u() < 0.08 ? NaN : p;
    }
  }
  const weights: number[] = new Array(T * N);
  for (let k = 0; k < T * N; k++) {
    const prev = k >= N ? weights[k - N] : 0;
    weights[k] = k >= N && u() < 0.5 ? prev : u() < 0.3 ? 0 : -0.6 + 1.6 * u();
  }
  const daily = u() < 0.4;
  const flags = Array.from({ length: T }, () => daily || u() < 0.5);
  const drawn = pick([0, 1, 1, 2, 3].filter((l) => l < T));
  const lag = forceLag ?? drawn;
  // No nonzero target where the asset has no price at the bar it is traded at.
  for (let d = 0; d < T; d++) {
    const e = d + lag - 1;
    if (!flags[d] || e < 0 || e >= T) continue;
    for (let j = 0; j < N; j++) if (Number.isNaN(prices[e * N + j])) weights[d * N + j] = 0;
  }
  const ppy = pick([12, 52, 252, 365]);
  const series = u() < 0.4;
  const annual = Array.from({ length: T }, () => -0.02 + 0.12 * u());
  const constant = pick([0, 0.03, 0.2]);
  const cashBar = series ? annual.map((r) => (1 + r) ** (1 / ppy) - 1) : annual.map(() => (1 + constant) ** (1 / ppy) - 1);
  const borrow = pick([0, 0, 0.05, 0.5]);
  const feesBps = pick([0, 0, 1, 10, 25]);
  const slippageBps = pick([0, 5]);
  const fixedFee = pick([0, 0, 0.5]);
  const capital = pick([1, 1000]);
  const bandForm = pick([0, 0, 0.02, 0.1, { rel: 0.2 }, { abs: 0.05, rel: 0.3 }] as const);
  const leverage = pick([1, 1, 2, 0.5]);
  const maxGross = pick([Infinity, Infinity, 1, 1.5]);
  const halflife = pick([null, null, 1, 3.5]);
  const options: BacktestOptions = {
    lag, band: bandForm, feesBps, slippageBps, fixedFee, initialCapital: capital, periodsPerYear: ppy,
    cashRate: series ? new Float64Array(annual) : constant, borrowRate: borrow, leverage,
    rebalance: daily ? 'daily' : flags.flatMap((f, t) => (f ? [t] : [])),
  };
  if (maxGross !== Infinity) options.maxGross = maxGross;
  if (halflife !== null) options.decay = { halflife };
  const spec: Spec = {
    T, N, prices, weights, flags, lag,
    band: typeof bandForm === 'number' ? bandForm : (bandForm as { abs?: number }).abs ?? Infinity,
    bandRel: typeof bandForm === 'number' ? Infinity : bandForm.rel,
    feeRate: (feesBps + slippageBps) / 1e4, fixedFee, capital,
    cashBar, borrowBar: (1 + borrow) ** (1 / ppy) - 1, leverage, maxGross, halflife,
  };
  return { spec, options };
}

function panels(s: Spec): { p: Panel; w: Panel } {
  return { p: Panel.fromRows(s.prices, s.T, s.N), w: Panel.fromRows(s.weights, s.T, s.N) };
}

function release(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}

function expectMatchesBrute(r: BacktestResult, b: Brute, label: string): void {
  expectClose(r.returns, b.returns, 1e-12, `${label} returns`);
  expectClose(r.equity, b.equity, 1e-12, `${label} equity`);
  expectClose(r.grossExposure, b.gross, 1e-12, `${label} gross`);
  expectClose(r.netExposure, b.net, 1e-12, `${label} net`);
  expectClose(r.turnover, b.turnover, 1e-12, `${label} turnover`);
  expectClose(r.costs, b.costs, 1e-12, `${label} costs`);
  expectClose(r.weights.values, b.held, 1e-12, `${label} held weights`);
  expectClose(r.contribution.values, b.contribution, 1e-12, `${label} contribution`);
}

/** A dated panel from time-major values (epoch-ms dates). */
function dated(values: number[], dates: number[], columns: string[]): Panel {
  return Panel.fromRows(values, dates.length, columns.length, { columns, index: dates });
}

const utc = (s: string): number => Date.parse(`${s}T00:00:00Z`);

// ---------------------------------------------------------------------------------------

describe('backtest against a brute-force simulation', () => {
  it('backtest(prices, weights, random options) matches the per-bar brute force on 240 random panels, both backends bit-identical', () => {
    for (let seed = 1; seed <= 240; seed++) {
      const { spec, options } = randomCase(seed);
      const expected = brute(spec);
      const { p, w } = panels(spec);
      // Every row (includeWarmup): the brute force simulates all of them.
      const rw = backtest(p, w, { ...options, includeWarmup: true, backend: 'wasm' });
      const rj = backtest(p, w, { ...options, includeWarmup: true, backend: 'js' });
      expectMatchesBrute(rw, expected, `seed ${seed} wasm`);
      expectClose(rj.returns, rw.returns, 0, `seed ${seed} js vs wasm returns`);
      expectClose(rj.equity, rw.equity, 0, `seed ${seed} js vs wasm equity`);
      expectClose(rj.weights.values, rw.weights.values, 0, `seed ${seed} js vs wasm held`);
      expectClose(rj.contribution.values, rw.contribution.values, 0, `seed ${seed} js vs wasm contribution`);
      expectClose(rj.turnover, rw.turnover, 0, `seed ${seed} js vs wasm turnover`);
      expectClose(rj.costs, rw.costs, 0, `seed ${seed} js vs wasm costs`);
      release(rw);
      release(rj);
      p.free();
      w.free();
    }
  });

});

describe('backtest: costs, cash and timing', () => {
  it('a round trip of 50% at 10 bps costs exactly 2 * 0.5 * 0.001 of equity', () => {
    const p = Panel.fromRows([100, 100, 100], 3, 1);
    const w = Panel.fromRows([0.5, 0, 0], 3, 1);
    for (const backend of BACKENDS) {
      const r = backtest(p, w, { feesBps: 10, backend });
      expect(Math.abs(r.equity[2] - (1 - 2 * 0.5 * 0.001))).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(r.costs[0] - 0.0005)).toBeLessThanOrEqual(1e-18);
      expect(r.turnover[2]).toBe(0);
      const trades = r.trades;
      expect(trades.map((t) => [t.row, t.asset])).toEqual([[0, 'c0'], [1, 'c0']]);
      expect(trades[0].fromWeight).toBe(0);
      expect(trades[0].toWeight).toBeCloseTo(0.5, 15);
      expect(trades[0].cost).toBeCloseTo(0.0005, 17);
      // The sell: 0.5 of the old equity is 0.5 / 0.9995 of the equity after the first fee.
      expect(trades[1].fromWeight).toBeCloseTo(0.5 / 0.9995, 14);
      expect(trades[1].toWeight).toBe(0);
      expect(trades[1].cost).toBeCloseTo((0.001 * 0.5) / 0.9995, 16);
      release(r);
    }
  });

  it('slippage and fixed fees add to the fee: fixedFee is charged per trade as a fraction of equity', () => {
    const p = Panel.fromRows([10, 20, 10, 20], 2, 2);
    const w = Panel.fromRows([0.3, 0.2, 0.3, 0.2], 2, 2);
    const r = backtest(p, w, { feesBps: 10, slippageBps: 5, fixedFee: 2, initialCapital: 1000 });
    // Row 0: two trades, traded value 0.5 of 1000: 0.0015 * 0.5 + 2 * 2 / 1000.
    expect(r.costs[0]).toBeCloseTo(0.0015 * 0.5 + 0.004, 15);
    expect(r.equity[0]).toBeCloseTo(1000 * (1 - 0.00475), 10);
  });

  it('an all-cash portfolio earns exactly the compounded risk-free rate', () => {
    const dates = Array.from({ length: 40 }, (_, t) => utc('2024-01-01') + t * DAY);
    const p = dated(dates.map(() => 50), dates, ['BTC']);
    const w = dated(dates.map(() => 0), dates, ['BTC']);
    for (const backend of BACKENDS) {
      const r = backtest(p, w, { cashRate: 0.05, backend });
      expect(r.periodsPerYear).toBe(365);
      expect(r.returns[0]).toBe(0);
      for (let t = 1; t < 40; t++) expect(r.returns[t]).toBeCloseTo(1.05 ** (1 / 365) - 1, 17);
      expect(Math.abs(r.equity[39] - 1.05 ** (39 / 365))).toBeLessThan(1e-14);
      // A series of annual rates: row t's rate accrues over bar t.
      const annual = Float64Array.from(dates, (_, t) => 0.01 * (t % 5));
      const s = backtest(p, w, { cashRate: annual, backend });
      let wealth = 1;
      for (let t = 1; t < 40; t++) wealth *= (1 + annual[t]) ** (1 / 365);
      expect(Math.abs(s.equity[39] - wealth)).toBeLessThan(1e-14);
      release(r);
      release(s);
    }
  });

  it('a levered position pays the cash rate on the borrowed cash and a short pays the borrow rate', () => {
    const p = Panel.fromRows([10, 10, 11], 3, 1);
    const long = backtest(p, Panel.fromRows([2, 2, 2], 3, 1), { cashRate: 0.1, periodsPerYear: 12 });
    const rc = 1.1 ** (1 / 12) - 1;
    expect(long.returns[1]).toBeCloseTo(-rc, 15); // cash = -1 pays the rate, flat price
    expect(long.returns[2]).toBeCloseTo(2 * 0.1 - rc, 14);
    const short = backtest(p, Panel.fromRows([-1, -1, -1], 3, 1), { borrowRate: 0.2, periodsPerYear: 12 });
    const rb = 1.2 ** (1 / 12) - 1;
    expect(short.returns[1]).toBeCloseTo(-rb, 15);
    expect(short.returns[2]).toBeCloseTo(-0.1 - rb, 14);
    expect(short.grossExposure[0]).toBe(1);
    expect(short.netExposure[0]).toBe(-1);
  });

  it('changing the last bar\'s price or target never changes an earlier return (lag 1)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { spec, options } = randomCase(seed + 5000, 1);
      const opts = { ...options, includeWarmup: true };
      const { p, w } = panels(spec);
      const a = backtest(p, w, opts);
      const p2 = p.clone();
      const w2 = w.clone();
      const N = spec.N;
      for (let j = 0; j < N; j++) {
        const k = (spec.T - 1) * N + j;
        if (!Number.isNaN(p2.values[k])) p2.values[k] *= 1.5;
        if (w2.values[k] === 0) w2.values[k] = 0; else w2.values[k] = -w2.values[k];
      }
      const b = backtest(p2, w2, opts);
      expect(Array.from(b.returns.subarray(0, spec.T - 1))).toEqual(Array.from(a.returns.subarray(0, spec.T - 1)));
      release(a);
      release(b);
    }
  });

  it('lag 1 and lag 0 differ exactly by a one-bar shift of the targets and schedule', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { spec, options } = randomCase(seed + 7000, 1);
      const { T, N } = spec;
      // With lag 0 the target of row t + 1 is traded at close t, where lag 1 trades row t's.
      const shifted = spec.weights.map((_, k) => (k >= N ? spec.weights[k - N] : 0));
      const flags = spec.flags.map((_, t) => t > 0 && spec.flags[t - 1]);
      const p = Panel.fromRows(spec.prices, T, N);
      const w = Panel.fromRows(spec.weights, T, N);
      const ws = Panel.fromRows(shifted, T, N);
      const base = { ...options, decay: undefined, rebalance: spec.flags.flatMap((f, t) => (f ? [t] : [])) };
      const one = backtest(p, w, { ...base, lag: 1 });
      const zero = backtest(p, ws, { ...base, lag: 0, rebalance: flags.flatMap((f, t) => (f ? [t] : [])) });
      // Identical bar for bar, except that lag 1 also trades the last decision row at the
      // last close (lag 0 would need row T's target for it).
      const n = spec.flags[T - 1] ? T - 1 : T;
      expect(Array.from(zero.returns.subarray(0, n))).toEqual(Array.from(one.returns.subarray(0, n)));
      release(one);
      release(zero);
    }
  });

  it('lag 0 with daily rebalancing is the naive same-close (w * r).sum(1); lag 1 earns it one bar later', () => {
    const p = [10, 20, 11, 19, 12, 21, 12.5, 20];
    const w = [0.6, 0.4, 0.2, 0.8, 0.5, -0.5, 1, 0];
    const r = (t: number, j: number): number => p[t * 2 + j] / p[(t - 1) * 2 + j] - 1;
    const zero = backtest(Panel.fromRows(p, 4, 2), Panel.fromRows(w, 4, 2), { lag: 0 });
    const one = backtest(Panel.fromRows(p, 4, 2), Panel.fromRows(w, 4, 2));
    for (let t = 1; t < 4; t++) {
      expect(zero.returns[t]).toBeCloseTo(w[t * 2] * r(t, 0) + w[t * 2 + 1] * r(t, 1), 15);
      expect(one.returns[t]).toBeCloseTo(w[(t - 1) * 2] * r(t, 0) + w[(t - 1) * 2 + 1] * r(t, 1), 15);
    }
  });

  it('a held position whose price goes missing is carried at its last price until it reappears', () => {
    const p = Panel.fromRows([10, NaN, NaN, 12], 4, 1);
    const w = Panel.fromRows([1, 1, 1, 1], 4, 1);
    const r = backtest(p, w, { rebalance: [0] });
    expectClose(r.returns, [0, 0, 0, 12 / 10 - 1], 1e-15);
    expect(r.weights.values[2]).toBe(1);
  });
});

describe('backtest: schedules, bands, decay, leverage', () => {
  it('backtest(.., { rebalance: { every: "week", weekday } }) trades only on that weekday (and row 0)', () => {
    // A 7-day calendar starting on a Friday; weekday 3 = Wednesday.
    const dates = Array.from({ length: 40 }, (_, t) => utc('2024-03-01') + t * DAY);
    const u = rng(3);
    const prices = dates.flatMap(() => [100 + u(), 50 + u()]);
    const targets = dates.flatMap(() => [u(), u() * 0.5]);
    const r = backtest(dated(prices, dates, ['a', 'b']), dated(targets, dates, ['a', 'b']), { rebalance: { every: 'week', weekday: 3 } });
    const tradedRows = Array.from(r.turnover).flatMap((x, t) => (x > 0 ? [t] : []));
    const wednesdays = dates.flatMap((d, t) => (new Date(d).getUTCDay() === 3 ? [t] : []));
    expect(tradedRows).toEqual([0, ...wednesdays]);
    // A business-day calendar whose Monday is a holiday trades on Tuesday that week.
    const bdays = ['2024-05-20', '2024-05-21', '2024-05-22', '2024-05-23', '2024-05-24', '2024-05-28', '2024-05-29', '2024-06-03', '2024-06-04'].map(utc);
    const b = backtest(dated(bdays.map(() => 1), bdays, ['x']), dated(bdays.map((_, t) => 0.1 * (t + 1)), bdays, ['x']), { rebalance: { every: 'week', weekday: 1 } });
    expect(Array.from(b.turnover).flatMap((x, t) => (x > 0 ? [t] : []))).toEqual([0, 5, 7]);
  });

  it("rebalance 'monthly-first' and 'monthly-last' trade on the first / last bar of each month", () => {
    const dates = ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-02-29', '2024-03-04', '2024-03-05'].map(utc);
    const p = dated(dates.map(() => 1), dates, ['x']);
    const w = dated(dates.map((_, t) => 0.1 * (t + 1)), dates, ['x']);
    const rows = (r: BacktestResult): number[] => Array.from(r.turnover).flatMap((x, t) => (x > 0 ? [t] : []));
    expect(rows(backtest(p, w, { rebalance: 'monthly-first', periodsPerYear: 252 }))).toEqual([0, 2, 5]);
    // The data stop on Tuesday 2024-03-05, mid-month: the last row is not a month end (issue 12).
    expect(rows(backtest(p, w, { rebalance: 'monthly-last', periodsPerYear: 252 }))).toEqual([1, 4]);
    // Explicit dates (ms, Date, ISO) select decision rows; lag 2 trades them one bar later.
    const list = backtest(p, w, { rebalance: [dates[1], new Date(dates[3]), '2024-03-04'], lag: 2, periodsPerYear: 252 });
    expect(rows(list)).toEqual([2, 4, 6]);
  });

  it('a band suppresses trades until the drift from target exceeds it', () => {
    // Target 50/50; asset a rises 10% a bar, b is flat. Held a after k bars: 1.1^k / (1.1^k + 1).
    const T = 6;
    const prices = Array.from({ length: T }, (_, t) => [100 * 1.1 ** t, 100]).flat();
    const targets = new Array(2 * T).fill(0.5);
    const r = backtest(Panel.fromRows(prices, T, 2), Panel.fromRows(targets, T, 2), { band: 0.06 });
    // Drift of a: bar 1: 1.1/2.1 - 0.5 = 0.0238; bar 2: 1.21/2.21 - 0.5 = 0.0475; bar 3: 0.0702 > 0.06.
    expect(Array.from(r.turnover).map((x) => x > 0)).toEqual([true, false, false, true, false, false]);
    expect(r.turnover[3]).toBeCloseTo(2 * (1.331 / 2.331 - 0.5), 14);
    expect(r.weights.values[2 * 2]).toBeCloseTo(1.21 / 2.21, 14);
    const none = backtest(Panel.fromRows(prices, T, 2), Panel.fromRows(targets, T, 2));
    expect(Array.from(none.turnover).every((x) => x > 0)).toBe(true);
  });

  it('decay: a selected asset loses half its weight every halflife bars, counted from its selection, not from a change of size', () => {
    // Issue 13 changed the age: 1 -> 0.4 is a change of size (the asset stays selected),
    // so the age runs on; 0.4 -> 0 -> 0.4 is leaving and re-entering, which restarts it.
    const p = Panel.fromRows([10, 11, 12, 13, 14, 15, 16, 17], 8, 1);
    const w = Panel.fromRows([1, 1, 1, 0.4, 0.4, 0, 0.4, 0.4], 8, 1);
    const r = backtest(p, w, { decay: { halflife: 2 }, includeWarmup: true });
    const expected = [1, 0.5 ** 0.5, 0.5, 0.4 * 0.5 ** 1.5, 0.4 * 0.5 ** 2, 0, 0.4, 0.4 * 0.5 ** 0.5];
    expectClose(r.weights.values, expected, 1e-15, 'held after decay');
    // A flip from long to short is a new selection too.
    const flip = backtest(Panel.fromRows([10, 10, 10, 10], 4, 1), Panel.fromRows([0.5, 0.5, -0.5, -0.5], 4, 1), { decay: { halflife: 1 } });
    expectClose(flip.weights.values, [0.5, 0.25, -0.5, -0.25], 1e-15, 'held after a flip');
  });

  it('leverage multiplies targets and maxGross scales a row down to the cap', () => {
    const p = Panel.fromRows([10, 20, 10, 20], 2, 2);
    const lev = backtest(p, Panel.fromRows([0.5, 0.25, 0.5, 0.25], 2, 2), { leverage: 2 });
    expectClose(lev.weights.values.subarray(0, 2), [1, 0.5], 1e-15);
    const cap = backtest(p, Panel.fromRows([0.8, -0.6, 0.8, -0.6], 2, 2), { maxGross: 1 });
    expectClose(cap.weights.values.subarray(0, 2), [0.8 / 1.4, -0.6 / 1.4], 1e-15);
    expect(cap.grossExposure[0]).toBeCloseTo(1, 15);
  });

  it('periodsPerYear is inferred from the date spacing and can be overridden', () => {
    const make = (start: string, step: number, n: number, skipWeekends = false): Panel => {
      const d: number[] = [];
      for (let ms = utc(start); d.length < n; ms += step * DAY) {
        const wd = new Date(ms).getUTCDay();
        if (!skipWeekends || (wd !== 0 && wd !== 6)) d.push(ms);
      }
      return dated(d.map(() => 1), d, ['x']);
    };
    const ppy = (p: Panel, o: BacktestOptions = {}): number => backtest(p, p, { ...o, align: true }).periodsPerYear;
    expect(ppy(make('2024-01-01', 1, 30))).toBe(365);
    expect(ppy(make('2024-01-01', 1, 30, true))).toBe(252);
    expect(ppy(make('2024-01-01', 7, 30))).toBe(52);
    expect(ppy(make('2024-01-31', 30.4, 30))).toBe(12);
    expect(ppy(make('2024-01-01', 1, 30), { periodsPerYear: 260 })).toBe(260);
    expect(backtest(Panel.fromRows([1, 1], 2, 1), Panel.fromRows([0, 0], 2, 1)).periodsPerYear).toBe(252);
  });
});

describe('benchmarks', () => {
  it('buyAndHold(prices, asset) equals the asset\'s price ratio from its first price', () => {
    const u = rng(9);
    const T = 50;
    const values: number[] = [];
    for (let t = 0; t < T; t++) values.push(100 + 10 * u(), t < 7 ? NaN : 20 + u(), 5 + u());
    const p = Panel.fromRows(values, T, 3, { columns: ['SPY', 'BTC', 'GLD'] });
    for (const backend of BACKENDS) {
      const r = buyAndHold(p, 'BTC', { backend });
      for (let t = 0; t < T; t++) {
        const expected = t < 7 ? 1 : values[t * 3 + 1] / values[7 * 3 + 1];
        expect(Math.abs(r.equity[t] - expected)).toBeLessThan(1e-13);
      }
      expect(r.trades.length).toBe(1);
    }
  });

  it('equalWeight(prices) with daily rebalancing returns the mean of the asset returns', () => {
    const u = rng(11);
    const T = 60;
    const N = 7;
    const values = Array.from({ length: T * N }, (_, k) => 10 + (k % N) + u());
    const p = Panel.fromRows(values, T, N);
    for (const backend of BACKENDS) {
      const r = equalWeight(p, { backend });
      expect(r.returns[0]).toBe(0);
      for (let t = 1; t < T; t++) {
        let mean = 0;
        for (let j = 0; j < N; j++) mean += values[t * N + j] / values[(t - 1) * N + j] - 1;
        expect(Math.abs(r.returns[t] - mean / N)).toBeLessThan(1e-15);
      }
    }
  });
});

describe('backtest inputs', () => {
  const dates = ['2024-01-01', '2024-01-02', '2024-01-03'].map(utc);
  const prices = (): Panel => dated([1, 2, 1.1, 2.1, 1.2, 2.2], dates, ['a', 'b']);

  it('accepts Arrow Tables with a date column and gives the same result as Panels', () => {
    const table = (values: number[][]): Table => new Table({
      date: vectorFromArray(dates, new TimestampMillisecond()),
      a: vectorFromArray(values.map((r) => r[0]), new Float64()),
      b: vectorFromArray(values.map((r) => r[1]), new Float64()),
    });
    const w = [[0.5, 0.5], [0.2, 0.7], [0, 1]];
    const fromTables = backtest(table([[1, 2], [1.1, 2.1], [1.2, 2.2]]), table(w), { periodsPerYear: 365 });
    const fromPanels = backtest(prices(), dated(w.flat(), dates, ['a', 'b']), { periodsPerYear: 365 });
    expect(Array.from(fromTables.returns)).toEqual(Array.from(fromPanels.returns));
    expect(Array.from(fromTables.dates)).toEqual(dates);
    expect(fromTables.columns).toEqual(['a', 'b']);
  });

  it('align: true reindexes weights onto the price dates and columns, missing targets 0', () => {
    const w = Panel.fromRows([0.5], 1, 1, { columns: ['b'], index: [dates[1]] });
    const r = backtest(prices(), w, { align: true, periodsPerYear: 365, includeWarmup: true });
    expectClose(r.weights.values, [0, 0, 0, 0.5, 0, 0], 1e-15);
    expect(() => backtest(prices(), Panel.fromRows([0.5], 1, 1, { columns: ['zz'], index: [dates[1]] }), { align: true }))
      .toThrow(/weights column 'zz' is not a price column/);
    expect(() => backtest(prices(), Panel.fromRows([0.5], 1, 1, { columns: ['a'], index: [utc('2023-01-01')] }), { align: true }))
      .toThrow(/weights date 2023-01-01 \(row 0\) is not a date of the prices/);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['missing and extra columns', () => backtest(prices(), dated([0, 0, 0, 0, 0, 0], dates, ['a', 'c'])), /missing 'b'; extra 'c'/],
    ['columns in another order', () => backtest(prices(), dated([0, 0, 0, 0, 0, 0], dates, ['b', 'a'])), /another order \(position 0: weights 'b', prices 'a'\)/],
    ['a different number of rows', () => backtest(prices(), Panel.fromRows([0, 0], 1, 2, { columns: ['a', 'b'] })), /weights have 1 rows, prices 3/],
    ['a differing date', () => backtest(prices(), dated([0, 0, 0, 0, 0, 0], [dates[0], dates[1], utc('2024-01-05')], ['a', 'b'])),
      /dates differ first at row 2: weights 2024-01-05, prices 2024-01-03/],
    ['a NaN target', () => backtest(prices(), dated([0, 0, NaN, 0, 0, 0], dates, ['a', 'b'])), /target weight is NaN for 'a' at 2024-01-02; pass nanWeights: 'zero'/],
    ['a target on an asset without a price at the trade bar', () => backtest(dated([1, 2, NaN, 2.1, 1.2, 2.2], dates, ['a', 'b']), dated([0, 0, 0.5, 0, 0, 0], dates, ['a', 'b'])),
      /target 0.5 for 'a' at 2024-01-02 would trade at 2024-01-02, where its price is missing/],
    ['a short with allowShort false', () => backtest(prices(), dated([0, 0, 0, -0.1, 0, 0], dates, ['a', 'b']), { allowShort: false }), /target weight -0.1 for 'b' at 2024-01-02 is negative but allowShort is false/],
    ['negative fees', () => backtest(prices(), prices(), { feesBps: -1 }), /feesBps must be >= 0/],
    ['negative slippage', () => backtest(prices(), prices(), { slippageBps: -2 }), /slippageBps must be >= 0/],
    ['a negative fixed fee', () => backtest(prices(), prices(), { fixedFee: -2 }), /fixedFee must be >= 0/],
    ['a schedule date not on the calendar', () => backtest(prices(), prices(), { rebalance: ['2024-01-04'] }), /rebalance date 2024-01-04T00:00:00.000Z is not a date of the prices/],
    ['an unreadable schedule date', () => backtest(prices(), prices(), { rebalance: ['Jan 4'] }), /unreadable/],
    ['a weekday out of range', () => backtest(prices(), prices(), { rebalance: { every: 'week', weekday: 7 } }), /weekday must be an integer 0..6/],
    ['an unknown schedule', () => backtest(prices(), prices(), { rebalance: 'hourly' as never }), /rebalance must be daily, weekly, weekly-sun/],
    ['a calendar schedule without dates', () => backtest(Panel.fromRows([1, 1], 2, 1), Panel.fromRows([0, 0], 2, 1), { rebalance: 'monthly-last' }), /needs dated prices/],
    ['row numbers out of range without dates', () => backtest(Panel.fromRows([1, 1], 2, 1), Panel.fromRows([0, 0], 2, 1), { rebalance: [2] }), /row numbers 0..1; got 2/],
    ['an unknown option', () => backtest(prices(), prices(), { fee: 1 } as never), /unknown option 'fee'/],
    ['a negative lag', () => backtest(prices(), prices(), { lag: -1 }), /lag must be an integer >= 0/],
    ['a lag as long as the data', () => backtest(prices(), prices(), { lag: 3 }), /lag 3 leaves no bar to trade at/],
    ['a cash-rate series of the wrong length', () => backtest(prices(), prices(), { cashRate: [0.01, 0.02] }), /cashRate series has 2 values for 3 price rows/],
    ['a negative price', () => backtest(dated([1, 2, -1, 2, 1, 2], dates, ['a', 'b']), prices()), /price -1 in column 'a' at 2024-01-02/],
    ['a bad decay', () => backtest(prices(), prices(), { decay: { halflife: 0 } }), /decay.halflife must be in \(0, inf\)/],
    ['a bad leverage', () => backtest(prices(), prices(), { leverage: 0 }), /leverage must be in \(0, inf\)/],
    ['an unknown buy-and-hold asset', () => buyAndHold(prices(), 'zz'), /no asset 'zz'; columns are a, b/],
    ['a lag option for equalWeight', () => equalWeight(prices(), { lag: 0 } as never), /unknown option 'lag'/],
  ];
  for (const [what, run, message] of bad) {
    it(`backtest rejects ${what} with an InputError`, () => {
      expect(run).toThrow(InputError);
      expect(run).toThrow(message);
    });
  }

  it('backtest names the one injected bad cell (any position, both backends)', () => {
    const kinds = [
      { bad: 'price', opts: {}, message: (c: string, r: number) => new RegExp(`price -2 in column '${c}' at row ${r};`) },
      { bad: 'nan', opts: {}, message: (c: string, r: number) => new RegExp(`target weight is NaN for '${c}' at row ${r};`) },
      { bad: 'inf', opts: {}, message: (c: string, r: number) => new RegExp(`target weight is Infinity for '${c}' at row ${r};`) },
      { bad: 'short', opts: { allowShort: false }, message: (c: string, r: number) => new RegExp(`target weight -0.25 for '${c}' at row ${r} is negative`) },
      { bad: 'missing', opts: {}, message: (c: string, r: number) => new RegExp(`target 0.25 for '${c}' at row ${r} would trade at row ${r},`) },
    ] as const;
    const u = rng(77);
    for (let trial = 0; trial < 60; trial++) {
      const T = 2 + Math.floor(u() * 9);
      const N = 1 + Math.floor(u() * 7);
      const prices = Array.from({ length: T * N }, () => 1 + u());
      const weights = Array.from({ length: T * N }, () => 0.1 * u());
      const cell = Math.floor(u() * T * N);
      const kind = kinds[trial % kinds.length];
      if (kind.bad === 'price') prices[cell] = -2;
      if (kind.bad === 'nan') weights[cell] = NaN;
      if (kind.bad === 'inf') weights[cell] = Infinity;
      if (kind.bad === 'short') weights[cell] = -0.25;
      if (kind.bad === 'missing') {
        prices[cell] = NaN;
        weights[cell] = 0.25;
      }
      const r = Math.floor(cell / N);
      const c = `c${cell % N}`;
      for (const backend of BACKENDS) {
        const run = (): unknown => backtest(Panel.fromRows(prices, T, N), Panel.fromRows(weights, T, N), { ...kind.opts, backend });
        expect(run, `${kind.bad} at ${cell} of ${T}x${N} (${backend})`).toThrow(kind.message(c, r));
      }
    }
  });

  it("nanWeights: 'zero' treats NaN targets as 0 and leaves the caller's panel untouched", () => {
    const w = dated([0.5, 0.5, NaN, 0.5, 0.5, 0.5], dates, ['a', 'b']);
    const r = backtest(prices(), w, { nanWeights: 'zero', periodsPerYear: 365 });
    expect(r.weights.values[2]).toBe(0);
    expect(Number.isNaN(w.values[2])).toBe(true);
  });
});
