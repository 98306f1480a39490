import { describe, expect, it } from 'vitest';
import { Float64, Table, makeVector, vectorFromArray } from 'apache-arrow';
import { InputError, Panel, rank, type RankMethod } from '../src/index.js';
import { expectClose, rng } from './helpers.js';

const METHODS: RankMethod[] = ['average', 'min', 'max', 'first', 'dense'];
const BACKENDS = ['wasm', 'js'] as const;

/**
 * Brute-force pandas rank(axis=1, na_option='keep') of one row from the definitions,
 * O(N^2): for each valid value count the valid values below, equal and above it, the
 * equal ones in earlier columns, and the distinct values below and above it.
 */
function bruteRank(row: ArrayLike<number>, method: RankMethod, ascending: boolean, pct: boolean): number[] {
  const valid: number[] = [];
  for (let j = 0; j < row.length; j++) if (!Number.isNaN(row[j])) valid.push(row[j]);
  const distinct = [...new Set(valid.map((v) => v + 0))];
  const out: number[] = [];
  for (let j = 0; j < row.length; j++) {
    const v = row[j];
    if (Number.isNaN(v)) { out.push(NaN); continue; }
    let below = 0; let equal = 0; let above = 0; let earlier = 0;
    for (let k = 0; k < row.length; k++) {
      const w = row[k];
      if (Number.isNaN(w)) continue;
      if (w < v) below++;
      else if (w > v) above++;
      else { equal++; if (k < j) earlier++; }
    }
    const ahead = ascending ? below : above; // values ranked before v
    const distinctAhead = distinct.filter((w) => (ascending ? w < v : w > v)).length;
    let r: number;
    if (method === 'average') r = ahead + (equal + 1) / 2;
    else if (method === 'min') r = ahead + 1;
    else if (method === 'max') r = ahead + equal;
    else if (method === 'first') r = ahead + earlier + 1;
    else r = distinctAhead + 1;
    out.push(pct ? r / (method === 'dense' ? distinct.length : valid.length) : r);
  }
  return out;
}

function brutePanel(values: Float64Array, nRows: number, nCols: number, method: RankMethod, ascending: boolean, pct: boolean): number[] {
  const out: number[] = [];
  for (let t = 0; t < nRows; t++) out.push(...bruteRank(values.subarray(t * nCols, (t + 1) * nCols), method, ascending, pct));
  return out;
}

/** Ranks every combination of options on both backends and compares with the brute force. */
function checkAll(values: Float64Array, nRows: number, nCols: number, label: string): void {
  const p = Panel.fromRows(values, nRows, nCols);
  try {
    for (const method of METHODS) {
      for (const ascending of [true, false]) {
        for (const pct of [false, true]) {
          const expected = brutePanel(values, nRows, nCols, method, ascending, pct);
          for (const backend of BACKENDS) {
            const r = rank(p, { method, ascending, pct, backend });
            expectClose(r.values, expected, 0, `${label} ${method} asc=${ascending} pct=${pct} ${backend}`);
            r.free();
          }
        }
      }
    }
  } finally {
    p.free();
  }
}

