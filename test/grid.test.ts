import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import {
  InputError, Panel, backtest, csm, dualMomentum, expandGrid, formatTopTable, grid, metrics, parseGridSpec, volTarget,
  walkForward, writeGridResults, type GridResult, type RebalanceSchedule,
} from '../src/index.js';
import { engine, setEngine } from '../src/engine/wasm.js';

// The crypto fixture (7-day calendar), first 700 rows: enough for lookbacks up to 260.
const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
const prices = Panel.fromArrow(table.slice(0, 700));
const tmp = mkdtempSync(join(tmpdir(), 'xmom-grid-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The schedules by grid name, written out independently of the library's table. */
const SCHEDULES: Record<string, RebalanceSchedule> = {
  daily: 'daily',
  weekly: { every: 'week', weekday: 1 },
  monthly: 'monthly-last',
};

const METRIC_NAMES = ['sharpe', 'cagr', 'annualVolatility', 'maxDrawdown', 'calmar', 'sortino', 'turnover', 'totalReturn'] as const;

/** Row r of a results table as { column: value }. */
function row(t: Table, r: number): Record<string, unknown> {
  return Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.get(r)]));
}

function expectSameNumber(got: unknown, want: number, where: string): void {
  if (Number.isNaN(want)) {
    if (!Number.isNaN(got)) expect.fail(`${where}: got ${String(got)}, expected NaN`);
  } else if (got !== want) {
    expect.fail(`${where}: got ${String(got)}, expected ${want}`);
  }
}

