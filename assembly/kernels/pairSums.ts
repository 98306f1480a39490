// The rolling state of one (x, y) pair: anchored shifted sums over the rows of the window
// where both x and y are valid (pandas aligns X + 0 Y). Shared by rollingCov / rollingCorr
// (column j of x with column j of y, rollingCov.ts) and the N x N matrices (column i with
// column j, rollingMatrix.ts), so a matrix entry is bit-identical to the pairwise kernel.
//
// A pair's state is 14 f64 planes, `plane` bytes apart (rollingMatrix.ts keeps whole
// planes of N x N pairs; rollingCov.ts interleaves them per two pairs, plane = 16; either
// way two neighbouring pairs load as one v128):
//   Kx | Ky | n | Sx | Sy | Sxy | Sxx | Syy | runX | prevX | runY | prevY | Ex | Ey
// with Sx = sum(x - Kx), Sxy = sum((x - Kx)(y - Ky)), ... over the joint rows, n their
// count, run / prev pandas' run of consecutive equal values (GH#42064) per side, and Ex, Ey
// the error-bound accumulators of rolling.ts for each side (the sum of the partial sums of
// Sxx at the last recomputation plus every Sxx after an update since).
// A row removes the leaving (x, y) and adds the new one (O(1)). When the window empties
// its sums become exactly 0 and the next finite values become the anchors; `pairAnchor*`
// (called every `window` rows) moves the anchors to the latest joint values and
// recomputes the sums exactly from the window's rows. Then
//   cov  = dxy / (n (n - ddof)),                 0 when x or y is constant,
//   corr = dxy / sqrt(dxx dyy), clipped to [-1, 1], NaN when x or y is constant or
//          dxx or dyy is <= 0,
// with dxy = n Sxy - Sx Sy, dxx = n Sxx - Sx Sx, dyy = n Syy - Sy Sy (n times the
// centred sums: one division per value, the costly operation here).
//
// Error bound: as in rolling.ts (Higham ch. 4, u = 2^-53, m, n <= window). With
// Gx = Ex + window Sxx: |error of Sxy| <= u sum |partial Sxy| <= u sum sqrt(Sxx_e Syy_e)
// <= 2 u sqrt(Ex Ey); |error of Sx| <= u window sqrt(6 Ex); the terms' rounding and the final
// n Sxy - Sx Sy add <= 9 u n sqrt(Sxx Syy). Bounding each product by sqrt(Gx Gy):
//   |dxy - n sum (x - mx)(y - my)| <= u (7 window + 9) sqrt(Gx Gy),
// and likewise |dxx - ...| <= u (7 window + 9) Gx. A reported, non-constant pair where
// kc Gx > dxx or kc Gy > dyy (kc = 2^-22 (7 window + 9)) is re-centred at once (`pairFix*`:
// each anchor becomes the joint value nearest its side's mean, the sums are recomputed from
// the window's rows). Otherwise dxx, dyy are within 2^-31 relative and dxy within 2^-31
// sqrt(dxx dyy): cov to 2^-31 of sqrt(var x var y), corr to about 2^-30 absolute. For
// y = x the test is exactly rolling.ts' test, so variances stay bit-identical.
//
// `pairLanes` runs two pairs per f64x2 with every branch as a lane mask, plus a
// steady-state branch (both lanes: valid rows in and out, window non-empty) that skips
// the masks, which are then all ones; `pairScalar` performs the same IEEE operations in
// the same order (and so does src/twin/pairSums.ts). Both write the value and return
// whether the pair tripped the error-bound test; the kernel then calls `pairFix` for the
// pairs of that row (pairs are independent, so this equals re-centring in place).

const NAN: f64 = NaN;

/** f64 planes of state per pair. */
export const PAIR_PLANES: usize = 14;

/** kc / (7 window + 9) = u / 2^-31 = 2^-22: the error-bound test's scale (see above, rolling.ts). */
export const BOUND_SCALE: f64 = 2.384185791015625e-7;

/** Sets one pair's state to the empty window (scalar; call for every pair). */
@inline export function pairInit(s: usize, plane: usize): void {
  for (let p: usize = 0; p < PAIR_PLANES; p++) store<f64>(s + p * plane, 0.0);
  store<f64>(s + 9 * plane, NAN);
  store<f64>(s + 11 * plane, NAN);
}

