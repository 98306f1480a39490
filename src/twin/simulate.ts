import { engine, heapF64 } from '../engine/wasm.js';

/**
 * TypeScript twins of assembly/kernels/simulate.ts: the same state (units, last price,
 * cash in currency), the same per-bar steps and the same operation order. The wasm
 * keeps row sums in f64x2 lanes (column j in lane j % 2)
 * and folds them in a fixed order; the twins keep the same partial sums, so the two
 * backends are bit-identical. See the wasm file for the algorithm.
 */

/**
 * Twin of the wasm `tradeMask` / `trades` (the band rule): trade when
 * |diff| > max(min(band, bandRel |tau|), minTrade), or when tau is exactly 0 and units are held.
 */
export function trades(tau: number, diff: number, u: number, band: number, bandRel: number, minTrade: number): boolean {
  const tol = Math.max(Math.min(band, bandRel * Math.abs(tau)), minTrade);
  return Math.abs(diff) > tol || (tau === 0.0 && u !== 0.0);
}

/** Twin of the wasm `ruinTail`: the rows of a book ruined at bar t (return -1 there, flat after). */
function ruinTail(h: Float64Array, series: number, held: number, contribution: number, T: number, N: number, t: number): void {
  const s = series >>> 3;
  for (let k = 0; k < 6; k++) h.fill(0, s + k * T + t, s + (k + 1) * T);
  h[s + t] = -1.0;
  h.fill(0, (held >>> 3) + t * N, (held >>> 3) + T * N);
  h.fill(0, (contribution >>> 3) + (t + 1) * N, (contribution >>> 3) + T * N);
}

/**
 * Twin of the wasm `liquidate` (the drawdown stop's sale of every held asset): writes the
 * pre-trade weights into row `tRow` (an f64 index; -1 = none) and returns [sum, sum |.|, count,
 * sum rate |.|] of the trades as fractions of pre-trade equity, lane sums by column parity.
 */
export function liquidate(
  h: Float64Array, units: Float64Array, last: Float64Array, tRow: number, N: number, invPre: number, rates: number, feeRate: number,
): [number, number, number, number] {
  let s0 = 0.0, s1 = 0.0, a0 = 0.0, a1 = 0.0, c0 = 0.0, c1 = 0.0, f0 = 0.0, f1 = 0.0;
  for (let j = 0; j < N; j++) {
    const u = units[j];
    if (u === 0.0) {
      if (tRow >= 0) h[tRow + j] = NaN;
      continue;
    }
    const held = u * last[j] * invPre;
    if (tRow >= 0) h[tRow + j] = held;
    units[j] = 0.0;
    const r = rates !== 0 ? h[rates + j] : feeRate;
    if (j & 1) {
      s1 -= held;
      a1 += Math.abs(held);
      c1 += 1.0;
      f1 += r * Math.abs(held);
    } else {
      s0 -= held;
      a0 += Math.abs(held);
      c0 += 1.0;
      f0 += r * Math.abs(held);
    }
  }
  return [s0 + s1, a0 + a1, c0 + c1, f0 + f1];
}

