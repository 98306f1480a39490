import { describe, expect, it } from 'vitest';
import { Table, makeVector, vectorFromArray, Float64 } from 'apache-arrow';
import { Panel, ewmAlpha, ewmMean, InputError } from '../src/index.js';
import { expectClose, randomPanel, rng } from './helpers.js';

/**
 * Brute-force pandas ewm().mean() from its documented definition (not the recursion):
 * adjust=True: y_t = sum_i w_i x_i / sum_i w_i over observed x_i, where the weight of an
 * observation decays by (1 - alpha) per elapsed row (ignore_na=False) or per later
 * observation (ignore_na=True). adjust=False: y = (1-a) y + a x on observations, with
 * the same ageing rule for NaN rows (pandas' documented behaviour).
 */
function bruteEwm(x: number[], alpha: number, adjust: boolean, ignoreNa: boolean, minPeriods: number): number[] {
  const out: number[] = [];
  const minp = Math.max(1, minPeriods);
  for (let t = 0; t < x.length; t++) {
    const obs: { x: number; age: number }[] = [];
    let seen = 0;
    for (let i = 0; i <= t; i++) if (!Number.isNaN(x[i])) seen++;
    if (seen < minp) { out.push(NaN); continue; }
    // age of each observation in decay steps
    let laterObs = 0;
    for (let i = t; i >= 0; i--) {
      if (Number.isNaN(x[i])) continue;
      obs.push({ x: x[i], age: ignoreNa ? laterObs : t - i });
      laterObs++;
    }
    if (adjust) {
      let num = 0;
      let den = 0;
      for (const o of obs) { const w = (1 - alpha) ** o.age; num += w * o.x; den += w; }
      out.push(num / den);
    } else {
      // weights of the recursion: oldest obs gets (1-a)^age_0 (not times a), later ones a(1-a)^age,
      // each step normalised by the running total weight
      const ordered = obs.reverse();
      let y = ordered[0].x;
      let wy = 1;
      for (let k = 1; k < ordered.length; k++) {
        const gap = ordered[k - 1].age - ordered[k].age;
        const old = wy * (1 - alpha) ** gap;
        y = (old * y + alpha * ordered[k].x) / (old + alpha);
        wy = 1;
      }
      out.push(y);
    }
  }
  return out;
}

