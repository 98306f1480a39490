/**
 * x^y with AssemblyScript's Math.pow: the pow of musl / ARM optimized-routines (the
 * algorithm glibc uses since 2.28, so numpy's), about 0.52 ulp, and the SAME double in
 * every JavaScript engine, since wasm arithmetic is exactly specified. V8's own
 * `Math.pow` / `**` differs between versions (Node 20's V8 11.3 is 1 ulp away from
 * glibc in about 5% of calls, Chromium 150's V8 is not), so the metrics take their
 * powers from here and give identical numbers in Node and in browsers.
 * Scalar: one call per power, no memory touched.
 */
export function powF64(x: f64, y: f64): f64 {
  return Math.pow(x, y);
}