describe('rank', () => {
  // Row A = [3, 1, NaN, 3, 2, NaN]: 4 valid values, 3 distinct (1 < 2 < 3 = 3).
  // Row B = [7, 7, 7, 1, NaN, 9]: 5 valid values, 3 distinct (1 < 7 = 7 = 7 < 9).
  const rows = [3, 1, NaN, 3, 2, NaN, 7, 7, 7, 1, NaN, 9];
  const hand: Record<RankMethod, { asc: number[]; desc: number[] }> = {
    average: { asc: [3.5, 1, NaN, 3.5, 2, NaN, 3, 3, 3, 1, NaN, 5], desc: [1.5, 4, NaN, 1.5, 3, NaN, 3, 3, 3, 5, NaN, 1] },
    min: { asc: [3, 1, NaN, 3, 2, NaN, 2, 2, 2, 1, NaN, 5], desc: [1, 4, NaN, 1, 3, NaN, 2, 2, 2, 5, NaN, 1] },
    max: { asc: [4, 1, NaN, 4, 2, NaN, 4, 4, 4, 1, NaN, 5], desc: [2, 4, NaN, 2, 3, NaN, 4, 4, 4, 5, NaN, 1] },
    first: { asc: [3, 1, NaN, 4, 2, NaN, 2, 3, 4, 1, NaN, 5], desc: [1, 4, NaN, 2, 3, NaN, 2, 3, 4, 5, NaN, 1] },
    dense: { asc: [3, 1, NaN, 3, 2, NaN, 2, 2, 2, 1, NaN, 3], desc: [1, 3, NaN, 1, 2, NaN, 2, 2, 2, 3, NaN, 1] },
  };
  // pct divides by the valid count of the row (4, 5), dense by its distinct count (3, 3).
  const pctDivisors: Record<RankMethod, number[]> = {
    average: [4, 5], min: [4, 5], max: [4, 5], first: [4, 5], dense: [3, 3],
  };

  for (const method of METHODS) {
    for (const ascending of [true, false]) {
      for (const pct of [false, true]) {
        it(`rank(panel, {method: '${method}', ascending: ${ascending}, pct: ${pct}}) gives the hand-computed ranks with ties and NaNs`, () => {
          const p = Panel.fromRows(rows, 2, 6);
          const ranks = ascending ? hand[method].asc : hand[method].desc;
          const expected = ranks.map((r, i) => (pct ? r / pctDivisors[method][Math.floor(i / 6)] : r));
          for (const backend of BACKENDS) {
            expectClose(rank(p, { method, ascending, pct, backend }).values, expected, 0, backend);
          }
        });
      }
    }
  }

  it('rank(panel) defaults to average, ascending, not pct', () => {
    const p = Panel.fromRows(rows, 2, 6);
    expectClose(rank(p).values, hand.average.asc, 0);
  });

  it('rank of an all-NaN row is all NaN and leaves the other rows alone', () => {
    const p = Panel.fromRows([NaN, NaN, NaN, 2, 1, 2], 2, 3);
    // The row [2, 1, 2] by hand; pct divides by 3 valid values (dense: by its 2 distinct ones).
    const nanRowHand: Record<(typeof METHODS)[number], number[]> = {
      average: [2.5, 1, 2.5], min: [2, 1, 2], max: [3, 1, 3], first: [2, 1, 3], dense: [2, 1, 2],
    };
    for (const method of METHODS) {
      for (const pct of [false, true]) {
        for (const backend of BACKENDS) {
          const r = rank(p, { method, pct, backend }).values;
          expect(Array.from(r.subarray(0, 3)).every(Number.isNaN), `${method} ${backend}`).toBe(true);
          expectClose(r.subarray(3), pct ? nanRowHand[method].map((v) => v / (method === 'dense' ? 2 : 3)) : nanRowHand[method], 0, `${method} pct=${pct} ${backend}`);
        }
      }
    }
  });

  it('rank of a single series (Float64Array, one asset per row) is 1 where valid, NaN elsewhere', () => {
    const x = new Float64Array([5, NaN, -2, Infinity]);
    for (const method of METHODS) {
      for (const backend of BACKENDS) {
        const r = rank(x, { method, ascending: false, backend });
        expect(r).toBeInstanceOf(Float64Array);
        expectClose(r, [1, NaN, 1, 1], 0, `${method} ${backend}`);
        expectClose(rank(x, { method, pct: true, backend }), [1, NaN, 1, 1], 0, `${method} pct ${backend}`);
      }
    }
  });

  it('rank treats +/-Infinity as ordinary values (the largest and the smallest)', () => {
    const p = Panel.fromRows([Infinity, -Infinity, 0, NaN, Infinity], 1, 5);
    for (const backend of BACKENDS) {
      expectClose(rank(p, { backend }).values, [3.5, 1, 2, NaN, 3.5], 0, backend);
      expectClose(rank(p, { ascending: false, backend }).values, [1.5, 4, 3, NaN, 1.5], 0, backend);
      expectClose(rank(p, { method: 'dense', ascending: false, backend }).values, [1, 3, 2, NaN, 1], 0, backend);
    }
  });

  it('rank ties -0 with +0 (they are equal, as pandas compares them)', () => {
    const p = Panel.fromRows([0, -0, 1, -1, -0], 1, 5);
    for (const backend of BACKENDS) {
      expectClose(rank(p, { backend }).values, [3, 3, 5, 1, 3], 0, backend);
      expectClose(rank(p, { method: 'first', backend }).values, [2, 3, 5, 1, 4], 0, backend);
      expectClose(rank(p, { method: 'first', ascending: false, backend }).values, [2, 3, 1, 5, 4], 0, backend);
      expectClose(rank(p, { method: 'dense', backend }).values, [2, 2, 3, 1, 2], 0, backend);
    }
  });

  it("rank(x, {method: 'first', ascending: false}) still orders ties by column position (pandas)", () => {
    const p = Panel.fromRows([2, 5, 2, 5, 2], 1, 5);
    for (const backend of BACKENDS) {
      expectClose(rank(p, { method: 'first', ascending: false, backend }).values, [3, 1, 4, 2, 5], 0, backend);
    }
  });

  it('rank equals the brute-force ranking on 1000 random panels with many ties, every method, both backends', () => {
    const u = rng(2024);
    for (let c = 0; c < 1000; c++) {
      const nRows = 1 + Math.floor(u() * 4);
      // a third of the panels are wider than 32 columns (the radix path), the rest narrow
      const nCols = c % 3 === 0 ? 33 + Math.floor(u() * 28) : 1 + Math.floor(u() * 32);
      const nanRate = u() * 0.4;
      const levels = 1 + Math.floor(u() * 6); // small integer set: many ties
      const values = new Float64Array(nRows * nCols);
      for (let i = 0; i < values.length; i++) {
        const r = u();
        values[i] = r < nanRate ? NaN : u() < 0.03 ? (u() < 0.5 ? Infinity : -Infinity) : Math.floor(u() * levels) - 2;
      }
      checkAll(values, nRows, nCols, `case ${c} (${nRows} x ${nCols})`);
    }
  });

  it('rank sorts values that agree in their leading bits exactly (clusters 1 ulp apart, 200 columns)', () => {
    // Keys that share a long prefix collide in the radix prefix and are re-sorted on
    // their own range: clusters of values a few ulps apart around 1, 1e3 and -5.
    const u = rng(7);
    const bases = [1, 1e3, -5];
    for (let c = 0; c < 20; c++) {
      const nCols = 200;
      const values = new Float64Array(3 * nCols);
      for (let i = 0; i < values.length; i++) {
        const b = bases[Math.floor(u() * bases.length)];
        const ulp = Math.abs(b) * 2 ** -52;
        values[i] = u() < 0.05 ? NaN : b + ulp * Math.floor(u() * (c % 2 === 0 ? 8 : 1000));
      }
      checkAll(values, 3, nCols, `cluster case ${c}`);
    }
  });

  it('rank of continuous random values matches the brute force and is a permutation of 1..n', () => {
    const u = rng(99);
    const nRows = 5;
    const nCols = 300;
    const values = new Float64Array(nRows * nCols);
    for (let i = 0; i < values.length; i++) values[i] = u() < 0.1 ? NaN : (u() - 0.5) * 10 ** Math.floor(u() * 12 - 6);
    checkAll(values, nRows, nCols, 'continuous');
    const r = rank(Panel.fromRows(values, nRows, nCols), { method: 'first' });
    for (let t = 0; t < nRows; t++) {
      const got = Array.from(r.row(t)).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      expect(got).toEqual(got.map((_, i) => i + 1));
    }
  });

  it('rank does not modify its input', () => {
    const values = [3, 1, NaN, -0, 2, 2];
    const p = Panel.fromRows(values, 2, 3);
    for (const backend of BACKENDS) rank(p, { method: 'first', ascending: false, pct: true, backend }).free();
    expect(Array.from(p.values)).toEqual(values);
  });

  it('rank returns the kind it is given: Table (date column kept), Vector', () => {
    const dates = [new Date('2024-01-01'), new Date('2024-01-02')];
    const t = new Table({
      date: vectorFromArray(dates),
      a: vectorFromArray([1, 4], new Float64()),
      b: vectorFromArray([2, null], new Float64()),
      c: vectorFromArray([2, 3], new Float64()),
    });
    const r = rank(t, { ascending: false });
    expect(r.schema.fields.map((f) => f.name)).toEqual(['date', 'a', 'b', 'c']);
    expect(r.getChild('date')!.get(1)).toBe(dates[1].getTime());
    expect(Array.from(r.getChild('a')!.toArray() as Float64Array)).toEqual([3, 1]);
    expectClose(Array.from(r.getChild('b')!.toArray() as Float64Array), [1.5, NaN], 0);
    expect(Array.from(r.getChild('c')!.toArray() as Float64Array)).toEqual([1.5, 2]);
    const v = rank(makeVector(new Float64Array([2, NaN])), { pct: true });
    expectClose(Array.from(v.toArray() as Float64Array), [1, NaN], 0);
  });

  it('rank rejects bad options with an InputError naming them', () => {
    const p = Panel.fromRows([1, 2], 1, 2);
    expect(() => rank(p, { method: 'median' as never })).toThrow(InputError);
    expect(() => rank(p, { method: 'median' as never })).toThrow(/rank: method must be one of 'average', 'min', 'max', 'first', 'dense', got "median"/);
    expect(() => rank(p, { ascending: 'yes' as never })).toThrow(/rank: ascending must be true or false, got yes/);
    expect(() => rank(p, { ascending: 0 as never })).toThrow(InputError);
    expect(() => rank(p, { pct: 1 as never })).toThrow(/rank: pct must be true or false, got 1/);
    expect(() => rank(p, { axis: 1 } as never)).toThrow(InputError);
    expect(() => rank(p, { axis: 1 } as never)).toThrow(/rank: unknown option 'axis'; valid options are method, ascending, pct, backend/);
    expect(() => rank(p, { backend: 'gpu' as never })).toThrow(/rank: backend must be one of 'wasm', 'js'/);
  });
});
