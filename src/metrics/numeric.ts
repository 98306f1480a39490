/**
 * Numeric building blocks of the metrics, written to reproduce numpy's results to the
 * last bit where numpy's algorithm is documented: `np.sum` (pairwise summation),
 * `np.mean`, `np.std(ddof)`, `np.percentile(method='linear')`. All functions take
 * plain arrays WITHOUT NaN (callers drop NaN first) and return NaN when the statistic
 * is undefined for the length given. None allocates except `sorted`.
 */
import { pow } from '../engine/index.js';

/** numpy's PW_BLOCKSIZE: below it a block is summed with 8 interleaved accumulators. */
const PW_BLOCKSIZE = 128;

/**
 * Sum of `a[start .. start + n)` by numpy's pairwise summation (`pairwise_sum_DOUBLE`
 * in numpy/_core/src/umath/loops_utils.h): fewer than 8 terms are added in order; up
 * to 128 terms go to 8 accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
 * followed by the remainder in order; longer runs split at half (rounded down to a
 * multiple of 8) and recurse. `np.sum(x)` equals `0 + pairwiseSum(x)` bit for bit.
 * Error grows as O(log n) ulps instead of O(n). O(n) time, O(log n) stack.
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const k = start + i;
      r0 += a[k]; r1 += a[k + 1]; r2 += a[k + 2]; r3 += a[k + 3];
      r4 += a[k + 4]; r5 += a[k + 5]; r6 += a[k + 6]; r7 += a[k + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** `np.sum`: 0 + the pairwise sum (numpy starts a reduction from the identity 0). */
export function sum(a: ArrayLike<number>): number {
  return 0 + pairwiseSum(a);
}

/** `np.mean`: pairwise sum / n. NaN when empty. */
export function mean(a: ArrayLike<number>): number {
  return a.length === 0 ? NaN : sum(a) / a.length;
}

/**
 * `np.std(a, ddof)` (also pandas `.std(ddof)`): two passes, sqrt(sum((a - mean)^2) /
 * (n - ddof)) with both sums pairwise. NaN when n - ddof <= 0. A series whose values
 * are all equal has std exactly 0 (the two-pass mean of equal values can be off by an
 * ulp, which would otherwise leave a spurious 1e-19 and a Sharpe of 1e16).
 */
export function std(a: ArrayLike<number>, ddof = 1): number {
  const n = a.length;
  if (n - ddof <= 0) return NaN;
  let allEqual = true;
  for (let i = 1; i < n && allEqual; i++) allEqual = a[i] === a[0];
  if (allEqual) return 0;
  const m = sum(a) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i] - m;
    sq[i] = d * d;
  }
  return Math.sqrt(sum(sq) / (n - ddof));
}

/** A sorted (ascending) copy. */
export function sorted(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a).sort();
}

/**
 * `np.percentile(a, 100 q)` with the default 'linear' method, on an already SORTED
 * array: virtual index h = (n - 1) q, lower index floor(h), weight g = h - floor(h),
 * and numpy's `_lerp`, which for g >= 0.5 interpolates from the upper end
 * (b - (b - a)(1 - g)) so the result is monotone in q. NaN when empty.
 */
export function percentileSorted(s: ArrayLike<number>, q: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const g = h - lo;
  const a = s[lo];
  const b = s[hi];
  const diff = b - a;
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/**
 * Standard normal quantile Phi^-1(p): Wichura's algorithm AS241 (PPND16, Applied
 * Statistics 37(3), 1988), relative error about 1e-16 over (0, 1); the same algorithm
 * as Python's `statistics.NormalDist.inv_cdf`. scipy's `norm.ppf` (Cephes ndtri) agrees
 * to ~1e-15. Returns -Infinity at 0, +Infinity at 1, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    const num = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
      + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r
      + 1.9715909503065514427e+3) * r + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0) * q;
    const den = (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
      + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r
      + 6.8718700749205790830e+2) * r + 4.2313330701600911252e+1) * r + 1.0);
    return num / den;
  }
  let r = Math.sqrt(-Math.log(q <= 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    const num = (((((((7.7454501427834140764e-4 * r + 2.2723844989269184583e-2) * r
      + 2.4178072517745061177e-1) * r + 1.2704582524523683826e+0) * r + 3.6478483247632046050e+0) * r
      + 5.7694972214606914055e+0) * r + 4.6303378461565452959e+0) * r + 1.4234371107496835773e+0);
    const den = (((((((1.0507500716444168432e-9 * r + 5.4759380849953449460e-4) * r
      + 1.5198666563616457197e-2) * r + 1.4810397642748007459e-1) * r + 6.8976733498510000455e-1) * r
      + 1.6763848301838038494e+0) * r + 2.0531916266377588219e+0) * r + 1.0);
    x = num / den;
  } else {
    r -= 5;
    const num = (((((((2.0103343992922881327e-7 * r + 2.7115555687434875782e-5) * r
      + 1.2426609473880784386e-3) * r + 2.6532189526576123093e-2) * r + 2.9656057182850489123e-1) * r
      + 1.7848265399172913358e+0) * r + 5.4637849111641143699e+0) * r + 6.6579046435011037772e+0);
    const den = (((((((2.0442631033899397856e-15 * r + 1.4215117583164458887e-7) * r
      + 1.8463183175100546818e-5) * r + 7.8686913114561325910e-4) * r + 1.4875361290850614853e-2) * r
      + 1.3692988092273580531e-1) * r + 5.9983220655588793769e-1) * r + 1.0);
    x = num / den;
  }
  return q < 0 ? -x : x;
}

/**
 * pandas `Series.skew()`: the bias-corrected sample skewness
 * G1 = n sqrt(n - 1) / (n - 2) * m3 / m2^1.5 with m2, m3 the sums of squared and cubed
 * deviations from the mean (pandas `nanops.nanskew`). NaN for n < 3; 0 when all
 * values are equal (pandas' rule for m2 == 0).
 */
export function skewness(a: ArrayLike<number>): number {
  const n = a.length;
  if (n < 3) return NaN;
  const m = mean(a);
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  if (std(a, 0) === 0) return 0;
  return (n * Math.sqrt(n - 1) / (n - 2)) * (m3 / pow(m2, 1.5));
}

/**
 * pandas `Series.kurt()`: bias-corrected excess kurtosis
 * G2 = n (n + 1) (n - 1) m4 / ((n - 2)(n - 3) m2^2) - 3 (n - 1)^2 / ((n - 2)(n - 3)),
 * m2, m4 sums of squared and fourth-power deviations (pandas `nanops.nankurt`).
 * NaN for n < 4; 0 when all values are equal (pandas' rule for a zero denominator).
 */
export function kurtosis(a: ArrayLike<number>): number {
  const n = a.length;
  if (n < 4) return NaN;
  const m = mean(a);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - m;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  if (std(a, 0) === 0) return 0;
  const adj = (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  const numer = n * (n + 1) * (n - 1) * m4;
  const denom = (n - 2) * (n - 3) * m2 * m2;
  return numer / denom - adj;
}
