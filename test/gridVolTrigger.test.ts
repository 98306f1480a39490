import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Panel, backtest, dualMomentum, grid, metrics, parseGridSpec, type RebalanceSchedule } from '../src/index.js';

// The crypto fixture (7-day calendar), first 500 rows.
const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
const prices = Panel.fromArrow(table.slice(0, 500));

function row(t: Table, r: number): Record<string, unknown> {
  return Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.get(r)]));
}

/** dualMomentum + backtest(schedule) + metrics over the evaluation sample, through the public API. */
function bruteForce(schedule: RebalanceSchedule): Record<string, number> {
  const w = dualMomentum(prices, { lookback: 60, topN: 3 });
  const r = backtest(prices, w, { rebalance: schedule, feesBps: 10, includeWarmup: true });
  let start = 0;
  while (start < w.nRows && !w.row(start).some((x) => x !== 0 && !Number.isNaN(x))) start++;
  w.free();
  const m = metrics(r.returns.subarray(start), { periodsPerYear: r.periodsPerYear, turnover: r.turnover.subarray(start) });
  r.weights.free();
  r.contribution.free();
  return m as unknown as Record<string, number>;
}

describe('grid axis volTrigger (volatility-triggered weekly schedules)', () => {
  it('grid(rebalance=weekly-sun volTrigger=0.7q,0.9q,0.8 volTriggerWindow=20) equals backtest with whenVolAbove point by point', async () => {
    const spec = 'strategy=dualMomentum lookback=60 topN=3 feesBps=10 rebalance=weekly-sun volTrigger=0.7q,0.9q,0.8 volTriggerWindow=20';
    const res = await grid(spec, prices, { workers: 0, progress: false });
    expect(res.completed).toBe(3);
    const wanted: RebalanceSchedule[] = [
      { every: 'week', weekday: 0, whenVolAbove: { window: 20, quantile: 0.7 } },
      { every: 'week', weekday: 0, whenVolAbove: { window: 20, quantile: 0.9 } },
      { every: 'week', weekday: 0, whenVolAbove: { window: 20, level: 0.8 } },
    ];
    const turnovers: number[] = [];
    for (let r = 0; r < 3; r++) {
      const got = row(res.table, r);
      expect(got.error).toBeNull();
      expect(got.volTrigger).toBe(['0.7q', '0.9q', '0.8'][r]);
      const m = bruteForce(wanted[r]);
      for (const k of ['sharpe', 'cagr', 'maxDrawdown', 'turnover', 'totalReturn']) expect(got[k], `point ${r} ${k}`).toBe(m[k]);
      turnovers.push(got.turnover as number);
    }
    // A lower quantile trades on more rows: more turnover than the 0.9 quantile and than plain weekly.
    const weekly = bruteForce({ every: 'week', weekday: 0 });
    expect(turnovers[0]).toBeGreaterThan(turnovers[1]);
    expect(turnovers[1]).toBeGreaterThan(weekly.turnover);
  });

  it('bad volTrigger specs are refused before any work, naming the parameter', async () => {
    expect(() => parseGridSpec('strategy=tsm rebalance=weekly volTrigger=1.5q')).toThrow(/volTrigger = "1\.5q" is not allowed; volTrigger must be a quantile such as 0\.8q/);
    await expect(grid('strategy=tsm rebalance=monthly volTrigger=0.8q', prices, { workers: 0, progress: false }))
      .rejects.toThrow(/volTrigger goes on a weekly rebalance .*rebalance = 'monthly' is not one/);
    await expect(grid('strategy=tsm volTrigger=0.8q', prices, { workers: 0, progress: false }))
      .rejects.toThrow(/rebalance = 'daily' \(the default\) is not one/);
    await expect(grid('strategy=tsm rebalance=weekly volTrigger=0.8q volTriggerWindow=600', prices, { workers: 0, progress: false }))
      .rejects.toThrow(/whenVolAbove\.window 600 needs at least 601 rows of prices \(600 returns\); the prices have 500 rows/);
    await expect(grid('strategy=tsm rebalance=weekly volTriggerWindow=20', prices, { workers: 0, progress: false }))
      .rejects.toThrow(/volTriggerWindow needs a volTrigger axis/);
  });
});
