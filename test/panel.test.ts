import { describe, expect, it } from 'vitest';
import {
  Table, Float64, Int32, Int64, Float32, Utf8, vectorFromArray, makeVector, tableFromIPC, tableToIPC, makeTable,
} from 'apache-arrow';
import { Panel, InputError } from '../src/index.js';

describe('Panel', () => {
  it('Panel.fromColumns stores time-major: row t holds every asset on date t', () => {
    const p = Panel.fromColumns({ a: [1, 2, 3], b: [10, 20, 30] });
    expect(Array.from(p.values)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(p.get(2, 'b')).toBe(30);
    expect(Array.from(p.row(1))).toEqual([2, 20]);
    expect(Array.from(p.column('a'))).toEqual([1, 2, 3]);
  });

  it('Panel.fromArrow reads nulls as NaN, honours slices and several chunks, and keeps the date column', () => {
    const dates = [1, 2, 3, 4, 5].map((d) => new Date(Date.UTC(2024, 0, d)));
    const a = vectorFromArray([1, null, 3, 4, 5], new Float64()).slice(1, 4); // [null, 3, 4]
    const b1 = vectorFromArray([7, 8], new Float64());
    const b2 = vectorFromArray([null], new Float64());
    const b = b1.concat(b2);
    const t = new Table({ px: a, date: vectorFromArray(dates.slice(0, 3)), b });
    const p = Panel.fromArrow(t);
    expect(p.columns).toEqual(['px', 'b']);
    expect(p.indexName).toBe('date');
    expect(Array.from(p.column('px'))).toEqual([NaN, 3, 4]);
    expect(Array.from(p.column('b'))).toEqual([7, 8, NaN]);
    expect(Array.from(p.dates())).toEqual(dates.slice(0, 3).map((d) => d.getTime()));
    const back = p.toArrow();
    expect(back.schema.fields.map((f) => f.name)).toEqual(['px', 'date', 'b']);
    expect(back.getChild('date')!.get(1)).toBe(dates[1].getTime());
    expect(Array.from(back.getChild('b')!.toArray() as Float64Array)).toEqual([7, 8, NaN]);
  });

  it('Panel.fromArrow casts integer and float32 columns to float64 (documented)', () => {
    const t = new Table({
      i: vectorFromArray([1, 2, null], new Int32()),
      l: vectorFromArray([10n, 20n, 30n], new Int64()),
      f: vectorFromArray([0.5, 1.5, 2.5], new Float32()),
    });
    const p = Panel.fromArrow(t);
    expect(Array.from(p.values)).toEqual([1, 10, 0.5, 2, 20, 1.5, NaN, 30, 2.5]);
  });

  it('Panel.fromArrow rejects a non-numeric column by name, and an empty universe', () => {
    const t = new Table({ a: vectorFromArray([1, 2], new Float64()), name: vectorFromArray(['x', 'y'], new Utf8()) });
    expect(() => Panel.fromArrow(t)).toThrow(InputError);
    expect(() => Panel.fromArrow(t)).toThrow(/column 'name' has type Utf8; asset columns must be numeric/);
    const onlyDates = new Table({ date: vectorFromArray([new Date(0)]) });
    expect(() => Panel.fromArrow(onlyDates)).toThrow(/no numeric asset columns \(empty universe\)/);
    expect(() => Panel.fromArrow(t, { index: 'when' })).toThrow(/no column 'when' for the index; columns are a, name/);
  });

  it('Panel round-trips through Arrow IPC bytes', () => {
    const p = Panel.fromColumns({ x: [1.5, NaN, -2], y: [0, 1e300, 3] }, { index: [0, 86400000, 172800000] });
    const t = tableFromIPC(tableToIPC(p.toArrow()));
    const q = Panel.fromArrow(t);
    expect(Array.from(q.values)).toEqual(Array.from(p.values));
    expect(Array.from(q.dates())).toEqual([0, 86400000, 172800000]);
    expect(q.columns).toEqual(['x', 'y']);
  });

  it('Panel rejects duplicate names, ragged columns and bad shapes with the reason', () => {
    expect(() => new Panel(2, 2, { columns: ['a', 'a'] })).toThrow(/duplicate column names: a/);
    expect(() => Panel.fromColumns({ a: [1, 2], b: [1] })).toThrow(/column b has 1 rows, column a has 2/);
    expect(() => Panel.fromRows([1, 2, 3], 2, 2)).toThrow(/3 values for 2 x 2 = 4 cells/);
    expect(() => new Panel(3, 0)).toThrow(/universe is empty/);
    expect(() => Panel.fromColumns({ a: [1, 2] }, { index: [1] })).toThrow(/index has 1 dates for 2 rows/);
    expect(() => Panel.fromColumns({ a: [1] }).column('zz')).toThrow(/no column 'zz'; columns are a/);
  });

  it('makeTable and makeVector inputs work as in the Arrow docs', () => {
    const t = makeTable({ a: new Float64Array([1, 2]) });
    expect(Array.from(Panel.fromArrow(t).values)).toEqual([1, 2]);
    expect(makeVector(new Float64Array([1])).length).toBe(1);
  });

  it('Panel.view / Panel.fromShared borrow memory through the private factory; the public constructor always allocates', () => {
    const owner = Panel.fromRows([1, 2, 3, 4, 5, 6], 3, 2);
    const view = Panel.fromShared({ byteOffset: owner.ptr, nRows: 3, nCols: 2 }, { columns: ['a', 'b'] });
    expect(view.owned).toBe(false);
    expect(view.ptr).toBe(owner.ptr);
    expect(Array.from(view.values)).toEqual([1, 2, 3, 4, 5, 6]);
    // A fifth argument that is not the module's own token (a forged { ptr }) is ignored:
    // the panel allocates its own block, and the next panel is not a view either.
    const Forge = Panel as unknown as new (r: number, c: number, l: object, i: number, b: object) => Panel;
    const forged = new Forge(3, 2, {}, 0, { ptr: owner.ptr });
    expect(forged.owned).toBe(true);
    expect(forged.ptr).not.toBe(owner.ptr);
    const next = new Panel(1, 1);
    expect(next.owned).toBe(true);
    for (const p of [next, forged, view, owner]) p.free();
  });
});