describe('parseGridSpec / expandGrid', () => {
  it('expandGrid(tokens) expands a:b:s, a..b and lists into the cartesian product, first axis slowest', () => {
    const g = expandGrid('strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly');
    expect(g.total).toBe(13 * 5 * 2);
    expect(g.count).toBe(130);
    expect(g.spec.axes.map((a) => a.values)).toEqual([
      [20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240, 260], [1, 2, 3, 4, 5], ['weekly', 'monthly'],
    ]);
    expect(g.params(0)).toEqual({ lookback: 20, topN: 1, rebalance: 'weekly' });
    expect(g.params(1)).toEqual({ lookback: 20, topN: 1, rebalance: 'monthly' });
    expect(g.params(2)).toEqual({ lookback: 20, topN: 2, rebalance: 'weekly' });
    expect(g.params(10)).toEqual({ lookback: 40, topN: 1, rebalance: 'weekly' });
    expect(g.params(129)).toEqual({ lookback: 260, topN: 5, rebalance: 'monthly' });
    // Every combination exactly once.
    const keys = new Set(g.all().map((p) => JSON.stringify(p)));
    expect(keys.size).toBe(130);
  });

  it('parseGridSpec(json) accepts arrays, { from, to, step }, scalars and nested volTarget', () => {
    const s = parseGridSpec({
      strategy: 'csm',
      params: { lookback: { from: 30, to: 90, step: 30 }, topN: [1, 2], rankMethod: 'average' },
      backtest: { feesBps: [0, 10], volTarget: { target: [0.2, 0.3], window: 20 } },
    });
    expect(s.axes.map((a) => [a.column, a.section, a.values])).toEqual([
      ['lookback', 'strategy', [30, 60, 90]],
      ['topN', 'strategy', [1, 2]],
      ['rankMethod', 'strategy', ['average']],
      ['feesBps', 'backtest', [0, 10]],
      ['volTarget.target', 'backtest', [0.2, 0.3]],
      ['volTarget.window', 'backtest', [20]],
    ]);
    expect(expandGrid(s).count).toBe(3 * 2 * 1 * 2 * 2 * 1);
    // The same grid from tokens.
    const t = parseGridSpec('strategy=csm lookback=30:90:30 topN=1,2 rankMethod=average feesBps=0,10 volTarget.target=0.2,0.3 volTarget.window=20');
    expect(t).toEqual(s);
  });

  it('a step range keeps decimal steps exact and includes the end when it lands on it', () => {
    expect(parseGridSpec('strategy=tsm threshold=0:0.3:0.1').axes[0].values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseGridSpec('strategy=tsm lookback=5:12:3').axes[0].values).toEqual([5, 8, 11]);
    expect(parseGridSpec('strategy=tsm lookback=5,10:30:10,60').axes[0].values).toEqual([5, 10, 20, 30, 60]);
  });

  it('fxTrend: backtest.leverage is the backtester\'s leverage, leverage the strategy\'s', () => {
    const s = parseGridSpec('strategy=fxTrend leverage=3,5 backtest.leverage=1,2 pairs=[[8,24],[16,48]]');
    expect(s.axes.map((a) => [a.column, a.section])).toEqual([['leverage', 'strategy'], ['backtest.leverage', 'backtest'], ['pairs', 'strategy']]);
    expect(s.axes[2].values).toEqual([[[8, 24], [16, 48]]]);
    expect(parseGridSpec('strategy=fxTrend pairs=[[[8,24]],[[16,48],[32,96]]]').axes[0].values).toEqual([[[8, 24]], [[16, 48], [32, 96]]]);
  });

  it('sample: { n, seed } draws n distinct points in product order, the same for the same seed', () => {
    const spec = { strategy: 'tsm' as const, params: { lookback: { from: 1, to: 100, step: 1 }, threshold: [0, 0.01, 0.02] }, sample: { n: 25, seed: 7 } };
    const a = expandGrid(spec);
    const b = expandGrid(spec);
    const c = expandGrid({ ...spec, sample: { n: 25, seed: 8 } });
    expect(a.total).toBe(300);
    expect(a.count).toBe(25);
    const idx = Array.from(a.indices!);
    expect(new Set(idx).size).toBe(25);
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
    expect(idx.every((i) => Number.isInteger(i) && i >= 0 && i < 300)).toBe(true);
    expect(Array.from(b.indices!)).toEqual(idx);
    expect(Array.from(c.indices!)).not.toEqual(idx);
    // point k of the sample is product point idx[k]: lookback = floor(i / 3) + 1, threshold = [0, .01, .02][i % 3]
    const i5 = idx[5];
    expect(a.params(5)).toEqual({ lookback: Math.floor(i5 / 3) + 1, threshold: [0, 0.01, 0.02][i5 % 3] });
    // A sample at least as large as the grid is the whole grid.
    expect(expandGrid({ ...spec, sample: { n: 1000, seed: 1 } }).count).toBe(300);
    expect(expandGrid('strategy=tsm lookback=1..50 sample=10 seed=3').count).toBe(10);
  });

  const errors: [string, () => unknown, RegExp][] = [
    ['an empty a:b:s range', () => parseGridSpec('strategy=tsm lookback=20:10:5'), /'lookback=20:10:5' \(empty range: from 20 > to 10\); accepted forms: a:b:step/],
    ['a malformed range', () => parseGridSpec('strategy=tsm lookback=20:260'), /'lookback=20:260'.*not a:b:step.*accepted forms/],
    ['a zero step', () => parseGridSpec('strategy=tsm lookback=1:5:0'), /step must be > 0.*accepted forms/],
    ['an empty a..b range', () => parseGridSpec('strategy=dualMomentum topN=5..1'), /'topN=5\.\.1' \(empty range: 5 > 1\)/],
    ['a non-number', () => parseGridSpec('strategy=tsm lookback=abc'), /'abc' is not a number.*accepted forms/],
    ['an empty list item', () => parseGridSpec('strategy=tsm lookback=5,,10'), /empty item/],
    ['a value out of range', () => parseGridSpec('strategy=dualMomentum topN=0..2'), /topN = 0 is not allowed; topN must be an integer >= 1/],
    ['an unknown enum value', () => parseGridSpec('strategy=tsm rebalance=hourly'), /rebalance = "hourly" is not allowed; rebalance must be one of daily, weekly/],
    ['an unknown parameter', () => parseGridSpec('strategy=dualMomentum lookbak=20'), /unknown parameter 'lookbak'; valid parameters of dualMomentum: lookback, skip, topN, riskFree, defensive; of the backtester: feesBps, slippageBps, rebalance/],
    ['a backtest parameter under params', () => parseGridSpec({ strategy: 'tsm', params: { feesBps: [1] } }), /unknown parameter 'feesBps' in params \('feesBps' is a backtest parameter: put it under backtest\)/],
    ['an unknown volTarget field', () => parseGridSpec({ strategy: 'tsm', backtest: { volTarget: { tagret: 0.2 } } }), /unknown parameter 'volTarget.tagret' in backtest/],
    ['an unknown strategy', () => parseGridSpec('strategy=momo lookback=5'), /strategy must be one of dualMomentum, tsm, csm, multiHorizonMomentum, fxTrend, got "momo"/],
    ['no strategy', () => parseGridSpec('lookback=5'), /no strategy; give strategy=NAME/],
    ['a token without =', () => parseGridSpec('strategy=tsm lookback'), /bad token 'lookback'; expected name=values/],
    ['a parameter given twice', () => parseGridSpec('strategy=tsm lookback=5 lookback=6'), /'lookback' is given twice/],
    ['an unknown spec key', () => parseGridSpec({ strategy: 'tsm', parms: {} } as never), /unknown spec key 'parms'; valid keys are strategy, params, backtest, sample/],
    ['an empty JSON list', () => parseGridSpec({ strategy: 'tsm', params: { lookback: [] } }), /'lookback=\[\]' \(empty list\)/],
    ['a list parameter without JSON', () => parseGridSpec('strategy=multiHorizonMomentum horizons=7,30'), /list parameter: give JSON/],
    ['a grid above the limit', () => expandGrid('strategy=tsm lookback=1..400 threshold=0:0.5:0.001'), /200,400 points \(lookback 400 x threshold 501\) exceed the limit of 100,000; pass force: true/],
    ['a grid above a given limit', () => expandGrid('strategy=tsm lookback=1..30', { limit: 20 }), /30 points .* exceed the limit of 20; pass force: true .* or a larger limit .* or sample: \{ n \}/],
  ];
  for (const [what, f, message] of errors) {
    it(`parseGridSpec / expandGrid reject ${what} before any work`, () => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('force: true runs a grid above the limit', () => {
    expect(expandGrid('strategy=tsm lookback=1..30', { limit: 20, force: true }).count).toBe(30);
  });
});

/**
 * The brute-force twin of a grid point through the public API: strategy, optional
 * volTarget, backtest, metrics.
 */
function bruteForce(p: Panel, strategy: 'dualMomentum' | 'csm', params: Record<string, unknown>): { m: Record<string, number>; returns: Float64Array; start: number } {
  const { rebalance = 'daily', feesBps = 0, band = 0, leverage = 1, ...rest } = params as Record<string, never>;
  const vt: Record<string, unknown> = {};
  const sp: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k.startsWith('volTarget.')) vt[k.slice(10)] = v;
    else sp[k] = v;
  }
  let w = strategy === 'dualMomentum' ? dualMomentum(p, sp) : csm(p, sp);
  if (Object.keys(vt).length) {
    const scaled = volTarget(w, p, vt);
    w.free();
    w = scaled;
  }
  // Every row (the grid's top-K and walk-forward returns are row-aligned with the dates);
  // the metrics over the evaluation sample: from the first row whose targets hold anything.
  const r = backtest(p, w, { rebalance: SCHEDULES[rebalance], feesBps, band, leverage, includeWarmup: true });
  let start = 0;
  while (start < w.nRows && !w.row(start).some((x) => x !== 0 && !Number.isNaN(x))) start++;
  if (start === w.nRows) start = 0;
  w.free();
  const m = metrics(r.returns.subarray(start), { periodsPerYear: r.periodsPerYear, turnover: r.turnover.subarray(start) });
  r.weights.free();
  r.contribution.free();
  return { m: m as unknown as Record<string, number>, returns: r.returns, start };
}

