import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DateDay, DateMillisecond, Dictionary, Float64, Int32, Table, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond,
  TimestampSecond, makeData, makeVector, tableToIPC, vectorFromArray, type DataType,
} from 'apache-arrow';
import { Panel, dualMomentum, loadPanelFile, readPanelFile, tsm } from '../src/index.js';
import { encodeParquet } from '../src/io/parquet.js';
import { readOptions } from '../src/cli/dataFile.js';
import { errorOf, rng } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'xmom-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string): string => join(dir, name);
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** A table with a Date32 column `date` (null where the date is null) and Float64 columns A, B. */
function dated(dates: readonly (string | null)[], a: readonly number[], b: readonly number[]): Table {
  return new Table({
    date: vectorFromArray(dates.map((d) => (d === null ? null : new Date(day(d)))), new DateDay()),
    A: vectorFromArray(a, new Float64()),
    B: vectorFromArray(b, new Float64()),
  });
}

// Regression: newest-first Arrow files were read as they came, and tsm / dualMomentum ran on reversed time.
const REVERSED = dated(['2024-01-05', '2024-01-04', '2024-01-03', '2024-01-02', '2024-01-01'], [105, 104, 103, 102, 101], [55, 54, 53, 52, 51]);

describe('Panel.fromArrow dates', () => {
  it('Panel.fromArrow refuses a table whose dates go backwards, naming the row, as readCsv does', () => {
    const msg = errorOf(() => Panel.fromArrow(REVERSED));
    expect(msg).toContain("Panel.fromArrow: column 'date': row 1: date 2024-01-04 is not after 2024-01-05 (row 0)");
    expect(msg).toContain("dates must be ascending, or pass order 'sort' or 'descending'");
  });

  it('tsm and dualMomentum refuse prices given as a table with reversed dates', () => {
    expect(errorOf(() => tsm(REVERSED))).toContain('is not after');
    expect(errorOf(() => dualMomentum(REVERSED))).toContain('is not after');
  });

  it("Panel.fromArrow with order 'descending' reverses a newest-first table, each row keeping its values", () => {
    const p = Panel.fromArrow(REVERSED, { order: 'descending' });
    expect(Array.from(p.dates())).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].map(day));
    expect(Array.from(p.column('A'))).toEqual([101, 102, 103, 104, 105]);
    expect(Array.from(p.column('B'))).toEqual([51, 52, 53, 54, 55]);
    // written back, the index keeps its name and the ascending dates
    const back = Panel.fromArrow(p.toArrow());
    expect(Array.from(back.dates())).toEqual(Array.from(p.dates()));
    p.free();
    back.free();
  });

  it("Panel.fromArrow with order 'sort' matches a brute-force sort of shuffled rows", () => {
    const u = rng(12);
    const T = 200;
    const ms = Array.from({ length: T }, (_, t) => day('2020-01-01') + t * 86_400_000);
    const perm = ms.map((_, t) => t);
    for (let i = T - 1; i > 0; i--) {
      const k = Math.floor(u() * (i + 1));
      [perm[i], perm[k]] = [perm[k], perm[i]];
    }
    const a = perm.map((t) => t * 1.5);
    const table = new Table({
      A: vectorFromArray(a, new Float64()),
      when: makeVector(makeData({ type: new TimestampMillisecond(), length: T, nullCount: 0, data: BigInt64Array.from(perm, (t) => BigInt(ms[t])) })),
    });
    const p = Panel.fromArrow(table, { order: 'sort' });
    expect(Array.from(p.dates())).toEqual(ms);
    expect(Array.from(p.column('A'))).toEqual(ms.map((_, t) => t * 1.5));
    p.free();
  });

  it("Panel.fromArrow with order 'sort' reads Date(day), Date(ms) and Timestamp(s, ms, us, ns) columns, sliced and chunked, as epoch ms", () => {
    const ms = [3, 0, 4, 1, 2].map((k) => day('2024-03-01') + k * 86_400_000);
    const types: DataType[] = [new DateDay(), new DateMillisecond(), new TimestampSecond(), new TimestampMillisecond(), new TimestampMicrosecond(), new TimestampNanosecond()];
    for (const type of types) {
      // an extra first row, sliced off (offset 1), and the column split in two chunks
      const whole = vectorFromArray([day('1999-01-01'), ...ms].map((d) => new Date(d)), type);
      const chunked = whole.slice(1, 3).concat(whole.slice(3));
      const table = new Table({ date: chunked, A: vectorFromArray([30, 0, 40, 10, 20], new Float64()) });
      const p = Panel.fromArrow(table, { order: 'sort' });
      expect(Array.from(p.dates()), String(type)).toEqual([...ms].sort((a, b) => a - b));
      expect(Array.from(p.column('A')), String(type)).toEqual([0, 10, 20, 30, 40]);
      p.free();
    }
  });

  it('Panel.fromArrow finds null dates behind a slice offset and across chunks', () => {
    const whole = vectorFromArray([null, new Date(day('2024-01-01')), null, new Date(day('2024-01-03'))], new TimestampMillisecond());
    const chunked = whole.slice(1, 2).concat(whole.slice(2));
    const table = new Table({ date: chunked, A: vectorFromArray([1, 2, 3], new Float64()) });
    expect(errorOf(() => Panel.fromArrow(table))).toContain('1 missing (null) date, at row 1 (0-based)');
  });

  it('Panel.fromArrow refuses duplicate dates, listing their rows', () => {
    const t = dated(['2024-01-01', '2024-01-02', '2024-01-02', '2024-01-03'], [1, 2, 3, 4], [1, 2, 3, 4]);
    expect(errorOf(() => Panel.fromArrow(t, { order: 'sort' }))).toContain('duplicate dates: 2024-01-02 (rows 1, 2)');
  });

  it('Panel.fromArrow refuses null dates instead of reading them as 1970-01-01', () => {
    const t = dated(['2024-01-01', '2024-01-02', null, '2024-01-04', null], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]);
    expect(errorOf(() => Panel.fromArrow(t))).toContain("the date column 'date' has 2 missing (null) dates, at rows 2, 4 (0-based)");
  });

  it('Panel.fromArrow takes a dictionary-encoded date column as the index and checks its order', () => {
    const dictionary = vectorFromArray(['2024-01-01', '2024-01-02', '2024-01-03'].map((d) => new Date(day(d))), new DateDay());
    const column = (idx: number[]) => makeVector(makeData({ type: new Dictionary(new DateDay(), new Int32()), length: idx.length, nullCount: 0, data: Int32Array.from(idx), dictionary }));
    const ok = Panel.fromArrow(new Table({ d: column([0, 1, 2]), A: vectorFromArray([1, 2, 3], new Float64()) }));
    expect(ok.indexName).toBe('d');
    expect(Array.from(ok.dates())).toEqual(['2024-01-01', '2024-01-02', '2024-01-03'].map(day));
    ok.free();
    const bad = new Table({ d: column([0, 2, 1]), A: vectorFromArray([1, 2, 3], new Float64()) });
    expect(errorOf(() => Panel.fromArrow(bad))).toContain('row 2: date 2024-01-02 is not after 2024-01-03 (row 1)');
  });
});

