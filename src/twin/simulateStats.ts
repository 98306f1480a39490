import { engine, heapF64 } from '../engine/wasm.js';
import { liquidate, trades } from './simulate.js';

/**
 * Twin of assembly/kernels/simulateStats.ts (the grid's simulation: returns and turnover
 * of the full simulation for a band, leverage and a proportional fee, zero cash rate, no
 * borrow or fixed fee, no cap, no decay). Same state and operation order as the wasm,
 * which keeps row sums in two lanes (column j in lane j % 2, folded lane 0 + lane 1, then
 * the odd tail column): bit-identical. `out`: 2 x T (returns | turnover). Returns the
 * ruin row (the bar that left equity <= 0: return -1, flat after), or -1 when solvent.
 * Per-asset rates (`feeRates`) and the drawdown stop (`stopEnd`, `stopDrawdown`) as the wasm.
 */
export function simulateStats(
  prices: number, weights: number, rebalance: number, out: number, T: number, N: number, lag: number,
  feeRate: number, band: number, leverage: number, bandRel: number, minTrade: number,
  feeRates: number, stopEnd: number, stopDrawdown: number,
): number {
  if (T <= 0) return -1;
  const h = heapF64();
  const fi = feeRates >>> 3;
  const perAsset = feeRates !== 0;
  const stopOn = stopEnd !== 0;
  const ei = stopEnd >>> 3;
  let peak = 1.0;
  let flat = false;
  let reentryRow = 0.0;
  const flags = new Uint8Array(engine().memory.buffer, rebalance, T);
  const pi = prices >>> 3;
  const wi = weights >>> 3;
  const oi = out >>> 3;
  const units = new Float64Array(N);
  const last = new Float64Array(N);
  const tail = (N >> 1) << 1;
  let cash = 1.0;
  let equity = 1.0;
  for (let t = 0; t < T; t++) {
    const row = pi + t * N;
    let mv0 = 0;
    let mv1 = 0;
    for (let j = 0; j < tail; j += 2) {
      const p0 = h[row + j];
      const p1 = h[row + j + 1];
      const l0 = p0 === p0 ? p0 : last[j];
      const l1 = p1 === p1 ? p1 : last[j + 1];
      last[j] = l0;
      last[j + 1] = l1;
      mv0 += units[j] * l0;
      mv1 += units[j + 1] * l1;
    }
    let mv = mv0 + mv1;
    for (let j = tail; j < N; j++) {
      const p = h[row + j];
      const l = p === p ? p : last[j];
      last[j] = l;
      mv += units[j] * l;
    }
    const vpre = cash + mv;
    let v = vpre;
    let turnover = 0;
    const d = t + 1 - lag;
    let tradeOk = d >= 0 && d < T && flags[d] !== 0 && !(vpre <= 0.0);
    let reentered = false;
    if (stopOn && !(vpre <= 0.0)) {
      if (flat) {
        if (tradeOk && t >= reentryRow) {
          flat = false;
          reentered = true;
        } else {
          tradeOk = false;
        }
      } else {
        if (vpre > peak) peak = vpre;
        if (vpre / peak - 1.0 <= -stopDrawdown) {
          const [sum, sumAbs, , feeSum] = liquidate(h, units, last, -1, N, 1.0 / vpre, fi, feeRate);
          turnover = sumAbs;
          const cost = (perAsset ? feeSum : feeRate * sumAbs) * vpre;
          cash = cash - sum * vpre - cost;
          v = vpre - cost;
          flat = true;
          tradeOk = false;
          reentryRow = h[ei + t];
        }
      }
    }
    if (tradeOk) {
      const wRow = wi + d * N;
      const invPre = 1.0 / vpre;
      let sum0 = 0;
      let sum1 = 0;
      let abs0 = 0;
      let abs1 = 0;
      let fee0 = 0;
      let fee1 = 0;
      const trade = (j: number): number => {
        const tau = h[wRow + j] * leverage;
        const l = last[j];
        const u = units[j];
        const diff = tau - u * l * invPre;
        if (!trades(tau, diff, u, band, bandRel, minTrade)) return 0;
        units[j] = tau !== 0 ? (tau * vpre) / l : 0;
        return diff;
      };
      for (let j = 0; j < tail; j += 2) {
        const d0 = trade(j);
        const d1 = trade(j + 1);
        sum0 += d0;
        sum1 += d1;
        abs0 += Math.abs(d0);
        abs1 += Math.abs(d1);
        if (perAsset) {
          fee0 += h[fi + j] * Math.abs(d0);
          fee1 += h[fi + j + 1] * Math.abs(d1);
        }
      }
      let s = sum0 + sum1;
      let sa = abs0 + abs1;
      let fs = fee0 + fee1;
      for (let j = tail; j < N; j++) {
        const dd = trade(j);
        s += dd;
        sa += Math.abs(dd);
        if (perAsset) fs += h[fi + j] * Math.abs(dd);
      }
      turnover = sa;
      const cost = (perAsset ? fs : feeRate * sa) * vpre;
      cash = cash - s * vpre - cost;
      v = vpre - cost;
      if (reentered) peak = v;
    }
    if (v <= 0.0) {
      // Ruin: return -1 at this bar and 0 after it, no turnover from this bar on.
      h.fill(0, oi + t, oi + T);
      h.fill(0, oi + T + t, oi + 2 * T);
      h[oi + t] = -1.0;
      return t;
    }
    h[oi + t] = v / equity - 1.0;
    h[oi + T + t] = turnover;
    equity = v;
  }
  return -1;
}
