import { InputError } from './errors.js';
import { allocOwnedF64, f64View, heapF64, isResident, releaseOwned, residentPtr, type OwnedBlock } from './engine/memory.js';
import './engine/disposeSymbol.js';
import type { PanelIndex } from './panel.js';


/** The largest block a MatrixSeries may hold: 1 GiB, the allocator's limit too. */
export const MATRIX_SERIES_MAX_BYTES = 2 ** 30;

/**
 * A series of N x N matrices, one per row (date) of a panel: what
 * `rollingCovMatrix` / `rollingCorrMatrix` return (pandas' MultiIndex frame of
 * `df.rolling(w).cov()` as one dense block). The T * N * N f64 live in one wasm block,
 * the matrix of row t row-major at element offset t * N * N, so element (t, i, j) is at
 * byte `ptr + 8 * (t N^2 + i N + j)`.
 *
 * Memory: as for a Panel (spilled to JS memory past the memory budget, freed when
 * collected; `free()`, `using` or `tidy` free at once). `get` is allocation-free unless
 * the series was spilled; `at` copies.
 */
export class MatrixSeries {
  /** Number of matrices (rows of the source panel), T. */
  readonly nRows: number;
  /** Matrix order (assets of the source panel), N. */
  readonly nCols: number;
  /** Asset names: matrix row / column i is `columns[i]`. */
  readonly columns: readonly string[];
  /** Dates of the source panel, if it had any. */
  readonly index: PanelIndex | null;
  #ptr: number;
  #block: OwnedBlock | null;

  /** Allocates an uninitialised series; refuses blocks of 1 GiB or more. */
  constructor(nRows: number, nCols: number, columns: readonly string[], index: PanelIndex | null = null, fn = 'MatrixSeries') {
    const bytes = nRows * nCols * nCols * 8;
    if (bytes >= MATRIX_SERIES_MAX_BYTES) {
      const maxN = Math.floor(Math.sqrt((MATRIX_SERIES_MAX_BYTES - 1) / (8 * Math.max(nRows, 1))));
      throw new InputError(
        `${fn}: ${nRows} rows of ${nCols} x ${nCols} matrices need ${(bytes / 2 ** 20).toFixed(0)} MiB (T * N * N * 8 bytes), `
        + `over the 1 GiB limit; use fewer assets (at most ${maxN} for ${nRows} rows) or fewer rows`,
      );
    }
    if (columns.length !== nCols) throw new InputError(`${fn}: ${columns.length} column names for ${nCols} columns`);
    this.nRows = nRows;
    this.nCols = nCols;
    this.columns = Object.freeze([...columns]);
    this.index = index;
    this.#block = allocOwnedF64(this, nRows * nCols * nCols);
    this.#ptr = this.#block.ptr;
  }

  /** Byte address of element (0, 0, 0) in wasm memory. Throws once freed. */
  get ptr(): number {
    if (this.#ptr === 0) throw new Error('MatrixSeries: used after free()');
    return residentPtr(this.#block!);
  }

  /** `free()`, for `using m = rollingCorrMatrix(...)` (explicit resource management). */
  [Symbol.dispose](): void {
    this.free();
  }

  get freed(): boolean {
    return this.#ptr === 0;
  }

  /** false while the values are spilled to JS memory (copied back on the next read). */
  get resident(): boolean {
    return this.#ptr !== 0 && isResident(this.#block!);
  }

  /** Number of f64 values, T * N * N. */
  get size(): number {
    return this.nRows * this.nCols * this.nCols;
  }

  /** A live zero-copy view of all T * N * N values, valid until the next wasm allocation. */
  get values(): Float64Array {
    return f64View(this.ptr, this.size);
  }

  /** Element (i, j) of the matrix at row t; i and j may be column names. No allocation. */
  get(t: number, i: number | string, j: number | string): number {
    const a = typeof i === 'string' ? this.columnIndex(i) : i;
    const b = typeof j === 'string' ? this.columnIndex(j) : j;
    const N = this.nCols;
    if (!(t >= 0 && t < this.nRows && a >= 0 && a < N && b >= 0 && b < N) || !Number.isInteger(t + a + b)) {
      throw new RangeError(`MatrixSeries.get: (${t}, ${i}, ${j}) is outside ${this.nRows} x ${N} x ${N}`);
    }
    return heapF64()[(this.ptr >>> 3) + (t * N + a) * N + b];
  }

  /** A copy of the N x N matrix of row t, row-major. */
  at(t: number): Float64Array {
    if (!(Number.isInteger(t) && t >= 0 && t < this.nRows)) throw new RangeError(`MatrixSeries.at: row ${t} is outside 0..${this.nRows - 1}`);
    const NN = this.nCols * this.nCols;
    const start = (this.ptr >>> 3) + t * NN;
    return heapF64().slice(start, start + NN);
  }

  /** Position of a named asset; throws naming the valid ones. */
  columnIndex(name: string): number {
    const k = this.columns.indexOf(name);
    if (k < 0) throw new InputError(`MatrixSeries: no column '${name}'; columns are ${this.columns.join(', ')}`);
    return k;
  }

  /** Returns the wasm block to the allocator. The series is unusable afterwards. */
  free(): void {
    if (this.#ptr !== 0) {
      releaseOwned(this, this.#block!);
      this.#block = null;
      this.#ptr = 0;
    }
  }
}
