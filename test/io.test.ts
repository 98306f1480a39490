import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, tableFromIPC, tableToIPC } from 'apache-arrow';
import {
  InputError, Panel, inspectPanel, loadPanelFile, readLongCsv, readLongCsvFile, readPanelFile, writePanelFile,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'xmom-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string): string => join(dir, name);
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** 6 daily rows, 3 assets: leading NaNs, a hole, awkward values and names. */
function samplePanel(): Panel {
  const dates = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06'].map(day);
  return Panel.fromColumns({
    'BTC-USD': [42000.5, 42100.25, NaN, 0.1 + 0.2, 1e-300, 123456789.123456789],
    'a,b "q"': [NaN, NaN, 3, 4, 5.5, 6],
    ETH: [1 / 3, 2 / 3, 2200, -1.5e10, 7, NaN],
  }, { index: dates, indexName: 'date' });
}

function expectSamePanel(got: Panel, want: Panel): void {
  expect(got.columns).toEqual(want.columns);
  expect(got.indexName).toBe(want.indexName);
  expect(Array.from(got.dates())).toEqual(Array.from(want.dates()));
  // toEqual compares numbers with Object.is: NaN matches NaN, every other bit must match.
  expect(Array.from(got.values)).toEqual(Array.from(want.values));
}

describe('writePanelFile / readPanelFile', () => {
  for (const ext of ['csv', 'arrow', 'feather', 'ipc', 'arrows', 'parquet']) {
    it(`readPanelFile(writePanelFile(panel, '*.${ext}')) gives back the same values, NaNs, dates and names`, () => {
      const p = samplePanel();
      const path = file(`round.${ext}`);
      writePanelFile(p, path);
      expectSamePanel(readPanelFile(path), p);
    });
  }

  it('writePanelFile writes the Arrow IPC file format for .arrow and the stream format for .arrows', () => {
    const p = samplePanel();
    writePanelFile(p, file('f.arrow'));
    writePanelFile(p, file('s.arrows'));
    const fileBytes = readFileSync(file('f.arrow'));
    expect(fileBytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    expect(readFileSync(file('s.arrows')).subarray(0, 6).toString('latin1')).not.toBe('ARROW1');
    const t = tableFromIPC(fileBytes);
    expect(DataType.isTimestamp(t.schema.fields[0].type)).toBe(true);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['date', 'BTC-USD', 'a,b "q"', 'ETH']);
  });

  it('writePanelFile keeps -0 and 1e308 through Arrow and Parquet bit for bit', () => {
    const p = Panel.fromColumns({ x: [-0, 1e308, 5e-324] }, { index: [0, 1, 2].map((d) => d * 86400000) });
    for (const ext of ['arrow', 'parquet']) {
      writePanelFile(p, file(`bits.${ext}`));
      const q = readPanelFile(file(`bits.${ext}`));
      expect(Object.is(q.get(0, 0), -0)).toBe(true);
      expect(q.get(1, 0)).toBe(1e308);
      expect(q.get(2, 0)).toBe(5e-324);
    }
  });

  it('writePanelFile(panel, *.parquet, { compression }) round-trips with zstd and uncompressed, and rejects other codecs', () => {
    const p = samplePanel();
    for (const compression of ['zstd', 'uncompressed'] as const) {
      writePanelFile(p, file(`c-${compression}.parquet`), { compression });
      expectSamePanel(readPanelFile(file(`c-${compression}.parquet`)), p);
    }
    expect(() => writePanelFile(p, file('c.parquet'), { compression: 'lz4' as never })).toThrow(/compression must be one of 'snappy', 'zstd', 'uncompressed'/);
    expect(() => writePanelFile(p, file('c.parquet'), { compresion: 'zstd' } as never)).toThrow(/unknown option 'compresion'/);
  });

  it('writePanelFile writes a panel without dates to Arrow but refuses CSV, and refuses infinities in CSV', () => {
    const p = Panel.fromColumns({ a: [1, 2] });
    writePanelFile(p, file('nodates.arrow'));
    const q = readPanelFile(file('nodates.arrow'));
    expect(q.index).toBeNull();
    expect(Array.from(q.values)).toEqual([1, 2]);
    expect(() => writePanelFile(p, file('nodates.csv'))).toThrow(/no dates; a wide CSV needs a date column/);
    const inf = Panel.fromColumns({ a: [1, Infinity] }, { index: [0, 86400000] });
    expect(() => writePanelFile(inf, file('inf.csv'))).toThrow(/row 1 \(1970-01-02\), column 'a' is Infinity/);
  });

  it('readPanelFile reports a missing file, an unknown extension and a corrupt file in plain words', () => {
    const missing = file('nope.csv');
    expect(() => readPanelFile(missing)).toThrow(InputError);
    expect(() => readPanelFile(missing)).toThrow(`readPanelFile: no such file: ${missing}`);
    writeFileSync(file('x.xlsx'), 'zz');
    expect(() => readPanelFile(file('x.xlsx'))).toThrow(/cannot tell the format of .*x\.xlsx.* from its extension '\.xlsx'/);
    writeFileSync(file('bad.parquet'), 'not parquet at all');
    expect(() => readPanelFile(file('bad.parquet'))).toThrow(/bad\.parquet is not a readable Parquet file/);
    writeFileSync(file('bad.arrow'), 'not arrow either, just text');
    expect(() => readPanelFile(file('bad.arrow'))).toThrow(/bad\.arrow is not a readable Arrow IPC file or stream/);
    expect(() => writePanelFile(samplePanel(), join(dir, 'no-such-dir', 'p.csv'))).toThrow(/its directory does not exist/);
  });

  it('readPanelFile refuses a long Arrow table with the reason', () => {
    const { table } = readLongCsv('date,symbol,close\n2024-01-01,A,1\n');
    writeFileSync(file('long.arrow'), tableToIPC(table, 'file'));
    expect(() => readPanelFile(file('long.arrow'))).toThrow(/long\.arrow has a 'symbol' column: it looks like a long table/);
  });

  it('readPanelFile names the file, line and column of a bad cell in a wide CSV', () => {
    const path = file('wide-bad.csv');
    writeFileSync(path, 'date,A,B\n2024-01-01,1,2\n2024-01-02,3,x7\n');
    expect(() => readPanelFile(path)).toThrow(`readCsv: ${path}, line 3, column 'B': 'x7' is not a number`);
  });

  it('loadPanelFile counts rows, blank lines and missing cells of a wide CSV', () => {
    const path = file('wide.csv');
    writeFileSync(path, 'date,A,B\n2024-01-01,1,\n\n2024-01-02,NA,4\n2024-01-03,5,6\n');
    const { panel, report } = loadPanelFile(path);
    expect(panel.nRows).toBe(3);
    expect(report).toMatchObject({
      source: path, format: 'csv', layout: 'wide', rowsRead: 3, rowsUsed: 3, blankLines: 1, missing: { A: 1, B: 1 }, dates: 3,
    });
  });

  it('loadPanelFile reads a CSV with a symbol column as long and pivots close', () => {
    const path = file('long.csv');
    writeFileSync(path, 'date,symbol,close\n2024-01-02,B,20\n2024-01-01,A,1\n2024-01-02,A,2\n');
    const { panel, report } = loadPanelFile(path);
    expect(report.layout).toBe('long');
    expect(panel.columns).toEqual(['A', 'B']);
    expect(Array.from(panel.values)).toEqual([1, NaN, 2, 20]);
    expect(() => readPanelFile(path, { layout: 'wide' })).toThrow(/line 2, column 'symbol': 'B' is not a number/);
  });
});

describe('readLongCsv', () => {
  const text = [
    'date,symbol,close,market_cap,volume,sector',
    '2024-01-03,AAA,12,1200,10,tech',
    '2024-01-01,BBB,50,5000,,energy',
    '',
    '2024-01-02,AAA,11,1100,20,tech',
    '2024-01-03,BBB,NA,5100,30,energy',
    '2024-01-02,BBB,51,5050,40,energy',
  ].join('\n');

  it('readLongCsv(text, { value: close }) pivots like pandas: dates ascending, symbols sorted, gaps NaN', () => {
    const { panel, report } = readLongCsv(text, { value: 'close', file: 'p.csv' });
    expect(panel.columns).toEqual(['AAA', 'BBB']);
    expect(Array.from(panel.dates())).toEqual(['2024-01-01', '2024-01-02', '2024-01-03'].map(day));
    // By hand: AAA has no row on 01-01; BBB's close on 01-03 is NA.
    expect(Array.from(panel.values)).toEqual([NaN, 50, 11, 51, 12, NaN]);
    expect(report).toMatchObject({
      source: 'p.csv', layout: 'long', rowsRead: 5, rowsUsed: 4, blankLines: 1, dates: 3, symbols: 2,
      columnsUsed: ['date', 'symbol', 'close', 'market_cap', 'volume'], columnsIgnored: ['sector'],
      missing: { close: 1, market_cap: 0, volume: 1 },
    });
    expect(report.notes.join(' | ')).toMatch(/the rows are not in date order \(the date goes back 2 times\); they were sorted by \(date, symbol\)/);
    expect(report.notes.join(' | ')).toMatch(/1 row has no close \(missing\)/);
    expect(report.notes.join(' | ')).toMatch(/ignored column 'sector'/);
  });

  it('readLongCsv(text, { value: market_cap }) pivots another field', () => {
    const { panel } = readLongCsv(text, { value: 'market_cap' });
    expect(Array.from(panel.values)).toEqual([NaN, 5000, 1100, 5050, 1200, 5100]);
  });

  it('readLongCsv(text) returns the rows as a table sorted by (date, symbol) with dollar_volume = close * volume', () => {
    const { table, report } = readLongCsv(text);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['date', 'symbol', 'close', 'market_cap', 'volume', 'dollar_volume']);
    expect(DataType.isTimestamp(table.schema.fields[0].type)).toBe(true);
    const col = (name: string): unknown[] => Array.from({ length: table.numRows }, (_, r) => table.getChild(name)!.get(r));
    expect(col('date')).toEqual(['2024-01-01', '2024-01-02', '2024-01-02', '2024-01-03', '2024-01-03'].map(day));
    expect(col('symbol')).toEqual(['BBB', 'AAA', 'BBB', 'AAA', 'BBB']);
    expect(col('close')).toEqual([50, 11, 51, 12, NaN]);
    expect(col('market_cap')).toEqual([5000, 1100, 5050, 1200, 5100]);
    expect(col('dollar_volume')).toEqual([NaN, 220, 2040, 120, NaN]);
    expect(report.rowsUsed).toBe(5);
    expect(report.notes.join(' | ')).toMatch(/dollar_volume = close \* volume/);
  });

  it('readLongCsv reads M/D/YYYY, epoch seconds and epoch milliseconds dates (auto-detected)', () => {
    const jan2 = day('2024-01-02');
    // '1/13/2024': a slash date must be unambiguous for auto (a lone '1/2/2024' is refused, see test/dates.test.ts)
    for (const [cell, fmt, ms] of [['1/13/2024', 'mdy', day('2024-01-13')], [String(jan2 / 1000), 'epoch-s', jan2], [String(jan2), 'epoch-ms', jan2]] as const) {
      const { panel } = readLongCsv(`date,symbol,close\n${cell},X,1\n`, { value: 'close' });
      expect(Array.from(panel.dates()), fmt).toEqual([ms]);
      const forced = readLongCsv(`date,symbol,close\n${cell},X,1\n`, { value: 'close', dateFormat: fmt });
      expect(Array.from(forced.panel.dates()), fmt).toEqual([ms]);
    }
  });

  it('readLongCsv reads cells listed in naValues as missing, even a number-like sentinel', () => {
    const { panel, report } = readLongCsv('date,symbol,close\n2024-01-01,A,-999\n2024-01-02,A,5\n', { value: 'close', naValues: ['-999', ''] });
    expect(Array.from(panel.values)).toEqual([NaN, 5]);
    expect(report.missing).toEqual({ close: 1 });
    expect(() => readLongCsv('date,symbol,close\n2024-01-01,A,NA\n', { value: 'close', naValues: ['-999'] }))
      .toThrow("line 2, column 'close': 'NA' is not a number (missing values are '-999')");
  });

  it('readLongCsv maps renamed columns and matches header names case-insensitively', () => {
    const { panel } = readLongCsv('Date,Ticker,Close\n2024-01-01,X,3\n', { value: 'close', columns: { symbol: 'Ticker' } });
    expect(panel.columns).toEqual(['X']);
    expect(panel.get(0, 0)).toBe(3);
  });

  it('readLongCsv names file, line and column of every bad cell', () => {
    const o = { file: 'prices.csv', value: 'close' as const };
    const h = 'date,symbol,close\n';
    expect(() => readLongCsv(`${h}2024-01-01,A,1\n2024-01-02,A,abc\n`, o)).toThrow(InputError);
    expect(() => readLongCsv(`${h}2024-01-01,A,1\n2024-01-02,A,abc\n`, o))
      .toThrow("readLongCsv: prices.csv, line 3, column 'close': 'abc' is not a number");
    expect(() => readLongCsv(`${h}2024-01-01,A,1\n\n2024-13-02,A,2\n`, o))
      .toThrow("readLongCsv: prices.csv, line 4, column 'date': '2024-13-02' is not a valid iso date");
    expect(() => readLongCsv(`${h}2024-01-01,,1\n`, o)).toThrow("prices.csv, line 2, column 'symbol': the symbol is missing");
    expect(() => readLongCsv(`${h}2024-01-01,A,-1\n`, o)).toThrow("prices.csv, line 2, column 'close': -1 is negative");
    expect(() => readLongCsv(`${h}2024-01-01,A\n`, o)).toThrow('prices.csv, line 2 has 2 fields, the header has 3');
    expect(() => readLongCsv(`${h}2024-01-01,"A,1\n`, o)).toThrow('prices.csv, line 2 has an unclosed quote');
    expect(() => readLongCsv('date,close\n2024-01-01,1\n', o)).toThrow(/prices\.csv, no 'symbol' column; columns are 'date', 'close'/);
    expect(() => readLongCsv(`${h}`, o)).toThrow(/no data rows after the header \(line 1\)/);
    expect(() => readLongCsv(`${h}2024-01-01,A,1\n`, { value: 'close', colums: {} } as never)).toThrow(/unknown option 'colums'/);
    expect(() => readLongCsv(`${h}2024-01-01,A,1\n`, { value: 'price' as never })).toThrow(/value must be one of 'close'/);
  });

  it('readLongCsv lists every duplicate (date, symbol) with its lines', () => {
    const t = 'date,symbol,close\n2024-01-01,A,1\n2024-01-01,B,1\n2024-01-02,A,1\n2024-01-01,A,2\n2024-01-02,A,3\n';
    expect(() => readLongCsv(t, { file: 'd.csv', value: 'close' }))
      .toThrow('readLongCsv: d.csv, 2 duplicate (date, symbol) rows: 2024-01-01 A (lines 2, 5); 2024-01-02 A (lines 4, 6)');
  });

  it('readLongCsvFile reads a file into a table and puts the path in errors', () => {
    const path = file('rows.csv');
    writeFileSync(path, 'date,symbol,close,market_cap\n2024-01-31,A,10,100\n2024-01-31,B,x,1\n');
    expect(() => readLongCsvFile(path)).toThrow(`readLongCsv: ${path}, line 3, column 'close': 'x' is not a number`);
    writeFileSync(path, 'date,symbol,close,market_cap\n2024-01-31,A,10,100\n');
    const { table } = readLongCsvFile(path);
    expect(table.numRows).toBe(1);
    expect(table.getChild('market_cap')!.get(0)).toBe(100);
    expect(() => readLongCsvFile(file('absent.csv'))).toThrow(/no such file: .*absent\.csv/);
  });
});

