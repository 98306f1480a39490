import { describe, expect, it } from 'vitest';
import { Panel, backtest, csm, grid, metrics, multiHorizonMomentum, volTarget, readPanelFile, InputError } from '../src/index.js';
import type { BacktestOptions, BacktestResult } from '../src/index.js';
import { SimulationWorkspace } from '../src/kernels/simulateWorkspace.js';
import { kernelsFor } from '../src/kernels/dispatch.js';
import { scheduleRows } from '../src/backtest/schedule.js';
import { BACKTEST_DEFAULTS } from '../src/backtest/options.js';
import { bandArg } from '../src/cli/args.js';
import { backtestOptions } from '../src/cli/backtestFlags.js';
import { expectClose, rng } from './helpers.js';

const BACKENDS = ['wasm', 'js'] as const;

function release(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}

/** One asset at a flat price of 1, starting from equity 1: held weights are the traded targets, exactly. */
function flat(targets: number[], options: BacktestOptions, backend: 'wasm' | 'js'): BacktestResult {
  const T = targets.length;
  return backtest(Panel.fromRows(new Array(T).fill(1), T, 1), Panel.fromRows(targets, T, 1), { ...options, includeWarmup: true, backend });
}

describe('backtest band forms', () => {
  it('backtest(.., { band }) closes a held position whose target goes to exactly 0, inside any band', () => {
    // 0.3 opens; 0.05 is 0.25 away (> 0.1: traded); 0 is only 0.05 away, but 0 always closes.
    for (const backend of BACKENDS) {
      for (const band of [0.1, { abs: 0.1 }, { rel: 0.5 }, { abs: 0.1, rel: 0.5 }]) {
        const r = flat([0.3, 0.3, 0.05, 0.05, 0, 0], { band }, backend);
        expectClose(r.weights.values, [0.3, 0.3, 0.05, 0.05, 0, 0], 1e-16, `${backend} ${JSON.stringify(band)} held`);
        expectClose(r.turnover, [0.3, 0, 0.25, 0, 0.05, 0], 1e-16, `${backend} ${JSON.stringify(band)} turnover`);
        release(r);
      }
    }
  });

  it('backtest(.., { band: { rel } }) trades only when |held - target| exceeds rel * |target|, not at the boundary', () => {
    // Dyadic weights, flat prices: held 0.375 exactly. rel 0.25 of a 0.5 target is 0.125 =
    // |0.5 - 0.375|: on the boundary, no trade. A 0.51 target allows 0.1275 < 0.135: traded.
    for (const backend of BACKENDS) {
      const on = flat([0.375, 0.5, 0.5], { band: { rel: 0.25 } }, backend);
      expectClose(on.weights.values, [0.375, 0.375, 0.375], 0, `${backend} boundary`);
      expect(Array.from(on.turnover)).toEqual([0.375, 0, 0]);
      const past = flat([0.375, 0.51], { band: { rel: 0.25 } }, backend);
      expect(past.weights.values[1]).toBeCloseTo(0.51, 15);
      expect(past.turnover[1]).toBeCloseTo(0.135, 15);
      // Relative to the target: a small target trades on a small deviation (0.2 * 0.04 =
      // 0.008 < 0.01) where an absolute band of 0.1 would keep the old weight.
      const small = flat([0.3, 0.05, 0.04], { band: { rel: 0.2 } }, backend);
      expect(small.weights.values[2]).toBeCloseTo(0.04, 15);
      const abs = flat([0.3, 0.05, 0.04], { band: 0.1 }, backend);
      expect(abs.weights.values[2]).toBeCloseTo(0.05, 15);
      for (const r of [on, past, small, abs]) release(r);
    }
  });

  it('backtest(.., { band: { abs, rel } }) trades when either band is exceeded (tolerance min(abs, rel |target|))', () => {
    for (const backend of BACKENDS) {
      // Deviation 0.125; rel 0.25 * 0.5 = 0.125 (not exceeded); abs 0.1 exceeded: traded.
      const either = flat([0.375, 0.5], { band: { abs: 0.1, rel: 0.25 } }, backend);
      expect(either.weights.values[1]).toBe(0.5);
      // abs 0.2 and rel 0.125 both not exceeded: kept.
      const neither = flat([0.375, 0.5], { band: { abs: 0.2, rel: 0.25 } }, backend);
      expect(neither.weights.values[1]).toBe(0.375);
      release(either);
      release(neither);
    }
  });

  it('backtest rejects a bad band, naming it and the allowed forms', () => {
    const p = Panel.fromRows([1, 1], 2, 1);
    expect(() => backtest(p, p, { band: {} as never })).toThrow(/band must be a number >= 0, \{ abs \}, \{ rel \} or \{ abs, rel \}/);
    expect(() => backtest(p, p, { band: { rel: 0.1, pct: 2 } as never })).toThrow(InputError);
    expect(() => backtest(p, p, { band: { rel: -0.1 } })).toThrow(/band\.rel/);
    expect(() => backtest(p, p, { band: -1 })).toThrow(/band/);
  });

  it('the grid kernel (simulateStats) with a relative band gives backtest\'s returns bit for bit, both backends', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const u = rng(seed);
      const T = 20 + Math.floor(u() * 40);
      const N = 1 + Math.floor(u() * 7);
      const prices: number[] = [];
      const weights: number[] = [];
      const px = Array.from({ length: N }, () => 10 + 90 * u());
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < N; j++) {
          px[j] *= Math.exp(0.1 * (u() - 0.5));
          prices.push(px[j]);
          const prev = t > 0 ? weights[(t - 1) * N + j] : 0;
          weights.push(u() < 0.6 && t > 0 ? prev : u() < 0.3 ? 0 : (0.3 * u()) / N * 3);
        }
      }
      const p = Panel.fromRows(prices, T, N);
      const w = Panel.fromRows(weights, T, N);
      const rel = [0.05, 0.2, 0.5][seed % 3];
      const abs = seed % 2 ? Infinity : 0.03;
      for (const backend of BACKENDS) {
        const k = kernelsFor('test', backend);
        const ws = new SimulationWorkspace(p);
        ws.setFlags(scheduleRows('test', p, 'daily'));
        ws.run(k, p, w, { lag: 1, feeRate: 0.001, band: abs, bandRel: rel, leverage: 1, minTrade: BACKTEST_DEFAULTS.minTrade });
        const band = abs === Infinity ? { rel } : { abs, rel };
        const r = backtest(p, w, { band, feesBps: 10, includeWarmup: true, backend });
        expectClose(ws.returns(), r.returns, 0, `seed ${seed} ${backend} returns`);
        expectClose(ws.turnover(), r.turnover, 0, `seed ${seed} ${backend} turnover`);
        release(r);
        ws.free();
      }
      p.free();
      w.free();
    }
  });
});

