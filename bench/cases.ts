// The benchmarked kernels: one case per (kernel, shape), each runnable on the wasm
// backend, the TypeScript twin (both through the public API on the same Panel) and a
// naive JS baseline, plus the parity check that runs before any timing.
import {
  MatrixSeries, Panel, cumReturns, ewmMean, logReturns, pctChange, rank, rollingCorr, rollingCorrMatrix, rollingCov,
  rollingMean, rollingStd, shift, type Backend,
} from '../src/index.js';
import { gbm, toColumns, toPanel, toRowArrays, type GbmData } from './data.js';
import {
  naiveCumReturns, naiveEwmMean, naiveLogReturns, naivePctChange, naiveRankDescending, naiveRollingCorr,
  naiveRollingCorrMatrix, naiveRollingCov, naiveRollingMean, naiveRollingStd, naiveShift,
} from './naive.js';

/** A kernel result: a Panel, or the N x N matrix per date of rollingCorrMatrix. */
export type Output = Panel | MatrixSeries;

/** Shapes (T rows x N columns) of the datasets. */
export interface Shapes {
  /** ewm, rolling mean/std and the returns kernels. */
  big: [number, number];
  /** One long series (T x 1). */
  long: number;
  /** rollingCov / rollingCorr: two panels of this shape, column by column. */
  pair: [number, number];
  /** rank across assets. */
  rank: [number, number];
  /** rollingCorrMatrix. */
  matrix: [number, number];
}

export const FULL_SHAPES: Shapes = { big: [2520, 1000], long: 1_000_000, pair: [2520, 500], rank: [2520, 500], matrix: [2520, 12] };

/** Window lengths and parameters of the bench (the numba reference's settings). */
export const BENCH_PARAMS = { span: 20, window: 63, matrixWindow: 90, periods: 20, shift: 1, logPeriods: 1 } as const;

/** numba single-thread references on 2520 x 1000 (2520 x 500 pairs for cov, 2520 x 500 for rank), /work/shared/PERF_NOTES.md. */
export const NUMBA_MS = { copy: 0.66, ewmMean: 2.9, rollingStd: 15.4, rollingCov: 8.7, pctChange: 2.7, rank: 63 } as const;

export type TargetKind = 'twin2x' | 'copy3x' | 'numba';

export interface KernelCase {
  /** Public API name. */
  kernel: string;
  params: string;
  /** "T x N" (pairs: "T x N x2"). */
  shape: string;
  /** Cells in one input panel (for throughput). */
  cells: number;
  numbaMs?: number;
  /** Targets this row is judged against. */
  targets: TargetKind[];
  /** Builds (or reuses) the inputs; cheap after the first call per dataset. */
  prepare(): PreparedCase;
}

export interface PreparedCase {
  /** One call through the public API on a Panel; the caller frees the result. */
  run(backend: Backend): Output;
  /** The naive baseline on plain arrays, and how its output is laid out. */
  naive: () => number[][];
  naiveLayout: 'columns' | 'rows';
}

/** The GBM datasets: which shape each uses and its seed (long2 / pair2: the second input of cov / corr). */
export type DatasetName = 'big' | 'long' | 'long2' | 'pair' | 'pair2' | 'rank' | 'matrix';
const SEEDS: Record<DatasetName, number> = { big: 1, long: 2, long2: 3, pair: 4, pair2: 5, rank: 6, matrix: 7 };

/** Lazily built, cached inputs: each GBM dataset is generated once per process. */
export class Datasets {
  #cache = new Map<string, unknown>();
  constructor(readonly shapes: Shapes) {}

  #get<T>(key: string, make: () => T): T {
    if (!this.#cache.has(key)) this.#cache.set(key, make());
    return this.#cache.get(key) as T;
  }

  /** [T, N] of a dataset. */
  shapeOf(name: DatasetName): [number, number] {
    const s = this.shapes;
    if (name === 'long' || name === 'long2') return [s.long, 1];
    if (name === 'pair2') return s.pair;
    return s[name];
  }

  gbm(name: DatasetName): GbmData {
    const [T, N] = this.shapeOf(name);
    // The long series runs ~4000 years of days: a lower volatility keeps its prices in a sane range.
    const vol = name === 'long' || name === 'long2' ? { volLo: 0.1, volHi: 0.2 } : {};
    return this.#get(`gbm:${name}`, () => gbm({ nRows: T, nCols: N, seed: SEEDS[name], ...vol }));
  }

