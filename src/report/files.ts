/** Writing report artefacts: JSON with typed arrays, Arrow IPC tables. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Float64, Table, TimestampMillisecond, makeData, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';

/**
 * Writes `value` as pretty JSON: typed arrays become plain arrays and NaN / +-Infinity
 * become null (JSON has no NaN). Creates the parent folder. Returns the path.
 */
export function writeJson(path: string, value: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  const text = JSON.stringify(value, (_key, v) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  }, 1);
  writeFileSync(path, `${text}\n`);
  return path;
}

/** A Float64 Arrow vector over a copy of `values` (NaN kept as NaN, not null). */
export function float64Vector(values: ArrayLike<number>): Vector {
  const data = Float64Array.from(values);
  return makeVector(makeData({ type: new Float64(), length: data.length, nullCount: 0, data }));
}

/** A millisecond timestamp vector (UTC) from epoch ms. */
export function timestampVector(ms: ArrayLike<number>): Vector {
  return vectorFromArray(Array.from(ms), new TimestampMillisecond());
}

/**
 * An Arrow Table of named float64 columns, with a leading `date` timestamp column when
 * `dates` is non-empty. All columns must have the same length.
 */
export function seriesTable(columns: Record<string, ArrayLike<number>>, dates?: ArrayLike<number>): Table {
  const entries: [string, Vector][] = [];
  if (dates && dates.length > 0) entries.push(['date', timestampVector(dates)]);
  for (const [name, values] of Object.entries(columns)) entries.push([name, float64Vector(values)]);
  return new Table(Object.fromEntries(entries));
}

/** Writes a Table as an Arrow IPC file (readable by `tableFromIPC`, pyarrow, polars). Returns the path. */
export function writeArrow(path: string, table: Table): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, tableToIPC(table, 'file'));
  return path;
}