/** The pair's cov (corr false) or corr from n and the centred sums dxy, dxx, dyy. */
@inline function pairOut(dxy: f64, dxx: f64, dyy: f64, n: f64, constant: bool, corr: bool, minp: f64, ddof: f64): f64 {
  if (!corr) {
    let c = dxy / (n * (n - ddof));
    if (constant) c = 0.0;
    return n >= minp && n > ddof ? c : NAN;
  }
  let r = dxy / Math.sqrt(dxx * dyy);
  r = 1.0 < r ? 1.0 : r;
  r = r < -1.0 ? -1.0 : r;
  const bad = constant || dxx <= 0.0 || dyy <= 0.0;
  return n >= minp && !bad ? r : NAN;
}

/** The error-bound test (header) on a reported, non-constant pair. */
@inline function pairTrips(dxx: f64, dyy: f64, Sxx: f64, Syy: f64, Ex: f64, Ey: f64, n: f64, constant: bool, minp: f64, ddof: f64, fw: f64, kc: f64): bool {
  return (kc * (Ex + fw * Sxx) > dxx || kc * (Ey + fw * Syy) > dyy) && n >= minp && n > ddof && !constant;
}

/**
 * One row for one pair: x and y entering (cx, cy), leaving (ox, oy; NaN when nothing
 * leaves). Writes the pair's cov (corr false) or corr (corr true; ddof 1) at `out` and
 * returns whether the pair tripped the error-bound test (then call `pairFix`).
 */
@inline export function pairScalar(cx: f64, cy: f64, ox: f64, oy: f64, s: usize, plane: usize, out: usize, corr: bool, minp: f64, ddof: f64, fw: f64, kc: f64): bool {
  let Kx = load<f64>(s);
  let Ky = load<f64>(s + plane);
  let n = load<f64>(s + 2 * plane);
  let Sx = load<f64>(s + 3 * plane);
  let Sy = load<f64>(s + 4 * plane);
  let Sxy = load<f64>(s + 5 * plane);
  let Sxx = load<f64>(s + 6 * plane);
  let Syy = load<f64>(s + 7 * plane);
  let runX = load<f64>(s + 8 * plane);
  let prevX = load<f64>(s + 9 * plane);
  let runY = load<f64>(s + 10 * plane);
  let prevY = load<f64>(s + 11 * plane);
  let Ex = load<f64>(s + 12 * plane);
  let Ey = load<f64>(s + 13 * plane);
  const valid = cx == cx && cy == cy;
  const validOld = ox == ox && oy == oy;
  const vxo = validOld ? ox - Kx : 0.0;
  const vyo = validOld ? oy - Ky : 0.0;
  const nRem = n - (validOld ? 1.0 : 0.0);
  const empty = nRem == 0.0;
  if (empty && cx - cx == 0.0) Kx = cx;
  if (empty && cy - cy == 0.0) Ky = cy;
  const vx = valid ? cx - Kx : 0.0;
  const vy = valid ? cy - Ky : 0.0;
  Sx = (empty ? 0.0 : Sx - vxo) + vx;
  Sy = (empty ? 0.0 : Sy - vyo) + vy;
  Sxy = (empty ? 0.0 : Sxy - vxo * vyo) + vx * vy;
  Sxx = (empty ? 0.0 : Sxx - vxo * vxo) + vx * vx;
  Syy = (empty ? 0.0 : Syy - vyo * vyo) + vy * vy;
  Ex = (empty ? 0.0 : Ex) + Sxx;
  Ey = (empty ? 0.0 : Ey) + Syy;
  n = nRem + (valid ? 1.0 : 0.0);
  if (valid) {
    runX = cx == prevX ? runX + 1.0 : 1.0;
    prevX = cx;
    runY = cy == prevY ? runY + 1.0 : 1.0;
    prevY = cy;
  }
  store<f64>(s, Kx);
  store<f64>(s + plane, Ky);
  store<f64>(s + 2 * plane, n);
  store<f64>(s + 3 * plane, Sx);
  store<f64>(s + 4 * plane, Sy);
  store<f64>(s + 5 * plane, Sxy);
  store<f64>(s + 6 * plane, Sxx);
  store<f64>(s + 7 * plane, Syy);
  store<f64>(s + 8 * plane, runX);
  store<f64>(s + 9 * plane, prevX);
  store<f64>(s + 10 * plane, runY);
  store<f64>(s + 11 * plane, prevY);
  store<f64>(s + 12 * plane, Ex);
  store<f64>(s + 13 * plane, Ey);
  const constant = runX >= n || runY >= n;
  const dxy = n * Sxy - Sx * Sy;
  const dxx = n * Sxx - Sx * Sx;
  const dyy = n * Syy - Sy * Sy;
  store<f64>(out, pairOut(dxy, dxx, dyy, n, constant, corr, minp, ddof));
  return pairTrips(dxx, dyy, Sxx, Syy, Ex, Ey, n, constant, minp, ddof, fw, kc);
}

