// The per-point metrics of a parameter grid (sharpe, cagr, annualVolatility, maxDrawdown,
// calmar, sortino, turnover, totalReturn), with exactly the arithmetic of the TypeScript
// `reduceMetrics` (src/grid/reduce.ts, its twin) and so of `metrics()`: numpy's pairwise
// sums, the two-pass std, the same drawdown recursion, the same pow (AssemblyScript's
// Math.pow, which src/engine/math.ts `pow` also calls) and sqrt (correctly rounded in
// both), so every value is bit-identical.

const NAN: f64 = NaN;
const INF: f64 = Infinity;
/** numpy's PW_BLOCKSIZE. */
const PW_BLOCKSIZE: i32 = 128;

/**
 * numpy's pairwise sum (`pairwise_sum_DOUBLE`) of n f64 at `a`: < 8 terms in order; up to
 * 128 with 8 accumulators folded ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and the remainder in
 * order; longer halves (rounded down to a multiple of 8) and recurses. Twin of
 * src/metrics/numeric.ts `pairwiseSum`.
 */
function pairwiseSum(a: usize, n: i32): f64 {
  if (n < 8) {
    let res = 0.0;
    for (let i = 0; i < n; i++) res += load<f64>(a + (<usize>i << 3));
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = load<f64>(a), r1 = load<f64>(a, 8), r2 = load<f64>(a, 16), r3 = load<f64>(a, 24);
    let r4 = load<f64>(a, 32), r5 = load<f64>(a, 40), r6 = load<f64>(a, 48), r7 = load<f64>(a, 56);
    let i = 8;
    const stop = n - (n % 8);
    for (; i < stop; i += 8) {
      const p = a + (<usize>i << 3);
      r0 += load<f64>(p); r1 += load<f64>(p, 8); r2 += load<f64>(p, 16); r3 += load<f64>(p, 24);
      r4 += load<f64>(p, 32); r5 += load<f64>(p, 40); r6 += load<f64>(p, 48); r7 += load<f64>(p, 56);
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += load<f64>(a + (<usize>i << 3));
    return res;
  }
  let n2 = n / 2;
  n2 -= n2 % 8;
  return pairwiseSum(a, n2) + pairwiseSum(a + (<usize>n2 << 3), n - n2);
}

/** np.sum: 0 + the pairwise sum. */
@inline function sumOf(a: usize, n: i32): f64 {
  return 0.0 + pairwiseSum(a, n);
}

/**
 * Writes the 8 grid metrics of the `len` returns at `returns` to `out` (8 f64, in the
 * order above). `turnover`: len f64 of one-way turnover per bar (its mean, NaN dropped),
 * or 0 for none (NaN). `ppy`: periods per year. `scratch`: 3 len f64 (compacted returns,
 * squared deviations, squared shortfalls). NaN returns are dropped as `metrics()` does.
 * Returns -1, or the index of the first return that is infinite or below -1 (the caller
 * raises the error; `out` is then not written). O(len).
 */
export function gridMetrics(returns: usize, turnover: usize, len: i32, ppy: f64, scratch: usize, out: usize): i32 {
  const xs = scratch;
  const sq = scratch + (<usize>len << 3);
  const dn = sq + (<usize>len << 3);
  let a = returns;
  let n = len;
  let wealth = 1.0;
  let maxDd = 0.0;
  for (let pass = 0; pass < 2; pass++) {
    let missing = 0;
    let peak = 100.0;
    let lowest = 0.0;
    wealth = 1.0;
    maxDd = 0.0;
    for (let k = 0; k < n; k++) {
      const v = load<f64>(a + (<usize>k << 3));
      if (v != v) {
        missing++;
        continue;
      }
      if (v < lowest) lowest = v;
      wealth *= 1.0 + v;
      const c = wealth * 100.0;
      if (c >= peak) peak = c;
      else {
        const dd = (c - peak) / peak;
        if (dd < maxDd) maxDd = dd;
      }
      const d = v < 0.0 ? v : 0.0;
      store<f64>(dn + (<usize>k << 3), d * d);
    }
    if (!isFinite(wealth) || lowest < -1.0) {
      for (let t = 0; t < len; t++) {
        const v = load<f64>(returns + (<usize>t << 3));
        if (v == INF || v == -INF || v < -1.0) return t;
      }
    }
    if (missing == 0) break;
    n = 0;
    for (let t = 0; t < len; t++) {
      const v = load<f64>(returns + (<usize>t << 3));
      if (v == v) store<f64>(xs + (<usize>(n++) << 3), v);
    }
    a = xs;
  }
  if (n == 0) maxDd = NAN;
  const totalReturn = n == 0 ? NAN : wealth - 1.0;
  const cagr = n == 0 ? NAN : Math.pow(wealth, 1.0 / (<f64>n / ppy)) - 1.0;
  const mean = n == 0 ? NAN : sumOf(a, n) / <f64>n;
  let sd = NAN;
  if (n >= 2) {
    let allEqual = true;
    const first = load<f64>(a);
    for (let k = 1; k < n && allEqual; k++) allEqual = load<f64>(a + (<usize>k << 3)) == first;
    if (allEqual) sd = 0.0;
    else {
      for (let k = 0; k < n; k++) {
        const d = load<f64>(a + (<usize>k << 3)) - mean;
        store<f64>(sq + (<usize>k << 3), d * d);
      }
      sd = Math.sqrt(sumOf(sq, n) / <f64>(n - 1));
    }
  }
  const sharpe = n < 2 || sd == 0.0 ? NAN : (mean / sd) * Math.sqrt(ppy);
  let sortino = NAN;
  if (n >= 2) {
    const downside = Math.sqrt(sumOf(dn, n) / <f64>n) * Math.sqrt(ppy);
    sortino = downside == 0.0 ? NAN : (mean * ppy) / downside;
  }
  const calmarRaw = maxDd < 0.0 ? cagr / Math.abs(maxDd) : NAN;
  let turn = NAN;
  if (turnover != 0) {
    turn = sumOf(turnover, len) / <f64>len;
    if (turn != turn) {
      let m = 0;
      for (let t = 0; t < len; t++) {
        const v = load<f64>(turnover + (<usize>t << 3));
        if (v == v) store<f64>(sq + (<usize>(m++) << 3), v);
      }
      turn = m == 0 ? NAN : sumOf(sq, m) / <f64>m;
    }
  }
  store<f64>(out, sharpe);
  store<f64>(out, cagr, 8);
  store<f64>(out, n < 2 ? NAN : sd * Math.sqrt(ppy), 16);
  store<f64>(out, maxDd, 24);
  store<f64>(out, isFinite(calmarRaw) ? calmarRaw : NAN, 32);
  store<f64>(out, sortino, 40);
  store<f64>(out, turn, 48);
  store<f64>(out, totalReturn, 56);
  return -1;
}
