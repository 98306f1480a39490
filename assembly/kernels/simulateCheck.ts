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
 * bad cell (prices before targets, row-major), or -1. O(T N), no scratch.
 */
export function checkSimulationInputs(
  prices: usize, weights: usize, rebalance: usize, T: i32, N: i32, lag: i32, allowShortFlag: i32, allowNaNFlag: i32,
): i32 {
  // Flags are i32 0 / 1 at the boundary (checked against src/engine/kernels.ts).
  const allowShort = allowShortFlag != 0;
  const allowNaN = allowNaNFlag != 0;
  const n = T * N;
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
  const rowPairs = N >> 1;
  const nanMask = allowNaN ? i64x2.splat(0) : i64x2.splat(-1);
  for (let t = 0; t < T; t++) {
    const e = t + lag - 1;
    const traded = load<u8>(rebalance + <usize>t) != 0 && e >= 0 && e < T;
    const wRow = weights + (<usize>t * <usize>N << 3);
    const eRow: i32 = traded ? e : 0;
    const pRow = prices + (<usize>eRow * <usize>N << 3);
    const tradedMask = traded ? i64x2.splat(-1) : i64x2.splat(0);
    for (let k = 0; k < rowPairs; k++) {
      const o = <usize>k << 4;
      const w = v128.load(wRow + o);
      const pe = v128.load(pRow + o);
      const nan = v128.and(f64x2.ne(w, w), nanMask);
      const inf = f64x2.eq(f64x2.abs(w), vinf);
      const neg = allowShort ? vzero : f64x2.lt(w, vzero);
      const missing = v128.and(v128.and(f64x2.ne(w, vzero), f64x2.ne(pe, pe)), tradedMask);
      if (v128.any_true(v128.or(v128.or(nan, inf), v128.or(neg, missing)))) {
        for (let j = k << 1; j < (k << 1) + 2; j++) {
          const kind = targetKind(load<f64>(wRow + (<usize>j << 3)), load<f64>(pRow + (<usize>j << 3)), traded, allowShort, allowNaN);
          if (kind >= 0) return (t * N + j) * 8 + kind;
        }
      }
    }
    for (let j = rowPairs << 1; j < N; j++) {
      const kind = targetKind(load<f64>(wRow + (<usize>j << 3)), load<f64>(pRow + (<usize>j << 3)), traded, allowShort, allowNaN);
      if (kind >= 0) return (t * N + j) * 8 + kind;
    }
  }
  return -1;
}