/**
 * `pairScalar` for the two pairs at s and s + 8, one per lane: writes both values at
 * `out` (a v128) and returns the lanes that tripped the error-bound test.
 */
@inline export function pairLanes(cx: v128, cy: v128, ox: v128, oy: v128, s: usize, plane: usize, out: usize, corr: bool, minp: f64, ddof: f64, fw: f64, kc: f64): v128 {
  const vzero = f64x2.splat(0.0);
  const vone = f64x2.splat(1.0);
  const vnan = f64x2.splat(NAN);
  const vminp = f64x2.splat(minp);
  const vddof = f64x2.splat(ddof);
  let Kx = v128.load(s);
  let Ky = v128.load(s + plane);
  let n = v128.load(s + 2 * plane); // Kx, Ky, n change (and are stored) only off the steady state
  let runX = v128.load(s + 8 * plane);
  let prevX = v128.load(s + 9 * plane);
  let runY = v128.load(s + 10 * plane);
  let prevY = v128.load(s + 11 * plane);
  const valid = v128.and(f64x2.eq(cx, cx), f64x2.eq(cy, cy));
  const validOld = v128.and(f64x2.eq(ox, ox), f64x2.eq(oy, oy));
  let Sx: v128;
  let Sy: v128;
  let Sxy: v128;
  let Sxx: v128;
  let Syy: v128;
  let Ex: v128;
  let Ey: v128;
  if (i64x2.all_true(v128.and(v128.and(valid, validOld), f64x2.gt(n, vone)))) {
    // Steady state (both lanes: a joint row leaves, one enters, the window stays
    // non-empty): the general update below with every mask all ones, Kx, Ky, n unchanged.
    const vxo = f64x2.sub(ox, Kx);
    const vyo = f64x2.sub(oy, Ky);
    const vx = f64x2.sub(cx, Kx);
    const vy = f64x2.sub(cy, Ky);
    Sx = f64x2.add(f64x2.sub(v128.load(s + 3 * plane), vxo), vx);
    Sy = f64x2.add(f64x2.sub(v128.load(s + 4 * plane), vyo), vy);
    Sxy = f64x2.add(f64x2.sub(v128.load(s + 5 * plane), f64x2.mul(vxo, vyo)), f64x2.mul(vx, vy));
    Sxx = f64x2.add(f64x2.sub(v128.load(s + 6 * plane), f64x2.mul(vxo, vxo)), f64x2.mul(vx, vx));
    Syy = f64x2.add(f64x2.sub(v128.load(s + 7 * plane), f64x2.mul(vyo, vyo)), f64x2.mul(vy, vy));
    Ex = f64x2.add(v128.load(s + 12 * plane), Sxx);
    Ey = f64x2.add(v128.load(s + 13 * plane), Syy);
    runX = v128.bitselect(f64x2.add(runX, vone), vone, f64x2.eq(cx, prevX));
    prevX = cx;
    runY = v128.bitselect(f64x2.add(runY, vone), vone, f64x2.eq(cy, prevY));
    prevY = cy;
  } else {
    const vxo = v128.and(f64x2.sub(ox, Kx), validOld);
    const vyo = v128.and(f64x2.sub(oy, Ky), validOld);
    const nRem = f64x2.sub(n, v128.and(validOld, vone));
    const empty = f64x2.eq(nRem, vzero);
    Kx = v128.bitselect(cx, Kx, v128.and(empty, f64x2.eq(f64x2.sub(cx, cx), vzero)));
    Ky = v128.bitselect(cy, Ky, v128.and(empty, f64x2.eq(f64x2.sub(cy, cy), vzero)));
    const vx = v128.and(f64x2.sub(cx, Kx), valid);
    const vy = v128.and(f64x2.sub(cy, Ky), valid);
    Sx = f64x2.add(v128.andnot(f64x2.sub(v128.load(s + 3 * plane), vxo), empty), vx);
    Sy = f64x2.add(v128.andnot(f64x2.sub(v128.load(s + 4 * plane), vyo), empty), vy);
    Sxy = f64x2.add(v128.andnot(f64x2.sub(v128.load(s + 5 * plane), f64x2.mul(vxo, vyo)), empty), f64x2.mul(vx, vy));
    Sxx = f64x2.add(v128.andnot(f64x2.sub(v128.load(s + 6 * plane), f64x2.mul(vxo, vxo)), empty), f64x2.mul(vx, vx));
    Syy = f64x2.add(v128.andnot(f64x2.sub(v128.load(s + 7 * plane), f64x2.mul(vyo, vyo)), empty), f64x2.mul(vy, vy));
    Ex = f64x2.add(v128.andnot(v128.load(s + 12 * plane), empty), Sxx);
    Ey = f64x2.add(v128.andnot(v128.load(s + 13 * plane), empty), Syy);
    n = f64x2.add(nRem, v128.and(valid, vone));
    runX = v128.bitselect(v128.bitselect(f64x2.add(runX, vone), vone, f64x2.eq(cx, prevX)), runX, valid);
    prevX = v128.bitselect(cx, prevX, valid);
    runY = v128.bitselect(v128.bitselect(f64x2.add(runY, vone), vone, f64x2.eq(cy, prevY)), runY, valid);
    prevY = v128.bitselect(cy, prevY, valid);
    v128.store(s, Kx);
    v128.store(s + plane, Ky);
    v128.store(s + 2 * plane, n);
  }
  const constant = v128.or(f64x2.ge(runX, n), f64x2.ge(runY, n));
  const dxy = f64x2.sub(f64x2.mul(n, Sxy), f64x2.mul(Sx, Sy));
  const dxx = f64x2.sub(f64x2.mul(n, Sxx), f64x2.mul(Sx, Sx));
  const dyy = f64x2.sub(f64x2.mul(n, Syy), f64x2.mul(Sy, Sy));
  const reported = v128.and(f64x2.ge(n, vminp), f64x2.gt(n, vddof));
  let res: v128;
  if (!corr) {
    const c = v128.andnot(f64x2.div(dxy, f64x2.mul(n, f64x2.sub(n, vddof))), constant);
    res = v128.bitselect(c, vnan, reported);
  } else {
    let r = f64x2.div(dxy, f64x2.sqrt(f64x2.mul(dxx, dyy)));
    r = f64x2.pmin(r, vone);
    r = f64x2.pmax(r, f64x2.splat(-1.0));
    const bad = v128.or(constant, v128.or(f64x2.le(dxx, vzero), f64x2.le(dyy, vzero)));
    res = v128.bitselect(r, vnan, v128.andnot(f64x2.ge(n, vminp), bad));
  }
  v128.store(s + 3 * plane, Sx);
  v128.store(s + 4 * plane, Sy);
  v128.store(s + 5 * plane, Sxy);
  v128.store(s + 6 * plane, Sxx);
  v128.store(s + 7 * plane, Syy);
  v128.store(s + 8 * plane, runX);
  v128.store(s + 9 * plane, prevX);
  v128.store(s + 10 * plane, runY);
  v128.store(s + 11 * plane, prevY);
  v128.store(s + 12 * plane, Ex);
  v128.store(s + 13 * plane, Ey);
  v128.store(out, res);
  const vkc = f64x2.splat(kc);
  const vfw = f64x2.splat(fw);
  const trip = v128.or(
    f64x2.gt(f64x2.mul(vkc, f64x2.add(Ex, f64x2.mul(vfw, Sxx))), dxx),
    f64x2.gt(f64x2.mul(vkc, f64x2.add(Ey, f64x2.mul(vfw, Syy))), dyy),
  );
  return v128.andnot(v128.and(trip, reported), constant);
}

