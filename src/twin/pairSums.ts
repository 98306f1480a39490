/**
 * TypeScript twin of assembly/kernels/pairSums.ts: the rolling state of one (x, y) pair
 * (anchored shifted sums over the rows where both are valid, with the error-bound
 * accumulators) and its update, the same IEEE operations in the same order as the wasm.
 * Shared by the twins of rollingCov / rollingCorr and of the N x N matrices.
 *
 * The state of P pairs is one Float64Array of 14 planes of P values:
 *   Kx | Ky | n | Sx | Sy | Sxy | Sxx | Syy | runX | prevX | runY | prevY | Ex | Ey
 */
export const PAIR_PLANES = 14;

/** kc / (7 window + 9) = 2^-22, as in the wasm. */
const BOUND_SCALE = 2.384185791015625e-7;

/** The error-bound test's constant kc for a window (pairSums.ts). */
export function boundConstant(window: number): number {
  return BOUND_SCALE * (7.0 * window + 9.0);
}

/** State for P pairs, every window empty. */
export function newPairState(P: number): Float64Array {
  const st = new Float64Array(PAIR_PLANES * P);
  st.fill(NaN, 9 * P, 10 * P);
  st.fill(NaN, 11 * P, 12 * P);
  return st;
}

/** Where a pair's window lies in the heap: x at h[ix + r * stride], y at h[iy + r * stride], r < rows. */
export interface PairWindow {
  h: Float64Array;
  ix: number;
  iy: number;
  stride: number;
  rows: number;
}

/**
 * One row for pair q: (cx, cy) enter, (ox, oy) leave (NaN when nothing leaves). A
 * reported, non-constant pair that trips the error-bound test is re-centred on `win`
 * first. Returns the pair's cov (corr false) or corr (corr true; ddof 1).
 */
export function pairStep(
  st: Float64Array, P: number, q: number, cx: number, cy: number, ox: number, oy: number,
  corr: boolean, minp: number, ddof: number, fw: number, kc: number, win: PairWindow,
): number {
  let kx = st[q];
  let ky = st[P + q];
  let n = st[2 * P + q];
  let sx = st[3 * P + q];
  let sy = st[4 * P + q];
  let sxy = st[5 * P + q];
  let sxx = st[6 * P + q];
  let syy = st[7 * P + q];
  let rx = st[8 * P + q];
  let px = st[9 * P + q];
  let ry = st[10 * P + q];
  let py = st[11 * P + q];
  let ex = st[12 * P + q];
  let ey = st[13 * P + q];
  const valid = cx === cx && cy === cy;
  const validOld = ox === ox && oy === oy;
  const vxo = validOld ? ox - kx : 0.0;
  const vyo = validOld ? oy - ky : 0.0;
  const nRem = n - (validOld ? 1.0 : 0.0);
  const empty = nRem === 0.0;
  if (empty && cx - cx === 0.0) kx = cx;
  if (empty && cy - cy === 0.0) ky = cy;
  const vx = valid ? cx - kx : 0.0;
  const vy = valid ? cy - ky : 0.0;
  sx = (empty ? 0.0 : sx - vxo) + vx;
  sy = (empty ? 0.0 : sy - vyo) + vy;
  sxy = (empty ? 0.0 : sxy - vxo * vyo) + vx * vy;
  sxx = (empty ? 0.0 : sxx - vxo * vxo) + vx * vx;
  syy = (empty ? 0.0 : syy - vyo * vyo) + vy * vy;
  ex = (empty ? 0.0 : ex) + sxx;
  ey = (empty ? 0.0 : ey) + syy;
  n = nRem + (valid ? 1.0 : 0.0);
  if (valid) {
    rx = cx === px ? rx + 1.0 : 1.0;
    px = cx;
    ry = cy === py ? ry + 1.0 : 1.0;
    py = cy;
  }
  st[q] = kx;
  st[P + q] = ky;
  st[2 * P + q] = n;
  st[3 * P + q] = sx;
  st[4 * P + q] = sy;
  st[5 * P + q] = sxy;
  st[6 * P + q] = sxx;
  st[7 * P + q] = syy;
  st[8 * P + q] = rx;
  st[9 * P + q] = px;
  st[10 * P + q] = ry;
  st[11 * P + q] = py;
  st[12 * P + q] = ex;
  st[13 * P + q] = ey;
  const constant = rx >= n || ry >= n;
  let dxx = n * sxx - sx * sx;
  let dyy = n * syy - sy * sy;
  if ((kc * (ex + fw * sxx) > dxx || kc * (ey + fw * syy) > dyy) && n >= minp && n > ddof && !constant) {
    pairRecentre(st, P, q, win);
    sx = st[3 * P + q];
    sy = st[4 * P + q];
    sxy = st[5 * P + q];
    sxx = st[6 * P + q];
    syy = st[7 * P + q];
    dxx = n * sxx - sx * sx;
    dyy = n * syy - sy * sy;
  }
  const dxy = n * sxy - sx * sy;
  if (!corr) {
    let c = dxy / (n * (n - ddof));
    if (constant) c = 0.0;
    return n >= minp && n > ddof ? c : NaN;
  }
  let r = dxy / Math.sqrt(dxx * dyy);
  r = 1.0 < r ? 1.0 : r;
  r = r < -1.0 ? -1.0 : r;
  const bad = constant || dxx <= 0.0 || dyy <= 0.0;
  return n >= minp && !bad ? r : NaN;
}