describe('grid bandRel axis', () => {
  it('grid(.. backtest: { band, bandRel }) equals backtest(.., { band: { abs, rel } }) point by point, metrics bit for bit', async () => {
    const prices = readPanelFile('fixtures/crypto12.arrow');
    const spec = { strategy: 'csm' as const, params: { lookback: [30], topN: [3], bottomN: [0] }, backtest: { rebalance: ['weekly'], band: [0.02], bandRel: [0.1, 0.5] } };
    const only = { strategy: 'csm' as const, params: { lookback: [30], topN: [3], bottomN: [0] }, backtest: { rebalance: ['weekly'], bandRel: [0.1, 0.5] } };
    const both = await grid(spec, prices, { workers: 0, progress: false });
    const rel = await grid(only, prices, { workers: 0, progress: false });
    const w = csm(prices, { lookback: 30, topN: 3, bottomN: 0 });
    const names = ['sharpe', 'cagr', 'maxDrawdown', 'turnover'] as const;
    [0.1, 0.5].forEach((r, k) => {
      for (const [res, band] of [[both, { abs: 0.02, rel: r }], [rel, { rel: r }]] as const) {
        const b = backtest(prices, w, { rebalance: 'weekly', band });
        const m = metrics(b.returns, { dates: b.dates, turnover: b.turnover }) as unknown as Record<string, number>;
        for (const name of names) expect(res.table.getChild(name)!.get(k), `${JSON.stringify(band)} ${name}`).toBe(m[name]);
        release(b);
      }
    });
    // The relative band changes the result (it is read at all): 0.1 and 0.5 differ.
    expect(rel.table.getChild('turnover')!.get(0)).not.toBe(rel.table.getChild('turnover')!.get(1));
    w.free();
    prices.free();
  });
});

describe('xmom backtest --band forms', () => {
  it('--band parses 0.1, abs:0.1, rel:0.25 and abs:0.05,rel:0.25 into backtest\'s band option', () => {
    expect(backtestOptions({ band: bandArg('0.1') }).band).toBe(0.1);
    expect(backtestOptions({ band: bandArg('abs:0.1') }).band).toEqual({ abs: 0.1 });
    expect(backtestOptions({ band: bandArg('rel:0.25') }).band).toEqual({ rel: 0.25 });
    expect(backtestOptions({ band: bandArg(' abs:0.05, rel:0.25 ') }).band).toEqual({ abs: 0.05, rel: 0.25 });
  });

  it('--band refuses other spellings, negative numbers, a repeated kind and an absolute band >= 1', () => {
    for (const bad of ['pct:0.1', 'rel:', 'rel:-0.1', 'abs:0.1,abs:0.2', '-0.1', 'rel:0.1;abs:0.1']) {
      expect(() => bandArg(bad), bad).toThrow(/expected/);
    }
    expect(() => backtestOptions({ band: bandArg('abs:1') })).toThrow(/must be < 1/);
    expect(backtestOptions({ band: bandArg('rel:1.5') }).band).toEqual({ rel: 1.5 });
  });
});

describe('seed 000 pipeline on the bundled crypto data (fixtures/crypto12.arrow)', () => {
  it('multiHorizonMomentum topN 3 + volTarget 0.3 cap 2, weekly, with a relative band holds no position whose target is 0', () => {
    const prices = readPanelFile('fixtures/crypto12.arrow');
    const raw = multiHorizonMomentum(prices, { topN: 3 });
    const targets = volTarget(raw, prices, { target: 0.3, cap: 2 });
    const N = prices.nCols;
    const scheduled = scheduleRows('test', prices, 'weekly-sun');
    for (const band of [{ rel: 0.1 }, { abs: 0.1, rel: 0.1 }, 0.1]) {
      const r = backtest(prices, targets, { rebalance: 'weekly-sun', band, feesBps: 10 });
      const from = r.startRow;
      let tradedRows = 0;
      let zeroTargets = 0;
      let held = 0;
      for (let t = 0; t < r.returns.length; t++) {
        // lag 1: the targets of a scheduled decision row d are traded at close d (held row d).
        const d = from + t;
        if (!scheduled[d]) continue;
        tradedRows++;
        for (let j = 0; j < N; j++) {
          if (targets.values[d * N + j] !== 0) continue;
          zeroTargets++;
          if (r.weights.values[t * N + j] !== 0) held++;
        }
      }
      expect(tradedRows).toBeGreaterThan(100);
      expect(zeroTargets).toBeGreaterThan(1000);
      expect(held, `${JSON.stringify(band)}: held positions with target 0 after a rebalance`).toBe(0);
      release(r);
    }
    raw.free();
    targets.free();
    prices.free();
  });
});