/**
 * Re-centres one pair on `rows` window rows (x at px + r * stride, y at py + r * stride):
 * each anchor becomes the joint value nearest its side's mean over the joint rows, and the
 * sums and error accumulators are recomputed. `pairFix` calls it for a pair that tripped.
 */
function pairRecentre(px: usize, py: usize, stride: usize, rows: i32, s: usize, plane: usize): void {
  const lastX = load<f64>(s + 9 * plane);
  const lastY = load<f64>(s + 11 * plane);
  let sumX = 0.0;
  let sumY = 0.0;
  let cnt = 0.0;
  for (let r = 0; r < rows; r++) {
    const cx = load<f64>(px + <usize>r * stride);
    const cy = load<f64>(py + <usize>r * stride);
    if (cx == cx && cy == cy) {
      sumX = sumX + (cx - lastX);
      sumY = sumY + (cy - lastY);
      cnt = cnt + 1.0;
    }
  }
  const mx = lastX + sumX / cnt;
  const my = lastY + sumY / cnt;
  let Kx = lastX;
  let Ky = lastY;
  let distX = Math.abs(lastX - mx);
  let distY = Math.abs(lastY - my);
  for (let r = 0; r < rows; r++) {
    const cx = load<f64>(px + <usize>r * stride);
    const cy = load<f64>(py + <usize>r * stride);
    if (cx == cx && cy == cy) {
      const dx = Math.abs(cx - mx);
      const dy = Math.abs(cy - my);
      if (dx < distX) {
        distX = dx;
        Kx = cx;
      }
      if (dy < distY) {
        distY = dy;
        Ky = cy;
      }
    }
  }
  pairSums(px, py, stride, rows, s, plane, Kx, Ky);
}

