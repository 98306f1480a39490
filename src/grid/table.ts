/**
 * The results table of a grid: one row per finished point (in point order), columns
 * `point` (Int32), one per parameter (Int32 for integer parameters, Float64 for numbers,
 * dictionary-encoded Utf8 for names, Bool for flags, JSON text for list parameters),
 * one Float64 column per metric (GRID_METRICS), `ruined` (Bool: the point's book lost
 * everything, its equity absorbed at 0; false for failed points) and `error` (Utf8, null
 * when the point succeeded; its metrics are then NaN).
 */
import {
  Bool, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, vectorFromArray, type Vector,
} from 'apache-arrow';
import type { ExpandedGrid } from './expand.js';
import { STATUS } from './executor.js';
import { GRID_METRICS } from './reduce.js';

function f64(values: Float64Array): Vector {
  return makeVector(makeData({ type: new Float64(), length: values.length, nullCount: 0, data: values }));
}

function i32(values: Int32Array): Vector {
  return makeVector(makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values }));
}

const encoder = new TextEncoder();

/** A Utf8 vector of `texts` (no nulls), its offsets and bytes laid out directly (vectorFromArray's builders cost ~1 ms a grid). */
function utf8(texts: readonly string[]): Vector<Utf8> {
  const bytes = texts.map((t) => encoder.encode(t));
  const offsets = new Int32Array(texts.length + 1);
  for (let k = 0; k < bytes.length; k++) offsets[k + 1] = offsets[k] + bytes[k].length;
  const data = new Uint8Array(offsets[texts.length]);
  for (let k = 0; k < bytes.length; k++) data.set(bytes[k], offsets[k]);
  return makeVector(makeData({ type: new Utf8(), length: texts.length, nullCount: 0, valueOffsets: offsets, data }));
}

/** Point ids of the finished points (ok or failed), ascending. */
export function finishedPoints(status: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < status.length; i++) if (status[i] === STATUS.ok || status[i] === STATUS.failed) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < status.length; i++) if (status[i] === STATUS.ok || status[i] === STATUS.failed) out[k++] = i;
  return out;
}

/**
 * The dictionary type and values of each text axis, shared by every table built with the
 * same cache: the batches of one streamed Arrow file must carry one dictionary (an IPC
 * file cannot replace it) under one schema.
 */
export type DictionaryCache = Map<number, { type: Dictionary<Utf8, Int32>; dictionary: Vector<Utf8> }>;

/**
 * Column buffers reused from one table to the next (the result writer's batches): a table
 * built with a scratch is valid only until the next `buildTable` with the same scratch.
 * Without one, every table owns new buffers. (Each batch's new buffers were freed only
 * when V8 next collected, which a main thread that allocates little seldom does: ~8 MB
 * of dead batch columns on G100k.)
 */
export class TableScratch {
  readonly #buffers = new Map<string, Int32Array | Float64Array | Uint8Array>();

  get<T extends Int32Array | Float64Array | Uint8Array>(key: string, make: new (n: number) => T, n: number): T {
    let b = this.#buffers.get(key) as T | undefined;
    if (b === undefined || b.length < n || b.constructor !== make) {
      b = new make(Math.max(n, 16));
      this.#buffers.set(key, b);
    }
    return b.subarray(0, n) as T;
  }
}

/** `metrics`: the store, metric-major (N_METRICS x grid.count). */
export function buildTable(
  grid: ExpandedGrid, rows: Int32Array, metrics: Float64Array, errors: ReadonlyMap<number, string>, ruinedRow: Int32Array,
  dictionaries: DictionaryCache = new Map(), scratch: TableScratch | null = null,
): Table {
  const n = rows.length;
  const buf = <T extends Int32Array | Float64Array | Uint8Array>(key: string, make: new (k: number) => T, k: number): T => {
    if (scratch === null) return new make(k);
    const b = scratch.get(key, make, k);
    b.fill(0);
    return b;
  };
  const point = buf('point', Int32Array, n);
  point.set(rows);
  const cols: Record<string, Vector> = { point: i32(point) };
  grid.spec.axes.forEach((axis, a) => {
    const kind = axis.def.kind;
    // Costs are a number column while every value is a number (a per-asset map makes it text).
    const numeric = kind === 'costBps' && axis.values.every((v) => typeof v === 'number');
    if (kind === 'int' || kind === 'number' || numeric) {
      const v = kind === 'int' ? buf(`axis ${a}`, Int32Array, n) : buf(`axis ${a}`, Float64Array, n);
      for (let r = 0; r < n; r++) v[r] = axis.values[grid.valueIndex(rows[r], a)] as number;
      cols[axis.column] = v instanceof Int32Array ? i32(v) : f64(v);
    } else if (kind === 'bool') {
      cols[axis.column] = vectorFromArray(Array.from(rows, (i) => axis.values[grid.valueIndex(i, a)] as boolean), new Bool());
    } else {
      // Dictionary-encoded: the axis' values once, then one Int32 index per row.
      let d = dictionaries.get(a);
      if (d === undefined) {
        const text = axis.values.map((v) => (kind === 'enum' || kind === 'column' || kind === 'volThreshold' || kind === 'costBps' || kind === 'cooloff' ? String(v) : JSON.stringify(v)));
        d = { type: new Dictionary(new Utf8(), new Int32()), dictionary: utf8(text) };
        dictionaries.set(a, d);
      }
      const indices = buf(`axis ${a}`, Int32Array, n);
      for (let r = 0; r < n; r++) indices[r] = grid.valueIndex(rows[r], a);
      cols[axis.column] = makeVector(makeData({ type: d.type, length: n, nullCount: 0, data: indices, dictionary: d.dictionary }));
    }
  });
  // Metric-major store: with every point finished, each metric column is a zero-copy view.
  const count = grid.count;
  GRID_METRICS.forEach((m, k) => {
    if (n === count) {
      cols[m] = f64(metrics.subarray(k * count, (k + 1) * count));
      return;
    }
    const v = buf(m, Float64Array, n);
    for (let r = 0; r < n; r++) v[r] = metrics[k * count + rows[r]];
    cols[m] = f64(v);
  });
  const ruined = buf('ruined', Uint8Array, (n + 7) >> 3);
  for (let r = 0; r < n; r++) if (ruinedRow[rows[r]] >= 0 && !errors.has(rows[r])) ruined[r >> 3] |= 1 << (r & 7);
  cols.ruined = makeVector(makeData({ type: new Bool(), length: n, nullCount: 0, data: ruined }));
  cols.error = errors.size === 0
    ? makeVector(makeData({ type: new Utf8(), length: n, nullCount: n, nullBitmap: buf('error nulls', Uint8Array, (n + 7) >> 3), valueOffsets: buf('error offsets', Int32Array, n + 1), data: new Uint8Array(0) }))
    : vectorFromArray(Array.from(rows, (i) => errors.get(i) ?? null), new Utf8());
  return new Table(cols);
}
