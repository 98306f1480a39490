import {
  DataType, Float64, Table, TimestampMillisecond, Vector, makeData, makeVector, vectorFromArray,
} from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { InputError } from './errors.js';
import { allocOwnedF64, f64View, isResident, releaseOwned, residentPtr, type OwnedBlock } from './engine/memory.js';
import './engine/disposeSymbol.js';
import type { SharedPanelBlock } from './engine/index.js';
import { isArrowVector, ownVector } from './arrow.js';
import { checkDateOrderOption, checkTableDates, isDateType, permuteRows } from './data/tableDates.js';
import type { DateOrder } from './data/dateOrder.js';

/** Row labels of a panel: an Arrow date/timestamp vector (read as epoch ms). */
export type PanelIndex = Vector;

export interface PanelLabels {
  /** Asset names, one per column (default `c0`, `c1`, ...). Must be unique. */
  columns?: readonly string[];
  /** Dates: an Arrow date/timestamp Vector, or Dates / epoch-ms numbers. */
  index?: Vector | readonly (Date | number)[] | null;
  /** Name of the date column when written back to Arrow (default `date`). */
  indexName?: string;
}

export interface FromArrowOptions {
  /**
   * Name of the date column that passes through as the index. Default: the first
   * Date or Timestamp column (or a dictionary of dates), if any. Every other column
   * must be numeric.
   */
  index?: string;
  /**
   * Row order of the date column, as `readCsv`'s `order`: `'ascending'` (default;
   * a date not after the one before it is an error naming the row), `'descending'`
   * (newest first, reversed) or `'sort'` (any order, sorted). Null and duplicate
   * dates are always errors.
   */
  order?: DateOrder;
}


/**
 * Memory a panel borrows instead of allocating: the constructor's hidden last argument,
 * passed only by `Panel.#borrow` (this class is not exported, and the constructor
 * checks `instanceof`, so no caller outside this module can pass one).
 */
class Borrowed {
  readonly ptr: number;
  constructor(ptr: number) {
    this.ptr = ptr;
  }
}

/**
 * A dates x assets panel of float64 resident in wasm memory, time-major (row t holds
 * every asset's value on date t, contiguously: element (t, j) at `ptr + 8 (t N + j)`).
 * Every kernel accepts and returns Panels, so a grid converts its data once and then
 * runs any number of kernel calls without copies. Missing values are NaN.
 *
 * Memory: the block is owned by the panel; nothing needs freeing by hand. When the
 * panels alive exceed the memory budget (`setMemoryBudget`), the least recently used
 * are spilled to JS memory and copied back on their next use; a FinalizationRegistry
 * frees panels that are collected. `free()` (or `using`, or `tidy`) returns the block
 * at once. Views returned by `values` are only valid until the next allocation (memory
 * growth detaches them, and reading a spilled panel allocates): re-read `values` after
 * any kernel call or any read of another panel's `values` instead of keeping a view.
 */
export class Panel {
  readonly nRows: number;
  readonly nCols: number;
  readonly columns: readonly string[];
  readonly index: PanelIndex | null;
  readonly indexName: string;
  /** Position of the date column among the Arrow table's fields (for `toArrow`). */
  readonly indexPosition: number;
  #ptr: number;
  #owned = true;
  /** The owned block (null for a view or once freed); freed by the allocator it came from. */
  #block: OwnedBlock | null = null;

  /**
   * Allocates an uninitialised panel. Prefer the factories (`fromArrow`, `fromRows`,
   * `fromColumns`, `filled`); this is for code that writes every cell itself.
   */
  constructor(nRows: number, nCols: number, labels?: PanelLabels, indexPosition?: number);
  /** @internal `Panel.#borrow` only: any other fifth argument is ignored. */
  constructor(nRows: number, nCols: number, labels: PanelLabels, indexPosition: number, borrowed: object);
  constructor(nRows: number, nCols: number, labels: PanelLabels = {}, indexPosition = 0, borrowed?: object) {
    if (!Number.isSafeInteger(nRows) || nRows < 0) throw new InputError(`Panel: nRows must be a non-negative integer, got ${nRows}`);
    if (!Number.isSafeInteger(nCols) || nCols < 1) {
      throw new InputError(`Panel: the universe is empty (nCols = ${nCols}); a panel needs at least one asset column`);
    }
    const columns = labels.columns ?? Array.from({ length: nCols }, (_, j) => `c${j}`);
    if (columns.length !== nCols) throw new InputError(`Panel: ${columns.length} column names for ${nCols} columns`);
    const seen = new Set<string>();
    const dup = columns.filter((c) => (seen.has(c) ? true : (seen.add(c), false)));
    if (dup.length) throw new InputError(`Panel: duplicate column names: ${[...new Set(dup)].join(', ')}`);
    this.nRows = nRows;
    this.nCols = nCols;
    this.columns = Object.freeze([...columns]);
    this.index = toIndexVector(labels.index ?? null, nRows);
    this.indexName = labels.indexName ?? 'date';
    this.indexPosition = indexPosition;
    if (borrowed instanceof Borrowed) {
      // Panel.#borrow: existing memory; never registered, never freed.
      this.#ptr = borrowed.ptr;
      this.#owned = false;
      return;
    }
    this.#block = allocOwnedF64(this, nRows * nCols);
    this.#ptr = this.#block.ptr;
  }

