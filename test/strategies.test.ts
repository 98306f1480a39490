import { describe, expect, it } from 'vitest';
import {
  Panel, csm, dualMomentum, multiHorizonMomentum, tsm,
} from '../src/index.js';
import { inferPeriodsPerYear } from '../src/strategies/periods.js';
import { days, expectNoLookAhead, expectRows, expectThrows, prices, walk, MON_2024_01_01, DAY } from './strategyHelpers.js';

// Four assets over 5 days; C lists on day 2. Used by the tsm tests.
const TSM_PRICES = {
  A: [100, 110, 120, 130, 125],
  B: [100, 90, 80, 85, 95],
  C: [NaN, NaN, 50, 55, 60],
  D: [100, 100, 100, 101, 99],
};

describe('tsm', () => {
  it('tsm(p, {lookback: 2}) holds 1/n of the assets with a valid signal whose 2-bar return is positive', () => {
    // r = p_t / p_{t-2} - 1:
    // row 2: A +0.2, B -0.2, C NaN (no price 2 bars back), D 0 (not > 0)  -> n = 3: A 1/3
    // row 3: A 130/110-1 > 0, B 85/90-1 < 0, C NaN, D 101/100-1 > 0        -> n = 3: A, D 1/3
    // row 4: A 125/120-1 > 0, B 95/80-1 > 0, C 60/50-1 > 0, D 99/100-1 < 0 -> n = 4: A, B, C 1/4
    // rows 0-1: no valid r: all cash.
    const w = tsm(prices(TSM_PRICES), { lookback: 2 });
    expect(w.columns).toEqual(['A', 'B', 'C', 'D']);
    expect(Array.from(w.dates())).toEqual(days(5));
    expectRows(w, [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1 / 3, 0, 0, 0],
      [1 / 3, 0, 0, 1 / 3],
      [1 / 4, 1 / 4, 1 / 4, 0],
    ]);
  });

  it('tsm(p, {mode: long-short}) shorts the assets below the threshold and leaves r == threshold flat', () => {
    // same returns as above; D's 0 return at row 2 equals the threshold: 0.
    const w = tsm(prices(TSM_PRICES), { lookback: 2, mode: 'long-short' });
    expectRows(w, [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1 / 3, -1 / 3, 0, 0],
      [1 / 3, -1 / 3, 0, 1 / 3],
      [1 / 4, 1 / 4, 1 / 4, -1 / 4],
    ]);
  });

  it('tsm(p, {threshold: 0.1}) is long only where the return beats 10%', () => {
    // row 2: A 0.2; row 3: A 0.1818 (D 0.01 does not); row 4: A 0.0417 no, B 0.1875, C 0.2.
    expectRows(tsm(prices(TSM_PRICES), { lookback: 2, threshold: 0.1 }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1 / 3, 0, 0, 0],
      [1 / 3, 0, 0, 0],
      [0, 1 / 4, 1 / 4, 0],
    ]);
    // long-short: everything not above 10% with a valid r is short.
    expectRows(tsm(prices(TSM_PRICES), { lookback: 2, threshold: 0.1, mode: 'long-short' }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1 / 3, -1 / 3, 0, -1 / 3],
      [1 / 3, -1 / 3, 0, -1 / 3],
      [-1 / 4, 1 / 4, 1 / 4, -1 / 4],
    ]);
  });

  it('tsm(p, {skip: 1}) measures the return that ended one bar earlier', () => {
    // r_t = p_{t-1} / p_{t-3} - 1: row 3 uses rows 2 / 0 (A +, B -, C NaN, D 0),
    // row 4 uses rows 3 / 1 (A +, B -, C NaN, D +).
    expectRows(tsm(prices(TSM_PRICES), { lookback: 2, skip: 1 }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1 / 3, 0, 0, 0],
      [1 / 3, 0, 0, 1 / 3],
    ]);
  });

  it('tsm accepts an Arrow Table and the js backend with the same weights', () => {
    const p = prices(TSM_PRICES);
    const a = tsm(p, { lookback: 2 });
    expect(Array.from(tsm(p.toArrow(), { lookback: 2 }).values)).toEqual(Array.from(a.values));
    expect(Array.from(tsm(p, { lookback: 2, backend: 'js' }).values)).toEqual(Array.from(a.values));
  });

  it('tsm weights at rows <= t do not change when prices after t change', () => {
    const p = walk(11, 30, 5);
    expectNoLookAhead((x) => tsm(x, { lookback: 5 }), p, [4, 9, 17, 28]);
    expectNoLookAhead((x) => tsm(x, { lookback: 4, skip: 2, mode: 'long-short', threshold: 0.01 }), p, [6, 12, 25]);
  });

  it('tsm rejects unknown options, too long lookbacks, bad modes and non-positive prices', () => {
    const p = prices(TSM_PRICES);
    expectThrows(() => tsm(p, { lookbak: 2 } as never), /tsm: unknown option 'lookbak'; valid options are lookback, skip, threshold, mode, eligible, backend/);
    expectThrows(() => tsm(p, { lookback: 5 }), /tsm: lookback 5 is not shorter than the history \(5 rows\)/);
    expectThrows(() => tsm(p, { lookback: 3, skip: 2 }), /tsm: lookback \+ skip \(3 \+ 2\) = 5 is not shorter than the history \(5 rows\)/);
    expectThrows(() => tsm(p, { lookback: 0 }), /tsm: lookback must be an integer >= 1, got 0/);
    expectThrows(() => tsm(p, { mode: 'short' as never }), /tsm: mode must be one of 'long-cash', 'long-short', got "short"/);
    expectThrows(() => tsm(prices({ ...TSM_PRICES, B: [100, 90, 0, 85, 95] }), { lookback: 2 }), /tsm: price 0 in column 'B' at 2024-01-03; prices must be positive/);
    expectThrows(() => tsm(prices({ ...TSM_PRICES, D: [100, 100, 100, 101, -99] }), { lookback: 2 }), /price -99 in column 'D' at 2024-01-05/);
  });
});