function expectMatchesBruteForce(res: GridResult, p: Panel, strategy: 'dualMomentum' | 'csm'): void {
  const g = expandGrid(res.spec);
  expect(res.table.numRows).toBe(g.count);
  for (let r = 0; r < res.table.numRows; r++) {
    const got = row(res.table, r);
    expect(got.point).toBe(r);
    expect(got.error).toBeNull();
    const { m } = bruteForce(p, strategy, g.params(r));
    for (const name of METRIC_NAMES) expectSameNumber(got[name], m[name], `point ${r} ${JSON.stringify(g.params(r))} ${name}`);
  }
}

describe('grid(spec, prices)', () => {
  const dualSpec = 'strategy=dualMomentum lookback=20,60,130 topN=1,3 rebalance=weekly,monthly feesBps=0,10';
  const csmSpec = {
    strategy: 'csm' as const,
    params: { lookback: [30, 90], topN: [2], bottomN: [0, 2] },
    backtest: { rebalance: ['daily', 'weekly'], band: [0, 0.05], leverage: [1, 1.5], volTarget: { target: [0.4], window: [20, 60] } },
  };
  // The main-thread runs that several tests compare against, computed by whichever test
  // needs them first (each test runs alone or in any order, e.g. with -t).
  const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | null = null;
    return () => (p ??= f());
  };
  const dualMain = once(() => grid(dualSpec, prices, { workers: 0, progress: false }));
  const csmMain = once(() => grid(csmSpec, prices, { workers: 0, progress: false }));

  it('equals strategy + backtest + metrics run point by point through the public API (workers: 0)', async () => {
    const dual0 = await dualMain();
    expect(dual0.points).toBe(24);
    expect(dual0.completed).toBe(24);
    expect(dual0.partial).toBe(false);
    expectMatchesBruteForce(dual0, prices, 'dualMomentum');
    const csm0 = await csmMain();
    expect(csm0.completed).toBe(64);
    expectMatchesBruteForce(csm0, prices, 'csm');
  });

  it('gives the same numbers with 2 workers over shared memory as on the main thread', async () => {
    const [dual0, csm0] = [await dualMain(), await csmMain()];
    const [dual2, csm2] = [await grid(dualSpec, prices, { workers: 2, progress: false }), await grid(csmSpec, prices, { workers: 2, progress: false })];
    for (const [a, b] of [[dual0, dual2], [csm0, csm2]] as const) {
      expect(b.stats.workersStarted).toBe(2);
      expect(b.table.numRows).toBe(a.table.numRows);
      for (let r = 0; r < a.table.numRows; r++) {
        const x = row(a.table, r);
        const y = row(b.table, r);
        for (const name of METRIC_NAMES) expectSameNumber(y[name], x[name] as number, `point ${r} ${name}`);
      }
      expect(b.best).toEqual(a.best);
      expect(b.top.map((t) => t.point)).toEqual(a.top.map((t) => t.point));
      expect(Array.from(b.top[0].returns)).toEqual(Array.from(a.top[0].returns));
    }
    // Each worker's panels came from its arena, within the size reserved for it.
    expect(dual2.stats.arenaPeakBytes).toBeGreaterThan(0);
    expect(dual2.stats.arenaPeakBytes).toBeLessThanOrEqual(dual2.stats.arenaBytes);
  }, 30_000);

  it('matches the public API on an odd number of assets (the kernels\' scalar tail column), with wasm and js', async () => {
    const names = table.schema.fields.map((f) => f.name).filter((n) => n !== 'date' && n !== 'BNB');
    const odd = Panel.fromArrow(table.slice(0, 700).select(['date', ...names]));
    expect(odd.nCols).toBe(11);
    const r = await grid(csmSpec, odd, { workers: 0, progress: false });
    expectMatchesBruteForce(r, odd, 'csm');
    const js = await grid(csmSpec, odd, { workers: 0, progress: false, backend: 'js' });
    for (let i = 0; i < r.table.numRows; i++) {
      for (const name of METRIC_NAMES) expectSameNumber(row(js.table, i)[name], row(r.table, i)[name] as number, `point ${i} ${name}`);
    }
    odd.free();
  });

  it('raises backtest\'s own error for a target traded where its price is missing, only under the schedules that trade it', async () => {
    // Three assets from Monday 2024-01-01; asset a has no price on Wednesday 2024-04-10 (row 100).
    const T = 200;
    const z = (t: number, j: number): number => Math.sin(0.37 * t + j) * 0.01 + 0.0005 * j;
    const cols: Record<string, number[]> = { a: [], b: [], c: [] };
    Object.keys(cols).forEach((name, j) => {
      let p = 100;
      for (let t = 0; t < T; t++) cols[name].push((p *= 1 + z(t, j)));
    });
    cols.a[100] = NaN;
    const dates = Array.from({ length: T }, (_, t) => Date.UTC(2024, 0, 1) + t * 86_400_000);
    const gap = Panel.fromColumns(cols, { index: dates });
    const r = await grid('strategy=tsm lookback=5 mode=long-short rebalance=daily,weekly lag=2', gap, { workers: 0, progress: false });
    const errs = r.table.getChild('error')!.toArray() as (string | null)[];
    // Brute force: backtest itself decides which schedule fails and with which message.
    const w = (await import('../src/index.js')).tsm(gap, { lookback: 5, mode: 'long-short' });
    let dailyError = '';
    try {
      backtest(gap, w, { rebalance: 'daily', lag: 2 });
    } catch (e) {
      dailyError = (e as Error).message;
    }
    expect(dailyError).toMatch(/would trade at 2024-04-10, where its price is missing/);
    expect(errs[0]).toBe(dailyError);
    expect(errs[1]).toBeNull();
    const weekly = backtest(gap, w, { rebalance: { every: 'week', weekday: 1 }, lag: 2 });
    expect(r.table.getChild('sharpe')!.get(1)).toBe(metrics(weekly.returns, { periodsPerYear: weekly.periodsPerYear }).sharpe);
    [w, weekly.weights, weekly.contribution, gap].forEach((x) => x.free());
  });

  it('gives the same numbers with backend: \'js\' (the TypeScript twins of every kernel, the simulation included)', async () => {
    const csm0 = await csmMain();
    const js = await grid(csmSpec, prices, { workers: 0, progress: false, backend: 'js' });
    for (let r = 0; r < csm0.table.numRows; r++) {
      const x = row(csm0.table, r);
      const y = row(js.table, r);
      for (const name of METRIC_NAMES) expectSameNumber(y[name], x[name] as number, `point ${r} ${name}`);
    }
  });

  it('computes the lookback returns, the absolute filter and the order of the best assets once per lookback, the book once per lookback and topN, for every schedule and fee (kernel calls counted)', async () => {
    const real = engine();
    const calls: Record<string, number> = { pctChange: 0, dualMomentumFilter: 0, topNOrder: 0, topNFromOrder: 0, topNWeights: 0, rankRows: 0, simulateStats: 0, gridMetrics: 0 };
    const counting = { ...real };
    for (const name of Object.keys(calls) as (keyof typeof calls)[]) {
      const f = real[name as 'pctChange'] as (...a: number[]) => unknown;
      (counting as Record<string, unknown>)[name] = (...a: number[]) => {
        calls[name]++;
        return f(...a);
      };
    }
    setEngine(counting);
    try {
      const r = await grid('strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly', prices, { workers: 0, progress: false });
      expect(r.completed).toBe(130);
    } finally {
      setEngine(real);
    }
    expect(calls).toEqual({ pctChange: 13, dualMomentumFilter: 13, topNOrder: 13, topNFromOrder: 65, topNWeights: 0, rankRows: 0, simulateStats: 130, gridMetrics: 130 });
  });

  it('keeps returns and equity curves for the top K by the chosen metric only, best first', async () => {
    const r = await grid(dualSpec, prices, { workers: 0, progress: false, topK: 3, metric: 'calmar' });
    const calmar = r.table.getChild('calmar')!.toArray() as Float64Array;
    const order = Array.from(calmar.keys()).filter((i) => Number.isFinite(calmar[i])).sort((a, b) => calmar[b] - calmar[a] || a - b);
    expect(r.top.map((t) => t.point)).toEqual(order.slice(0, 3));
    expect(r.best!.point).toBe(order[0]);
    const brute = bruteForce(prices, 'dualMomentum', expandGrid(dualSpec).params(order[0]));
    // The top-K series cover the evaluation sample (from the first held row), like the metrics.
    const sample = brute.returns.subarray(brute.start);
    expect(r.top[0].startRow).toBe(brute.start);
    expect(Array.from(r.top[0].returns)).toEqual(Array.from(sample));
    let w = 1;
    const equity = Array.from(sample, (x) => (w *= 1 + x));
    expect(Array.from(r.top[0].equity)).toEqual(equity);
  });

  it('reports a point whose strategy rejects its parameters in the error column and runs the others', async () => {
    // topN 13 exceeds the 12 assets: only those points fail.
    const r = await grid('strategy=dualMomentum lookback=20,60 topN=3,13', prices, { workers: 0, progress: false });
    const errs = r.table.getChild('error')!.toArray() as (string | null)[];
    expect(errs.map((e) => e !== null)).toEqual([false, true, false, true]);
    expect(errs[1]).toMatch(/topN 13 exceeds the 12 candidate assets/);
    expect(r.failed).toBe(2);
    expect(Number.isNaN(r.table.getChild('sharpe')!.get(1))).toBe(true);
    expect(r.table.getChild('sharpe')!.get(2)).toBe(bruteForce(prices, 'dualMomentum', { lookback: 60, topN: 3 }).m.sharpe);
  });
});

