import { describe, expect, it } from 'vitest';
import { backtest, inverseVol, multiHorizonMomentum, riskParity, volTarget, readPanelFile } from '../src/index.js';
import type { Panel } from '../src/index.js';

const BACKENDS = ['wasm', 'js'] as const;

/**
 * The decayed targets written from the definition: per asset, age = decision rows since
 * the sign of its target last changed (0 on row 0 and on a change), tau = w 0.5^(age / h).
 */
function decayedTargets(w: Panel, halflife: number): Float64Array {
  const { nRows: T, nCols: N, values } = w;
  const out = new Float64Array(T * N);
  for (let j = 0; j < N; j++) {
    let age = 0;
    for (let t = 0; t < T; t++) {
      const x = values[t * N + j];
      age = t > 0 && Math.sign(x) === Math.sign(values[(t - 1) * N + j]) ? age + 1 : 0;
      out[t * N + j] = x * 0.5 ** (age / halflife);
    }
  }
  return out;
}

/** Largest |held - decayed target| over all cells (daily, lag 1, no costs: held row t = tau of row t). */
function maxGap(held: Float64Array, tau: Float64Array): number {
  let m = 0;
  for (let k = 0; k < tau.length; k++) m = Math.max(m, Math.abs(held[k] - tau[k]));
  return m;
}

describe('backtest(.., { decay }) after a weighting that rescales every bar', () => {
  const prices = readPanelFile('fixtures/crypto12.arrow');
  const raw = multiHorizonMomentum(prices, { topN: 3 });
  const weightings: [string, Panel][] = [
    ['volTarget', volTarget(raw, prices, { target: 0.3, cap: 2 })],
    ['inverseVol', inverseVol(raw, prices, { window: 30 })],
    ['riskParity', riskParity(prices, { window: 90 })],
  ];

  for (const [name, w] of weightings) {
    it(`decay ages from the last change of selection after ${name}: held weights are w * 0.5^(age / halflife), both backends`, () => {
      // Daily trades, no band or costs: after each trade the held weights are the decayed targets.
      const tau = decayedTargets(w, 10);
      for (const backend of BACKENDS) {
        const r = backtest(prices, w, { decay: { halflife: 10 }, includeWarmup: true, backend });
        expect(maxGap(r.weights.values, tau), `${name} ${backend}`).toBeLessThan(1e-12);
        r.weights.free();
        r.contribution.free();
      }
    });
  }

  it('decay changes the seed-000 result after volTarget (weekly, 10 bps): issue 13 measured identical metrics with --decay-halflife 2', () => {
    const w = weightings[0][1];
    // The vol-scaled weights change size nearly every bar: counted from a change of weight the
    // age would stay 0 and the decay do nothing, so the two runs would be equal.
    let resized = 0;
    for (let k = w.nCols; k < w.values.length; k++) if (w.values[k] !== 0 && w.values[k - w.nCols] !== 0 && w.values[k] !== w.values[k - w.nCols]) resized++;
    expect(resized).toBeGreaterThan(1000);
    const plain = backtest(prices, w, { rebalance: 'weekly-sun', feesBps: 10 });
    const decayed = backtest(prices, w, { rebalance: 'weekly-sun', feesBps: 10, decay: { halflife: 2 } });
    const gross = (r: typeof plain): number => r.grossExposure.reduce((a, x) => a + x, 0) / r.grossExposure.length;
    // Held positions age between weekly trades of an unchanged selection, so the book is smaller.
    expect(gross(decayed)).toBeLessThan(0.8 * gross(plain));
    expect(decayed.equity[decayed.equity.length - 1]).not.toBe(plain.equity[plain.equity.length - 1]);
    for (const r of [plain, decayed]) {
      r.weights.free();
      r.contribution.free();
    }
  });
});