describe('csm', () => {
  // Two rows, lookback 1: only row 1 has returns. Row 0 all 100.
  // Row 1 returns: A +10%, B +5%, C +5% (tie with B), D -5%, E -10%.
  const TIED = prices({ A: [100, 110], B: [100, 105], C: [100, 105], D: [100, 95], E: [100, 90] });

  it('csm(p, {topN: 1, bottomN: 1}) is long the best and short the worst asset, +1 / -1', () => {
    expectRows(csm(TIED, { lookback: 1, topN: 1, bottomN: 1 }), [
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, -1],
    ]);
  });

  it('csm(p, {topN: 2}) defaults bottomN to topN and splits each leg equally', () => {
    // rank 'first' (descending): A 1, B 2, C 3 (B is left of C), D 4, E 5.
    // long d <= 2: A, B at 1/2; short d >= 5 + 1 - 2 = 4: D, E at -1/2.
    expectRows(csm(TIED, { lookback: 1, topN: 2 }), [
      [0, 0, 0, 0, 0],
      [0.5, 0.5, 0, -0.5, -0.5],
    ]);
  });

  it('csm with rankMethod average leaves out a tie that straddles the cut-off', () => {
    // average ranks: A 1, B 2.5, C 2.5, D 4, E 5. Long d <= 2: A alone at +1.
    expectRows(csm(TIED, { lookback: 1, topN: 2, rankMethod: 'average' }), [
      [0, 0, 0, 0, 0],
      [1, 0, 0, -0.5, -0.5],
    ]);
    // topN 3: d <= 3 takes the whole tied group: A, B, C at 1/3. The short cut-off
    // d >= 5 + 1 - 3 = 3 excludes the group (2.5) too: D, E short at -1/2.
    expectRows(csm(TIED, { lookback: 1, topN: 3, rankMethod: 'average' }), [
      [0, 0, 0, 0, 0],
      [1 / 3, 1 / 3, 1 / 3, -0.5, -0.5],
    ]);
  });

  it('csm breaks a tie at the bottom symmetrically: first shorts the rightmost, average none', () => {
    // Row 1 returns: A +20%, B +10%, C, D, E all -10% (identical prices, an exact tie).
    const p = prices({ A: [100, 120], B: [100, 110], C: [100, 90], D: [100, 90], E: [100, 90] });
    // 'first': d = 1, 2, 3, 4, 5 -> short d >= 5: E.
    expectRows(csm(p, { lookback: 1, topN: 1, bottomN: 1 }), [[0, 0, 0, 0, 0], [1, 0, 0, 0, -1]]);
    // 'average': C, D, E all rank 4 -> none has d >= 5: the short leg is empty (cash).
    expectRows(csm(p, { lookback: 1, topN: 1, bottomN: 1, rankMethod: 'average' }), [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0]]);
  });

  it('csm(p, {topN, bottomN: 0}) is long-only and sums to 1', () => {
    expectRows(csm(TIED, { lookback: 1, topN: 3, bottomN: 0 }), [
      [0, 0, 0, 0, 0],
      [1 / 3, 1 / 3, 1 / 3, 0, 0],
    ]);
  });

  it('csm(p, {quantile}) holds floor(q n) assets per leg, n counting only valid returns', () => {
    // Row 1: 5 valid (q 0.4 -> 2 per leg). Row 2: E is missing, 4 valid (q 0.4 -> floor(1.6) = 1).
    // Row 2 returns: A 121/110 = +10%, B 100/105 -4.8%, C 126/105 +20%, D 95/95 0%.
    const p = prices({ A: [100, 110, 121], B: [100, 105, 100], C: [100, 105, 126], D: [100, 95, 95], E: [100, 90, NaN] });
    expectRows(csm(p, { lookback: 1, quantile: 0.4 }), [
      [0, 0, 0, 0, 0],
      [0.5, 0.5, 0, -0.5, -0.5],
      [0, -1, 1, 0, 0],
    ]);
    // bottomQuantile 0: long-only top 20% (floor(1) / floor(0.8) = 0 on row 2: empty leg, cash).
    expectRows(csm(p, { lookback: 1, quantile: 0.2, bottomQuantile: 0 }), [
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('csm puts an asset that would be in both legs in neither when few assets are valid', () => {
    // 4 assets valid, topN = bottomN = 3: long d <= 3 = {A, B, C}, short d >= 2 = {B, C, D};
    // B and C are in both: A long +1, D short -1.
    const p = prices({ A: [100, 140], B: [100, 130], C: [100, 120], D: [100, 110] });
    expectRows(csm(p, { lookback: 1, topN: 3 }), [[0, 0, 0, 0], [1, 0, 0, -1]]);
  });

  it('csm weights at rows <= t do not change when prices after t change', () => {
    const p = walk(12, 30, 5);
    expectNoLookAhead((x) => csm(x, { lookback: 5, topN: 2 }), p, [4, 11, 20, 28]);
    expectNoLookAhead((x) => csm(x, { lookback: 3, skip: 1, quantile: 0.4, rankMethod: 'average' }), p, [5, 19]);
  });

  it('csm rejects ambiguous or impossible leg sizes and unknown options', () => {
    expectThrows(() => csm(TIED, { lookback: 1 }), /csm: give topN .* or quantile/);
    expectThrows(() => csm(TIED, { lookback: 1, topN: 1, quantile: 0.2 }), /csm: give either topN\/bottomN or quantile\/bottomQuantile, not both/);
    expectThrows(() => csm(TIED, { lookback: 1, topN: 6 }), /csm: topN 6 \/ bottomN 6 exceed the universe of 5 assets/);
    expectThrows(() => csm(TIED, { lookback: 1, topN: 0, bottomN: 0 }), /csm: topN \+ bottomN must be at least 1/);
    expectThrows(() => csm(TIED, { lookback: 1, quantile: 0.6 }), /csm: quantile \+ bottomQuantile must be <= 1/);
    expectThrows(() => csm(TIED, { lookback: 1, quantile: 1.5 }), /csm: quantile must be in \[0, 1\], got 1.5/);
    expectThrows(() => csm(TIED, { lookback: 1, topN: 1, rankMethod: 'min' as never }), /csm: rankMethod must be one of 'first', 'average'/);
    expectThrows(() => csm(TIED, { lookback: 1, topN: 1, top: 2 } as never), /csm: unknown option 'top'; valid options are lookback, skip, topN, bottomN, quantile, bottomQuantile, rankMethod, eligible, backend/);
    expectThrows(() => csm(TIED, { topN: 1 }), /csm: lookback 252 is not shorter than the history \(2 rows\)/);
  });
});

describe('dualMomentum', () => {
  // lookback 2; USDT is the defensive asset. 2-bar returns (row: A, B, C, USDT):
  // row 2: +0.20, +0.05, -0.10, +0.50
  // row 3: -0.10, -0.05, -0.20,  0
  // row 4: +0.25 (150/120), +0.20 (126/105), +0.0556 (95/90), 0
  // row 5: +0.556 (140/90), +0.0526 (100/95), 0 (80/80), NaN (USDT missing)
  const DM = {
    A: [100, 100, 120, 90, 150, 140],
    B: [100, 100, 105, 95, 126, 100],
    C: [100, 100, 90, 80, 95, 80],
    USDT: [1, 1, 1.5, 1, 1, NaN],
  };
  // 0.21 a year over 2 bars at 4 bars a year: (1.21)^(1/2) - 1 = 0.1 (to rounding).
  const RF = { riskFree: 0.21, periodsPerYear: 4 };

  it('dualMomentum(p, {topN: 2}) holds the two best positive assets at 1/2, cash when none is positive', () => {
    // USDT is a candidate here (no defensive): row 2 its +0.5 is the best.
    // row 2: USDT, A; row 3: nothing positive -> cash; row 4: A, B; row 5: A, B (C's 0 fails > 0).
    expectRows(dualMomentum(prices(DM), { lookback: 2, topN: 2 }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0.5, 0, 0, 0.5],
      [0, 0, 0, 0],
      [0.5, 0.5, 0, 0],
      [0.5, 0.5, 0, 0],
    ]);
  });

  it('dualMomentum with a risk-free rate filters assets that do not beat it over the lookback', () => {
    // rf_L = 0.1: row 2 only A (B's 5% fails); row 4 A, B (C 5.6% fails); row 5 only A.
    expectRows(dualMomentum(prices(DM), { lookback: 2, topN: 2, defensive: 'USDT', ...RF }), [
      [0, 0, 0, 0], // warm-up: no candidate has a return yet -> cash, not defensive
      [0, 0, 0, 0],
      [0.5, 0, 0, 0.5], // one empty slot -> USDT (USDT's own +50% does not make it a candidate)
      [0, 0, 0, 1], // everything filtered out -> all defensive
      [0.5, 0.5, 0, 0],
      [0.5, 0, 0, 0], // USDT has no price that day: its slot stays in cash
    ]);
    // without a defensive asset the empty slots are cash
    expectRows(dualMomentum(prices(DM), { lookback: 2, topN: 2, ...RF, defensive: undefined }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0.5, 0, 0, 0.5], // USDT is a candidate again and beats 10%
      [0, 0, 0, 0],
      [0.5, 0.5, 0, 0],
      [0.5, 0, 0, 0],
    ]);
  });

  it('dualMomentum compounds the annual rate over the lookback: (1 + rf)^(lookback / ppy) - 1', () => {
    // B's 2-bar return at row 2 is 0.05. With ppy 4 and lookback 2, rf 0.1025 gives
    // rf_L = 1.1025^0.5 - 1 = 0.05 (B fails: r - rf_L is not > 0 beyond rounding);
    // rf 0.1 gives rf_L = 0.0488 < 0.05 (B passes). Without compounding, 0.1 would reject B.
    const p = prices(DM);
    const pass = dualMomentum(p, { lookback: 2, topN: 3, riskFree: 0.1, periodsPerYear: 4, defensive: 'USDT' });
    expect(pass.get(2, 'B')).toBeCloseTo(1 / 3, 15);
    const fail = dualMomentum(p, { lookback: 2, topN: 3, riskFree: 0.11, periodsPerYear: 4, defensive: 'USDT' });
    expect(fail.get(2, 'B')).toBe(0);
    expect(fail.get(2, 'USDT')).toBeCloseTo(2 / 3, 15);
  });

  it('dualMomentum takes a risk-free series: each date uses its own rate', () => {
    // row 4: rf 1.44 -> rf_L = 2.44^0.5 - 1 = 0.562 beats every asset -> all defensive.
    const rf = new Float64Array([0, 0, 0.21, 0.21, 1.44, 0]);
    const expected = [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0.5, 0, 0, 0.5],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
      [0.5, 0.5, 0, 0], // rf 0: A and B positive; USDT missing does not matter, no empty slot
    ];
    expectRows(dualMomentum(prices(DM), { lookback: 2, topN: 2, defensive: 'USDT', riskFree: rf, periodsPerYear: 4 }), expected);
    // the same rates as a one-column Panel
    const rfPanel = Panel.fromColumns({ rf: Array.from(rf) });
    expectRows(dualMomentum(prices(DM), { lookback: 2, topN: 2, defensive: 'USDT', riskFree: rfPanel, periodsPerYear: 4 }), expected);
  });

  it('dualMomentum infers 365 periods a year from a 7-day calendar', () => {
    // An absurd rate makes the calendar visible: rf = 1000 (100000% a year) over 2 bars is
    // 1001^(2/365) - 1 = 0.0386 with 365 bars a year (B's 5% passes) but
    // 1001^(2/252) - 1 = 0.0564 with 252 (B fails). The dates are 7 consecutive days a week.
    const p = prices(DM);
    const inferred = dualMomentum(p, { lookback: 2, topN: 2, defensive: 'USDT', riskFree: 1000 });
    expect(Array.from(inferred.row(2))).toEqual([0.5, 0.5, 0, 0]);
    const business = dualMomentum(p, { lookback: 2, topN: 2, defensive: 'USDT', riskFree: 1000, periodsPerYear: 252 });
    expect(Array.from(business.row(2))).toEqual([0.5, 0, 0, 0.5]);
  });

  it('dualMomentum with topN 1 holds only the best candidate, never the defensive asset', () => {
    // row 2: USDT's +50% is the highest return, but it is not a candidate: A is held.
    expectRows(dualMomentum(prices(DM), { lookback: 2, topN: 1, defensive: 'USDT' }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
  });

  it('dualMomentum ranks tied candidates by column order', () => {
    // A and B both +10%: topN 1 picks A (leftmost).
    const p = prices({ A: [100, 110], B: [100, 110], C: [100, 105] });
    expectRows(dualMomentum(p, { lookback: 1, topN: 1 }), [[0, 0, 0], [1, 0, 0]]);
  });

  it('dualMomentum weights at rows <= t do not change when prices after t change', () => {
    const p = walk(13, 30, 5);
    const rf = new Float64Array(30).map((_, t) => 0.02 + 0.001 * t);
    expectNoLookAhead((x) => dualMomentum(x, { lookback: 5, topN: 2 }), p, [4, 10, 22, 28]);
    expectNoLookAhead((x) => dualMomentum(x, { lookback: 3, skip: 1, topN: 2, riskFree: rf, defensive: 'c4' }), Panel.fromRows(p.values, 30, 5, { index: days(30) }), [6, 15, 27]);
  });

  it('dualMomentum rejects bad topN, defensive, risk-free inputs and unknown options', () => {
    const p = prices(DM);
    expectThrows(() => dualMomentum(p, { lookback: 2, topN: 4, defensive: 'USDT' }), /dualMomentum: topN 4 exceeds the 3 candidate assets \(the defensive 'USDT' is not a candidate\)/);
    expectThrows(() => dualMomentum(p, { lookback: 2, defensive: 'USD' }), /dualMomentum: defensive must name a column of the prices, got "USD"; columns are A, B, C, USDT/);
    expectThrows(() => dualMomentum(p, { lookback: 2, riskFree: new Float64Array(5) }), /dualMomentum: riskFree has 5 rates for 6 rows of prices/);
    expectThrows(() => dualMomentum(p, { lookback: 2, riskFree: new Float64Array([0, 0, NaN, 0, 0, 0]) }), /dualMomentum: riskFree rate NaN at 2024-01-03 \(row 2\)/);
    expectThrows(() => dualMomentum(prices(DM, false), { lookback: 2, riskFree: 0.02 }), /dualMomentum: cannot infer periodsPerYear: the prices carry no dates; pass periodsPerYear explicitly/);
    expectThrows(() => dualMomentum(p, { lookback: 2, riskFree: 0.02, periodsPerYear: 0 }), /dualMomentum: periodsPerYear must be in \(0, inf\), got 0/);
    expectThrows(() => dualMomentum(p, { lookback: 2, riskfree: 0.02 } as never), /dualMomentum: unknown option 'riskfree'; valid options are lookback, skip, topN, riskFree, periodsPerYear, defensive, eligible, backend/);
    expectThrows(() => dualMomentum(p, { lookback: 6 }), /dualMomentum: lookback 6 is not shorter than the history \(6 rows\)/);
    expectThrows(() => dualMomentum(prices({ ...DM, C: [100, 100, 90, 80, 0, 80] }), { lookback: 2 }), /dualMomentum: price 0 in column 'C' at 2024-01-05/);
  });
});

/** The seed's calculate_crypto_momentum on one column: m = 0; m += shift(skip).pct_change(h) * w. */
function seedMomentum(x: number[], horizons: number[], weights: number[], skip: number): number[] {
  const shifted = x.map((_, t) => (t - skip >= 0 ? x[t - skip] : NaN));
  const m = x.map(() => 0);
  horizons.forEach((h, k) => {
    for (let t = 0; t < x.length; t++) {
      const r = t - h >= 0 ? shifted[t] / shifted[t - h] - 1 : NaN;
      m[t] += r * weights[k];
    }
  });
  return m;
}

describe('multiHorizonMomentum', () => {
  it('multiHorizonMomentum(p) equals the seed formula 0.3 r7 + 0.4 r30 + 0.3 r90 of the price lagged 1 bar, bit for bit', () => {
    const p = walk(21, 130, 4);
    const m = multiHorizonMomentum(p);
    for (let j = 0; j < 4; j++) {
      const expected = seedMomentum(Array.from(p.column(j)), [7, 30, 90], [0.3, 0.4, 0.3], 1);
      const got = m.column(j);
      let finite = 0;
      expected.forEach((e, t) => {
        if (!Object.is(got[t], e)) expect.fail(`column ${j}, row ${t}: got ${got[t]}, expected ${e}`);
        if (Number.isFinite(e)) finite++;
      });
      expect(finite).toBeGreaterThan(0);
    }
    // the first 91 rows have no 90-bar return of the lagged price
    for (let t = 0; t <= 90; t++) expect(Number.isNaN(m.get(t, 0))).toBe(true);
  });

  it('multiHorizonMomentum with custom horizons, weights and skip 0 matches the formula', () => {
    const p = walk(22, 25, 3);
    const m = multiHorizonMomentum(p, { horizons: [2, 5], weights: [0.7, -0.2], skip: 0, backend: 'js' });
    for (let j = 0; j < 3; j++) {
      const expected = seedMomentum(Array.from(p.column(j)), [2, 5], [0.7, -0.2], 0);
      expected.forEach((e, t) => expect(Object.is(m.get(t, j), e), `column ${j} row ${t}`).toBe(true));
    }
  });

  it('multiHorizonMomentum(p, {topN}) holds the topN positive scores at 1/topN, cash for the rest', () => {
    // horizons [1, 2], weights [0.5, 0.5], skip 0. Row 2 scores:
    // A: 0.5 (110/100 - 1) + 0.5 (110/100 - 1) = +0.10     (100, 100, 110)
    // B: 0.5 (120/100 - 1) + 0.5 (120/100 - 1) = +0.20     (100, 100, 120)
    // C: 0.5 (90/100 - 1) + 0.5 (90/100 - 1) = -0.10       (100, 100, 90)
    // D: 0.5 (105/100 - 1) + 0.5 (105/100 - 1) = +0.05     (100, 100, 105)
    // topN 2: B, A at 1/2. Row 3 (A 100, B 100, C 80, D 105): A 0.5(100/110-1)+0.5(0) < 0,
    // B 0.5(100/120-1) + 0 < 0, C < 0, D 0.5 * 0 + 0.5 * 0.05 > 0: only D at 1/2, 1/2 cash.
    const p = prices({ A: [100, 100, 110, 100], B: [100, 100, 120, 100], C: [100, 100, 90, 80], D: [100, 100, 105, 105] });
    expectRows(multiHorizonMomentum(p, { horizons: [1, 2], weights: [0.5, 0.5], skip: 0, topN: 2 }), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0.5, 0.5, 0, 0],
      [0, 0, 0, 0.5],
    ]);
  });

  it('multiHorizonMomentum scores and weights at rows <= t do not change when prices after t change', () => {
    const p = walk(23, 30, 4);
    expectNoLookAhead((x) => multiHorizonMomentum(x, { horizons: [2, 5, 9], skip: 1 }), p, [10, 18, 28], { scores: true });
    expectNoLookAhead((x) => multiHorizonMomentum(x, { horizons: [3, 7], weights: [0.5, 0.5], topN: 2 }), p, [9, 20, 27]);
  });

  it('multiHorizonMomentum rejects mismatched weights, too long horizons and unknown options', () => {
    const p = walk(24, 20, 3);
    expectThrows(() => multiHorizonMomentum(p, { horizons: [2, 5], weights: [1] }), /multiHorizonMomentum: weights must be an array with one weight per horizon \(2\), got 1/);
    expectThrows(() => multiHorizonMomentum(p, { horizons: [2, 0], weights: [0.5, 0.5] }), /multiHorizonMomentum: horizons\[1\] must be an integer >= 1, got 0/);
    expectThrows(() => multiHorizonMomentum(p), /multiHorizonMomentum: max\(horizons\) \+ skip \(90 \+ 1\) = 91 is not shorter than the history \(20 rows\)/);
    expectThrows(() => multiHorizonMomentum(p, { horizons: [2], weights: [1], topN: 4 }), /multiHorizonMomentum: topN 4 exceeds the universe of 3 assets/);
    expectThrows(() => multiHorizonMomentum(p, { horizon: [2] } as never), /multiHorizonMomentum: unknown option 'horizon'; valid options are horizons, weights, skip, topN, riskFree, periodsPerYear, defensive, eligible, backend/);
  });
});

