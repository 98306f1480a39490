import { engine, heapF64 } from '../engine/wasm.js';

/** The kind of a bad target (see assembly/kernels/simulateCheck.ts), or -1. */
function targetKind(w: number, pe: number, traded: boolean, allowShort: number, allowNaN: number): number {
  if (w !== w) return allowNaN ? -1 : 1;
  if (Math.abs(w) === Infinity) return 2;
  if (w < 0 && !allowShort) return 3;
  if (traded && w !== 0 && pe !== pe) return 4;
  return -1;
}

/**
 * Twin of `checkSimulationInputs`: the first bad cell of a backtest's inputs as
 * `cell * 8 + kind` (prices before targets, row-major), or -1. Same rules and order as
 * the wasm, one cell at a time.
 */
export function checkSimulationInputs(
  prices: number, weights: number, rebalance: number, T: number, N: number, lag: number, allowShort: number, allowNaN: number,
): number {
  const bad = checkSimulationPrices(prices, T * N);
  return bad >= 0 ? bad : checkSimulationTargets(prices, weights, rebalance, 0, T, N, lag, allowShort, allowNaN);
}

/** Twin of `checkSimulationPrices`: the first of `n` prices <= 0 or +Infinity as `cell * 8`, or -1. */
export function checkSimulationPrices(prices: number, n: number): number {
  const h = heapF64();
  const pi = prices >>> 3;
  for (let c = 0; c < n; c++) {
    const x = h[pi + c];
    if (x <= 0 || x === Infinity) return c * 8;
  }
  return -1;
}

/**
 * Twin of `checkSimulationTargets`: the first bad target as `cell * 8 + kind` (kinds 1-4), or -1.
 * `gaps` (T bytes or 0) only spares work in the wasm; the result is the same without it.
 */
export function checkSimulationTargets(
  prices: number, weights: number, rebalance: number, gaps: number, T: number, N: number, lag: number, allowShort: number, allowNaN: number,
): number {
  void gaps;
  const h = heapF64();
  const flags = new Uint8Array(engine().memory.buffer, rebalance, T);
  const pi = prices >>> 3;
  const wi = weights >>> 3;
  for (let t = 0; t < T; t++) {
    const e = t + lag - 1;
    const traded = flags[t] !== 0 && e >= 0 && e < T;
    const pRow = pi + (traded ? e : 0) * N;
    for (let j = 0, c = t * N; j < N; j++, c++) {
      const kind = targetKind(h[wi + c], h[pRow + j], traded, allowShort, allowNaN);
      if (kind >= 0) return c * 8 + kind;
    }
  }
  return -1;
}
