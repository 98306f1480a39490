import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, tableToIPC, vectorFromArray, Float64, Utf8, TimestampMillisecond } from 'apache-arrow';
import { Panel, csm, dualMomentum, fxTrend, multiHorizonMomentum, tsm, universe, readUniverseFile } from '../src/index.js';
import { encodeParquet } from '../src/io/parquet.js';
import { days, expectRows, expectThrows, prices, walk } from './strategyHelpers.js';
import { rng } from './helpers.js';

const N = NaN;
const dir = mkdtempSync(join(tmpdir(), 'xmom-universe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A dated panel from rows. */
function fromRows(r: number[][], columns: string[]): Panel {
  return Panel.fromRows(r.flat(), r.length, columns.length, { columns, index: days(r.length) });
}

// Hand example: A from day 0, B listed on day 1, C missing a price on day 2.
const close = fromRows([[10, N, 5], [10, 20, 5], [10, 20, N], [10, 20, 5]], ['A', 'B', 'C']);
const volume = fromRows([[1, N, 4], [2, 1, 4], [3, 1, 4], [4, 4, 4]], ['A', 'B', 'C']);
// close * volume:  A 10 20 30 40 | B NaN 20 20 80 | C 20 20 NaN 20
// rolling(2).mean: A NaN 15 25 35 | B NaN NaN 20 50 | C NaN 20 NaN NaN

describe('universe(prices, { by: dollarVolume })', () => {
  it('universe(prices, { by: dollarVolume, window: 2 }) is 1 where the 2-row mean of close * volume and the price are valid', () => {
    expectRows(universe(close, { by: 'dollarVolume', window: 2, volume }), [[0, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 0]]);
  });

  it('universe(prices, { by: dollarVolume, top: 1 }) keeps the largest mean dollar volume of each row', () => {
    expectRows(universe(close, { by: 'dollarVolume', window: 2, top: 1, volume }), [[0, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]);
  });

  it('universe(prices, { minHistory: 3 }) waits for 3 valid prices: late listings and gaps count only valid rows', () => {
    // valid prices so far: A 1 2 3 4, B 0 1 2 3, C 1 2 2 3
    expectRows(universe(close, { by: 'dollarVolume', window: 2, minHistory: 3, volume }), [[0, 0, 0], [0, 0, 0], [1, 0, 0], [1, 1, 0]]);
  });

  it('universe(prices, { by: dollarVolume, dollarVolume }) averages a given dollar volume like close * volume', () => {
    const dv = fromRows([[10, N, 20], [20, 20, 20], [30, 20, N], [40, 80, 20]], ['A', 'B', 'C']);
    expectRows(universe(close, { by: 'dollarVolume', window: 2, top: 1, dollarVolume: dv }), [[0, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]);
  });

  it('universe keeps the prices\' dates and columns', () => {
    const e = universe(close, { by: 'dollarVolume', window: 1, volume });
    expect(e.columns).toEqual(['A', 'B', 'C']);
    expect(Array.from(e.dates())).toEqual(days(4));
  });
});

describe('universe(prices, { by: marketCap | history, top }) ties', () => {
  const p4 = fromRows([[1, 1, 1, 1], [1, 1, 1, 1]], ['A', 'B', 'C', 'D']);
  const cap = fromRows([[5, 7, 7, 5], [5, N, 7, 6]], ['A', 'B', 'C', 'D']);

  it('universe(prices, { by: marketCap, top }) breaks ties at the cut-off by column order (leftmost first)', () => {
    expectRows(universe(p4, { by: 'marketCap', top: 1, marketCap: cap }), [[0, 1, 0, 0], [0, 0, 1, 0]]);
    expectRows(universe(p4, { by: 'marketCap', top: 2, marketCap: cap }), [[0, 1, 1, 0], [0, 0, 1, 1]]);
    expectRows(universe(p4, { by: 'marketCap', top: 3, marketCap: cap }), [[1, 1, 1, 0], [1, 0, 1, 1]]);
  });

  it('universe(prices, { by: history, top: 2 }) prefers the longest history, ties to the leftmost column', () => {
    // A listed day 0, B day 2, C day 1, D day 0 (missing day 1)
    const p = fromRows([[1, N, N, 1], [1, N, 1, N], [1, 1, 1, 1], [1, 1, 1, 1]], ['A', 'B', 'C', 'D']);
    // counts: row0 A1 D1; row1 A2 C1 (D no price); row2 A3 B1 C2 D2; row3 A4 B2 C3 D3
    expectRows(universe(p, { by: 'history', top: 2 }), [[1, 0, 0, 1], [1, 0, 1, 0], [1, 0, 1, 0], [1, 0, 1, 0]]);
    expectRows(universe(p, { by: 'history', minHistory: 2 }), [[0, 0, 0, 0], [1, 0, 0, 0], [1, 0, 1, 1], [1, 1, 1, 1]]);
  });
});

describe('universe uses rows <= t only', () => {
  const T = 60;
  const K = 5;
  const p = walk(11, T, K);
  const vol = Panel.fromRows(Array.from({ length: T * K }, (_, k) => (k % 7 === 3 ? NaN : 1 + ((k * 7919) % 101))), T, K, { columns: p.columns, index: days(T) });
  const cap = Panel.fromRows(Array.from({ length: T * K }, (_, k) => 1 + ((k * 104729) % 97)), T, K, { columns: p.columns, index: days(T) });
  const specs = [
    { by: 'dollarVolume', window: 5, top: 2, minHistory: 3 },
    { by: 'marketCap', top: 3 },
    { by: 'history', top: 2, minHistory: 10 },
  ] as const;
  for (const spec of specs) {
    it(`universe(prices, ${JSON.stringify(spec)}): perturbing prices, volume and market cap after t leaves rows <= t unchanged`, () => {
      const base = universe(p, { ...spec, volume: vol, marketCap: cap });
      const b = Array.from(base.values);
      let moved = false;
      const u = rng(5);
      for (const t of [5, 17, 30, 44]) {
        const pp = p.clone();
        const vv = vol.clone();
        const cc = cap.clone();
        for (const x of [pp, vv, cc]) {
          const v = x.values;
          for (let k = (t + 1) * K; k < v.length; k++) v[k] = u() < 0.1 ? NaN : v[k] * (0.2 + 3 * u());
        }
        const got = Array.from(universe(pp, { ...spec, volume: vv, marketCap: cc }).values);
        for (let k = 0; k < (t + 1) * K; k++) if (!Object.is(got[k], b[k])) expect.fail(`row ${Math.floor(k / K)} col ${k % K} changed after perturbing rows > ${t}`);
        if (got.some((x, k) => x !== b[k])) moved = true;
      }
      expect(moved, 'the perturbation must change some later row').toBe(true);
    });
  }
});

describe('strategies with eligible', () => {
  const T = 50;
  const K = 6;
  const p = walk(23, T, K);
  const u = rng(99);
  const elig = Panel.fromRows(Array.from({ length: T * K }, () => (u() < 0.35 ? 0 : 1)), T, K, { columns: p.columns, index: days(T) });
  const cases: [string, (x: Panel, e?: Panel) => Panel][] = [
    ['csm({ lookback: 5, topN: 2 })', (x, e) => csm(x, { lookback: 5, topN: 2, eligible: e })],
    ['tsm({ lookback: 5 })', (x, e) => tsm(x, { lookback: 5, eligible: e })],
    ['dualMomentum({ lookback: 5, topN: 2 })', (x, e) => dualMomentum(x, { lookback: 5, topN: 2, eligible: e })],
    ['multiHorizonMomentum({ horizons: [3, 6], skip: 0, topN: 2 })', (x, e) => multiHorizonMomentum(x, { horizons: [3, 6], weights: [0.5, 0.5], skip: 0, topN: 2, eligible: e })],
  ];
  for (const [name, run] of cases) {
    it(`${name} with eligible never weights an ineligible asset, and each row equals the strategy on prices without the ineligible prices of that row (brute force)`, () => {
      const w = run(p, elig);
      const wv = Array.from(w.values);
      const ev = Array.from(elig.values);
      let held = 0;
      for (let k = 0; k < wv.length; k++) {
        if (ev[k] === 0 && wv[k] !== 0) expect.fail(`${name}: weight ${wv[k]} on ineligible row ${Math.floor(k / K)} col ${k % K}`);
        if (wv[k] !== 0) held++;
      }
      expect(held).toBeGreaterThan(0);
      // Brute force: row t is the strategy on prices whose ineligible assets have no price on row t.
      for (let t = 0; t < T; t++) {
        const q = p.clone();
        const qv = q.values;
        for (let j = 0; j < K; j++) if (ev[t * K + j] === 0) qv[t * K + j] = NaN;
        const ref = run(q).row(t);
        for (let j = 0; j < K; j++) {
          if (!(Math.abs(ref[j] - wv[t * K + j]) <= 1e-15)) expect.fail(`${name}: row ${t} col ${j}: ${wv[t * K + j]} vs brute force ${ref[j]}`);
        }
      }
    });
  }

  it('fxTrend with eligible is fxTrend with the ineligible cells set to 0 (N stays the number of columns)', () => {
    const R = 500;
    const q = Panel.fromRows(Array.from({ length: R * 3 }, (_, k) => Math.exp(0.3 * Math.sin(Math.floor(k / 3) / (15 + 10 * (k % 3))))), R, 3, { columns: ['X', 'Y', 'Z'], index: days(R) });
    const e = Panel.fromRows(Array.from({ length: R * 3 }, (_, k) => ((k * 37) % 5 === 0 ? 0 : 1)), R, 3, { columns: q.columns, index: days(R) });
    const plain = Array.from(fxTrend(q).values);
    const got = Array.from(fxTrend(q, { eligible: e }).values);
    const ev = e.values;
    expect(plain.some((x, k) => x !== 0 && ev[k] === 0)).toBe(true);
    got.forEach((x, k) => expect(x).toBe(ev[k] === 0 ? 0 : plain[k]));
  });

  it('csm with eligible from universe(by history) never weights a late listing before minHistory', () => {
    const e = universe(p, { by: 'history', minHistory: 20 });
    const w = csm(p, { lookback: 5, topN: 1, bottomN: 0, eligible: e });
    const wv = w.values;
    const ev = e.values;
    for (let k = 0; k < wv.length; k++) if (ev[k] === 0) expect(wv[k]).toBe(0);
  });
});

describe('universe bad input', () => {
  it('universe(prices, { by: marketCap }) without a market-cap panel names the option and the long column', () => {
    expectThrows(() => universe(close, { by: 'marketCap' }), /by 'marketCap' needs the marketCap option.*'market_cap' column/);
    expectThrows(() => universe(close, { by: 'marketCap', marketCap: null }), /needs the marketCap option/);
    expectThrows(() => universe(close, { by: 'dollarVolume' }), /by 'dollarVolume' needs the volume option \(or dollarVolume\)/);
    expectThrows(() => universe(close, { by: 'dollarVolume', volume, dollarVolume: volume }), /give volume or dollarVolume, not both/);
  });

  it('universe rejects top < 1, top above the assets, window longer than the data, minHistory above the rows', () => {
    expectThrows(() => universe(close, { by: 'history', top: 0 }), /top must be an integer >= 1, got 0/);
    expectThrows(() => universe(close, { by: 'history', top: 4 }), /top 4 exceeds the universe of 3 assets/);
    expectThrows(() => universe(close, { by: 'dollarVolume', window: 5, volume }), /window 5 is longer than the data \(4 rows\)/);
    expectThrows(() => universe(close, { by: 'history', minHistory: 5 }), /minHistory 5 exceeds the 4 rows/);
    expectThrows(() => universe(close, { by: 'history', window: 2 }), /window applies to by 'dollarVolume' only/);
    expectThrows(() => universe(close, { by: 'volume' as never }), /by must be one of 'dollarVolume', 'marketCap', 'history'/);
  });

  it('universe rejects a negative volume naming column and date, and a volume panel with other columns', () => {
    const bad = volume.clone();
    bad.values[2 * 3 + 1] = -1;
    expectThrows(() => universe(close, { by: 'dollarVolume', window: 2, volume: bad }), /volume -1 in column 'B' at 2024-01-03/);
    const other = fromRows([[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]], ['A', 'B', 'X']);
    expectThrows(() => universe(close, { by: 'dollarVolume', window: 2, volume: other }), /volume column 2 is 'X' but the prices' is 'C'/);
  });

  it('strategies reject an eligible panel holding anything but 0 and 1, naming column and date', () => {
    const p = prices({ A: [1, 2, 3, 4], B: [1, 1, 1, 1] });
    const e = Panel.fromRows([1, 1, 1, 0.5, 1, 1, 1, 1], 4, 2, { columns: ['A', 'B'], index: days(4) });
    expectThrows(() => csm(p, { lookback: 1, topN: 1, eligible: e }), /csm: eligible holds 0.5 in column 'B' at 2024-01-02/);
    expectThrows(() => tsm(p, { lookback: 1, eligible: e }), /tsm: eligible holds 0.5/);
    const short = Panel.fromRows([1, 1], 1, 2, { columns: ['A', 'B'] });
    expectThrows(() => dualMomentum(p, { lookback: 1, topN: 1, eligible: short }), /eligible is 1 x 2 but prices are 4 x 2/);
  });
});

describe('readUniverseFile(path)', () => {
  const csv = 'date,symbol,close,volume,market_cap\n'
    + '2024-01-02,BBB,20,1,200\n2024-01-01,AAA,10,1,100\n2024-01-02,AAA,11,2,\n2024-01-03,AAA,12,3,120\n2024-01-03,BBB,21,NA,210\n';
  // pivot: dates 01, 02, 03; columns AAA, BBB
  const expectPanels = (d: ReturnType<typeof readUniverseFile>): void => {
    expect(d.close.columns).toEqual(['AAA', 'BBB']);
    expect(Array.from(d.close.dates())).toEqual(days(3));
    expect(Array.from(d.close.values)).toEqual([10, NaN, 11, 20, 12, 21]);
    expect(Array.from(d.volume!.values)).toEqual([1, NaN, 2, 1, 3, NaN]);
    expect(Array.from(d.marketCap!.values)).toEqual([100, NaN, NaN, 200, 120, 210]);
    expect(Array.from(d.volume!.dates())).toEqual(Array.from(d.close.dates()));
  };

  it('readUniverseFile(csv) pivots close, volume and market_cap onto one calendar', () => {
    const f = join(dir, 'u.csv');
    writeFileSync(f, csv);
    expectPanels(readUniverseFile(f));
  });

  const table = new Table({
    date: vectorFromArray([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 3)].map((x) => new Date(x)), new TimestampMillisecond()),
    symbol: vectorFromArray(['BBB', 'AAA', 'AAA', 'AAA', 'BBB'], new Utf8()),
    close: vectorFromArray([20, 10, 11, 12, 21], new Float64()),
    volume: vectorFromArray([1, 1, 2, 3, null], new Float64()),
    market_cap: vectorFromArray([200, 100, null, 120, 210], new Float64()),
  });

  it('readUniverseFile(arrow | parquet) reads the same long table as the CSV', () => {
    const a = join(dir, 'u.arrow');
    writeFileSync(a, tableToIPC(table, 'file'));
    expectPanels(readUniverseFile(a));
    const q = join(dir, 'u.parquet');
    writeFileSync(q, encodeParquet(table));
    expectPanels(readUniverseFile(q));
  });

  it('readUniverseFile(path, { require: [market_cap] }) names the file and its columns when market_cap is absent', () => {
    const f = join(dir, 'nocap.csv');
    writeFileSync(f, 'date,symbol,close,volume\n2024-01-01,AAA,10,1\n');
    expectThrows(() => readUniverseFile(f, { require: ['market_cap'] }), /nocap\.csv has no 'market_cap' column, which is required here; its columns are 'date', 'symbol', 'close', 'volume'/);
    const d = readUniverseFile(f);
    expect(d.marketCap).toBeNull();
    expectThrows(() => universe(d.close, { by: 'marketCap', marketCap: d.marketCap }), /by 'marketCap' needs the marketCap option/);
  });

  it('readUniverseFile rejects a long Arrow file without a close column, naming it', () => {
    const a = join(dir, 'noclose.arrow');
    writeFileSync(a, tableToIPC(new Table({ date: table.getChild('date')!, symbol: table.getChild('symbol')! }), 'file'));
    expectThrows(() => readUniverseFile(a), /noclose\.arrow has no 'close' column; columns are 'date', 'symbol'/);
  });
});

describe('universe on the bundled long fixture', () => {
  it('universe(fixtures/equities.csv close, { by: marketCap, top: 10, minHistory: 12 }) equals a per-row brute-force sort', () => {
    const d = readUniverseFile('fixtures/equities.csv', { require: ['market_cap'] });
    const e = universe(d.close, { by: 'marketCap', top: 10, minHistory: 12, marketCap: d.marketCap });
    const T = d.close.nRows;
    const K = d.close.nCols;
    const c = Array.from(d.close.values);
    const m = Array.from(d.marketCap!.values);
    const ev = Array.from(e.values);
    const seen = new Array<number>(K).fill(0);
    const want = new Array<number>(T * K).fill(0);
    let eligibleCells = 0;
    for (let t = 0; t < T; t++) {
      const ok: number[] = [];
      for (let j = 0; j < K; j++) {
        if (!Number.isNaN(c[t * K + j])) seen[j]++;
        if (!Number.isNaN(c[t * K + j]) && seen[j] >= 12 && !Number.isNaN(m[t * K + j])) ok.push(j);
      }
      const chosen = new Set(ok.sort((a, b) => m[t * K + b] - m[t * K + a] || a - b).slice(0, 10));
      for (const j of chosen) want[t * K + j] = 1;
      eligibleCells += chosen.size;
    }
    expect(ev).toEqual(want);
    expect(eligibleCells).toBeGreaterThan(0);
    const dv = universe(d.close, { by: 'dollarVolume', window: 3, top: 5, dollarVolume: d.dollarVolume });
    for (let t = 0; t < T; t++) expect(Array.from(dv.row(t)).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5);
  });
});
