// Portfolio simulation over time-major panels: target weights -> portfolio returns.
//
// State is kept in currency, not in weights: `units` (number of shares held per asset),
// `last` (the last valid price per asset, 0 before the asset's first price) and `cash`.
// Between trades the holdings drift with prices for free (value = units * price), so a
// bar with no trade costs one multiply-add per asset and no division; the weights a
// caller sees (value / equity) are derived with one reciprocal per row. This is the same
// arithmetic as the weight recursion w <- w (1 + r) / (1 + r_p) (r_p including cash),
// in another operation order.
//
// Rows are the outer loop and assets the inner one (time-major), two assets per f64x2
// lane pair. Row sums are kept in lanes (column j adds into lane j % 2) and folded in a
// fixed order, so the scalar TypeScript twin (src/twin/simulate.ts), which keeps the
// same partial sums, is bit-identical.
//
// Execution lag L: the target decided at row d is traded at the close of row
// t = d + L - 1, so while walking the bars t the kernels read the decision row
// d = t + 1 - L (flags and weights), which is a constant offset into the panels.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

/** Writes NaN into `n` f64 cells from `ptr`. */
@inline function fillNaN(ptr: usize, n: i32): void {
  const vnan = f64x2.splat(NAN);
  let j = 0;
  for (; j + 2 <= n; j += 2) v128.store(ptr + (<usize>j << 3), vnan);
  for (; j < n; j++) store<f64>(ptr + (<usize>j << 3), NAN);
}

/** The per-bar series block written by `simulate`: six planes of T f64, in this order. */
// returns | equity | grossExposure | netExposure | turnover | costs

/**
 * Writes the held weights units * last * invV into `hRow` and their gross and net sums
 * into the series at byte offset `so`. Used once, after the last bar: the main loop
 * writes row t-1 while it marks row t to market.
 */
function heldRow(
  units: usize, last: usize, hRow: usize, N: i32, invV: f64, sGross: usize, sNet: usize, so: usize,
): void {
  const pairs = N >> 1;
  const vinv = f64x2.splat(invV);
  let vgross = f64x2.splat(0.0);
  let vnet = f64x2.splat(0.0);
  for (let k = 0; k < pairs; k++) {
    const o = <usize>k << 4;
    const w = f64x2.mul(f64x2.mul(v128.load(units + o), v128.load(last + o)), vinv);
    v128.store(hRow + o, w);
    vgross = f64x2.add(vgross, f64x2.abs(w));
    vnet = f64x2.add(vnet, w);
  }
  let gross = f64x2.extract_lane(vgross, 0) + f64x2.extract_lane(vgross, 1);
  let net = f64x2.extract_lane(vnet, 0) + f64x2.extract_lane(vnet, 1);
  for (let j = pairs << 1; j < N; j++) {
    const o = <usize>j << 3;
    const w = load<f64>(units + o) * load<f64>(last + o) * invV;
    store<f64>(hRow + o, w);
    gross += abs(w);
    net += w;
  }
  store<f64>(sGross + so, gross);
  store<f64>(sNet + so, net);
}

/**
 * Ruin of the full simulation at bar `t` (equity at or below 0): the book is flat from
 * then on. Row t gets return -1 exactly and equity 0; rows t.. get exposures, turnover,
 * costs and held weights 0 (no trade is recorded on the ruin bar, whose trades, if any,
 * could not be paid for); rows after t get returns and contributions 0. Row t keeps the
 * contributions of its marks (their sum may fall below -1: the loss beyond the equity
 * is absorbed at ruin). The preTrade rows are not touched (no turnover: never read).
 */
function ruinTail(series: usize, held: usize, contribution: usize, T: i32, N: i32, t: i32): void {
  const pTot = <usize>T << 3;
  const so = <usize>t << 3;
  const rest = <usize>(T - t) << 3;
  // returns | equity | gross | net | turnover | costs: 0 from row t on, then return -1 at t.
  for (let k = 0; k < 6; k++) memory.fill(series + <usize>k * pTot + so, 0, rest);
  store<f64>(series + so, -1.0);
  const plane = <usize>N << 3;
  memory.fill(held + <usize>t * plane, 0, <usize>(T - t) * plane);
  memory.fill(contribution + <usize>(t + 1) * plane, 0, <usize>(T - t - 1) * plane);
}

