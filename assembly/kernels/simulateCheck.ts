// Input check of the portfolio simulation, one pass over prices and one over targets.
// It returns the first offending cell instead of a message: the TypeScript layer
// (src/backtest/inputs.ts) turns the code into an InputError naming date and asset.
// Clean rows are tested two cells per f64x2 with one any_true per pair; a flagged pair is
// re-read scalar so the first bad cell in row-major order and its kind are exact, the
// same as in the TypeScript twin (src/twin/simulateCheck.ts).

/** Kinds of bad cells; the result is `cell * 8 + kind`, or -1 when everything is valid. */
// 0 price <= 0 or +Infinity | 1 NaN target | 2 infinite target | 3 negative target with
// shorts disallowed | 4 nonzero target traded where its asset has no price

const INF: f64 = Infinity;

/** The kind of a bad price, or -1. */
@inline function priceKind(x: f64): i32 {
  return x <= 0.0 || x == INF ? 0 : -1;
}

/** The kind of a bad target w (price at its trade bar pe; traded says whether it trades), or -1. */
@inline function targetKind(w: f64, pe: f64, traded: bool, allowShort: bool, allowNaN: bool): i32 {
  if (w != w) return allowNaN ? -1 : 1;
  if (abs(w) == INF) return 2;
  if (w < 0.0 && !allowShort) return 3;
  if (traded && w != 0.0 && pe != pe) return 4;
  return -1;
}

/**
 * Checks a backtest's inputs: every price must be > 0 and finite or NaN; every target
 * finite (NaN allowed when `allowNaN`), >= 0 unless `allowShort`, and 0 wherever the
 * target of a decision row t with `rebalance[t]` would trade at row e = t + lag - 1
 * (0 <= e < T) and the asset's price there is NaN. Returns `cell * 8 + kind` for the first
 * bad cell (prices before targets, row-major), or -1: `checkSimulationPrices`, then
 * `checkSimulationTargets`. O(T N), no scratch.
 */
export function checkSimulationInputs(
  prices: usize, weights: usize, rebalance: usize, T: i32, N: i32, lag: i32, allowShortFlag: i32, allowNaNFlag: i32,
): i32 {
  const bad = checkSimulationPrices(prices, T * N);
  return bad >= 0 ? bad : checkSimulationTargets(prices, weights, rebalance, 0, T, N, lag, allowShortFlag, allowNaNFlag);
}

/**
 * The price half of `checkSimulationInputs`: the first of the `n` prices that is <= 0 or
 * +Infinity as `cell * 8` (kind 0), or -1. A grid checks its prices once with it and each
 * weights panel with `checkSimulationTargets`. O(n), no scratch.
 */
export function checkSimulationPrices(prices: usize, n: i32): i32 {
  const pairs = n >> 1;
  const vzero = f64x2.splat(0.0);
  const vinf = f64x2.splat(INF);
  for (let k = 0; k < pairs; k++) {
    const x = v128.load(prices + (<usize>k << 4));
    if (v128.any_true(v128.or(f64x2.le(x, vzero), f64x2.eq(x, vinf)))) {
      for (let c = k << 1; c < (k << 1) + 2; c++) {
        if (priceKind(load<f64>(prices + (<usize>c << 3))) >= 0) return c * 8;
      }
    }
  }
  for (let c = pairs << 1; c < n; c++) {
    if (priceKind(load<f64>(prices + (<usize>c << 3))) >= 0) return c * 8;
  }
  return -1;
}

/**
 * The target half of `checkSimulationInputs` (the prices are only read for the missing-
 * price rule, not checked): the first bad target as `cell * 8 + kind` (kinds 1-4), or -1.
 * `gaps`: T bytes, nonzero where the row has a missing (NaN) price, or 0 (unknown: every
 * row is tested); a trade bar without a gap skips the missing-price test (a grid computes
 * the gaps once for all its weights panels). `allowShort`, `allowNaN`: 0 or 1.
 * O(T N), no scratch.
 */
export function checkSimulationTargets(
  prices: usize, weights: usize, rebalance: usize, gaps: usize, T: i32, N: i32, lag: i32, allowShort: i32, allowNaN: i32,
): i32 {
  const short = allowShort != 0;
  const nanOk = allowNaN != 0;
  const vzero = f64x2.splat(0.0);
  const vinf = f64x2.splat(INF);
  const rowPairs = N >> 1;
  for (let t = 0; t < T; t++) {
    const e = t + lag - 1;
    const traded = load<u8>(rebalance + <usize>t) != 0 && e >= 0 && e < T;
    const wRow = weights + (<usize>t * <usize>N << 3);
    const eRow: i32 = traded ? e : 0;
    const pRow = prices + (<usize>eRow * <usize>N << 3);
    // The row's pairs OR-ed into one mask, tested once per row (clean rows dominate): not
    // finite (|w| < Inf fails for NaN and +-Inf; NaN allowed re-admits w != w), negative
    // without shorts, nonzero where the trade bar has no price.
    let bad = i64x2.splat(0);
    if (traded && (gaps == 0 || load<u8>(gaps + <usize>e) != 0)) {
      for (let k = 0; k < rowPairs; k++) {
        const o = <usize>k << 4;
        const w = v128.load(wRow + o);
        const pe = v128.load(pRow + o);
        let notFinite = v128.not(f64x2.lt(f64x2.abs(w), vinf));
        if (nanOk) notFinite = v128.and(notFinite, f64x2.eq(w, w));
        const neg = short ? vzero : f64x2.lt(w, vzero);
        const missing = v128.and(f64x2.ne(w, vzero), f64x2.ne(pe, pe));
        bad = v128.or(bad, v128.or(v128.or(notFinite, neg), missing));
      }
    } else {
      for (let k = 0; k < rowPairs; k++) {
        const w = v128.load(wRow + (<usize>k << 4));
        let notFinite = v128.not(f64x2.lt(f64x2.abs(w), vinf));
        if (nanOk) notFinite = v128.and(notFinite, f64x2.eq(w, w));
        bad = v128.or(bad, short ? notFinite : v128.or(notFinite, f64x2.lt(w, vzero)));
      }
    }
    let tailBad = false;
    if (rowPairs << 1 < N) {
      const j = N - 1;
      tailBad = targetKind(load<f64>(wRow + (<usize>j << 3)), load<f64>(pRow + (<usize>j << 3)), traded, short, nanOk) >= 0;
    }
    if (v128.any_true(bad) || tailBad) {
      // Scalar rescan: the first bad cell of the row in column order, and its kind.
      for (let j = 0; j < N; j++) {
        const kind = targetKind(load<f64>(wRow + (<usize>j << 3)), load<f64>(pRow + (<usize>j << 3)), traded, short, nanOk);
        if (kind >= 0) return (t * N + j) * 8 + kind;
      }
    }
  }
  return -1;
}
