import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { InputError, Panel, backtest, csm, expandGrid, grid, metrics, parseGridSpec, type RebalanceSchedule } from '../src/index.js';

// The crypto fixture (7-day calendar), first 700 rows: volatile enough for drawdown stops to fire.
const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
const prices = Panel.fromArrow(table.slice(0, 700));
const METRIC_NAMES = ['sharpe', 'cagr', 'annualVolatility', 'maxDrawdown', 'calmar', 'sortino', 'turnover', 'totalReturn'] as const;
const SCHEDULES: Record<string, RebalanceSchedule> = { daily: 'daily', weekly: { every: 'week', weekday: 1 } };

function row(t: Table, r: number): Record<string, unknown> {
  return Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.get(r)]));
}

describe('grid: per-asset costs, feesScale and the drawdown stop', () => {
  const fees = { BTC: 5, ETH: 8, default: 12 };
  const spec = {
    strategy: 'csm' as const,
    params: { lookback: [30, 90], topN: [3] },
    backtest: {
      feesBps: fees, slippageBps: [0, 3], feesScale: [0.5, 2], rebalance: ['daily', 'weekly'],
      stop: { drawdown: [0.15, 0.3], cooloff: [10, '1m'] },
    },
  };

  it('every grid row equals csm + backtest({ feesBps: map x feesScale, slippageBps, stop }) + metrics, exactly (wasm, js, 2 workers)', async () => {
    const g = expandGrid(spec);
    expect(g.count).toBe(64);
    const runs = [
      await grid(spec, prices, { workers: 0, progress: false }),
      await grid(spec, prices, { workers: 0, progress: false, backend: 'js' }),
      await grid(spec, prices, { workers: 2, progress: false }),
    ];
    let fired = 0;
    for (let r = 0; r < g.count; r++) {
      const p = g.params(r) as Record<string, never>;
      const scale = p.feesScale as number;
      const w = csm(prices, { lookback: p.lookback, topN: p.topN });
      const res = backtest(prices, w, {
        rebalance: SCHEDULES[p.rebalance],
        feesBps: { BTC: 5 * scale, ETH: 8 * scale, default: 12 * scale },
        slippageBps: p.slippageBps,
        stop: { drawdown: p['stop.drawdown'], cooloff: p['stop.cooloff'] },
      });
      fired += res.stops.length;
      const m = metrics(res.returns, { periodsPerYear: res.periodsPerYear, turnover: res.turnover }) as unknown as Record<string, number>;
      for (const [k, run] of runs.entries()) {
        const got = row(run.table, r);
        expect(got.error, `run ${k} point ${r}`).toBeNull();
        for (const name of METRIC_NAMES) {
          if (!Object.is(got[name], m[name])) expect.fail(`run ${k} point ${r} ${JSON.stringify(p)} ${name}: got ${String(got[name])}, expected ${m[name]}`);
        }
      }
      res.weights.free();
      res.contribution.free();
      w.free();
    }
    // The stop fires in many of these points (else the comparison says little about it).
    expect(fired).toBeGreaterThan(20);
    // The fixed map is one text value in the results table; the stop axes are columns.
    expect(row(runs[0].table, 0).feesBps).toBe('BTC=5;ETH=8;default=12');
    expect(row(runs[0].table, 0)['stop.cooloff']).toBe('10');
  }, 60_000);

  it('2 workers keep a fixed fee map and stop across many weights panels: every row equals the single backtest (rates and stop ends live in the workspace\'s fixed memory, not in a task\'s arena level)', async () => {
    // Only strategy axes vary: the rates are copied once and must survive every weights panel after them.
    const s = { strategy: 'csm' as const, params: { lookback: [20, 40, 60, 90, 120, 150], topN: [2, 4] }, backtest: { feesBps: { BTC: 1, ETH: 300, default: 40 }, stop: { drawdown: [0.25], cooloff: [7] } } };
    const res = await grid(s, prices, { workers: 2, progress: false });
    const g = expandGrid(s);
    for (let r = 0; r < g.count; r++) {
      const p = g.params(r) as Record<string, never>;
      const w = csm(prices, { lookback: p.lookback, topN: p.topN });
      const b = backtest(prices, w, { feesBps: { BTC: 1, ETH: 300, default: 40 }, stop: { drawdown: 0.25, cooloff: 7 } });
      const m = metrics(b.returns, { periodsPerYear: b.periodsPerYear, turnover: b.turnover }) as unknown as Record<string, number>;
      const got = row(res.table, r);
      for (const name of METRIC_NAMES) {
        if (!Object.is(got[name], m[name])) expect.fail(`point ${r} ${JSON.stringify(p)} ${name}: got ${String(got[name])}, expected ${m[name]}`);
      }
      b.weights.free();
      b.contribution.free();
      w.free();
    }
  }, 60_000);

  it('a fee map and a stop from tokens: feesBps=BTC=5;ETH=8;default=12 stop.drawdown=0.2 stop.cooloff=2w', () => {
    const s = parseGridSpec('strategy=csm lookback=30 feesBps=BTC=5;ETH=8;default=12 stop.drawdown=0.2,0.3 stop.cooloff=2w,20');
    expect(s.axes.map((a) => [a.name, a.values])).toEqual([
      ['lookback', [30]], ['feesBps', ['BTC=5;ETH=8;default=12']], ['stop.drawdown', [0.2, 0.3]], ['stop.cooloff', ['2w', 20]],
    ]);
  });

  it('bad stop and cost axes are InputErrors before any work', () => {
    const bad = (x: unknown, re: RegExp): void => {
      let err: unknown;
      try {
        parseGridSpec(x as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(re);
    };
    bad('strategy=csm stop.drawdown=0.2', /stop\.drawdown needs stop\.cooloff/);
    bad('strategy=csm stop.drawdown=1 stop.cooloff=5', /stop\.drawdown must be a number in \(0, 1\)/);
    bad('strategy=csm stop.drawdown=0.2 stop.cooloff=1q', /stop\.cooloff = "1q" is not allowed/);
    bad('strategy=csm feesBps=BTC=-1', /'BTC=-1' is not ASSET=bps/);
    bad({ strategy: 'csm', backtest: { feesBps: { BTC: 'x' } } }, /feesBps\.BTC must be a number >= 0/);
  });
});