/**
 * The no-trade band rule, per asset, on a rebalance bar: with deviation
 * diff = tau - h, the asset is traded when
 *   |diff| > max(min(band, bandRel |tau|), minTrade)   (either band is exceeded), or
 *   tau == 0 and units != 0                              (a target of exactly 0 closes).
 * bandRel = Infinity is no relative band (Infinity |tau| never binds; at tau == 0 the
 * product is NaN, but that lane is decided by the closing rule; the caller then passes
 * relOn false and vband = max(band, minTrade), the same tolerance). Scalar form in `trades`;
 * the lanes here make the same comparisons, so both give the same bits.
 */
@inline export function tradeMask(tau: v128, diff: v128, u: v128, vband: v128, vrel: v128, vmin: v128, relOn: bool): v128 {
  // relOn false: vband already holds max(band, minTrade), the same tolerance (Infinity |tau|
  // never binds in the min), one comparison fewer per lane.
  const tol = relOn ? f64x2.max(f64x2.min(vband, f64x2.mul(vrel, f64x2.abs(tau))), vmin) : vband;
  const zero = f64x2.splat(0.0);
  const close = v128.and(f64x2.eq(tau, zero), f64x2.ne(u, zero));
  return v128.or(f64x2.gt(f64x2.abs(diff), tol), close);
}

/** Scalar `tradeMask` (the odd tail column). */
@inline export function trades(tau: f64, diff: f64, u: f64, band: f64, bandRel: f64, minTrade: f64): bool {
  const tol = max(min(band, bandRel * abs(tau)), minTrade);
  return abs(diff) > tol || (tau == 0.0 && u != 0.0);
}

/**
 * The drawdown stop's sale at close t: every held asset (units != 0) is sold at its last
 * price. Writes the pre-trade weights (NaN where nothing is held) into `tRow` (unless 0) and
 * returns the traded value as fractions of `vpre` in `acc`: [sum of trades, sum |trades|,
 * count, sum rate_j |trade_j|] (rate_j = `feeRates[j]`, or `feeRate` when it is 0). Scalar
 * with lane sums by column parity (j & 1), folded lane 0 + lane 1, as the TypeScript twin.
 * O(N).
 */
export function liquidate(units: usize, last: usize, tRow: usize, N: i32, invPre: f64, feeRates: usize, feeRate: f64, acc: usize): void {
  let s0 = 0.0, s1 = 0.0, a0 = 0.0, a1 = 0.0, c0 = 0.0, c1 = 0.0, f0 = 0.0, f1 = 0.0;
  for (let j = 0; j < N; j++) {
    const o = <usize>j << 3;
    const u = load<f64>(units + o);
    if (u == 0.0) {
      if (tRow != 0) store<f64>(tRow + o, NAN);
      continue;
    }
    const h = u * load<f64>(last + o) * invPre;
    if (tRow != 0) store<f64>(tRow + o, h);
    store<f64>(units + o, 0.0);
    const r = feeRates != 0 ? load<f64>(feeRates + o) : feeRate;
    if (j & 1) {
      s1 -= h;
      a1 += abs(h);
      c1 += 1.0;
      f1 += r * abs(h);
    } else {
      s0 -= h;
      a0 += abs(h);
      c0 += 1.0;
      f0 += r * abs(h);
    }
  }
  store<f64>(acc, s0 + s1);
  store<f64>(acc, a0 + a1, 8);
  store<f64>(acc, c0 + c1, 16);
  store<f64>(acc, f0 + f1, 24);
}

