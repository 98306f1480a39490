// ln(p / q) on two f64 lanes, accurate to about 1 ulp for every positive p, q.
//
// Near 1 the rounded ratio p / q loses the small return's digits, so there the log is
// log1p(x) of x = (p - q) / q (p - q is exact for q/2 <= p <= 2q): inputs with
// 1/sqrt(2) - 1 < x < sqrt(2) - 1 take musl's log1p without argument reduction
// (k = 0, f = x). Elsewhere |ln(p / q)| > 0.34 and the correctly rounded ratio u = p / q
// is accurate enough: ln(u) by musl's (fdlibm's) log: u = 2^k (1 + f) with 1 + f in
// [sqrt(2)/2, sqrt(2)), subnormal u scaled by 2^54 first. Both share
// ln(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f), R with musl's Lg1..Lg7
// (src/math/log.c, log1p.c: FreeBSD / fdlibm, Sun Microsystems). When both lanes are near
// 1 (daily returns, almost always) the reduction is not evaluated at all.

const Ln2Hi = reinterpret<f64>(0x3FE62E42FEE00000); // 6.93147180369123816490e-01
const Ln2Lo = reinterpret<f64>(0x3DEA39EF35793C76); // 1.90821492927058770002e-10
const Lg1 = reinterpret<f64>(0x3FE5555555555593); // 6.666666666666735130e-01
const Lg2 = reinterpret<f64>(0x3FD999999997FA04); // 3.999999999940941908e-01
const Lg3 = reinterpret<f64>(0x3FD2492494229359); // 2.857142874366239149e-01
const Lg4 = reinterpret<f64>(0x3FCC71C51D8E78AF); // 2.222219843214978396e-01
const Lg5 = reinterpret<f64>(0x3FC7466496CB03DE); // 1.818357216161805012e-01
const Lg6 = reinterpret<f64>(0x3FC39A09D078C69F); // 1.531383769920937332e-01
const Lg7 = reinterpret<f64>(0x3FC2F112DF3E5244); // 1.479819860511658591e-01
/** The log1p range (no reduction), the same constants as the TypeScript twin. */
export const LOG1P_LO: f64 = -0.2928932188134524; // 1/sqrt(2) - 1
export const LOG1P_HI: f64 = 0.41421356237309503; // sqrt(2) - 1
const MIN_NORMAL: f64 = 2.2250738585072014e-308;
const TWO54: f64 = 18014398509481984.0;
// 1.5 * 2^52: adding an integer k (|k| < 2^51) to its bit pattern and subtracting it as a
// double converts k to f64 exactly (wasm SIMD has no i64x2 -> f64x2 conversion).
const MAGIC: f64 = 6755399441055744.0;
const MAGIC_BITS: i64 = 0x4338000000000000;

/** ln(p / q) per lane; NaN if either is NaN, +-Infinity when the ratio overflows / underflows. */
// @ts-ignore: decorator
@inline export function logRatioLanes(p: v128, q: v128): v128 {
  const x = f64x2.div(f64x2.sub(p, q), q);
  const near = v128.and(f64x2.gt(x, f64x2.splat(LOG1P_LO)), f64x2.lt(x, f64x2.splat(LOG1P_HI)));
  const far = !i64x2.all_true(near);
  let f = x;
  let dk = f64x2.splat(0.0);
  let u = f64x2.splat(1.0);
  if (far) {
    u = f64x2.div(p, q);
    const sub = f64x2.lt(u, f64x2.splat(MIN_NORMAL));
    const us = v128.bitselect(f64x2.mul(u, f64x2.splat(TWO54)), u, sub);
    let hu = i64x2.add(i64x2.shr_u(us, 32), i64x2.splat(0x3FF00000 - 0x3FE6A09E));
    const k = i64x2.sub(i64x2.sub(i64x2.shr_u(hu, 20), i64x2.splat(0x3FF)), v128.and(sub, i64x2.splat(54)));
    hu = i64x2.add(v128.and(hu, i64x2.splat(0x000FFFFF)), i64x2.splat(0x3FE6A09E));
    const m = v128.or(i64x2.shl(hu, 32), v128.and(us, i64x2.splat(0xFFFFFFFF)));
    f = v128.bitselect(x, f64x2.sub(m, f64x2.splat(1.0)), near);
    dk = v128.andnot(f64x2.sub(i64x2.add(k, i64x2.splat(MAGIC_BITS)), f64x2.splat(MAGIC)), near);
  }
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(Lg2), f64x2.mul(w, f64x2.add(f64x2.splat(Lg4), f64x2.mul(w, f64x2.splat(Lg6))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(Lg1), f64x2.mul(w, f64x2.add(f64x2.splat(Lg3), f64x2.mul(w, f64x2.add(f64x2.splat(Lg5), f64x2.mul(w, f64x2.splat(Lg7))))))));
  const r = f64x2.add(t2, t1);
  // s (hfsq + r) + dk ln2_lo - hfsq + f + dk ln2_hi, left to right as musl.
  let y = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(dk, f64x2.splat(Ln2Lo)));
  y = f64x2.add(f64x2.add(f64x2.sub(y, hfsq), f), f64x2.mul(dk, f64x2.splat(Ln2Hi)));
  if (far) {
    // Lanes off the log1p range: ln(NaN) = NaN, ln(+Inf) = +Inf, ln(0) = -Inf (near lanes have 0.7 < u < 1.5).
    y = v128.bitselect(u, y, v128.or(f64x2.ne(u, u), f64x2.eq(u, f64x2.splat(Infinity))));
    y = v128.bitselect(f64x2.splat(-Infinity), y, f64x2.eq(u, f64x2.splat(0.0)));
  }
  return y;
}

/** ln(p / q) for one cell through the lane function, so a tail cell gets what a lane would. */
// @ts-ignore: decorator
@inline export function logRatioScalar(p: f64, q: f64): f64 {
  return f64x2.extract_lane(logRatioLanes(f64x2.splat(p), f64x2.splat(q)), 0);
}