/** Recomputes one pair's sums and error accumulators about anchors Kx, Ky from `rows` rows. */
@inline function pairSums(px: usize, py: usize, stride: usize, rows: i32, s: usize, plane: usize, Kx: f64, Ky: f64): void {
  let Sx = 0.0;
  let Sy = 0.0;
  let Sxy = 0.0;
  let Sxx = 0.0;
  let Syy = 0.0;
  let Ex = 0.0;
  let Ey = 0.0;
  for (let r = 0; r < rows; r++) {
    const cx = load<f64>(px + <usize>r * stride);
    const cy = load<f64>(py + <usize>r * stride);
    const valid = cx == cx && cy == cy;
    const vx = valid ? cx - Kx : 0.0;
    const vy = valid ? cy - Ky : 0.0;
    Sx = Sx + vx;
    Sy = Sy + vy;
    Sxy = Sxy + vx * vy;
    Sxx = Sxx + vx * vx;
    Syy = Syy + vy * vy;
    Ex = Ex + Sxx;
    Ey = Ey + Syy;
  }
  store<f64>(s, Kx);
  store<f64>(s + plane, Ky);
  store<f64>(s + 3 * plane, Sx);
  store<f64>(s + 4 * plane, Sy);
  store<f64>(s + 5 * plane, Sxy);
  store<f64>(s + 6 * plane, Sxx);
  store<f64>(s + 7 * plane, Syy);
  store<f64>(s + 12 * plane, Ex);
  store<f64>(s + 13 * plane, Ey);
}

/**
 * If the pair at s trips the error-bound test (recomputed from its state), re-centres it
 * on the window rows (as `pairRecentre`) and rewrites its value at `out`.
 */