/**
 * The full simulation: drift, scheduled trades with a no-trade band, proportional and
 * fixed costs paid from cash, interest on cash, a borrow fee on shorts, leverage, a gross
 * cap and signal decay. Per bar t (with decision row d = t + 1 - lag):
 *  1. one pass over the assets: the held weights of close t-1, units_j last_j / V_{t-1}
 *     (written to `held` row t-1, summed into gross and net exposure and the short
 *     notional), then last_j <- price if present else carried, the contribution
 *     w_{t-1,j} r_{t,j} = units_j (last_j - last_old_j) / V_{t-1}, MV = sum units * last;
 *  2. cash <- cash (1 + cashRates[t]) - borrowRate * shortNotional_{t-1}; Vpre = cash + MV;
 *  3. if decay: update each asset's target age at row d, the decision rows since its
 *     selection last changed (the sign of its target: entering, leaving or flipping side;
 *     not a change of size), decayFactors[age] being its factor;
 *  4. if 0 <= d < T and rebalance[d]: tau_j = ((w_dj f_j) leverage) s, with s scaling the
 *     gross sum |.| down to maxGross; held h_j = units_j last_j / Vpre; an asset is
 *     traded to tau_j Vpre (units = tau Vpre / last) when `tradeMask` says so (its
 *     deviation exceeds the absolute or the relative band, or its target is exactly 0 and
 *     it is held); cash pays the traded value and the cost (feeRate * sum |traded| +
 *     trades * fixedFee / Vpre) of Vpre; V = Vpre - cost.
 *  4b. per-asset costs: with `feeRates` (N f64, one rate per asset) the proportional cost
     is sum_j feeRates[j] |traded_j| (lane sums as the other row sums) instead of
     feeRate * sum |traded|; `feeRates` 0 keeps the scalar path unchanged;
  4c. drawdown stop (`stopEnd` != 0): the peak is the running maximum of the marked
     equity Vpre since the start (initialCapital) or the last re-entry. When
     Vpre / peak - 1 <= -stopDrawdown at bar t, the book is sold at close t instead of
     trading (`liquidate`, costs as a trade; row t of `stopOut` = 1 and row T + t = the
     drawdown) and stays flat (scheduled trades skipped) until the first traded bar
     r >= stopEnd[t] (a row number; >= T = never), where it trades to that bar's
     targets, row r of `stopOut` = 2, and the peak restarts at the post-trade equity;
  5. ruin: when V <= 0 (a bar whose return is <= -100%, from its marks, interest, fees
 *     or costs) the book ends: that bar's return is -1 exactly, equity 0, and the book is
 *     flat afterwards (see `ruinTail`); a bar whose pre-trade equity is <= 0 trades nothing.
 * The held weights of the last close are written after the loop.
 * Returns the row of the ruin bar, or -1 when the book stays solvent.
 * Outputs: `series` (6 x T, see above), `held`, `contribution` (T x N), and `preTrade`
 * (T x N: on the rows of traded bars only, the held weight h_j just before each trade and
 * NaN where the asset was not traded; other rows are left unwritten).
 * `rebalance` holds one byte per decision row; `decayFactors` is 0 when decay is off.
 * Bands: `band` (absolute, a fraction of equity), `bandRel` (relative to |tau_j|; Infinity
 * = none) and `minTrade` (the smallest deviation ever traded), see `tradeMask`.
 * O(T N) time, O(N) scratch.
 */
