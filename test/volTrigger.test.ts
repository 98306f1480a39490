import { describe, expect, it } from 'vitest';
import { Panel, InputError, backtest } from '../src/index.js';
import { parseSchedule, scheduleRows } from '../src/backtest/schedule.js';
import { equalWeightReturns, realisedVol, volTriggerRows } from '../src/backtest/volTrigger.js';
import { rng } from './helpers.js';

const DAY = 86_400_000;
const SUN = Date.parse('2024-01-07T00:00:00Z'); // a Sunday

/** One asset whose simple returns are `r` (row 0 = 100), daily from Sunday 2024-01-07. */
function fromReturns(r: number[]): Panel {
  const p = [100];
  for (const x of r) p.push(p[p.length - 1] * (1 + x));
  return Panel.fromRows(p, p.length, 1, { columns: ['x'], index: p.map((_, t) => SUN + t * DAY) });
}

const rowsOf = (f: Uint8Array): number[] => [...f].flatMap((v, t) => (v ? [t] : []));

// Returns of rows 1..8; with window 2 and periodsPerYear 1 the volatility of row t is
// |r[t] - r[t-1]| / sqrt(2): rows 2..8 -> 0, 0.0283, 0.0707, 0.0424, 0, 0, 0.
const R = [0.01, 0.01, 0.05, -0.05, 0.01, 0.01, 0.01, 0.01];