export function pairFix(px: usize, py: usize, stride: usize, rows: i32, s: usize, plane: usize, out: usize, corr: bool, minp: f64, ddof: f64, fw: f64, kc: f64): void {
  const n = load<f64>(s + 2 * plane);
  const constant = load<f64>(s + 8 * plane) >= n || load<f64>(s + 10 * plane) >= n;
  let Sx = load<f64>(s + 3 * plane);
  let Sy = load<f64>(s + 4 * plane);
  let Sxx = load<f64>(s + 6 * plane);
  let Syy = load<f64>(s + 7 * plane);
  if (!pairTrips(n * Sxx - Sx * Sx, n * Syy - Sy * Sy, Sxx, Syy, load<f64>(s + 12 * plane), load<f64>(s + 13 * plane), n, constant, minp, ddof, fw, kc)) return;
  pairRecentre(px, py, stride, rows, s, plane);
  Sx = load<f64>(s + 3 * plane);
  Sy = load<f64>(s + 4 * plane);
  Sxx = load<f64>(s + 6 * plane);
  Syy = load<f64>(s + 7 * plane);
  const dxy = n * load<f64>(s + 5 * plane) - Sx * Sy;
  store<f64>(out, pairOut(dxy, n * Sxx - Sx * Sx, n * Syy - Sy * Sy, n, constant, corr, minp, ddof));
}

/**
 * Re-anchors one pair at its latest joint values (kept when not finite) and recomputes
 * its sums exactly from `rows` rows: x at px + r * stride, y at py + r * stride.
 */
@inline export function pairAnchorScalar(px: usize, py: usize, stride: usize, rows: i32, s: usize, plane: usize): void {
  let Kx = load<f64>(s);
  let Ky = load<f64>(s + plane);
  const lastX = load<f64>(s + 9 * plane);
  const lastY = load<f64>(s + 11 * plane);
  if (lastX - lastX == 0.0) Kx = lastX;
  if (lastY - lastY == 0.0) Ky = lastY;
  pairSums(px, py, stride, rows, s, plane, Kx, Ky);
}

/**
 * `pairAnchorScalar` for the two pairs at s and s + 8: y is read as a v128 at
 * py + r * stride; x likewise, or (`splatX`, the matrices) one f64 at px broadcast.
 */
@inline export function pairAnchorLanes(px: usize, py: usize, stride: usize, rows: i32, s: usize, plane: usize, splatX: bool): void {
  const vzero = f64x2.splat(0.0);
  let Kx = v128.load(s);
  let Ky = v128.load(s + plane);
  const lastX = v128.load(s + 9 * plane);
  const lastY = v128.load(s + 11 * plane);
  Kx = v128.bitselect(lastX, Kx, f64x2.eq(f64x2.sub(lastX, lastX), vzero));
  Ky = v128.bitselect(lastY, Ky, f64x2.eq(f64x2.sub(lastY, lastY), vzero));
  let Sx = vzero;
  let Sy = vzero;
  let Sxy = vzero;
  let Sxx = vzero;
  let Syy = vzero;
  let Ex = vzero;
  let Ey = vzero;
  for (let r = 0; r < rows; r++) {
    const ro = <usize>r * stride;
    const cx = splatX ? f64x2.splat(load<f64>(px + ro)) : v128.load(px + ro);
    const cy = v128.load(py + ro);
    const valid = v128.and(f64x2.eq(cx, cx), f64x2.eq(cy, cy));
    const vx = v128.and(f64x2.sub(cx, Kx), valid);
    const vy = v128.and(f64x2.sub(cy, Ky), valid);
    Sx = f64x2.add(Sx, vx);
    Sy = f64x2.add(Sy, vy);
    Sxy = f64x2.add(Sxy, f64x2.mul(vx, vy));
    Sxx = f64x2.add(Sxx, f64x2.mul(vx, vx));
    Syy = f64x2.add(Syy, f64x2.mul(vy, vy));
    Ex = f64x2.add(Ex, Sxx);
    Ey = f64x2.add(Ey, Syy);
  }
  v128.store(s, Kx);
  v128.store(s + plane, Ky);
  v128.store(s + 3 * plane, Sx);
  v128.store(s + 4 * plane, Sy);
  v128.store(s + 5 * plane, Sxy);
  v128.store(s + 6 * plane, Sxx);
  v128.store(s + 7 * plane, Syy);
  v128.store(s + 12 * plane, Ex);
  v128.store(s + 13 * plane, Ey);
}