export function simulate(
  prices: usize, weights: usize, rebalance: usize, cashRates: usize, decayFactors: usize,
  series: usize, held: usize, contribution: usize, preTrade: usize,
  T: i32, N: i32, lag: i32,
  feeRate: f64, fixedFee: f64, initialCapital: f64, band: f64, borrowRate: f64, leverage: f64, maxGross: f64,
  bandRel: f64, minTrade: f64,
  feeRates: usize, stopEnd: usize, stopDrawdown: f64, stopOut: usize,
): i32 {
  if (T <= 0) return -1;
  const plane = <usize>N << 3;
  // Scratch: units | last | decay factor | last target | age per asset, a sink row for
  // the held weights "before row 0", and 4 f64 of liquidation sums.
  const scratch = scratchAlloc(plane * 6 + 32);
  const units = scratch;
  const last = units + plane;
  const factor = last + plane;
  const prevTarget = factor + plane;
  const age = prevTarget + plane;
  const sink = age + plane;
  const acc = sink + plane;
  const perAsset = feeRates != 0;
  const stopOn = stopEnd != 0;
  let peak = initialCapital;
  let flat = false;
  let reentryRow: f64 = 0.0;
  for (let j = 0; j < N; j++) {
    const o = <usize>j << 3;
    store<f64>(units + o, 0.0);
    store<f64>(last + o, 0.0);
    store<f64>(factor + o, 1.0);
    store<f64>(prevTarget + o, load<f64>(weights + o));
    store<f64>(age + o, 0.0);
  }
  const pTot = <usize>T << 3;
  const sReturns = series;
  const sEquity = sReturns + pTot;
  const sGross = sEquity + pTot;
  const sNet = sGross + pTot;
  const sTurnover = sNet + pTot;
  const sCosts = sTurnover + pTot;
  const pairs = N >> 1;
  const tail = pairs << 1;
  const vzero = f64x2.splat(0.0);
  const vone = f64x2.splat(1.0);
  let vband = f64x2.splat(band);
  const vrel = f64x2.splat(bandRel);
  const vmin = f64x2.splat(minTrade);
  // Without a relative band the tolerance is one number, max(band, minTrade), hoisted.
  const relOn = bandRel < Infinity;
  if (!relOn) vband = f64x2.splat(max(band, minTrade));
  const vnan = f64x2.splat(NAN);
  let cash = initialCapital;
  let equity = initialCapital;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * plane;
    const pRow = prices + row;
    const cRow = contribution + row;
    const hRow = t > 0 ? held + row - plane : sink;
    // 1. held weights of close t-1, then mark to market
    const invPrev = 1.0 / equity;
    const vinvPrev = f64x2.splat(invPrev);
    let vmv = vzero;
    let vgross = vzero;
    let vnet = vzero;
    for (let k = 0; k < pairs; k++) {
      const o = <usize>k << 4;
      const p = v128.load(pRow + o);
      const l = v128.load(last + o);
      const u = v128.load(units + o);
      const w = f64x2.mul(f64x2.mul(u, l), vinvPrev);
      v128.store(hRow + o, w);
      vgross = f64x2.add(vgross, f64x2.abs(w));
      vnet = f64x2.add(vnet, w);
      const nl = v128.bitselect(p, l, f64x2.eq(p, p));
      v128.store(last + o, nl);
      v128.store(cRow + o, f64x2.mul(f64x2.mul(u, f64x2.sub(nl, l)), vinvPrev));
      vmv = f64x2.add(vmv, f64x2.mul(u, nl));
    }
    let mv = f64x2.extract_lane(vmv, 0) + f64x2.extract_lane(vmv, 1);
    let gross = f64x2.extract_lane(vgross, 0) + f64x2.extract_lane(vgross, 1);
    let net = f64x2.extract_lane(vnet, 0) + f64x2.extract_lane(vnet, 1);
    for (let j = tail; j < N; j++) {
      const o = <usize>j << 3;
      const p = load<f64>(pRow + o);
      const l = load<f64>(last + o);
      const u = load<f64>(units + o);
      const w = u * l * invPrev;
      store<f64>(hRow + o, w);
      gross += abs(w);
      net += w;
      const nl = p == p ? p : l;
      store<f64>(last + o, nl);
      store<f64>(cRow + o, u * (nl - l) * invPrev);
      mv += u * nl;
    }
    if (t > 0) {
      const so = <usize>(t - 1) << 3;
      store<f64>(sGross + so, gross);
      store<f64>(sNet + so, net);
    }
    // 2. interest on cash, borrow fee on the shorts held since the previous close
    const shortNotional = 0.5 * (gross - net) * equity;
    cash = cash * (1.0 + load<f64>(cashRates + (<usize>t << 3))) - borrowRate * shortNotional;
    const vpre = cash + mv;
    let v = vpre;
    let turnover = 0.0;
    let costFrac = 0.0;
    const d = t + 1 - lag;
    // 3. signal decay: age of each asset's selection at decision row d
    if (decayFactors != 0 && d >= 1 && d < T) {
      const wRow = weights + <usize>d * plane;
      for (let j = 0; j < N; j++) {
        const o = <usize>j << 3;
        const w = load<f64>(wRow + o);
        const p = load<f64>(prevTarget + o);
        // Age restarts when the selection changes: the asset enters (0 -> nonzero), leaves
        // (-> 0) or flips side; a change of size alone (vol scaling) keeps the age.
        const a = (w > 0.0) != (p > 0.0) || (w < 0.0) != (p < 0.0) ? 0.0 : load<f64>(age + o) + 1.0;
        store<f64>(prevTarget + o, w);
        store<f64>(age + o, a);
        store<f64>(factor + o, load<f64>(decayFactors + (<usize>a << 3)));
      }
    }
    // 4c. drawdown stop: sell everything at this close when the marked equity is down
    // stopDrawdown from its peak; no trade while flat, before the re-entry row.
    let tradeOk = d >= 0 && d < T && load<u8>(rebalance + <usize>d) != 0 && !(vpre <= 0.0);
    let reentered = false;
    if (stopOn && !(vpre <= 0.0)) {
      if (flat) {
        if (tradeOk && <f64>t >= reentryRow) {
          flat = false;
          reentered = true;
          store<f64>(stopOut + (<usize>t << 3), 2.0);
        } else {
          tradeOk = false;
        }
      } else {
        if (vpre > peak) peak = vpre;
        const dd = vpre / peak - 1.0;
        if (dd <= -stopDrawdown) {
          const invPre = 1.0 / vpre;
          liquidate(units, last, preTrade + row, N, invPre, feeRates, feeRate, acc);
          const sum = load<f64>(acc);
          const sumAbs = load<f64>(acc, 8);
          const count = load<f64>(acc, 16);
          turnover = sumAbs;
          costFrac = (perAsset ? load<f64>(acc, 24) : feeRate * sumAbs) + count * fixedFee * invPre;
          const cost = costFrac * vpre;
          cash = cash - sum * vpre - cost;
          v = vpre - cost;
          flat = true;
          tradeOk = false;
          reentryRow = load<f64>(stopEnd + (<usize>t << 3));
          store<f64>(stopOut + (<usize>t << 3), 1.0);
          store<f64>(stopOut + (<usize>(T + t) << 3), dd);
        }
      }
    }
    // 4. trade to the targets of decision row d (never on equity <= 0: that is ruin)
    if (tradeOk) {
      const wRow = weights + <usize>d * plane;
      const tRow = preTrade + row;
      let scale = 1.0;
      if (maxGross < Infinity) {
        let vg = vzero;
        const vlev = f64x2.splat(leverage);
        for (let k = 0; k < pairs; k++) {
          const o = <usize>k << 4;
          vg = f64x2.add(vg, f64x2.abs(f64x2.mul(f64x2.mul(v128.load(wRow + o), v128.load(factor + o)), vlev)));
        }
        let g = f64x2.extract_lane(vg, 0) + f64x2.extract_lane(vg, 1);
        for (let j = tail; j < N; j++) {
          const o = <usize>j << 3;
          g += abs(load<f64>(wRow + o) * load<f64>(factor + o) * leverage);
        }
        if (g > maxGross) scale = maxGross / g;
      }
      const invPre = 1.0 / vpre;
      const vinvPre = f64x2.splat(invPre);
      const vpreV = f64x2.splat(vpre);
      const vlev = f64x2.splat(leverage);
      const vscale = f64x2.splat(scale);
      let vsum = vzero;
      let vabs = vzero;
      let vcnt = vzero;
      let vfee = vzero;
      // Two copies of one loop: the per-asset fee sum only in the first, so the scalar
      // path runs exactly the loop it had before per-asset costs existed.
      if (perAsset) {
        for (let k = 0; k < pairs; k++) {
          const o = <usize>k << 4;
          const tau = f64x2.mul(f64x2.mul(f64x2.mul(v128.load(wRow + o), v128.load(factor + o)), vlev), vscale);
          const l = v128.load(last + o);
          const u = v128.load(units + o);
          const h = f64x2.mul(f64x2.mul(u, l), vinvPre);
          const diff = f64x2.sub(tau, h);
          const go = tradeMask(tau, diff, u, vband, vrel, vmin, relOn);
          const target = v128.bitselect(f64x2.div(f64x2.mul(tau, vpreV), l), vzero, f64x2.ne(tau, vzero));
          const dd = v128.bitselect(diff, vzero, go);
          v128.store(units + o, v128.bitselect(target, u, go));
          v128.store(tRow + o, v128.bitselect(h, vnan, go));
          vsum = f64x2.add(vsum, dd);
          vabs = f64x2.add(vabs, f64x2.abs(dd));
          vcnt = f64x2.add(vcnt, v128.bitselect(vone, vzero, go));
          vfee = f64x2.add(vfee, f64x2.mul(v128.load(feeRates + o), f64x2.abs(dd)));
        }
      } else {
        for (let k = 0; k < pairs; k++) {
          const o = <usize>k << 4;
          const tau = f64x2.mul(f64x2.mul(f64x2.mul(v128.load(wRow + o), v128.load(factor + o)), vlev), vscale);
          const l = v128.load(last + o);
          const u = v128.load(units + o);
          const h = f64x2.mul(f64x2.mul(u, l), vinvPre);
          const diff = f64x2.sub(tau, h);
          const go = tradeMask(tau, diff, u, vband, vrel, vmin, relOn);
          const target = v128.bitselect(f64x2.div(f64x2.mul(tau, vpreV), l), vzero, f64x2.ne(tau, vzero));
          const dd = v128.bitselect(diff, vzero, go);
          v128.store(units + o, v128.bitselect(target, u, go));
          v128.store(tRow + o, v128.bitselect(h, vnan, go));
          vsum = f64x2.add(vsum, dd);
          vabs = f64x2.add(vabs, f64x2.abs(dd));
          vcnt = f64x2.add(vcnt, v128.bitselect(vone, vzero, go));
        }
      }
      let sum = f64x2.extract_lane(vsum, 0) + f64x2.extract_lane(vsum, 1);
      let sumAbs = f64x2.extract_lane(vabs, 0) + f64x2.extract_lane(vabs, 1);
      let count = f64x2.extract_lane(vcnt, 0) + f64x2.extract_lane(vcnt, 1);
      let feeSum = f64x2.extract_lane(vfee, 0) + f64x2.extract_lane(vfee, 1);
      for (let j = tail; j < N; j++) {
        const o = <usize>j << 3;
        const tau = load<f64>(wRow + o) * load<f64>(factor + o) * leverage * scale;
        const l = load<f64>(last + o);
        const u = load<f64>(units + o);
        const h = u * l * invPre;
        const diff = tau - h;
        let dd = 0.0;
        let pre = NAN;
        if (trades(tau, diff, u, band, bandRel, minTrade)) {
          store<f64>(units + o, tau != 0.0 ? tau * vpre / l : 0.0);
          dd = diff;
          pre = h;
          count += 1.0;
        }
        store<f64>(tRow + o, pre);
        sum += dd;
        sumAbs += abs(dd);
        if (perAsset) feeSum += load<f64>(feeRates + o) * abs(dd);
      }
      turnover = sumAbs;
      costFrac = (perAsset ? feeSum : feeRate * sumAbs) + count * fixedFee * invPre;
      const cost = costFrac * vpre;
      cash = cash - sum * vpre - cost;
      v = vpre - cost;
      if (reentered) peak = v;
    }
    // 5. ruin: equity at or below 0 ends the book
    if (v <= 0.0) {
      ruinTail(series, held, contribution, T, N, t);
      scratchFree(scratch);
      return t;
    }
    const so = <usize>t << 3;
    store<f64>(sReturns + so, v / equity - 1.0);
    store<f64>(sEquity + so, v);
    store<f64>(sTurnover + so, turnover);
    store<f64>(sCosts + so, costFrac);
    equity = v;
  }
  // 6. held weights of the last close
  heldRow(units, last, held + <usize>(T - 1) * plane, N, 1.0 / equity, sGross, sNet, <usize>(T - 1) << 3);
  scratchFree(scratch);
  return -1;
}
