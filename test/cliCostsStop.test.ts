// `xmom backtest` with per-asset costs (--fees-bps / --slippage-bps as a number, a map or a
// one-row CSV file) and the drawdown stop (--stop-drawdown / --stop-cooloff): the CLI's
// numbers against the same pipeline built here from the library.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { Panel, backtest, metrics, multiHorizonMomentum } from '../src/index.js';
import { xmom } from './xmomInProcess.js';

const prices = Panel.fromArrow(tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url))));
const tmp = mkdtempSync(join(tmpdir(), 'xmom-costs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface Doc {
  metrics: Record<string, { sharpe: number; totalReturn: number; turnover: number }>;
  stops?: { triggered: string; reentry: string | null; drawdown: number }[];
}

describe('xmom backtest: per-asset costs and the drawdown stop', () => {
  const fees = { BTC: 5, ETH: 8, default: 10 };
  const stop = { drawdown: 0.2, cooloff: '1m' };
  const w = multiHorizonMomentum(prices, { topN: 3 });
  const lib = backtest(prices, w, { feesBps: fees, slippageBps: 2, stop });
  const m = metrics(lib.returns, { periodsPerYear: lib.periodsPerYear, turnover: lib.turnover });
  afterAll(() => {
    lib.weights.free();
    lib.contribution.free();
    w.free();
  });

  it('--fees-bps BTC=5,ETH=8,default=10 --slippage-bps 2 --stop-drawdown 0.2 --stop-cooloff 1m equals backtest({ feesBps: map, slippageBps, stop }) with the same stop dates', async () => {
    const run = await xmom([
      'backtest', 'multi-horizon', '--top-n', '3', '--fees-bps', 'BTC=5,ETH=8,default=10', '--slippage-bps', '2',
      '--stop-drawdown', '0.2', '--stop-cooloff', '1m', '--no-benchmarks', '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.metrics['multi-horizon'].sharpe).toBe(m.sharpe);
    expect(doc.metrics['multi-horizon'].totalReturn).toBe(m.totalReturn);
    expect(lib.stops.length).toBeGreaterThan(5);
    expect(doc.stops).toEqual(lib.stops.map((s) => ({ triggered: iso(s.triggered), reentry: s.reentry === null ? null : iso(s.reentry), drawdown: s.drawdown })));
  }, 60_000);

  it('--fees-bps FILE.csv (a header of assets and one row of bps) is the same map', async () => {
    const cols = prices.columns;
    const file = join(tmp, 'fees.csv');
    writeFileSync(file, `date,${cols.join(',')}\n2024-01-01,${cols.map((c) => (fees as Record<string, number>)[c] ?? fees.default).join(',')}\n`);
    const run = await xmom([
      'backtest', 'multi-horizon', '--top-n', '3', '--fees-bps', file, '--slippage-bps', '2',
      '--stop-drawdown', '0.2', '--stop-cooloff', '1m', '--no-benchmarks', '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Doc).metrics['multi-horizon'].sharpe).toBe(m.sharpe);
  }, 60_000);

  it('bad cost and stop flags exit with an error naming the flag or the asset', async () => {
    const a = await xmom(['backtest', 'multi-horizon', '--stop-drawdown', '0.2']);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--stop-drawdown needs --stop-cooloff/);
    const b = await xmom(['backtest', 'multi-horizon', '--fees-bps', 'BTC=x']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/'BTC=x' is not ASSET=bps/);
    const c = await xmom(['backtest', 'multi-horizon', '--fees-bps', 'DOGE=5,BTC=1']);
    expect(c.status).not.toBe(0);
    expect(c.stderr).toMatch(/unknown asset 'DOGE'/);
    const d = await xmom(['backtest', 'multi-horizon', '--stop-drawdown', '0.2', '--stop-cooloff', '1q']);
    expect(d.status).not.toBe(0);
    expect(d.stderr).toMatch(/stop\.cooloff must be a number of bars .* or a period/);
  }, 60_000);
});
