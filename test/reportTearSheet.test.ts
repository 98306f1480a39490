// The tear sheet of any returns series (issue 14 item 5): `tearSheet` and its parts
// (worst drawdowns, trailing returns, histogram, benchmark alignment, input checks),
// each against values worked out by hand or by a brute force written here, and
// `xmom report RETURNS_FILE` through the in-process CLI runner.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addMonths, alignBenchmark, checkNotPrices, drawdownPeriods, histogram, pricesColumn, returnsColumn, tearSheet, trailingReturns,
} from '../src/report/index.js';
import { yearlyReturns } from '../src/report/monthly.js';
import { InputError } from '../src/errors.js';
import { seriesTable, writeArrow } from '../src/report/files.js';
import { normal, rng } from './helpers.js';
import { xmom } from './xmomInProcess.js';

const DAY = 86_400_000;
const d = (s: string): number => Date.parse(`${s}T00:00:00Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Simple returns of a wealth path that starts at 1 (NaN wealth = a missing bar). */
function returnsOfWealth(w: number[]): number[] {
  let prev = 1;
  return w.map((x) => {
    if (Number.isNaN(x)) return NaN;
    const r = x / prev - 1;
    prev = x;
    return r;
  });
}

/** Month-end dates from (year, month 0-based), n of them. */
function monthEnds(year: number, month: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Date.UTC(year, month + i + 1, 0));
}

describe('drawdownPeriods(returns, dates, top)', () => {
  // Wealth by hand: a first-bar loss (the start is a peak), a NaN bar inside a spell, a
  // date gap, a bar exactly at the peak (not under water) and a spell open at the end.
  const rows: [string, number][] = [
    ['2021-01-04', 0.95], // A: start + valley (peak = the starting 1), depth -5%
    ['2021-01-05', 1.1], //  A recovers; new peak 1.1
    ['2021-01-06', 1.0], //  B starts
    ['2021-01-08', 0.88], // B valley: 0.88 / 1.1 - 1 = -20%
    ['2021-01-11', NaN], //  missing bar
    ['2021-01-12', 1.21], // B recovers; new peak 1.21
    ['2021-01-13', 1.21], // at the peak: no drawdown
    ['2021-01-14', 1.089], // C starts (-10%)
    ['2021-01-15', 0.9075], // C valley: -25%
    ['2021-01-18', 1.0], //  C not recovered at the last row
  ];
  const dates = rows.map(([s]) => d(s));
  const r = returnsOfWealth(rows.map(([, w]) => w));

  it('drawdownPeriods(hand-built path) gives each spell with its exact dates, depth and days, deepest first', () => {
    const p = drawdownPeriods(r, dates, 5);
    expect(p.map((x) => [iso(x.start), iso(x.valley), x.recoveryRow >= 0 ? iso(x.recovery) : 'not recovered', x.daysToValley, x.days])).toEqual([
      ['2021-01-14', '2021-01-15', 'not recovered', 1, 4],
      ['2021-01-06', '2021-01-08', '2021-01-12', 2, 6],
      ['2021-01-04', '2021-01-04', '2021-01-05', 0, 1],
    ]);
    expect(p[0].depth).toBeCloseTo(-0.25, 12);
    expect(p[1].depth).toBeCloseTo(-0.2, 12);
    expect(p[2].depth).toBeCloseTo(-0.05, 12);
    expect(p[0].recoveryRow).toBe(-1);
    expect(Number.isNaN(p[0].recovery)).toBe(true);
  });

  it('drawdownPeriods(r, dates, 2) keeps the 2 deepest', () => {
    expect(drawdownPeriods(r, dates, 2).map((x) => iso(x.start))).toEqual(['2021-01-14', '2021-01-06']);
  });

  it('drawdownPeriods(random walk with gaps) equals a brute force over running peaks', () => {
    const z = normal(rng(7));
    const T = 600;
    const ret = Array.from({ length: T }, (_, t) => (t % 37 === 5 ? NaN : 0.0003 + 0.015 * z()));
    const dts = Array.from({ length: T }, (_, t) => d('2015-01-01') + t * DAY);
    // Brute force: peak_t = max(1, wealth of every valid row <= t); a spell = a maximal
    // run of valid rows under their peak (NaN rows neither break nor join a run).
    const valid: number[] = [];
    const wealth: number[] = [];
    let w = 1;
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(ret[t])) continue;
      w *= 1 + ret[t];
      valid.push(t);
      wealth.push(w);
    }
    const peakBefore = (k: number): number => Math.max(1, ...wealth.slice(0, k + 1));
    const expected: { start: number; valley: number; recovery: number; depth: number }[] = [];
    for (let k = 0; k < valid.length;) {
      if (wealth[k] >= peakBefore(k)) {
        k++;
        continue;
      }
      const peak = peakBefore(k);
      let j = k;
      let valley = k;
      while (j < valid.length && wealth[j] < peak) {
        if (wealth[j] < wealth[valley]) valley = j;
        j++;
      }
      expected.push({ start: valid[k], valley: valid[valley], recovery: j < valid.length ? valid[j] : -1, depth: wealth[valley] / peak - 1 });
      k = j;
    }
    expected.sort((a, b) => a.depth - b.depth);
    const got = drawdownPeriods(ret, dts, Infinity);
    expect(got.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(5);
    got.forEach((p, i) => {
      expect([p.startRow, p.valleyRow, p.recoveryRow]).toEqual([expected[i].start, expected[i].valley, expected[i].recovery]);
      expect(p.depth).toBeCloseTo(expected[i].depth, 12);
      expect(p.daysToValley).toBe(expected[i].valley - expected[i].start);
      expect(p.days).toBe((expected[i].recovery >= 0 ? expected[i].recovery : T - 1) - expected[i].start);
    });
  });
});

describe('trailingReturns(returns, dates, options)', () => {
  const prod = (xs: number[]): number => xs.reduce((a, x) => a * (1 + x), 1) - 1;

  it('addMonths(date, k) clamps the day and maps a month end to a month end', () => {
    expect(iso(addMonths(d('2024-05-31'), -3))).toBe('2024-02-29');
    expect(iso(addMonths(d('2023-06-30'), -3))).toBe('2023-03-31');
    expect(iso(addMonths(d('2024-03-15'), -1))).toBe('2024-02-15');
    expect(iso(addMonths(d('2024-06-28'), -3))).toBe('2024-03-28');
    expect(iso(addMonths(d('2024-01-31'), -60))).toBe('2019-01-31');
  });

  it('trailingReturns(18 month-end returns) compounds each window by hand; 3Y and 5Y are "—" (NaN)', () => {
    // Jan 2022 .. Jun 2023; row i is month Jan 2022 + i.
    const dates = monthEnds(2022, 0, 18);
    const r = Array.from({ length: 18 }, (_, i) => (i % 3 === 0 ? -0.02 : 0.01 * ((i % 5) + 1)));
    const tr = Object.fromEntries(trailingReturns(r, dates, { periodsPerYear: 12 }).map((x) => [x.key, x.value]));
    expect(tr.mtd).toBeCloseTo(r[17], 14);
    expect(tr['3m']).toBeCloseTo(prod(r.slice(15, 18)), 14); // Apr, May, Jun 2023
    expect(tr['6m']).toBeCloseTo(prod(r.slice(12, 18)), 14); // Jan .. Jun 2023
    expect(tr.ytd).toBeCloseTo(prod(r.slice(12, 18)), 14);
    expect(tr['1y']).toBeCloseTo(prod(r.slice(6, 18)), 14); // Jul 2022 .. Jun 2023
    expect(Number.isNaN(tr['3y'])).toBe(true);
    expect(Number.isNaN(tr['5y'])).toBe(true);
    expect(tr.inception).toBeCloseTo(prod(r), 14);
    expect(tr.inceptionAnn).toBeCloseTo((1 + prod(r)) ** (12 / 18) - 1, 14);
  });

  it('trailingReturns(12 monthly returns): 1Y is "—" without an inception date, the whole year with one', () => {
    const dates = monthEnds(2022, 6, 12); // Jul 2022 .. Jun 2023
    const r = Array.from({ length: 12 }, (_, i) => 0.004 * (i - 4));
    const at = (o: { periodsPerYear: number; inception?: number }): number => trailingReturns(r, dates, o).find((x) => x.key === '1y')!.value;
    expect(Number.isNaN(at({ periodsPerYear: 12 }))).toBe(true);
    expect(at({ periodsPerYear: 12, inception: d('2022-06-30') })).toBeCloseTo(prod(r), 14);
  });

  it('trailingReturns(business month ends) takes 2024-03-29 as the 3M base of 2024-06-28; 3Y annualised by hand', () => {
    const dates = ['2021-03-31', '2024-01-31', '2024-02-29', '2024-03-29', '2024-04-30', '2024-05-31', '2024-06-28'].map(d);
    const r = [0.5, 0.01, 0.02, 0.03, 0.04, -0.05, 0.06];
    const tr = Object.fromEntries(trailingReturns(r, dates, { periodsPerYear: 12 }).map((x) => [x.key, x.value]));
    expect(tr['3m']).toBeCloseTo(prod([0.04, -0.05, 0.06]), 14);
    expect(tr.ytd).toBeCloseTo(prod(r.slice(1)), 14);
    // 3Y: base = the row dated on or before 2021-06-28 (+ half a month): 2021-03-31.
    expect(tr['3y']).toBeCloseTo((1 + prod(r.slice(1))) ** (1 / 3) - 1, 14);
    expect(Number.isNaN(tr['5y'])).toBe(true);
  });
});

describe('yearlyReturns and histogram', () => {
  it('yearlyReturns(returns, dates) compounds each calendar year by hand', () => {
    const dates = ['2021-12-30', '2021-12-31', '2022-01-03', '2022-12-30', '2023-01-02'].map(d);
    const y = yearlyReturns([0.1, -0.2, 0.05, 0.1, 0.3], dates);
    expect([...y.keys()]).toEqual([2021, 2022, 2023]);
    expect(y.get(2021)).toBeCloseTo(1.1 * 0.8 - 1, 14);
    expect(y.get(2022)).toBeCloseTo(1.05 * 1.1 - 1, 14);
    expect(y.get(2023)).toBeCloseTo(0.3, 14);
  });

  it('histogram([0, 1, 2, 3, 4, NaN], 2) has edges 0, 2, 4 and counts 2, 3 (last bin closed, NaN left out)', () => {
    const h = histogram([0, 1, 2, 3, 4, NaN], 2);
    expect(Array.from(h.edges)).toEqual([0, 2, 4]);
    expect(Array.from(h.counts)).toEqual([2, 3]);
    expect(h.n).toBe(5);
  });

  it('histogram(random returns) bin counts sum to n and match counting each value against the edges', () => {
    const z = normal(rng(3));
    const v = Array.from({ length: 1234 }, (_, i) => (i % 100 === 0 ? NaN : 0.01 * z()));
    const h = histogram(v);
    const valid = v.filter((x) => !Number.isNaN(x));
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(valid.length);
    expect(h.counts.length).toBe(Math.ceil(Math.sqrt(valid.length)));
    const k = h.counts.length;
    const brute = new Array<number>(k).fill(0);
    for (const x of valid) {
      let b = 0;
      while (b < k - 1 && x >= h.edges[b + 1]) b++;
      brute[b]++;
    }
    expect(Array.from(h.counts)).toEqual(brute);
  });
});

describe('alignBenchmark(dates, benchmarkDates, benchmarkReturns)', () => {
  const series = ['2021-01-31', '2021-02-28', '2021-03-31'].map(d);
  const bDates = ['2021-01-29', '2021-02-01', '2021-02-15', '2021-02-26', '2021-03-01', '2021-03-31', '2021-04-01'].map(d);
  const bRet = [0.01, 0.02, -0.01, 0.03, 0.01, 0.02, 0.05];

  it('compounds a daily benchmark onto monthly periods by hand; row 0 needs the exact date', () => {
    const a = alignBenchmark(series, bDates, bRet);
    expect(Number.isNaN(a[0])).toBe(true);
    expect(a[1]).toBeCloseTo(1.02 * 0.99 * 1.03 - 1, 14);
    expect(a[2]).toBeCloseTo(1.01 * 1.02 - 1, 14);
  });

  it('gives NaN for a period the benchmark only partly covers (starts or ends inside it)', () => {
    const late = alignBenchmark(series, bDates.slice(2), bRet.slice(2));
    expect(Number.isNaN(late[1])).toBe(true); // starts 2021-02-15, inside February
    expect(late[2]).toBeCloseTo(1.01 * 1.02 - 1, 14);
    const early = alignBenchmark(series, bDates.slice(0, 5), bRet.slice(0, 5));
    expect(early[1]).toBeCloseTo(1.02 * 0.99 * 1.03 - 1, 14);
    expect(Number.isNaN(early[2])).toBe(true); // ends 2021-03-01, inside March
  });
});

describe('tear sheet input checks', () => {
  const dates = Array.from({ length: 60 }, (_, t) => d('2021-01-04') + t * DAY);
  const z = normal(rng(11));
  const prices = [100];
  for (let t = 1; t < 60; t++) prices.push(prices[t - 1] * (1 + 0.01 * z()));

  it('checkNotPrices(prices > 1) names the file and column and suggests --input prices', () => {
    expect(() => checkNotPrices(prices, dates, 'SPX', 'spx.csv')).toThrow(InputError);
    expect(() => checkNotPrices(prices, dates, 'SPX', 'spx.csv')).toThrow(/spx\.csv: column 'SPX' holds prices.*above 1.*2021-01-04.*--input prices/);
  });

  it('checkNotPrices(an FX rate path near 0.85) flags a positive smooth path as prices', () => {
    const fx = prices.map((p) => (p / 100) * 0.85);
    expect(() => checkNotPrices(fx, dates, 'EURGBP', 'fx.csv')).toThrow(/fx\.csv: column 'EURGBP' holds prices.*positive.*--input prices.*--no-price-check/);
  });

  it('checkNotPrices accepts real returns, all-positive yearly returns and a money-market series', () => {
    const r = prices.slice(1).map((p, i) => p / prices[i] - 1);
    expect(() => checkNotPrices(r, dates.slice(1), 'r')).not.toThrow();
    expect(() => checkNotPrices([0.1, 0.25, 0.05, 0.3, 0.12], dates.slice(0, 5), 'fund')).not.toThrow();
    expect(() => checkNotPrices(new Array(50).fill(0.0001), dates.slice(0, 50), 'mmf')).not.toThrow();
  });

  it('returnsColumn(a return below -1) names the file, column, date and data row', () => {
    expect(() => returnsColumn('A', [0.01, -1.5, 0.02], dates.slice(0, 3), { source: 'fund.csv' }))
      .toThrow(/fund\.csv: column 'A' on 2021-01-05 \(data row 2\) is -1\.5; a simple return cannot be below -1/);
  });

  it('pricesColumn([NaN, 100, 110, NaN, 99]) drops the first price row, returns between valid prices, inception = first price date', () => {
    const c = pricesColumn('P', [NaN, 100, 110, NaN, 99], dates.slice(0, 5));
    expect(Array.from(c.dates)).toEqual(dates.slice(2, 5));
    expect(c.returns[0]).toBeCloseTo(0.1, 14);
    expect(Number.isNaN(c.returns[1])).toBe(true);
    expect(c.returns[2]).toBeCloseTo(99 / 110 - 1, 14);
    expect(c.inception).toBe(dates[1]);
    expect(c.notes.join(' ')).toContain('first price');
  });

  it('pricesColumn(a price <= 0) names the date', () => {
    expect(() => pricesColumn('OIL', [20, 10, -37.6, 10], dates.slice(0, 4), { source: 'wti.csv' })).toThrow(/wti\.csv: column 'OIL' on 2021-01-06 \(data row 3\) is -37\.6; prices must be finite and > 0/);
  });

  it('tearSheet(unsorted dates, fewer than 2 returns, a benchmark with no overlap) is an InputError naming what and where', async () => {
    const r = [0.01, -0.02, 0.03];
    await expect(tearSheet(r, { dates: [dates[0], dates[2], dates[1]] })).rejects.toThrow(/row 2 \(2021-01-05\) comes before row 1 \(2021-01-06\)/);
    await expect(tearSheet([0.01, NaN, NaN], { dates: dates.slice(0, 3), source: 'f.csv', name: 'X' })).rejects.toThrow(/f\.csv: column 'X' has 1 valid return; a tear sheet needs at least 2/);
    const old = Array.from({ length: 5 }, (_, t) => d('2019-03-01') + t * DAY);
    await expect(tearSheet(r, {
      dates: dates.slice(0, 3), source: 'fund.csv', name: 'F', benchmark: { values: [0.01, 0.02, 0.0, 0.01, 0.02], dates: old, source: 'spy.csv' },
    })).rejects.toThrow(/fund\.csv: column 'F' \(2021-01-04 \.\. 2021-01-06\) and the benchmark spy\.csv \(2019-03-01 \.\. 2019-03-05\) have no overlapping dates/);
  });
});

describe('tearSheet(returns, options) HTML', () => {
  it('tearSheet(returns with a benchmark) is one self-contained page holding every section, and the tables hold the hand values', async () => {
    // Three calendar years of business days; the yearly returns are checked by hand below.
    const dates: number[] = [];
    for (let t = d('2020-01-01'); t <= d('2022-12-31'); t += DAY) {
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) dates.push(t);
    }
    const z = normal(rng(5));
    const b = dates.map(() => 0.0003 + 0.01 * z());
    const r = b.map((x) => 0.0002 + 1.2 * x + 0.005 * z());
    const html = await tearSheet(r, { dates, name: 'Fund', benchmark: { values: b, name: 'Index' }, title: 'Fund tear sheet', drawdowns: 3 });
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // no scripts, no network
    for (const s of ['Performance', 'Metrics', 'Trailing returns', 'Against Index', 'Rolling beta', 'Drawdowns', 'Worst 3 drawdowns',
      'Rolling volatility', 'Rolling Sharpe', 'Calendar returns', 'Yearly returns', 'Monthly returns', 'Return distribution', 'Excess kurtosis']) {
      expect(html, s).toContain(s);
    }
    // Yearly table: compounded by hand, to the 2 decimals shown.
    const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
    for (const y of [2020, 2021, 2022]) {
      const inYear = r.filter((_, t) => new Date(dates[t]).getUTCFullYear() === y);
      expect(html).toContain(`data-value="${inYear.reduce((a, x) => a * (1 + x), 1) - 1}">${pct(inYear.reduce((a, x) => a * (1 + x), 1) - 1)}`);
    }
    // Worst-drawdowns table: 3 rows.
    const table = html.slice(html.indexOf('<table class="drawdowns">'));
    expect(table.slice(0, table.indexOf('</table>')).match(/<tr>/g)!.length).toBe(1 + 3);
  });
});

describe('xmom report RETURNS_FILE (in-process CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmom-tearsheet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const days = Array.from({ length: 300 }, (_, t) => iso(d('2021-01-01') + t * DAY));
  const z = normal(rng(21));
  const rets = days.map(() => [0.001 + 0.02 * z(), 0.0005 + 0.01 * z()]);
  const returnsCsv = file('returns.csv', `date,alpha,beta\n${days.map((s, t) => `${s},${rets[t][0]},${rets[t][1]}`).join('\n')}\n`);
  const pricesOf = (k: number): number[] => {
    const p = [100];
    for (let t = 1; t < days.length; t++) p.push(p[t - 1] * (1 + rets[t][k]));
    return p;
  };
  const pA = pricesOf(0);
  const pB = pricesOf(1);
  const pricesCsv = file('prices.csv', `date,A\n${days.map((s, t) => `${s},${pA[t]}`).join('\n')}\n`);
  const benchCsv = file('bench.csv', `date,open,close\n${days.map((s, t) => `${s},${pB[t]},${pB[t]}`).join('\n')}\n`);

  it('xmom report returns.csv --out DIR writes one block of sections per column', async () => {
    const out = join(dir, 'r1');
    const run = await xmom(['report', returnsCsv, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('columns alpha, beta');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const s of ['Summary', 'alpha · Performance', 'beta · Performance', 'alpha · Drawdowns', 'beta · Return distribution']) expect(html).toContain(s);
  });

  it('xmom report prices.csv --input prices --benchmark bench.csv --json converts prices, picks close and adds the relative sections', async () => {
    const out = join(dir, 'r2');
    const run = await xmom(['--json', 'report', pricesCsv, '--input', 'prices', '--benchmark', benchCsv, '--drawdowns', '2', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const res = JSON.parse(run.stdout);
    expect(res.kind).toBe('tearsheet');
    expect(res.columns).toEqual(['A']);
    expect(res.benchmark).toContain('column close');
    expect(res.notes.join(' ')).toContain('first price row dropped');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const s of ['Against bench', 'Rolling beta', 'Worst 2 drawdowns', 'first price']) expect(html).toContain(s);
  });

  it('xmom report prices.csv (read as returns) exits 2 naming the file and column and suggesting --input prices', async () => {
    const run = await xmom(['report', pricesCsv, '--out', join(dir, 'r3')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/prices\.csv: column 'A' holds prices.*--input prices/);
  });

  it('xmom report with a benchmark of other dates exits 2 naming both date ranges', async () => {
    const old = file('old.csv', `date,close\n2010-01-04,100\n2010-01-05,101\n2010-01-06,99\n`);
    const run = await xmom(['report', returnsCsv, '--column', 'alpha', '--benchmark', old, '--benchmark-input', 'prices', '--out', join(dir, 'r4')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/column 'alpha' \(2021-01-01 \.\. 2021-10-27\) and the benchmark .*old\.csv, column close \(2010-01-04 \.\. 2010-01-06\) have no overlapping dates/);
  });

  it('xmom report with an unknown --column, unsorted dates or a return below -1 exits 2 saying what and where', async () => {
    const col = await xmom(['report', returnsCsv, '--column', 'gamma', '--out', join(dir, 'r5')]);
    expect(col.status).toBe(2);
    expect(col.stderr).toContain("--column 'gamma' is not a numeric column");
    expect(col.stderr).toContain('alpha, beta');
    const unsorted = file('unsorted.csv', 'date,x\n2021-01-01,0.01\n2021-01-03,0.02\n2021-01-02,-0.01\n');
    const u = await xmom(['report', unsorted, '--out', join(dir, 'r6')]);
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/2021-01-0[23]/);
    const crash = file('crash.csv', 'date,x\n2021-01-01,0.01\n2021-01-04,-1.2\n2021-01-05,0.02\n');
    const c = await xmom(['report', crash, '--out', join(dir, 'r7')]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/crash\.csv: column 'x' on 2021-01-04 \(data row 2\) is -1\.2/);
  });

  it('xmom report FILE.arrow: a dated Arrow file gets a tear sheet, an undated one (grid results) the grid table, which refuses tear-sheet flags', async () => {
    const dated = writeArrow(join(dir, 'dated.arrow'), seriesTable({ x: rets.map((v) => v[0]) }, days.map(d)));
    const a = await xmom(['--json', 'report', dated, '--out', join(dir, 'r8')]);
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ kind: 'tearsheet', columns: ['x'], inputKind: 'returns' });
    const grid = writeArrow(join(dir, 'grid.arrow'), seriesTable({ point: [0, 1, 2], sharpe: [0.5, 1.5, 1.0] }));
    const g = await xmom(['report', grid, '--drawdowns', '3', '--out', join(dir, 'r9')]);
    expect(g.status).toBe(2);
    expect(g.stderr).toContain('--drawdowns applies to a returns / prices file (tear sheet) only');
    const forced = await xmom(['report', grid, '--input', 'returns', '--out', join(dir, 'r10')]);
    expect(forced.status).toBe(2);
    expect(forced.stderr).toContain('has no date column');
    const ok = await xmom(['--json', 'report', grid, '--out', join(dir, 'r11')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ kind: 'grid', rows: 3 });
  });
});