  /**
   * A panel that VIEWS `nRows * nCols` f64 already in wasm memory at byte address `ptr`
   * (time-major, 8-byte aligned) without owning them: nothing is copied or allocated,
   * and `free()` does nothing (the owner of the memory frees it). The grid engine uses
   * it for the price panel that the main thread copied once into the shared memory of
   * its workers. The memory must stay valid while the view is used.
   */
  static view(ptr: number, nRows: number, nCols: number, labels: PanelLabels = {}, indexPosition = 0): Panel {
    if (!Number.isSafeInteger(ptr) || ptr <= 0 || ptr % 8 !== 0) throw new RangeError(`Panel.view: ptr must be a positive multiple of 8, got ${ptr}`);
    return Panel.#borrow(ptr, nRows, nCols, labels, indexPosition);
  }

  /**
   * A `Panel.view` of a panel that `shareMemory` (src/engine/threads/) copied into the
   * shared memory of a grid's workers: what a worker thread reads its prices from,
   * without copying, after `workerEngine` made that memory its engine's.
   */
  static fromShared(block: SharedPanelBlock, labels: PanelLabels = {}): Panel {
    return Panel.view(block.byteOffset, block.nRows, block.nCols, labels);
  }

  /** The private factory of views: a panel over borrowed memory (the constructor allocates otherwise). */
  static #borrow(ptr: number, nRows: number, nCols: number, labels: PanelLabels, indexPosition: number): Panel {
    return new Panel(nRows, nCols, labels, indexPosition, new Borrowed(ptr));
  }

  /** false for a `Panel.view` (borrowed memory), true for a panel that owns its block. */
  get owned(): boolean {
    return this.#owned;
  }

  /**
   * Byte address of element (0, 0) in wasm memory, valid until the next allocation
   * (a spilled panel is copied back into wasm memory first). Throws once freed.
   */
  get ptr(): number {
    if (this.#ptr === 0) throw new Error('Panel: used after free()');
    return this.#block === null ? this.#ptr : residentPtr(this.#block);
  }

  get freed(): boolean {
    return this.#ptr === 0;
  }

  /**
   * false while the values are spilled to JS memory (see `setMemoryBudget`); the next
   * read of `ptr` or `values` copies them back. Reading this does not.
   */
  get resident(): boolean {
    return this.#ptr !== 0 && (this.#block === null || isResident(this.#block));
  }

  /** `free()`, for `using p = ewmMean(...)` (explicit resource management). */
  [Symbol.dispose](): void {
    this.free();
  }

  /** Number of cells, nRows * nCols. */
  get size(): number {
    return this.nRows * this.nCols;
  }

  /**
   * A live, zero-copy time-major view of the panel (length nRows * nCols). Valid until
   * the next wasm allocation; writes go straight into the panel.
   */
  get values(): Float64Array {
    return f64View(this.ptr, this.size);
  }

  /** Value at row t, column j (or column name). */
  get(t: number, j: number | string): number {
    const c = typeof j === 'string' ? this.columnIndex(j) : j;
    if (!(t >= 0 && t < this.nRows && c >= 0 && c < this.nCols)) throw new RangeError(`Panel.get: (${t}, ${j}) is outside ${this.nRows} x ${this.nCols}`);
    return this.values[t * this.nCols + c];
  }

  /** Position of a named column; throws naming the valid columns. */
  columnIndex(name: string): number {
    const j = this.columns.indexOf(name);
    if (j < 0) throw new InputError(`Panel: no column '${name}'; columns are ${this.columns.join(', ')}`);
    return j;
  }

  /** A copy of one column as a Float64Array. */
  column(j: number | string): Float64Array {
    const c = typeof j === 'string' ? this.columnIndex(j) : j;
    const v = this.values;
    const out = new Float64Array(this.nRows);
    for (let t = 0, k = c; t < this.nRows; t++, k += this.nCols) out[t] = v[k];
    return out;
  }

  /** A copy of one row (all assets on date t). */
  row(t: number): Float64Array {
    return this.values.slice(t * this.nCols, (t + 1) * this.nCols);
  }

  /** The index as epoch milliseconds (empty when the panel has no dates). */
  dates(): Float64Array {
    const out = new Float64Array(this.index ? this.nRows : 0);
    if (this.index) for (let t = 0; t < this.nRows; t++) out[t] = Number(this.index.get(t));
    return out;
  }

  /** A new uninitialised panel with the same shape and labels. */
  like(): Panel {
    return new Panel(this.nRows, this.nCols, this.labels(), this.indexPosition);
  }

  /** The labels of this panel, to build another of the same shape. */
  labels(): PanelLabels {
    return { columns: this.columns, index: this.index, indexName: this.indexName };
  }

  /** A deep copy in fresh wasm memory. */
  clone(): Panel {
    const out = this.like();
    out.values.set(this.values);
    return out;
  }

  /** Returns the wasm block to the allocator; the panel is unusable afterwards. On a `Panel.view`: does nothing. */
  free(): void {
    if (this.#ptr !== 0 && this.#owned) {
      releaseOwned(this, this.#block!);
      this.#block = null;
      this.#ptr = 0;
    }
  }

  /** A panel of nRows x nCols holding `value` everywhere. */
  static filled(nRows: number, nCols: number, value: number, labels: PanelLabels = {}): Panel {
    const p = new Panel(nRows, nCols, labels);
    p.values.fill(value);
    return p;
  }

  /** Copies time-major (row-major) values: `values[t * nCols + j]`. */
  static fromRows(values: ArrayLike<number>, nRows: number, nCols: number, labels: PanelLabels = {}): Panel {
    if (values.length !== nRows * nCols) {
      throw new InputError(`Panel.fromRows: ${values.length} values for ${nRows} x ${nCols} = ${nRows * nCols} cells`);
    }
    const p = new Panel(nRows, nCols, labels);
    p.values.set(values);
    return p;
  }

  /**
   * Copies columns (one array per asset, all the same length). Accepts an object
   * `{ name: values }` (names taken from its keys) or an array of arrays.
   */
  static fromColumns(cols: Record<string, ArrayLike<number>> | readonly ArrayLike<number>[], labels: PanelLabels = {}): Panel {
    const arrays = Array.isArray(cols) ? (cols as ArrayLike<number>[]) : Object.values(cols);
    const names = labels.columns ?? (Array.isArray(cols) ? undefined : Object.keys(cols));
    if (arrays.length === 0) throw new InputError('Panel.fromColumns: the universe is empty (no columns)');
    const nRows = arrays[0].length;
    arrays.forEach((a, j) => {
      if (a.length !== nRows) throw new InputError(`Panel.fromColumns: column ${names?.[j] ?? j} has ${a.length} rows, column ${names?.[0] ?? 0} has ${nRows}`);
    });
    const p = new Panel(nRows, arrays.length, { ...labels, columns: names });
    const v = p.values;
    const N = arrays.length;
    for (let j = 0; j < N; j++) {
      const a = arrays[j];
      for (let t = 0, k = j; t < nRows; t++, k += N) v[k] = a[t];
    }
    return p;
  }

  /**
   * Builds a panel from an Arrow Table: every numeric column becomes an asset (nulls
   * read as NaN; integer and float32 columns are cast to float64, int64 beyond 2^53
   * loses precision); one Date/Timestamp column passes through as the index. Any other
   * column type is an error naming the column. The dates are checked as `readCsv`
   * checks a CSV's: a null date, a duplicate or a date out of `order` is an InputError
   * naming the (0-based) rows; with `order` `'descending'` or `'sort'` the rows are
   * reordered ascending and the index becomes a Timestamp(ms) column. Copies once (a
   * transpose into the time-major layout); honours slice offsets and null bitmaps of
   * every chunk.
   */
  static fromArrow(table: Table, options: FromArrowOptions = {}): Panel {
    const fields = table.schema.fields;
    let indexPos = -1;
    if (options.index !== undefined) {
      indexPos = fields.findIndex((f) => f.name === options.index);
      if (indexPos < 0) throw new InputError(`Panel.fromArrow: no column '${options.index}' for the index; columns are ${fields.map((f) => f.name).join(', ')}`);
    } else {
      indexPos = fields.findIndex((f) => isDateType(f.type));
    }
    const order = checkDateOrderOption('Panel.fromArrow', options.order);
    const assetPos: number[] = [];
    fields.forEach((f, i) => {
      if (i === indexPos) return;
      if (!(DataType.isFloat(f.type) || DataType.isInt(f.type))) {
        throw new InputError(`Panel.fromArrow: column '${f.name}' has type ${String(f.type)}; asset columns must be numeric (float or integer)`);
      }
      assetPos.push(i);
    });
    if (assetPos.length === 0) throw new InputError('Panel.fromArrow: the table has no numeric asset columns (empty universe)');
    const nRows = table.numRows;
    // A date column of another apache-arrow copy is rebuilt in ours first (ownVector).
    const indexVec = indexPos >= 0 ? ownVector(table.getChildAt(indexPos)!) : null;
    // Null, duplicate and out-of-order dates: refused (or reordered), as readCsv does.
    const sorted = indexVec ? checkTableDates('Panel.fromArrow', indexVec, fields[indexPos].name, order) : null;
    const p = new Panel(nRows, assetPos.length, {
      columns: assetPos.map((i) => fields[i].name),
      index: sorted ? sorted.index : null,
      indexName: indexPos >= 0 ? fields[indexPos].name : 'date',
    }, Math.max(indexPos, 0));
    const v = p.values;
    const N = assetPos.length;
    assetPos.forEach((pos, j) => {
      const col = table.getChildAt(pos)!;
      let t0 = 0;
      for (const chunk of col.data) {
        copyChunk(chunk, v, t0, N, j);
        t0 += chunk.length;
      }
    });
    if (sorted?.rows) permuteRows(v, N, sorted.rows);
    return p;
  }

  /**
   * An Arrow Table with the index column (if any) at its original position and one
   * Float64 column per asset. Copies (transposes) the values out of wasm memory, so
   * the table stays valid after the panel is freed.
   */
  toArrow(): Table {
    const cols = this.toColumns();
    const entries: [string, Vector][] = this.columns.map((name) => [
      name,
      makeVector(makeData({ type: new Float64(), length: this.nRows, nullCount: 0, data: cols[name] })),
    ]);
    if (this.index) entries.splice(Math.min(this.indexPosition, entries.length), 0, [this.indexName, this.index]);
    return new Table(Object.fromEntries(entries));
  }

  /** Copies every column out: `{ name: Float64Array }`. */
  toColumns(): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {};
    const v = this.values;
    const N = this.nCols;
    for (let j = 0; j < N; j++) {
      const a = new Float64Array(this.nRows);
      for (let t = 0, k = j; t < this.nRows; t++, k += N) a[t] = v[k];
      out[this.columns[j]] = a;
    }
    return out;
  }
}