describe('readPanelFile dates', () => {
  it('readPanelFile refuses a reversed Arrow file naming the file and row, and reads it with order descending', () => {
    const path = file('reversed.arrow');
    writeFileSync(path, tableToIPC(REVERSED, 'file'));
    const msg = errorOf(() => readPanelFile(path));
    expect(msg).toContain(path);
    expect(msg).toContain('row 1: date 2024-01-04 is not after 2024-01-05 (row 0)');
    const p = readPanelFile(path, { order: 'descending' });
    expect(Array.from(p.column('A'))).toEqual([101, 102, 103, 104, 105]);
    p.free();
  });

  it('readPanelFile refuses a Parquet file with a null date', () => {
    const path = file('null-date.parquet');
    writeFileSync(path, encodeParquet(dated(['2024-01-01', null, '2024-01-03'], [1, 2, 3], [4, 5, 6])));
    const msg = errorOf(() => readPanelFile(path));
    expect(msg).toContain(path);
    expect(msg).toContain("the date column 'date' has 1 missing (null) date, at row 1 (0-based)");
  });

  it('readPanelFile refuses a Feather file with duplicate dates', () => {
    const path = file('dup.feather');
    writeFileSync(path, tableToIPC(dated(['2024-01-01', '2024-01-01', '2024-01-02'], [1, 2, 3], [4, 5, 6]), 'file'));
    expect(errorOf(() => loadPanelFile(path))).toContain('duplicate dates: 2024-01-01 (rows 0, 1)');
  });

  it('readOptions passes --order to the Arrow / Parquet reader as well as to the CSV reader', () => {
    const o = readOptions({ order: 'descending' });
    expect(o.order).toBe('descending');
    expect(o.csv?.order).toBe('descending');
  });
});
