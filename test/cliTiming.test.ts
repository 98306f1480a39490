// `xmom backtest ... --timing ml` (issue 13, seed 000's ML timing of rebalances): the CLI's
// numbers against the same pipeline built here from the library (strategy, volTarget,
// mlRebalanceTiming, backtest, metrics), and the plain schedule shown beside it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import {
  Panel, backtest, metrics, mlRebalanceTiming, multiHorizonMomentum, volTarget, type BacktestResult,
} from '../src/index.js';
import { xmom } from './xmomInProcess.js';

const prices = Panel.fromArrow(tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url))));

function release(r: BacktestResult): void {
  r.weights.free();
  r.contribution.free();
}

describe('xmom backtest --timing ml', () => {
  it('multi-horizon --rebalance monthly-first --timing ml equals mlRebalanceTiming + backtest from the library, next to every scheduled date', async () => {
    const run = await xmom([
      'backtest', 'multi-horizon', '--top-n', '3', '--vol-target', '0.3', '--vol-cap', '2', '--rebalance', 'monthly-first',
      '--fees-bps', '10', '--timing', 'ml', '--no-benchmarks', '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      timing: { candidates: number; rebalanced: number; modelDecisions: number; hitRate: number; benchmark: string };
      metrics: Record<string, { sharpe: number; totalReturn: number; turnover: number }>;
    };
    const raw = multiHorizonMomentum(prices, { topN: 3 });
    const w = volTarget(raw, prices, { target: 0.3, cap: 2 });
    const schedule = 'monthly-first' as const;
    const ml = mlRebalanceTiming(prices, w, { schedule, feesBps: 10 });
    const timed = backtest(prices, w, { rebalance: ml.rebalance, feesBps: 10 });
    const plain = backtest(prices, w, { rebalance: schedule, feesBps: 10 });
    try {
      expect(doc.timing.candidates).toBe(ml.candidates.length);
      expect(doc.timing.rebalanced).toBe(ml.decisions.filter((d) => d === 1).length);
      expect(doc.timing.rebalanced).toBeLessThan(doc.timing.candidates);
      expect(doc.timing.hitRate).toBe(ml.hitRate);
      const mt = metrics(timed.returns, { periodsPerYear: timed.periodsPerYear, turnover: timed.turnover });
      const mp = metrics(plain.returns, { periodsPerYear: plain.periodsPerYear, turnover: plain.turnover });
      expect(doc.metrics['multi-horizon'].sharpe).toBe(mt.sharpe);
      expect(doc.metrics['multi-horizon'].totalReturn).toBe(mt.totalReturn);
      expect(doc.metrics[doc.timing.benchmark].sharpe).toBe(mp.sharpe);
      // Keeping the book on some dates trades less than trading on every one of them.
      expect(doc.metrics['multi-horizon'].turnover).toBeLessThan(doc.metrics[doc.timing.benchmark].turnover);
    } finally {
      release(timed);
      release(plain);
      raw.free();
      w.free();
    }
  }, 60_000);

  it('--timing with an unknown mode exits 2 naming the choices', async () => {
    const run = await xmom(['backtest', 'multi-horizon', '--timing', 'magic']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/schedule, ml|schedule|ml/);
  });
});
