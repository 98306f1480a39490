/**
 * One parameter schema per strategy (issue 15): a parameter added to a strategy's schema
 * appears in the grid (an axis, accepted and range-checked), in `xmom backtest --help` and
 * `--param`, and in the web form, with none of those files touched. A fixture strategy
 * is registered twice — with its base schema, then with one parameter added — and each
 * surface is checked against literal, hand-written expectations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as xmomApi from '../src/browser.js';
import { grid, InputError, Panel, parseGridSpec, registerStrategy, resolveParams, describeParam, type ParamSchema, type StrategyEntry } from '../src/index.js';
import { parseField, strategyForms, volTargetFields } from '../web/fields.js';
import { xmom } from './xmomInProcess.js';

/** Holds one asset at a fixed fraction of equity on every row (the rest in cash). */
const BASE: readonly ParamSchema[] = [
  { name: 'asset', type: 'integer', min: 0, default: 0, gridable: true, description: 'column held', form: { label: 'Asset column' } },
];

/** The parameter the test adds. */
const EXPOSURE: ParamSchema = {
  name: 'exposure', type: 'number', min: 0, minOpen: true, max: 2, default: 1, gridable: true,
  description: 'fraction of equity held in the asset', form: { label: 'Exposure', step: 0.05 },
};

function fixture(params: readonly ParamSchema[]): StrategyEntry {
  return {
    name: 'fixtureHold', cliName: 'fixture-hold', summary: 'test fixture: one asset at a fixed exposure',
    params, data: 'wide', defaultData: 'fixtures/crypto12.arrow', grid: true,
    form: { label: 'Fixture hold', grid: { x: 'exposure', xs: [0.5, 1], y: 'asset', ys: [0, 1] } },
    weights(prices, options) {
      const o = resolveParams<{ asset: number; exposure?: number }>(params, options, 'fixtureHold');
      const w = Panel.filled(prices.nRows, prices.nCols, 0, prices.labels());
      for (let t = 0; t < prices.nRows; t++) w.values[t * prices.nCols + o.asset] = o.exposure ?? 1;
      return w;
    },
  };
}

let unregister: (() => void) | null = null;
afterEach(() => {
  unregister?.();
  unregister = null;
});

/** Two assets without dates; asset a moves by r_t = 0.01 sin(t) each row. */
const T = 40;
const r = Array.from({ length: T }, (_, t) => (t === 0 ? 0 : 0.01 * Math.sin(t)));
const a = r.reduce<number[]>((acc, x, t) => [...acc, t === 0 ? 100 : acc[t - 1] * (1 + x)], []);
const b = Array.from({ length: T }, (_, t) => 50 + t);