/** Writes one Arrow chunk into column j of a time-major view, starting at row t0. */
function copyChunk(chunk: Data, v: Float64Array, t0: number, N: number, j: number): void {
  const n = chunk.length;
  const bitmap = chunk.nullCount > 0 ? chunk.nullBitmap : null;
  const off = chunk.offset;
  const values = chunk.values as ArrayLike<number | bigint>;
  const isF64 = values instanceof Float64Array;
  let k = t0 * N + j;
  for (let i = 0; i < n; i++, k += N) {
    if (bitmap && !((bitmap[(off + i) >> 3] >> ((off + i) & 7)) & 1)) {
      v[k] = NaN;
    } else if (isF64) {
      v[k] = (values as Float64Array)[i];
    } else {
      // Integer and float32 columns: plain numeric cast. Float16 stores raw bits,
      // so go through the vector's own getter there.
      v[k] = DataType.isFloat(chunk.type) && !(values instanceof Float32Array) ? Number(chunkGet(chunk, i)) : Number(values[i]);
    }
  }
}

function chunkGet(chunk: Data, i: number): unknown {
  return makeVector(chunk).get(i);
}

function toIndexVector(index: PanelLabels['index'], nRows: number): Vector | null {
  if (index === null || index === undefined) return null;
  const vec = isArrowVector(index)
    ? ownVector(index)
    : vectorFromArray((index as readonly (Date | number)[]).map((d) => (d instanceof Date ? d.getTime() : d)), new TimestampMillisecond());
  if (vec.length !== nRows) throw new InputError(`Panel: index has ${vec.length} dates for ${nRows} rows`);
  return vec;
}