  /** A Panel (with business-day dates, except the long series). */
  panel(name: DatasetName, field: 'prices' | 'returns'): Panel {
    return this.#get(`panel:${name}:${field}`, () => {
      const d = this.gbm(name);
      return toPanel(d[field], d.nRows, d.nCols, name !== 'long' && name !== 'long2');
    });
  }

  /** The naive baselines' input: one number[] per asset. */
  columns(name: DatasetName, field: 'prices' | 'returns'): number[][] {
    return this.#get(`cols:${name}:${field}`, () => {
      const d = this.gbm(name);
      return toColumns(d[field], d.nRows, d.nCols);
    });
  }

  /** The naive rank's input: one number[] per date. */
  rows(name: DatasetName, field: 'prices' | 'returns'): number[][] {
    return this.#get(`rows:${name}:${field}`, () => {
      const d = this.gbm(name);
      return toRowArrays(d[field], d.nRows, d.nCols);
    });
  }

  /** Frees every cached Panel and drops the arrays. */
  dispose(): void {
    for (const v of this.#cache.values()) if (v instanceof Panel) v.free();
    this.#cache.clear();
  }
}

/** Every benchmark case, in table order. */
export function buildCases(data: Datasets): KernelCase[] {
  const s = data.shapes;
  const P = BENCH_PARAMS;
  const big = `${s.big[0]} x ${s.big[1]}`;
  const long = `${s.long} x 1`;
  const cases: KernelCase[] = [];
  const alpha = 2 / (P.span + 1);

  // One-input kernels on the big panel and on the long series.
  type Unary = {
    kernel: string; params: string; field: 'prices' | 'returns'; numba?: number; targets: TargetKind[];
    run: (x: Panel, backend: Backend) => Output; naive: (cols: number[][]) => number[][];
  };
  const unary: Unary[] = [
    {
      kernel: 'ewmMean', params: `span ${P.span}`, field: 'prices', numba: NUMBA_MS.ewmMean, targets: ['twin2x', 'copy3x', 'numba'],
      run: (x, backend) => ewmMean(x, { span: P.span, backend }), naive: (c) => naiveEwmMean(c, alpha),
    },
    {
      kernel: 'rollingMean', params: `w=${P.window}`, field: 'prices', targets: [],
      run: (x, backend) => rollingMean(x, P.window, { backend }), naive: (c) => naiveRollingMean(c, P.window),
    },
    {
      kernel: 'rollingStd', params: `w=${P.window}`, field: 'prices', numba: NUMBA_MS.rollingStd, targets: ['twin2x', 'numba'],
      run: (x, backend) => rollingStd(x, P.window, { backend }), naive: (c) => naiveRollingStd(c, P.window),
    },
    {
      kernel: 'pctChange', params: `periods ${P.periods}`, field: 'prices', numba: NUMBA_MS.pctChange, targets: ['numba'],
      run: (x, backend) => pctChange(x, { periods: P.periods, backend }), naive: (c) => naivePctChange(c, P.periods),
    },
    {
      kernel: 'shift', params: `periods ${P.shift}`, field: 'prices', targets: [],
      run: (x, backend) => shift(x, { periods: P.shift, backend }), naive: (c) => naiveShift(c, P.shift),
    },
    {
      kernel: 'logReturns', params: `periods ${P.logPeriods}`, field: 'prices', targets: [],
      run: (x, backend) => logReturns(x, { periods: P.logPeriods, backend }), naive: (c) => naiveLogReturns(c, P.logPeriods),
    },
    {
      kernel: 'cumReturns', params: 'of daily returns', field: 'returns', targets: [],
      run: (x, backend) => cumReturns(x, { backend }), naive: (c) => naiveCumReturns(c),
    },
  ];

  // Two-input kernels on two panels (column by column) and on two long series.
  type Binary = {
    kernel: string; numba?: number; targets: TargetKind[];
    run: (x: Panel, y: Panel, backend: Backend) => Output; naive: (a: number[][], b: number[][]) => number[][];
  };
  const binary: Binary[] = [
    {
      kernel: 'rollingCov', numba: NUMBA_MS.rollingCov, targets: ['twin2x', 'numba'],
      run: (x, y, backend) => rollingCov(x, y, P.window, { backend }), naive: (a, b) => naiveRollingCov(a, b, P.window),
    },
    {
      kernel: 'rollingCorr', targets: [],
      run: (x, y, backend) => rollingCorr(x, y, P.window, { backend }), naive: (a, b) => naiveRollingCorr(a, b, P.window),
    },
  ];

  for (const u of unary) {
    for (const shape of ['long', 'big'] as const) {
      const isBig = shape === 'big';
      cases.push({
        kernel: u.kernel, params: u.params, shape: isBig ? big : long, cells: isBig ? s.big[0] * s.big[1] : s.long,
        numbaMs: isBig ? u.numba : undefined, targets: isBig ? u.targets : [],
        prepare: () => {
          const x = data.panel(shape, u.field);
          return { run: (b) => u.run(x, b), naive: () => u.naive(data.columns(shape, u.field)), naiveLayout: 'columns' };
        },
      });
    }
  }
  for (const bin of binary) {
    for (const shape of ['long', 'pair'] as const) {
      const isBig = shape === 'pair';
      const other = isBig ? 'pair2' : 'long2';
      cases.push({
        kernel: bin.kernel, params: `w=${P.window}`, shape: `${isBig ? `${s.pair[0]} x ${s.pair[1]}` : long} x2`,
        cells: isBig ? s.pair[0] * s.pair[1] : s.long,
        numbaMs: isBig ? bin.numba : undefined, targets: isBig ? bin.targets : [],
        prepare: () => {
          const x = data.panel(shape, 'returns');
          const y = data.panel(other, 'returns');
          return {
            run: (b) => bin.run(x, y, b),
            naive: () => bin.naive(data.columns(shape, 'returns'), data.columns(other, 'returns')),
            naiveLayout: 'columns',
          };
        },
      });
    }
  }
  cases.push({
    kernel: 'rollingCorrMatrix', params: `w=${P.matrixWindow}`, shape: `${s.matrix[0]} x ${s.matrix[1]}`, cells: s.matrix[0] * s.matrix[1],
    targets: [],
    prepare: () => {
      const x = data.panel('matrix', 'returns');
      return {
        run: (b) => rollingCorrMatrix(x, P.matrixWindow, { backend: b }),
        naive: () => naiveRollingCorrMatrix(data.columns('matrix', 'returns'), P.matrixWindow),
        naiveLayout: 'rows',
      };
    },
  });
  cases.push({
    kernel: 'rank', params: 'average, descending', shape: `${s.rank[0]} x ${s.rank[1]}`, cells: s.rank[0] * s.rank[1],
    numbaMs: NUMBA_MS.rank, targets: ['twin2x', 'numba'],
    prepare: () => {
      const x = data.panel('rank', 'returns');
      return {
        run: (b) => rank(x, { method: 'average', ascending: false, backend: b }),
        naive: () => naiveRankDescending(data.rows('rank', 'returns')),
        naiveLayout: 'rows',
      };
    },
  });
  return cases;
}