describe('a parameter added to a strategy schema', () => {
  it('grid: the added parameter is unknown before, an axis after, range-checked, and reaches the strategy', async () => {
    unregister = registerStrategy(fixture(BASE));
    expect(() => parseGridSpec('strategy=fixtureHold exposure=0.5')).toThrow(/unknown parameter 'exposure'; valid parameters of fixtureHold: asset; of the backtester: feesBps/);
    unregister();

    unregister = registerStrategy(fixture([...BASE, EXPOSURE]));
    const spec = parseGridSpec('strategy=fixtureHold exposure=0.5,1');
    expect(spec.axes.map((x) => [x.name, x.section, x.def.kind, x.def.min, x.def.minOpen, x.def.max])).toEqual([['exposure', 'strategy', 'number', 0, true, 2]]);
    expect(spec.axes[0].values).toEqual([0.5, 1]);
    expect(() => parseGridSpec('strategy=fixtureHold exposure=2.5')).toThrow(InputError);
    expect(() => parseGridSpec({ strategy: 'fixtureHold', params: { exposure: [0] } })).toThrow(/exposure/);

    const prices = Panel.fromColumns({ a, b });
    const res = await grid({ strategy: 'fixtureHold', params: { exposure: [0.5, 1] } }, prices, { workers: 0, progress: false, topK: 2 });
    expect(res.completed).toBe(2);
    for (const top of res.top) {
      const e = top.params.exposure as number;
      // Rebalanced daily to e in a at no cost: each row earns e * r_t of the row before's weight.
      const t0 = top.startRow;
      for (let k = 1; k < top.returns.length; k++) expect(top.returns[k]).toBeCloseTo(e * r[t0 + k], 12);
    }
    expect(new Set(res.top.map((p) => p.params.exposure))).toEqual(new Set([0.5, 1]));
    // Worker threads know the built-in strategies only: asked for, it is refused up front.
    await expect(grid('strategy=fixtureHold exposure=0.5', prices, { workers: 1, progress: false })).rejects.toThrow(/registered in this thread only.*workers: 0/);
  });

  it('xmom backtest --help lists the added parameter with its description and default; --param reads and checks it', async () => {
    unregister = registerStrategy(fixture(BASE));
    const before = await xmom(['backtest', '--help']);
    expect(before.stdout).toContain('fixture-hold  test fixture: one asset at a fixed exposure');
    expect(before.stdout).not.toContain('exposure: fraction of equity held in the asset');
    unregister();

    unregister = registerStrategy(fixture([...BASE, EXPOSURE]));
    const help = await xmom(['backtest', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('      exposure: fraction of equity held in the asset (default 1)');
    expect(help.stdout).toContain('      asset: column held (default 0)');
    const bad = await xmom(['backtest', 'fixture-hold', '--param', 'exposure=much']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('parameter exposure must be a number');
    const typo = await xmom(['backtest', 'fixture-hold', '--param', 'exposur=1']);
    expect(typo.stderr).toContain('valid parameters are asset, exposure');
  });

  it('the web form shows the added parameter as a field with its label, default and step', () => {
    unregister = registerStrategy(fixture(BASE));
    expect(strategyForms(xmomApi).fixtureHold.fields.map((f) => f.key)).toEqual(['asset']);
    unregister();

    unregister = registerStrategy(fixture([...BASE, EXPOSURE]));
    const form = strategyForms(xmomApi).fixtureHold;
    expect(form.label).toBe('Fixture hold');
    expect(form.fields).toEqual([
      { key: 'asset', label: 'Asset column', kind: 'int', initial: '0', min: 0, step: 1 },
      { key: 'exposure', label: 'Exposure', kind: 'number', initial: '1', step: 0.05 },
    ]);
    expect(parseField(form.fields[1], '0.75')).toBe(0.75);
  });
});

describe('the generated surfaces keep the hand-written ones of before', () => {
  it('web form fields of the built-in strategies are the ones the demo listed', () => {
    const forms = strategyForms(xmomApi);
    expect(Object.keys(forms)).toEqual(['dualMomentum', 'tsm', 'csm', 'multiHorizonMomentum', 'fxTrend']);
    expect(forms.csm.fields.map((f) => f.key)).toEqual(['lookback', 'skip', 'topN', 'bottomN', 'rankMethod']);
    expect(forms.csm.fields[2]).toEqual({ key: 'topN', label: 'Top N long', kind: 'int', initial: '3', min: 0, step: 1, hint: 'no package default: topN or quantile is required' });
    expect(forms.csm.fields[3]).toEqual({ key: 'bottomN', label: 'Bottom N short', kind: 'int', initial: '', optional: true, min: 0, step: 1, hint: 'blank = topN; 0 = long-only' });
    expect(forms.dualMomentum.fields.map((f) => [f.key, f.initial])).toEqual([['lookback', '252'], ['skip', '0'], ['topN', '3'], ['riskFree', '0'], ['defensive', '']]);
    expect(forms.multiHorizonMomentum.fields.map((f) => [f.key, f.initial])).toEqual([['horizons', '7, 30, 90'], ['weights', '0.3, 0.4, 0.3'], ['skip', '1'], ['topN', '3']]);
    expect(forms.fxTrend.fields.map((f) => [f.key, f.initial])).toEqual([
      ['pairs', '8:24, 16:48, 32:96'], ['weights', ''], ['priceStdWindow', '63'], ['signalStdWindow', '252'], ['adjust', true], ['leverage', '5'],
    ]);
    expect(volTargetFields(xmomApi).map((f) => [f.key, f.kind, f.initial])).toEqual([['target', 'number', '0.3'], ['window', 'int', '30'], ['cap', 'number', '2'], ['mode', 'select', 'asset']]);
  });

  it('grid axes of the built-in strategies list the parameters of before, in order', () => {
    expect(xmomApi.STRATEGY_PARAMS.csm.map((d) => d.name)).toEqual(['lookback', 'skip', 'topN', 'bottomN', 'quantile', 'bottomQuantile', 'rankMethod']);
    expect(xmomApi.STRATEGY_PARAMS.fxTrend.map((d) => d.name)).toEqual(['pairs', 'weights', 'priceStdWindow', 'signalStdWindow', 'adjust', 'leverage']);
    expect(xmomApi.BACKTEST_PARAMS.map((d) => d.name)).toEqual([
      'feesBps', 'slippageBps', 'rebalance', 'volTrigger', 'volTriggerWindow', 'band', 'bandRel', 'leverage', 'lag',
      'volTarget.target', 'volTarget.window', 'volTarget.cap', 'volTarget.mode', 'feesScale', 'stop.drawdown', 'stop.cooloff',
    ]);
    expect(xmomApi.strategyParamDefaults('dualMomentum')).toEqual({ lookback: 252, skip: 0, topN: 3, riskFree: 0 });
  });
});

describe('resolveParams(schema, options, where)', () => {
  const schema: readonly ParamSchema[] = [
    { name: 'window', type: 'period', min: 2, default: 20, description: 'bars' },
    { name: 'scale', type: 'number', min: 0, minOpen: true, description: 'multiplier' },
    { name: 'mode', type: 'enum', choices: ['a', 'b'], default: 'a', description: 'mode' },
  ];

  it('resolveParams fills defaults, keeps given values and leaves options without a default undefined', () => {
    expect(resolveParams(schema, undefined, 'f')).toEqual({ window: 20, scale: undefined, mode: 'a' });
    expect(resolveParams(schema, { window: 5, scale: 0.5, mode: 'b' }, 'f')).toEqual({ window: 5, scale: 0.5, mode: 'b' });
  });

  it('resolveParams names an unknown parameter and lists the known ones; checks types and bounds', () => {
    expect(() => resolveParams(schema, { windw: 5 }, 'f')).toThrow("f: unknown option 'windw'; valid options are window, scale, mode");
    expect(() => resolveParams(schema, { window: 1 }, 'f')).toThrow('f: window must be an integer >= 2, got 1');
    expect(() => resolveParams(schema, { window: 2.5 }, 'f')).toThrow('f: window must be an integer >= 2, got 2.5');
    expect(() => resolveParams(schema, { scale: 0 }, 'f')).toThrow('f: scale must be in (0, inf), got 0');
    expect(() => resolveParams(schema, { mode: 'c' }, 'f')).toThrow(`f: mode must be one of 'a', 'b', got "c"`);
  });

  it('describeParam says what is allowed', () => {
    expect(schema.map(describeParam)).toEqual(['an integer >= 2', 'a number > 0', 'one of a, b']);
  });

  it('registerStrategy refuses a taken name and a wide strategy without weights', () => {
    expect(() => registerStrategy({ ...fixture(BASE), name: 'tsm', cliName: 'tsm2' })).toThrow(/'tsm' \(tsm\) exists already/);
    expect(() => registerStrategy({ ...fixture(BASE), weights: undefined })).toThrow(/needs weights\(prices, options\)/);
  });
});