describe('inspectPanel', () => {
  it('inspectPanel(business-day panel) finds the missing weekday and the leading NaNs', () => {
    // Mon 2024-01-01 .. Fri 2024-01-12 without Wed 01-10: 9 rows.
    const days = ['01', '02', '03', '04', '05', '08', '09', '11', '12'].map((d) => day(`2024-01-${d}`));
    const late = [NaN, NaN, NaN, 4, 5, NaN, 7, 8, NaN];
    const p = Panel.fromColumns({ A: days.map((_, i) => i + 1), L: late }, { index: days });
    const r = inspectPanel(p);
    expect(r).toMatchObject({
      rows: 9, columns: 2, start: '2024-01-01', end: '2024-01-12', sorted: true, duplicateDates: 0,
      calendar: 'business-day', periodsPerYear: 252, stepMs: 86400000, gaps: { count: 1, first: ['2024-01-10'] }, nanCells: 5,
    });
    expect(r.nans[0]).toEqual({ column: 'A', count: 0, leading: 0, inner: 0, trailing: 0, firstValid: '2024-01-01', lastValid: '2024-01-12', firstValidRow: 0, lastValidRow: 8 });
    expect(r.nans[1]).toEqual({ column: 'L', count: 5, leading: 3, inner: 1, trailing: 1, firstValid: '2024-01-04', lastValid: '2024-01-11', firstValidRow: 3, lastValidRow: 7 });
  });

  it('inspectPanel(7-day panel) counts every missing calendar day', () => {
    // 2024-02-26 .. 2024-03-10 daily (leap year), without 02-29, 03-01 and 03-05.
    const all: number[] = [];
    for (let ms = day('2024-02-26'); ms <= day('2024-03-10'); ms += 86400000) all.push(ms);
    const drop = new Set(['2024-02-29', '2024-03-01', '2024-03-05'].map(day));
    const dates = all.filter((d) => !drop.has(d));
    const p = Panel.fromColumns({ BTC: dates.map(() => 1) }, { index: dates });
    const r = inspectPanel(p);
    expect(r.calendar).toBe('7-day');
    expect(r.periodsPerYear).toBe(365);
    expect(r.gaps).toEqual({ count: 3, first: ['2024-02-29', '2024-03-01', '2024-03-05'] });
  });

  it('inspectPanel(monthly panel) lists missing months, and an all-NaN column has no valid dates', () => {
    // Spacings 30, 31, 30, 62, 29, 92, 30 days: median 30, monthly.
    const dates = ['2023-08-31', '2023-09-30', '2023-10-31', '2023-11-30', '2024-01-31', '2024-02-29', '2024-05-31', '2024-06-30'].map(day);
    const p = Panel.fromColumns({ A: dates.map((_, i) => i), Z: dates.map(() => NaN) }, { index: dates });
    const r = inspectPanel(p);
    expect(r.calendar).toBe('monthly');
    expect(r.gaps).toEqual({ count: 3, first: ['2023-12', '2024-03', '2024-04'] });
    expect(r.nans[1]).toEqual({ column: 'Z', count: 8, leading: 8, inner: 0, trailing: 0, firstValid: null, lastValid: null, firstValidRow: null, lastValidRow: null });
  });

  it('inspectPanel reports unsorted and repeated dates, and a panel without dates', () => {
    const p = Panel.fromColumns({ A: [1, 2, 3] }, { index: [day('2024-01-02'), day('2024-01-01'), day('2024-01-02')] });
    const r = inspectPanel(p);
    expect(r.sorted).toBe(false);
    expect(r.duplicateDates).toBe(1);
    expect(r.start).toBe('2024-01-01');
    expect(r.end).toBe('2024-01-02');
    const n = inspectPanel(Panel.fromColumns({ A: [NaN, 1] }));
    expect(n).toMatchObject({ calendar: 'none', start: null, gaps: null, periodsPerYear: null });
    expect(n.nans[0]).toMatchObject({ count: 1, leading: 1, firstValid: null, firstValidRow: 1 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('inspectPanel(hourly panel) is intraday with a gap of two hours', () => {
    const h = 3600000;
    const dates = [0, 1, 2, 5, 6, 7, 8].map((k) => day('2024-01-01') + k * h);
    const r = inspectPanel(Panel.fromColumns({ A: dates.map(() => 1) }, { index: dates }));
    expect(r.calendar).toBe('intraday');
    expect(r.stepMs).toBe(h);
    expect(r.periodsPerYear).toBe(8760);
    expect(r.gaps).toEqual({ count: 2, first: ['2024-01-01T03:00:00.000Z', '2024-01-01T04:00:00.000Z'] });
  });
});
