/**
 * Long tables (date, symbol, close, ...) read from Arrow or Parquet, made writable as
 * one Arrow record batch: Parquet decodes into several batches, each with its own
 * symbol dictionary, which the Arrow IPC file format refuses ("replacement
 * dictionaries"). Rows keep their order and values; each column keeps its type.
 */
import { DataType, Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, vectorFromArray, type Vector } from 'apache-arrow';

/** One column gathered into a single chunk (dictionaries merged into one). */
function singleChunk(v: Vector): Vector {
  const n = v.length;
  if (v.data.length === 1) return v;
  if (DataType.isFloat(v.type) && (v.type as Float64).precision === 2) {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = v.get(i) as number | null;
      a[i] = x === null ? NaN : x;
    }
    return makeVector(makeData({ type: new Float64(), length: n, nullCount: 0, data: a }));
  }
  const values = Array.from({ length: n }, (_, i) => v.get(i));
  if (DataType.isDictionary(v.type)) return vectorFromArray(values as (string | null)[], new Dictionary(new Utf8(), new Int32()));
  return vectorFromArray(values, v.type);
}

/** The table with every column in one chunk (a no-op for single-batch tables). */
export function singleBatch(t: Table): Table {
  if (t.batches.length <= 1) return t;
  return new Table(Object.fromEntries(t.schema.fields.map((f) => [f.name, singleChunk(t.getChild(f.name)!)])));
}