/**
 * Re-centres pair q on its window: each anchor becomes the joint value nearest its side's
 * mean over the joint rows, then the sums are recomputed (twin of `pairRecentre`).
 */
function pairRecentre(st: Float64Array, P: number, q: number, win: PairWindow): void {
  const { h, ix, iy, stride, rows } = win;
  const lastX = st[9 * P + q];
  const lastY = st[11 * P + q];
  let sumX = 0.0;
  let sumY = 0.0;
  let cnt = 0.0;
  for (let r = 0; r < rows; r++) {
    const cx = h[ix + r * stride];
    const cy = h[iy + r * stride];
    if (cx === cx && cy === cy) {
      sumX = sumX + (cx - lastX);
      sumY = sumY + (cy - lastY);
      cnt = cnt + 1.0;
    }
  }
  const mx = lastX + sumX / cnt;
  const my = lastY + sumY / cnt;
  let kx = lastX;
  let ky = lastY;
  let distX = Math.abs(lastX - mx);
  let distY = Math.abs(lastY - my);
  for (let r = 0; r < rows; r++) {
    const cx = h[ix + r * stride];
    const cy = h[iy + r * stride];
    if (cx === cx && cy === cy) {
      const dx = Math.abs(cx - mx);
      const dy = Math.abs(cy - my);
      if (dx < distX) {
        distX = dx;
        kx = cx;
      }
      if (dy < distY) {
        distY = dy;
        ky = cy;
      }
    }
  }
  pairSums(st, P, q, h, ix, iy, stride, rows, kx, ky);
}

/** Recomputes pair q's sums and error accumulators about anchors kx, ky. */
function pairSums(st: Float64Array, P: number, q: number, h: Float64Array, ix: number, iy: number, stride: number, rows: number, kx: number, ky: number): void {
  let sx = 0.0;
  let sy = 0.0;
  let sxy = 0.0;
  let sxx = 0.0;
  let syy = 0.0;
  let ex = 0.0;
  let ey = 0.0;
  for (let r = 0; r < rows; r++) {
    const cx = h[ix + r * stride];
    const cy = h[iy + r * stride];
    const valid = cx === cx && cy === cy;
    const vx = valid ? cx - kx : 0.0;
    const vy = valid ? cy - ky : 0.0;
    sx = sx + vx;
    sy = sy + vy;
    sxy = sxy + vx * vy;
    sxx = sxx + vx * vx;
    syy = syy + vy * vy;
    ex = ex + sxx;
    ey = ey + syy;
  }
  st[q] = kx;
  st[P + q] = ky;
  st[3 * P + q] = sx;
  st[4 * P + q] = sy;
  st[5 * P + q] = sxy;
  st[6 * P + q] = sxx;
  st[7 * P + q] = syy;
  st[12 * P + q] = ex;
  st[13 * P + q] = ey;
}

/**
 * Re-anchors pair q at its latest joint values (kept when not finite) and recomputes its
 * sums from `rows` rows of h: x at h[ix + r * stride], y at h[iy + r * stride].
 */
export function pairAnchor(
  st: Float64Array, P: number, q: number, h: Float64Array, ix: number, iy: number, stride: number, rows: number,
): void {
  let kx = st[q];
  let ky = st[P + q];
  const lastX = st[9 * P + q];
  const lastY = st[11 * P + q];
  if (lastX - lastX === 0.0) kx = lastX;
  if (lastY - lastY === 0.0) ky = lastY;
  pairSums(st, P, q, h, ix, iy, stride, rows, kx, ky);
}
