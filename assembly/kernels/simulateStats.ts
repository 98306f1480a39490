// The parameter grid's simulation: the per-bar return and turnover of the full simulation
// (assembly/kernels/simulate.ts `simulate`) for the settings a grid point has: a no-trade
// band, leverage and a proportional fee, with a zero cash rate, no borrow fee, no fixed
// fee, no gross cap and no decay. The band rule (absolute `band`, relative `bandRel`,
// `minTrade`, a target of 0 always closing) is the full kernel's `tradeMask`. Under those settings it performs the full kernel's
// arithmetic operation for operation (same lanes: column j sums into lane j % 2, folded
// lane 0 + lane 1, then the odd tail column), minus the outputs a grid point does not
// read (held weights, contributions, pre-trade weights, exposures), so its returns and
// turnover are bit-identical to `simulate`'s (and to `backtest`'s) at about half the
// cost. The terms it leaves out are exact zeros there: cash * (1 + 0), 0 * short
// notional, trades * 0 * (1 / V), (w * 1) * leverage * 1.
//
// State per asset: units held and the last valid price (0 before the first); cash.

import { scratchAlloc, scratchFree } from '../scratch';
import { liquidate, tradeMask, trades } from './simulate';

/**
 * `out` receives 2 x T f64: the net return of each bar, then the one-way turnover of
 * each bar. `rebalance`: one byte per decision row; the target of decision row
 * d = t + 1 - lag is traded at bar t. Starts from equity 1. Ruin as in `simulate`: the
 * bar that leaves equity <= 0 gets return -1 exactly and turnover 0, later bars 0 and 0,
 * and nothing is traded on pre-trade equity <= 0. Per-asset rates `feeRates` (N f64, or 0)
 * and the drawdown stop (`stopEnd`, T f64, or 0; `stopDrawdown`) as in `simulate`, with
 * the same operations. Returns the ruin row, or -1 (solvent).
 * O(T N) time, O(N) scratch.
 */