describe('volatility-triggered schedules (rebalance.whenVolAbove)', () => {
  it('realisedVol(prices, 2, 1) is |r_t - r_(t-1)| / sqrt(2), NaN before two returns', () => {
    const v = realisedVol(fromReturns(R), 2, 1);
    expect(Number.isNaN(v[0]) && Number.isNaN(v[1])).toBe(true);
    const hand = [0, 0.04 / Math.SQRT2, 0.1 / Math.SQRT2, 0.06 / Math.SQRT2, 0, 0, 0];
    for (let t = 2; t < 9; t++) expect(v[t]).toBeCloseTo(hand[t - 2], 12);
  });

  it('equalWeightReturns averages the assets priced on both rows and is NaN where none is', () => {
    const p = Panel.fromRows([100, 50, 110, NaN, 121, 60, NaN, NaN, NaN, 66], 5, 2);
    const r = equalWeightReturns(p);
    expect(Number.isNaN(r[0])).toBe(true);
    expect(r[1]).toBeCloseTo(0.1, 14); // only x: 110/100 - 1
    expect(r[2]).toBeCloseTo(0.1, 14); // only x: 121/110 - 1 (y missing on row 1)
    expect(Number.isNaN(r[3])).toBe(true);
    expect(Number.isNaN(r[4])).toBe(true); // y 66 after a NaN: no pair
  });

  it("scheduleRows({ every: 'week', weekday: 0, whenVolAbove: { window: 2, level: 0.03 } }) = Sundays + rows 4, 5 (hand-computed)", () => {
    const f = scheduleRows('t', fromReturns(R), { every: 'week', weekday: 0, whenVolAbove: { window: 2, level: 0.03, then: 'daily', periodsPerYear: 1 } });
    expect(rowsOf(f)).toEqual([0, 4, 5, 7]); // 0 and 7 are Sundays; vol 0.0707, 0.0424 > 0.03
  });

  it('an expanding quantile trigger compares row t with the quantile of rows <= t (0.5q -> 3, 4, 5; 0.9q -> 3, 4)', () => {
    // Row 3: {0, .0283}: median .0141 < .0283. Row 4: {0, .0283, .0707}: median .0283 < .0707.
    // Row 5: {0, .0283, .0424, .0707}: median .0354 < .0424; 0.9 quantile .0622 > .0424.
    const p = fromReturns(R);
    const q5 = volTriggerRows('t', p, { window: 2, quantile: 0.5, periodsPerYear: 1 });
    expect(rowsOf(q5)).toEqual([3, 4, 5]);
    const q9 = volTriggerRows('t', p, { window: 2, quantile: 0.9, periodsPerYear: 1 });
    expect(rowsOf(q9)).toEqual([3, 4]);
  });

  it("parseSchedule('weekly:sun+vol:0.8q') and 'weekly-sun+vol60:0.9' read the trigger (window default 30)", () => {
    expect(parseSchedule('t', 'weekly:sun+vol:0.8q')).toEqual({ every: 'week', weekday: 0, whenVolAbove: { window: 30, quantile: 0.8, then: 'daily' } });
    expect(parseSchedule('t', 'weekly-sun+vol60:0.9')).toEqual({ every: 'week', weekday: 0, whenVolAbove: { window: 60, level: 0.9, then: 'daily' } });
    expect(() => parseSchedule('t', 'monthly+vol:0.8q')).toThrow(/goes on a weekly schedule/);
    expect(() => parseSchedule('t', 'weekly+vol:1.5q')).toThrow(/quantile threshold must be in \(0, 1\)/);
    expect(() => parseSchedule('t', 'weekly+vol:high')).toThrow(/0\.8q/);
  });

  it('no look-ahead: perturbing prices after row t leaves the flags of rows <= t unchanged (level and quantile)', () => {
    const T = 300;
    const N = 3;
    const base = new Float64Array(T * N);
    const u = rng(13);
    for (let j = 0; j < N; j++) base[j] = 100;
    for (let t = 1; t < T; t++) for (let j = 0; j < N; j++) base[t * N + j] = base[(t - 1) * N + j] * (1 + (u() - 0.5) * 0.1);
    const dates = Array.from({ length: T }, (_, t) => SUN + t * DAY);
    const schedules = [
      { every: 'week' as const, weekday: 0, whenVolAbove: { window: 20, quantile: 0.7 } },
      { every: 'week' as const, weekday: 3, whenVolAbove: { window: 10, level: 0.9 } },
    ];
    for (const s of schedules) {
      const full = scheduleRows('t', Panel.fromRows(base, T, N, { index: dates }), s);
      expect(rowsOf(full).length).toBeGreaterThan(Math.ceil(T / 7)); // the trigger adds rows
      for (const cut of [25, 100, 180, 250]) {
        const v = base.slice();
        const w = rng(cut);
        for (let k = (cut + 1) * N; k < v.length; k++) v[k] *= 1 + 3 * w(); // large moves after the cut
        const pert = scheduleRows('t', Panel.fromRows(v, T, N, { index: dates }), s);
        expect([...pert.slice(0, cut + 1)]).toEqual([...full.slice(0, cut + 1)]);
        expect([...pert]).not.toEqual([...full]); // the perturbation did reach the later rows
      }
    }
  });

  it('a window longer than the data is an InputError naming whenVolAbove.window and the rows, before the simulation', () => {
    const p = fromReturns(R); // 9 rows
    const w = Panel.fromRows(new Float64Array(9).fill(1), 9, 1, { columns: ['x'], index: [...p.dates()] });
    const f = (): unknown => backtest(p, w, { rebalance: { every: 'week', weekday: 0, whenVolAbove: { window: 30, quantile: 0.8 } } });
    expect(f).toThrow(InputError);
    expect(f).toThrow(/rebalance\.whenVolAbove\.window 30 needs at least 31 rows of prices \(30 returns\); the prices have 9 rows \(2024-01-07 \.\. 2024-01-15\)/);
    expect(() => scheduleRows('t', p, { every: 'week', weekday: 0, whenVolAbove: { window: 2, level: 0.1, quantile: 0.5 } })).toThrow(/exactly one of level/);
    expect(() => scheduleRows('t', p, { every: 'week', weekday: 0, whenVolAbove: { window: 1, level: 0.1 } })).toThrow(/window must be an integer >= 2/);
  });

  it('backtest with a vol-triggered weekly schedule trades on the triggered rows only (plus Sundays)', () => {
    const p = fromReturns(R);
    // Targets 0.1, 0.2, ..: every traded row changes the position.
    const w = Panel.fromRows(Array.from({ length: 9 }, (_, t) => 0.1 * (t + 1)), 9, 1, { columns: ['x'], index: [...p.dates()] });
    const r = backtest(p, w, { rebalance: { every: 'week', weekday: 0, whenVolAbove: { window: 2, level: 0.03, periodsPerYear: 1 } }, includeWarmup: true });
    const traded = [...r.turnover].flatMap((x, t) => (x > 1e-9 ? [t] : []));
    expect(traded).toEqual([0, 4, 5, 7]);
  });
});