describe('inferPeriodsPerYear', () => {
  const panelOn = (dates: number[]): Panel => Panel.fromColumns({ x: dates.map(() => 1) }, { index: dates });

  it('inferPeriodsPerYear reads 365 from a 7-day calendar, 252 from business days, 52 weekly, 12 monthly', () => {
    expect(inferPeriodsPerYear('f', panelOn(days(30)))).toBe(365);
    expect(inferPeriodsPerYear('f', panelOn(days(42).filter((ms) => ![0, 6].includes(new Date(ms).getUTCDay()))))).toBe(252);
    expect(inferPeriodsPerYear('f', panelOn(Array.from({ length: 10 }, (_, k) => MON_2024_01_01 + 7 * k * DAY)))).toBe(52);
    expect(inferPeriodsPerYear('f', panelOn(Array.from({ length: 10 }, (_, k) => Date.UTC(2024, k + 1, 0))))).toBe(12);
  });

  it('inferPeriodsPerYear annualises hourly 24/7 bars by bars per year (8760), not as days', async () => {
    // Regression: every spacing under 4 days used to fall in the daily band, so hourly
    // crypto klines were annualised with 365 (vol and Sharpe understated by sqrt(24)).
    const hours = Array.from({ length: 48 }, (_, k) => MON_2024_01_01 + k * 3_600_000);
    expect(inferPeriodsPerYear('f', panelOn(hours))).toBe(8760);
    const { metrics } = await import('../src/index.js');
    const r = Float64Array.from({ length: 48 }, (_, k) => (k % 2 ? 0.01 : -0.005));
    const m = metrics(r, { dates: Float64Array.from(hours) });
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    expect(m.annualVolatility).toBeCloseTo(sd * Math.sqrt(8760), 12);
  });

  it('inferPeriodsPerYear asks for periodsPerYear when the spacing is irregular', () => {
    expectThrows(() => inferPeriodsPerYear('f', panelOn([0, 15, 30, 45].map((d) => MON_2024_01_01 + d * DAY))), /f: cannot infer periodsPerYear from dates whose median spacing is 15.000 days/);
  });
});