describe('grid faults', () => {
  const spec = 'strategy=dualMomentum lookback=20,60,130 topN=1,2,3,4 rebalance=weekly,monthly';

  it('a point that always throws is reported; one that throws once, a worker that exits and a worker that crashes lose nothing', async () => {
    const clean = await grid(spec, prices, { workers: 0, progress: false });
    const faulty = await grid(spec, prices, {
      workers: 2,
      progress: false,
      __faultInjection: { throwAlways: [3], throwOnce: [5], exitWorker: [9], crashWorker: [17] },
    });
    expect(faulty.points).toBe(24);
    expect(faulty.failed).toBe(1);
    expect(faulty.completed).toBe(23);
    expect(faulty.stats.workersStarted).toBe(4); // two replacements
    const errs = faulty.table.getChild('error')!.toArray() as (string | null)[];
    expect(errs[3]).toMatch(/injected fault at point 3 \(every attempt\)/);
    expect(errs.filter((e) => e !== null)).toHaveLength(1);
    for (let r = 0; r < 24; r++) {
      if (r === 3) continue;
      const x = row(clean.table, r);
      const y = row(faulty.table, r);
      for (const name of METRIC_NAMES) expectSameNumber(y[name], x[name] as number, `point ${r} ${name}`);
    }
  }, 30_000);

  it('in process (workers: 0) a throwing point is retried once, then reported', async () => {
    const r = await grid(spec, prices, { workers: 0, progress: false, __faultInjection: { throwAlways: [0], throwOnce: [1, 2] } });
    const errs = r.table.getChild('error')!.toArray() as (string | null)[];
    expect(errs[0]).toMatch(/injected fault at point 0/);
    expect(errs.slice(1).every((e) => e === null)).toBe(true);
  });

  it('an abort mid-run stops dispatching and resolves partial: true with what finished, written to outDir', async () => {
    const ac = new AbortController();
    const out = join(tmp, 'partial');
    setTimeout(() => ac.abort(), 150);
    const r = await grid(spec, prices, { workers: 0, progress: false, signal: ac.signal, outDir: out, __faultInjection: { delayMs: 20 } });
    expect(r.partial).toBe(true);
    expect(r.table.numRows).toBeGreaterThan(0);
    expect(r.table.numRows).toBeLessThan(24);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(r.table.numRows + 1);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).partial).toBe(true);
  });
});