/** The output of a kernel as one time-major Float64Array (a matrix series: the N x N blocks in row order). */
export function flatten(o: Output): Float64Array {
  if (o instanceof Panel) return o.values.slice();
  const NN = o.nCols * o.nCols;
  const out = new Float64Array(o.nRows * NN);
  for (let t = 0; t < o.nRows; t++) out.set(o.at(t), t * NN);
  return out;
}

/** A naive output as one time-major Float64Array. */
export function flattenNaive(out: number[][], layout: 'columns' | 'rows'): Float64Array {
  if (layout === 'rows') return Float64Array.from(out.flat());
  const N = out.length;
  const T = N ? out[0].length : 0;
  const flat = new Float64Array(T * N);
  for (let j = 0; j < N; j++) for (let t = 0; t < T; t++) flat[t * N + j] = out[j][t];
  return flat;
}

export interface Parity {
  /** max |a - b| over cells where both are numbers. */
  maxAbs: number;
  /** max |a - b| / max(1, |b|): relative for values beyond 1, absolute below. */
  maxRel: number;
  /** Cells where one side is NaN and the other is not (or lengths differ). */
  nanMismatch: number;
  ok: boolean;
}

/** Compares two flat results cell by cell; `ok` when no NaN mismatch and maxRel <= tol. */
export function compare(a: Float64Array, b: Float64Array, tol: number): Parity {
  let maxAbs = 0;
  let maxRel = 0;
  let nanMismatch = Math.abs(a.length - b.length);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) nanMismatch++;
      continue;
    }
    if (x === y) continue;
    const d = Math.abs(x - y);
    if (!(d <= maxAbs)) maxAbs = d; // NaN-safe: inf - inf
    const r = d / Math.max(1, Math.abs(y));
    if (!(r <= maxRel)) maxRel = r;
  }
  return { maxAbs, maxRel, nanMismatch, ok: nanMismatch === 0 && maxRel <= tol };
}

/** Tolerances of the parity check: wasm vs twin (the project's contract), naive vs twin. */
export const PARITY_TOL = { twin: 1e-12, naive: 1e-9 } as const;

export interface ParityReport {
  twin: Parity;
  naive: Parity;
  /** Duration of the single naive run (ms), used to decide whether to time it. */
  naiveMs: number;
}

/** Runs each backend once and the naive baseline once, and compares them with the twin. */
export function checkParity(p: PreparedCase): ParityReport {
  const a = p.run('wasm');
  const wasm = flatten(a);
  a.free();
  const b = p.run('js');
  const twin = flatten(b);
  b.free();
  const t0 = performance.now();
  const naiveOut = p.naive();
  const naiveMs = performance.now() - t0;
  return {
    twin: compare(wasm, twin, PARITY_TOL.twin),
    naive: compare(flattenNaive(naiveOut, p.naiveLayout), twin, PARITY_TOL.naive),
    naiveMs,
  };
}