export function simulateStats(
  prices: usize, weights: usize, rebalance: usize, out: usize, T: i32, N: i32, lag: i32,
  feeRate: f64, band: f64, leverage: f64, bandRel: f64, minTrade: f64,
  feeRates: usize, stopEnd: usize, stopDrawdown: f64,
): i32 {
  if (T <= 0) return -1;
  const plane = <usize>N << 3;
  const scratch = scratchAlloc(plane * 2 + 32);
  const units = scratch;
  const last = units + plane;
  const acc = last + plane;
  memory.fill(scratch, 0, plane * 2);
  const perAsset = feeRates != 0;
  const stopOn = stopEnd != 0;
  let peak = 1.0;
  let flat = false;
  let reentryRow: f64 = 0.0;
  const outTurnover = out + (<usize>T << 3);
  const pairs = N >> 1;
  const tail = pairs << 1;
  const vzero = f64x2.splat(0.0);
  let vband = f64x2.splat(band);
  const vrel = f64x2.splat(bandRel);
  const vmin = f64x2.splat(minTrade);
  // Without a relative band the tolerance is one number, max(band, minTrade), hoisted.
  const relOn = bandRel < Infinity;
  if (!relOn) vband = f64x2.splat(max(band, minTrade));
  const vlev = f64x2.splat(leverage);
  let cash = 1.0;
  let equity = 1.0;
  for (let t = 0; t < T; t++) {
    const pRow = prices + <usize>t * plane;
    // Mark to market: last <- price where present; MV = sum units * last.
    let vmv = vzero;
    for (let k = 0; k < pairs; k++) {
      const o = <usize>k << 4;
      const p = v128.load(pRow + o);
      const nl = v128.bitselect(p, v128.load(last + o), f64x2.eq(p, p));
      v128.store(last + o, nl);
      vmv = f64x2.add(vmv, f64x2.mul(v128.load(units + o), nl));
    }
    let mv = f64x2.extract_lane(vmv, 0) + f64x2.extract_lane(vmv, 1);
    for (let j = tail; j < N; j++) {
      const o = <usize>j << 3;
      const p = load<f64>(pRow + o);
      const nl = p == p ? p : load<f64>(last + o);
      store<f64>(last + o, nl);
      mv += load<f64>(units + o) * nl;
    }
    const vpre = cash + mv;
    let v = vpre;
    let turnover = 0.0;
    const d = t + 1 - lag;
    let tradeOk = d >= 0 && d < T && load<u8>(rebalance + <usize>d) != 0 && !(vpre <= 0.0);
    let reentered = false;
    if (stopOn && !(vpre <= 0.0)) {
      if (flat) {
        if (tradeOk && <f64>t >= reentryRow) {
          flat = false;
          reentered = true;
        } else {
          tradeOk = false;
        }
      } else {
        if (vpre > peak) peak = vpre;
        if (vpre / peak - 1.0 <= -stopDrawdown) {
          liquidate(units, last, 0, N, 1.0 / vpre, feeRates, feeRate, acc);
          const sumAbs = load<f64>(acc, 8);
          turnover = sumAbs;
          const cost = (perAsset ? load<f64>(acc, 24) : feeRate * sumAbs) * vpre;
          cash = cash - load<f64>(acc) * vpre - cost;
          v = vpre - cost;
          flat = true;
          tradeOk = false;
          reentryRow = load<f64>(stopEnd + (<usize>t << 3));
        }
      }
    }
    if (tradeOk) {
      const wRow = weights + <usize>d * plane;
      const invPre = 1.0 / vpre;
      const vinvPre = f64x2.splat(invPre);
      const vpreV = f64x2.splat(vpre);
      let vsum = vzero;
      let vabs = vzero;
      let vfee = vzero;
      // Two copies of one loop: the per-asset fee sum only in the first, so the scalar
      // path runs exactly the loop it had before per-asset costs existed.
      if (perAsset) {
        for (let k = 0; k < pairs; k++) {
          const o = <usize>k << 4;
          const tau = f64x2.mul(v128.load(wRow + o), vlev);
          const l = v128.load(last + o);
          const u = v128.load(units + o);
          const h = f64x2.mul(f64x2.mul(u, l), vinvPre);
          const diff = f64x2.sub(tau, h);
          const go = tradeMask(tau, diff, u, vband, vrel, vmin, relOn);
          const target = v128.bitselect(f64x2.div(f64x2.mul(tau, vpreV), l), vzero, f64x2.ne(tau, vzero));
          const dd = v128.bitselect(diff, vzero, go);
          v128.store(units + o, v128.bitselect(target, u, go));
          vsum = f64x2.add(vsum, dd);
          vabs = f64x2.add(vabs, f64x2.abs(dd));
          vfee = f64x2.add(vfee, f64x2.mul(v128.load(feeRates + o), f64x2.abs(dd)));
        }
      } else {
        for (let k = 0; k < pairs; k++) {
          const o = <usize>k << 4;
          const tau = f64x2.mul(v128.load(wRow + o), vlev);
          const l = v128.load(last + o);
          const u = v128.load(units + o);
          const h = f64x2.mul(f64x2.mul(u, l), vinvPre);
          const diff = f64x2.sub(tau, h);
          const go = tradeMask(tau, diff, u, vband, vrel, vmin, relOn);
          const target = v128.bitselect(f64x2.div(f64x2.mul(tau, vpreV), l), vzero, f64x2.ne(tau, vzero));
          const dd = v128.bitselect(diff, vzero, go);
          v128.store(units + o, v128.bitselect(target, u, go));
          vsum = f64x2.add(vsum, dd);
          vabs = f64x2.add(vabs, f64x2.abs(dd));
        }
      }
      let sum = f64x2.extract_lane(vsum, 0) + f64x2.extract_lane(vsum, 1);
      let sumAbs = f64x2.extract_lane(vabs, 0) + f64x2.extract_lane(vabs, 1);
      let feeSum = f64x2.extract_lane(vfee, 0) + f64x2.extract_lane(vfee, 1);
      for (let j = tail; j < N; j++) {
        const o = <usize>j << 3;
        const tau = load<f64>(wRow + o) * leverage;
        const l = load<f64>(last + o);
        const u = load<f64>(units + o);
        const h = u * l * invPre;
        const diff = tau - h;
        let dd = 0.0;
        if (trades(tau, diff, u, band, bandRel, minTrade)) {
          store<f64>(units + o, tau != 0.0 ? tau * vpre / l : 0.0);
          dd = diff;
        }
        sum += dd;
        sumAbs += abs(dd);
        if (perAsset) feeSum += load<f64>(feeRates + o) * abs(dd);
      }
      turnover = sumAbs;
      const cost = (perAsset ? feeSum : feeRate * sumAbs) * vpre;
      cash = cash - sum * vpre - cost;
      v = vpre - cost;
      if (reentered) peak = v;
    }
    const so = <usize>t << 3;
    if (v <= 0.0) {
      // Ruin: return -1 at this bar and 0 after it, no turnover from this bar on.
      const rest = <usize>(T - t) << 3;
      memory.fill(out + so, 0, rest);
      memory.fill(outTurnover + so, 0, rest);
      store<f64>(out + so, -1.0);
      scratchFree(scratch);
      return t;
    }
    store<f64>(out + so, v / equity - 1.0);
    store<f64>(outTurnover + so, turnover);
    equity = v;
  }
  scratchFree(scratch);
  return -1;
}