describe('grid memory plumbing', () => {
  it('Panel.view borrows memory without owning it: free() leaves it, like() allocates a panel of its own', () => {
    const owner = Panel.fromRows([1, 2, 3, 4, 5, 6], 3, 2, { columns: ['x', 'y'] });
    const view = Panel.view(owner.ptr, 3, 2, { columns: ['x', 'y'] });
    expect(view.owned).toBe(false);
    expect(owner.owned).toBe(true);
    expect(Array.from(view.values)).toEqual([1, 2, 3, 4, 5, 6]);
    view.values[5] = 60; // the same memory
    expect(owner.get(2, 'y')).toBe(60);
    view.free();
    expect(view.freed).toBe(false);
    expect(Array.from(owner.values)).toEqual([1, 2, 3, 4, 5, 60]);
    const copy = view.like();
    expect(copy.owned).toBe(true);
    expect(copy.ptr).not.toBe(owner.ptr);
    copy.free();
    owner.free();
    expect(() => Panel.view(12, 1, 1)).toThrow(/multiple of 8/);
  });

  it('setAllocator routes every panel allocation into an arena; mark / release reclaim in stack order', async () => {
    const { setAllocator } = await import('../src/engine/memory.js');
    const { Arena } = await import('../src/engine/index.js');
    const region = Panel.filled(64, 64, 0); // 32 KiB of engine memory to carve from
    const base = (region.ptr + 15) & ~15;
    const arena = new Arena(base, 16_384);
    setAllocator(arena);
    try {
      const m = arena.mark();
      const a = new Panel(10, 10);
      const b = Panel.filled(10, 10, 7);
      expect(a.ptr).toBe(base);
      expect(b.ptr).toBe(base + 800);
      expect(b.ptr + 800).toBeLessThanOrEqual(region.ptr + 64 * 64 * 8);
      b.free(); // free does nothing in an arena...
      const c = new Panel(1, 1);
      expect(c.ptr).toBe(base + 1600);
      arena.release(m); // ...release hands the space out again
      expect(new Panel(1, 1).ptr).toBe(base);
      expect(() => new Panel(100, 100)).toThrow(/worker arena exhausted: 80000 bytes requested/);
    } finally {
      setAllocator(null);
    }
    const again = new Panel(2, 2); // the engine's heap again
    expect(again.ptr < base || again.ptr >= base + 16_384).toBe(true);
    again.free();
    region.free();
  });

  it('the progress line shows the count, percentage, rate and ETA', async () => {
    const { ProgressBar } = await import('../src/grid/progress.js');
    expect(ProgressBar.line(2500, 10_000, 1000, 10)).toBe('grid [###.......] 2,500/10,000  25%  2,500 pts/s  ETA 3.0s');
    expect(ProgressBar.line(0, 100, 0, 4)).toBe('grid [....] 0/100   0%  0 pts/s  ETA --');
  });

  it('parseGridSpec reads a .json file path', () => {
    const file = join(tmp, 'spec.json');
    writeFileSync(file, JSON.stringify({ strategy: 'tsm', params: { lookback: [5, 10] }, backtest: { rebalance: 'weekly' } }));
    expect(parseGridSpec(file)).toEqual(parseGridSpec('strategy=tsm lookback=5,10 rebalance=weekly'));
  });
});