describe('ewmMean', () => {
  it('ewmMean(x, {span}) equals the hand-computed weighted average', () => {
    // span 3 -> alpha 0.5; y2 = (0.25*1 + 0.5*2 + 4) / 1.75
    const y = ewmMean(new Float64Array([1, 2, 4]), { span: 3 });
    expect(y[0]).toBe(1);
    expect(y[1]).toBeCloseTo((0.5 * 1 + 2) / 1.5, 15);
    expect(y[2]).toBeCloseTo((0.25 * 1 + 0.5 * 2 + 4) / 1.75, 15);
  });

  it('ewmMean(x, {alpha, adjust: false}) is the recursion seeded at the first value', () => {
    expect(Array.from(ewmMean(new Float64Array([1, 2, 3, 4]), { alpha: 0.5, adjust: false }))).toEqual([1, 1.5, 2.25, 3.125]);
  });

  it('com, span, halflife and alpha give the same result for the same decay', () => {
    const x = new Float64Array([3, 1, 4, 1, 5, 9, 2, 6]);
    const a = ewmMean(x, { alpha: 0.25 });
    expectClose(ewmMean(x, { com: 3 }), a, 0);
    expectClose(ewmMean(x, { span: 7 }), a, 0);
    expectClose(ewmMean(x, { halflife: Math.LN2 / -Math.log(0.75) }), a, 1e-14);
  });

  it('ewmMean with alpha or halflife converts through com as pandas does (regression: alpha 0.05, halflife 7)', () => {
    // pandas: com = (1 - a) / a (alpha), 1 / (1 - exp(ln 0.5 / h)) - 1 (halflife); then the
    // kernel's alpha is 1 / (1 + com). Evaluated in IEEE double by hand:
    //   alpha 0.05: com = 0.95 / 0.05 = 18.999999999999996, 1 / 19.999999999999996 = 0.05000000000000001
    //   alpha 1/24: com = 23.000000000000004, alpha = 0.04166666666666666 (not 0.041666666666666664)
    //   halflife 7: 1 - exp(ln 0.5 / 7) = 0.09427633573609329, com = 9.607...,
    //               alpha = 0.09427633573609327
    //   halflife 14: 0.04830484698938042 -> 0.04830484698938043
    const cases: [Parameters<typeof ewmAlpha>[0], number, number][] = [
      [{ alpha: 0.05 }, 0.05000000000000001, 0.05],
      [{ alpha: 1 / 24 }, 0.04166666666666666, 1 / 24],
      [{ halflife: 7 }, 0.09427633573609327, 0.09427633573609329],
      [{ halflife: 14 }, 0.04830484698938043, 0.04830484698938042],
    ];
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    for (const [opts, converted, raw] of cases) {
      expect(ewmAlpha(opts)).toBe(converted);
      expect(converted).not.toBe(raw);
      for (const adjust of [true, false]) {
        // pandas' recursion with the converted alpha, written out: y = (old * y + new * x) / (old + new)
        const f = 1 - converted;
        const nw = adjust ? 1 : converted;
        const expected: number[] = [x[0]];
        let y = x[0];
        let old = 1;
        for (let t = 1; t < x.length; t++) {
          old *= f;
          y = (old * y + nw * x[t]) / (old + nw);
          old = adjust ? old + nw : 1;
          expected.push(y);
        }
        for (const backend of ['wasm', 'js'] as const) {
          expect(Array.from(ewmMean(new Float64Array(x), { ...opts, adjust, backend })), `${JSON.stringify(opts)} adjust=${adjust} ${backend}`).toEqual(expected);
        }
      }
    }
    // span and com: (s - 1) / 2 and c are exact, so span 20 is 2 / 21 and com 3 is 1 / 4.
    expect(ewmAlpha({ span: 20 })).toBe(2 / 21);
    expect(ewmAlpha({ com: 3 })).toBe(0.25);
  });

  it('ewmMean keeps leading NaNs, carries the average over gaps, ages weights unless ignoreNa', () => {
    const x = [NaN, NaN, 1, NaN, 3, 2, NaN, NaN, 7];
    for (const adjust of [true, false]) {
      for (const ignoreNa of [true, false]) {
        for (const minPeriods of [0, 2, 3]) {
          const y = ewmMean(new Float64Array(x), { alpha: 0.3, adjust, ignoreNa, minPeriods });
          expectClose(y, bruteEwm(x, 0.3, adjust, ignoreNa, minPeriods), 1e-14, `adjust=${adjust} ignoreNa=${ignoreNa} minp=${minPeriods}`);
        }
      }
    }
  });

  it('ewmMean of an all-NaN column is all NaN and of a constant column is exactly constant', () => {
    const p = Panel.fromColumns({ nan: [NaN, NaN, NaN, NaN], flat: [7.1, 7.1, 7.1, 7.1] });
    const y = ewmMean(p, { span: 2 });
    expect(y.column('nan').every(Number.isNaN)).toBe(true);
    expect(Array.from(y.column('flat'))).toEqual([7.1, 7.1, 7.1, 7.1]);
  });

  it('wasm and TS twin agree bit for bit on 1000 random panels with NaNs', () => {
    const u = rng(42);
    for (let c = 0; c < 1000; c++) {
      const nRows = 1 + Math.floor(u() * 60);
      const nCols = 1 + Math.floor(u() * 9);
      const p = randomPanel(c, { nRows, nCols, nanRate: u() * 0.3 });
      const opts = {
        alpha: 0.01 + 0.99 * u(), adjust: u() < 0.5, ignoreNa: u() < 0.5,
        minPeriods: Math.floor(u() * Math.min(nRows, 5)),
      };
      const a = ewmMean(p, opts);
      const b = ewmMean(p, { ...opts, backend: 'js' });
      expectClose(a.values, b.values, 0, `case ${c}`);
      expectClose(a.column(0), bruteEwm(Array.from(p.column(0)), opts.alpha, opts.adjust, opts.ignoreNa, opts.minPeriods), 1e-9, `brute ${c}`);
      const s = ewmMean(p, { span: 3, seed: 'sma', seedPeriod: 1 + (c % Math.min(nRows, 4)) });
      const s2 = ewmMean(p, { span: 3, seed: 'sma', seedPeriod: 1 + (c % Math.min(nRows, 4)), backend: 'js' });
      expectClose(s.values, s2.values, 0, `sma case ${c}`);
      [p, a, b, s, s2].forEach((q) => q.free());
    }
  });

  it('ewmMean wasm equals the twin bit for bit with infinities, inf - inf restarts, late listings and minPeriods', () => {
    // The wasm kernel splits each row into a common step, an idle step for unstarted
    // columns and a general step; the twin is the plain recursion. Inputs that visit
    // every branch: +-Infinity (inf - inf makes pandas' average NaN, and it restarts at
    // the next observation), columns listed late, gaps, odd column counts.
    const u = rng(7);
    for (let c = 0; c < 300; c++) {
      const nRows = 2 + Math.floor(u() * 80);
      const nCols = 1 + Math.floor(u() * 11);
      const p = randomPanel(1000 + c, { nRows, nCols, nanRate: u() * 0.3, lateRate: 0.5 });
      const v = p.values;
      for (let i = 0; i < v.length; i++) {
        const r = u();
        if (r < 0.02) v[i] = Infinity;
        else if (r < 0.04) v[i] = -Infinity;
      }
      const opts = { alpha: 0.02 + 0.98 * u(), adjust: u() < 0.5, ignoreNa: u() < 0.5, minPeriods: Math.floor(u() * Math.min(nRows, 8)) };
      const a = ewmMean(p, opts);
      const b = ewmMean(p, { ...opts, backend: 'js' });
      expectClose(a.values, b.values, 0, `case ${c}`);
      [p, a, b].forEach((q) => q.free());
    }
  });

  it("ewmMean(x, {seed: 'sma'}) seeds with the SMA of the first n values (TA-Lib EMA)", () => {
    // TA-Lib EMA(3) on 1..6: seed mean(1,2,3)=2 at index 2, then k=0.5: 3, 4, 5
    const y = ewmMean(new Float64Array([1, 2, 3, 4, 5, 6]), { span: 3, seed: 'sma' });
    expectClose(y, [NaN, NaN, 2, 3, 4, 5], 0);
    // NaNs are skipped: they neither count towards the seed nor move the average
    const z = ewmMean(new Float64Array([1, NaN, 2, 3, NaN, 4]), { span: 3, seed: 'sma' });
    expectClose(z, [NaN, NaN, NaN, 2, 2, 3], 0);
  });

  it('ewmMean returns the kind it is given: Table (date column kept), Vector, Float64Array', () => {
    const dates = [new Date('2024-01-01'), new Date('2024-01-02'), new Date('2024-01-03')];
    const t = new Table({ date: vectorFromArray(dates), a: vectorFromArray([1, null, 3], new Float64()) });
    const r = ewmMean(t, { alpha: 0.5 });
    expect(r.schema.fields.map((f) => f.name)).toEqual(['date', 'a']);
    expect(r.getChild('date')!.get(2)).toBe(dates[2].getTime());
    expectClose(Array.from(r.getChild('a')!.toArray() as Float64Array), [1, 1, (0.25 * 1 + 3) / 1.25], 1e-15);
    const v = ewmMean(makeVector(new Float64Array([2, 4])), { alpha: 0.5 });
    expect(Array.from(v.toArray() as Float64Array)).toEqual([2, (0.5 * 2 + 4) / 1.5]);
  });

  it('ewmMean rejects bad decay parameters, naming them', () => {
    const x = new Float64Array([1, 2, 3]);
    expect(() => ewmMean(x, { span: 3, alpha: 0.5 })).toThrow(/exactly one of alpha, span, com, halflife; got alpha and span/);
    expect(() => ewmMean(x, {})).toThrow(/exactly one/);
    expect(() => ewmMean(x, { alpha: 0 })).toThrow(/alpha must be in \(0, 1\]/);
    expect(() => ewmMean(x, { alpha: 1.5 })).toThrow(/alpha must be in \(0, 1\]/);
    expect(() => ewmMean(x, { span: 0.5 })).toThrow(/span must be in \[1/);
    expect(() => ewmMean(x, { span: 3, minPeriods: 1.5 })).toThrow(/minPeriods must be an integer/);
    expect(() => ewmMean(x, { span: 3, minPeriods: 4 })).toThrow(/minPeriods 4 is longer than the data \(3 rows\)/);
    expect(() => ewmMean(x, { span: 3, backend: 'gpu' as never })).toThrow(/backend must be one of 'wasm', 'js'/);
    expect(() => ewmMean(x, { spam: 3 } as never)).toThrow(InputError);
    expect(() => ewmMean(x, { spam: 3 } as never)).toThrow(/unknown option 'spam'; valid options are alpha, span/);
    expect(() => ewmMean(x, { span: 3, seed: 'sma', adjust: false })).toThrow(/adjust does not apply with seed 'sma'/);
  });
});