/** Twin of `simulate` (full simulation; outputs: series 6 x T, held, contribution, preTrade; returns the ruin row or -1). */
export function simulate(
  prices: number, weights: number, rebalance: number, cashRates: number, decayFactors: number,
  series: number, held: number, contribution: number, preTrade: number,
  T: number, N: number, lag: number,
  feeRate: number, fixedFee: number, initialCapital: number, band: number, borrowRate: number, leverage: number, maxGross: number,
  bandRel: number, minTrade: number,
  feeRates: number, stopEnd: number, stopDrawdown: number, stopOut: number,
): number {
  const h = heapF64();
  const flags = new Uint8Array(engine().memory.buffer, rebalance, T);
  const fi = feeRates >>> 3;
  const perAsset = feeRates !== 0;
  const stopOn = stopEnd !== 0;
  const ei = stopEnd >>> 3;
  const oi = stopOut >>> 3;
  let peak = initialCapital;
  let flat = false;
  let reentryRow = 0.0;
  const pi = prices >>> 3;
  const wi = weights >>> 3;
  const ri = cashRates >>> 3;
  const di = decayFactors >>> 3;
  const hi = held >>> 3;
  const ci = contribution >>> 3;
  const xi = preTrade >>> 3;
  const sReturns = series >>> 3;
  const sEquity = sReturns + T;
  const sGross = sEquity + T;
  const sNet = sGross + T;
  const sTurnover = sNet + T;
  const sCosts = sTurnover + T;
  const units = new Float64Array(N);
  const last = new Float64Array(N);
  const factor = new Float64Array(N).fill(1.0);
  const prevTarget = new Float64Array(N);
  const age = new Float64Array(N);
  if (T > 0) for (let j = 0; j < N; j++) prevTarget[j] = h[wi + j];
  const tail = N - (N & 1);
  let cash = initialCapital;
  let equity = initialCapital;
  for (let t = 0; t < T; t++) {
    const row = t * N;
    // 1. held weights of close t-1 (row t-1 of `held`), then mark to market
    const invPrev = 1.0 / equity;
    const hRow = hi + row - N;
    // Two columns per step, as the wasm's f64x2 lanes: partial sums per lane, folded after.
    let m0 = 0.0;
    let m1 = 0.0;
    let g0 = 0.0;
    let g1 = 0.0;
    let n0 = 0.0;
    let n1 = 0.0;
    for (let j = 0; j < tail; j += 2) {
      const p0 = h[pi + row + j];
      const p1 = h[pi + row + j + 1];
      const l0 = last[j];
      const l1 = last[j + 1];
      const u0 = units[j];
      const u1 = units[j + 1];
      const w0 = u0 * l0 * invPrev;
      const w1 = u1 * l1 * invPrev;
      if (t > 0) {
        h[hRow + j] = w0;
        h[hRow + j + 1] = w1;
      }
      g0 += Math.abs(w0);
      g1 += Math.abs(w1);
      n0 += w0;
      n1 += w1;
      const nl0 = p0 === p0 ? p0 : l0;
      const nl1 = p1 === p1 ? p1 : l1;
      last[j] = nl0;
      last[j + 1] = nl1;
      h[ci + row + j] = u0 * (nl0 - l0) * invPrev;
      h[ci + row + j + 1] = u1 * (nl1 - l1) * invPrev;
      m0 += u0 * nl0;
      m1 += u1 * nl1;
    }
    let mv = m0 + m1;
    let gross = g0 + g1;
    let net = n0 + n1;
    if (tail !== N) {
      const p = h[pi + row + tail];
      const l = last[tail];
      const u = units[tail];
      const w = u * l * invPrev;
      if (t > 0) h[hRow + tail] = w;
      gross += Math.abs(w);
      net += w;
      const nl = p === p ? p : l;
      last[tail] = nl;
      h[ci + row + tail] = u * (nl - l) * invPrev;
      mv += u * nl;
    }
    if (t > 0) {
      h[sGross + t - 1] = gross;
      h[sNet + t - 1] = net;
    }
    // 2. interest on cash, borrow fee on the shorts held since the previous close
    const shortNotional = 0.5 * (gross - net) * equity;
    cash = cash * (1.0 + h[ri + t]) - borrowRate * shortNotional;
    const vpre = cash + mv;
    let v = vpre;
    let turnover = 0.0;
    let costFrac = 0.0;
    const d = t + 1 - lag;
    // 3. signal decay
    if (decayFactors !== 0 && d >= 1 && d < T) {
      const wRow = wi + d * N;
      for (let j = 0; j < N; j++) {
        const w = h[wRow + j];
        const p = prevTarget[j];
        // Age restarts when the selection changes (sign of the target), not its size.
        const a = (w > 0.0) !== (p > 0.0) || (w < 0.0) !== (p < 0.0) ? 0.0 : age[j] + 1.0;
        prevTarget[j] = w;
        age[j] = a;
        factor[j] = h[di + a];
      }
    }
    // 4c. drawdown stop (see the wasm)
    let tradeOk = d >= 0 && d < T && flags[d] !== 0 && !(vpre <= 0.0);
    let reentered = false;
    if (stopOn && !(vpre <= 0.0)) {
      if (flat) {
        if (tradeOk && t >= reentryRow) {
          flat = false;
          reentered = true;
          h[oi + t] = 2.0;
        } else {
          tradeOk = false;
        }
      } else {
        if (vpre > peak) peak = vpre;
        const dd = vpre / peak - 1.0;
        if (dd <= -stopDrawdown) {
          const invPre = 1.0 / vpre;
          const [sum, sumAbs, count, feeSum] = liquidate(h, units, last, xi + row, N, invPre, fi, feeRate);
          turnover = sumAbs;
          costFrac = (perAsset ? feeSum : feeRate * sumAbs) + count * fixedFee * invPre;
          const cost = costFrac * vpre;
          cash = cash - sum * vpre - cost;
          v = vpre - cost;
          flat = true;
          tradeOk = false;
          reentryRow = h[ei + t];
          h[oi + t] = 1.0;
          h[oi + T + t] = dd;
        }
      }
    }
    // 4. trade to the targets of decision row d (never on equity <= 0: that is ruin)
    if (tradeOk) {
      const wRow = wi + d * N;
      const tRow = xi + row;
      let scale = 1.0;
      if (maxGross < Infinity) {
        let g0 = 0.0;
        let g1 = 0.0;
        for (let j = 0; j < tail; j += 2) {
          g0 += Math.abs(h[wRow + j] * factor[j] * leverage);
          g1 += Math.abs(h[wRow + j + 1] * factor[j + 1] * leverage);
        }
        let g = g0 + g1;
        for (let j = tail; j < N; j++) g += Math.abs(h[wRow + j] * factor[j] * leverage);
        if (g > maxGross) scale = maxGross / g;
      }
      const invPre = 1.0 / vpre;
      // The traded weight of asset j (0 when inside the band); updates its units.
      const trade = (j: number): number => {
        const tau = h[wRow + j] * factor[j] * leverage * scale;
        const l = last[j];
        const u = units[j];
        const held = u * l * invPre;
        const diff = tau - held;
        let dd = 0.0;
        let pre = NaN;
        if (trades(tau, diff, u, band, bandRel, minTrade)) {
          units[j] = tau !== 0.0 ? tau * vpre / l : 0.0;
          dd = diff;
          pre = held;
        }
        h[tRow + j] = pre;
        return dd;
      };
      let s0 = 0.0;
      let s1 = 0.0;
      let a0 = 0.0;
      let a1 = 0.0;
      let c0 = 0.0;
      let c1 = 0.0;
      let f0 = 0.0;
      let f1 = 0.0;
      for (let j = 0; j < tail; j += 2) {
        const d0 = trade(j);
        const d1 = trade(j + 1);
        s0 += d0;
        s1 += d1;
        a0 += Math.abs(d0);
        a1 += Math.abs(d1);
        c0 += d0 !== 0.0 ? 1.0 : 0.0;
        c1 += d1 !== 0.0 ? 1.0 : 0.0;
        if (perAsset) {
          f0 += h[fi + j] * Math.abs(d0);
          f1 += h[fi + j + 1] * Math.abs(d1);
        }
      }
      let sum = s0 + s1;
      let sumAbs = a0 + a1;
      let count = c0 + c1;
      let feeSum = f0 + f1;
      if (tail !== N) {
        const dd = trade(tail);
        sum += dd;
        sumAbs += Math.abs(dd);
        count += dd !== 0.0 ? 1.0 : 0.0;
        if (perAsset) feeSum += h[fi + tail] * Math.abs(dd);
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
      ruinTail(h, series, held, contribution, T, N, t);
      return t;
    }
    h[sReturns + t] = v / equity - 1.0;
    h[sEquity + t] = v;
    h[sTurnover + t] = turnover;
    h[sCosts + t] = costFrac;
    equity = v;
  }
  // 6. held weights of the last close
  if (T > 0) {
    const invV = 1.0 / equity;
    const hRow = hi + (T - 1) * N;
    let g0 = 0.0;
    let g1 = 0.0;
    let n0 = 0.0;
    let n1 = 0.0;
    for (let j = 0; j < tail; j += 2) {
      const w0 = units[j] * last[j] * invV;
      const w1 = units[j + 1] * last[j + 1] * invV;
      h[hRow + j] = w0;
      h[hRow + j + 1] = w1;
      g0 += Math.abs(w0);
      g1 += Math.abs(w1);
      n0 += w0;
      n1 += w1;
    }
    let gross = g0 + g1;
    let net = n0 + n1;
    if (tail !== N) {
      const w = units[tail] * last[tail] * invV;
      h[hRow + tail] = w;
      gross += Math.abs(w);
      net += w;
    }
    h[sGross + T - 1] = gross;
    h[sNet + T - 1] = net;
  }
  return -1;
}