describe('grid interruption', () => {
  it('SIGINT (Ctrl-C) in a real process stops the run, writes what finished and resolves partial: true', async () => {
    const out = join(tmp, 'sigint');
    const script = join(tmp, 'sigint.mts');
    const src = new URL('../src/index.ts', import.meta.url).href;
    const fixture = new URL('../fixtures/crypto12.arrow', import.meta.url).pathname;
    writeFileSync(script, `
      const { readPanelFile, grid } = await import(${JSON.stringify(src)});
      const prices = readPanelFile(${JSON.stringify(fixture)});
      const spec = 'strategy=dualMomentum lookback=20,60,130 topN=1,2,3,4 rebalance=weekly,monthly';
      console.log('ready');
      const r = await grid(spec, prices, { workers: 0, progress: false, outDir: ${JSON.stringify(out)}, __faultInjection: { delayMs: 60 } });
      console.log(JSON.stringify({ partial: r.partial, rows: r.table.numRows, points: r.points }));
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        text += b.toString();
        if (text.includes('ready') && !text.includes('sent')) {
          text += 'sent';
          setTimeout(() => child.kill('SIGINT'), 700);
        }
      });
      child.on('exit', resolve);
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    const res = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
    expect(res.partial).toBe(true);
    expect(res.points).toBe(24);
    expect(res.rows).toBeGreaterThan(0);
    expect(res.rows).toBeLessThan(24);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(res.rows + 1);
  }, 30_000);

  it('an abort with 2 workers resolves partial: true and keeps the finished points\' exact results', async () => {
    const spec = 'strategy=dualMomentum lookback=20,60,130 topN=1,2,3,4 rebalance=weekly,monthly';
    const clean = await grid(spec, prices, { workers: 0, progress: false });
    const ac = new AbortController();
    const part = await grid(spec, prices, {
      workers: 2, progress: false, signal: ac.signal, __faultInjection: { delayMs: 50 },
      onProgress: (done) => {
        if (done >= 4) ac.abort();
      },
    });
    expect(part.partial).toBe(true);
    expect(part.table.numRows).toBeGreaterThanOrEqual(4);
    expect(part.table.numRows).toBeLessThan(24);
    const ids = part.table.getChild('point')!.toArray() as Int32Array;
    ids.forEach((id, k) => {
      for (const name of METRIC_NAMES) expectSameNumber(row(part.table, k)[name], clean.table.getChild(name)!.get(id) as number, `point ${id} ${name}`);
    });
  }, 30_000);
});

describe('walk-forward', () => {
  const spec = 'strategy=dualMomentum lookback=20,40,80 topN=1,2,4 rebalance=weekly';
  const train = 250;
  const test = 150;

  it('chooses in each window the point with the best training Sharpe, computed from the training rows only', async () => {
    const wf = await walkForward(spec, prices, { workers: 0, progress: false, train, test });
    const g = expandGrid(spec);
    const all = Array.from({ length: g.count }, (_, i) => bruteForce(prices, 'dualMomentum', g.params(i)).returns);
    expect(wf.windows.map((w) => [w.trainStart, w.trainEnd, w.testEnd])).toEqual([[0, 250, 400], [150, 400, 550], [300, 550, 700]]);
    for (const w of wf.windows) {
      const scores = all.map((r) => metrics(r.slice(w.trainStart, w.trainEnd), { periodsPerYear: 365 }).sharpe);
      let best = -1;
      scores.forEach((s, i) => {
        if (Number.isFinite(s) && (best < 0 || s > scores[best])) best = i;
      });
      expect(w.point).toBe(best);
      expect(w.trainScore).toBe(scores[best]);
      expect(w.params).toEqual(g.params(best));
      expect(Array.from(wf.returns.subarray(w.testStart - train, w.testEnd - train))).toEqual(Array.from(all[best].subarray(w.testStart, w.testEnd)));
    }
  });

  it('never uses test-window prices to choose: changing every price after a training window leaves that choice unchanged', async () => {
    const base = await walkForward(spec, prices, { workers: 0, progress: false, train, test });
    const T = prices.nRows;
    const N = prices.nCols;
    for (const k of [0, 1]) {
      const cut = base.windows[k].trainEnd;
      const v = prices.values.slice();
      // Scramble the future: from row `cut` on, every price jumps by a random factor.
      let s = 12345 + k;
      for (let i = cut * N; i < T * N; i++) {
        s = (s * 16807) % 2147483647;
        if (v[i] === v[i]) v[i] *= 0.5 + s / 2147483647;
      }
      const changed = Panel.fromRows(v, T, N, prices.labels());
      const other = await walkForward(spec, changed, { workers: 0, progress: false, train, test });
      for (let j = 0; j <= k; j++) {
        expect(other.windows[j].point).toBe(base.windows[j].point);
        expect(other.windows[j].trainScore).toBe(base.windows[j].trainScore);
      }
      // The test window itself does change (the scramble reached the results).
      expect(Array.from(other.returns.subarray(cut - train, cut - train + 20))).not.toEqual(Array.from(base.returns.subarray(cut - train, cut - train + 20)));
      changed.free();
    }
  });
});

describe('writeGridResults', () => {
  it('writes results.arrow, results.csv, results.json, summary.txt and an SVG heatmap page', async () => {
    const r = await grid('strategy=dualMomentum lookback=20,60,130 topN=1,2,3 rebalance=weekly,monthly', prices, { workers: 0, progress: false });
    const out = join(tmp, 'out');
    const files = await writeGridResults(r, out);
    const arrow = tableFromIPC(readFileSync(files.arrow));
    expect(arrow.numRows).toBe(18);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(['point', 'lookback', 'topN', 'rebalance', ...METRIC_NAMES, 'ruined', 'error']);
    for (let i = 0; i < 18; i++) expect(arrow.getChild('sharpe')!.get(i)).toBe(r.table.getChild('sharpe')!.get(i));
    const csv = readFileSync(files.csv, 'utf8').trim().split('\n');
    expect(csv[0]).toBe(['point', 'lookback', 'topN', 'rebalance', ...METRIC_NAMES, 'ruined', 'error'].join(','));
    expect(csv[1].split(',').slice(0, 4)).toEqual(['0', '20', '1', 'weekly']);
    expect(Number(csv[1].split(',')[4])).toBe(r.table.getChild('sharpe')!.get(0));
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json.rows).toHaveLength(18);
    expect(json.best.point).toBe(r.best!.point);
    expect(json.rows[5].sharpe).toBe(r.table.getChild('sharpe')!.get(5));
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toBe(`${formatTopTable(r)}\n`);
    expect(summary.split('\n')[3]).toMatch(new RegExp(`^1\\s+${r.best!.point}\\s`));
    expect(files.heatmap).not.toBeNull();
    const html = readFileSync(files.heatmap!, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('mean sharpe by lookback x topN');
    expect(existsSync(join(out, 'results.arrow'))).toBe(true);
  });
});
