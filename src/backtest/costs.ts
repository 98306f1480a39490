/**
 * Per-asset trading costs: `feesBps` and `slippageBps` as one number for every asset, a
 * map `{ ASSET: bps, default?: bps }`, or a one-row panel (Panel or Arrow Table, one row,
 * columns = assets). Both resolve, once per backtest, to one rate per price column,
 * rate_j = (fees_j + slippage_j) / 1e4, charged on the traded value of asset j.
 *
 * When every asset's rate is the same (two numbers, or maps that happen to agree) the
 * scalar rate is used and the kernel keeps its scalar fast path, bit-identical to the
 * number form.
 */
import type { Table } from 'apache-arrow';
import { isArrowTable } from '../arrow.js';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';

/** A cost in basis points of traded value: one number, a map by asset (with an optional `default`), or a one-row panel. */
export type CostBps = number | Readonly<Record<string, number>> | Panel | Table;

/** The proportional cost of a backtest: `feeRates` (one rate per column) or, when all are equal, `feeRate` alone. */
export interface CostRates {
  /** The common rate (fraction of traded value), or NaN when the rates differ by asset. */
  feeRate: number;
  /** One rate per price column, or null when `feeRate` applies to all. */
  feeRates: Float64Array | null;
}

const isMap = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Panel) && !isArrowTable(x);

function checkBps(fn: string, name: string, where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InputError(`${fn}: ${name}${where} must be a finite number >= 0 (bps of traded value), got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/**
 * Checks a cost option before any data is seen: a number >= 0, a map of numbers >= 0, or
 * a Panel / Arrow Table. Names the option and the offending key.
 */
export function checkCostBps(fn: string, name: string, value: unknown): CostBps {
  if (typeof value === 'number') return checkBps(fn, name, '', value);
  if (value instanceof Panel || isArrowTable(value)) return value as Panel | Table;
  if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) checkBps(fn, name, `.${k}`, v);
    return value as Record<string, number>;
  }
  throw new InputError(`${fn}: ${name} must be a number >= 0, a map { ASSET: bps, default?: bps } or a one-row panel (columns = assets), got ${JSON.stringify(value) ?? String(value)}`);
}

/**
 * One cost in bps per column of `columns`. A map must name only columns (or `default`)
 * and cover every column unless it has `default`; a panel must have exactly one row and
 * only columns of the prices, covering all of them. Errors name the option and the
 * asset (unknown, missing, negative or NaN).
 */
export function costPerAsset(fn: string, name: string, value: CostBps, columns: readonly string[]): Float64Array {
  const N = columns.length;
  const out = new Float64Array(N);
  if (typeof value === 'number') return out.fill(checkBps(fn, name, '', value));
  let map: Record<string, unknown>;
  let what: string;
  if (value instanceof Panel || isArrowTable(value)) {
    const panel = value instanceof Panel ? value : Panel.fromArrow(value as Table);
    try {
      if (panel.nRows !== 1) throw new InputError(`${fn}: ${name} as a panel must have exactly one row (columns = assets), got ${panel.nRows} rows`);
      map = {};
      for (let j = 0; j < panel.nCols; j++) map[panel.columns[j]] = panel.values[j];
    } finally {
      if (panel !== value) panel.free();
    }
    if (Object.hasOwn(map, 'default')) throw new InputError(`${fn}: ${name}: a one-row panel has no 'default' column; give every asset a column`);
    what = 'panel column';
  } else if (isMap(value)) {
    map = value;
    what = 'key';
  } else {
    throw new InputError(`${fn}: ${name} must be a number >= 0, a map { ASSET: bps, default?: bps } or a one-row panel, got ${String(value)}`);
  }
  const known = new Set(columns);
  const unknown = Object.keys(map).filter((k) => k !== 'default' && !known.has(k));
  if (unknown.length) {
    throw new InputError(`${fn}: ${name}: unknown asset ${unknown.map((k) => `'${k}'`).join(', ')} (${what}); the prices have ${columns.join(', ')}`);
  }
  const dflt = Object.hasOwn(map, 'default') ? checkBps(fn, name, '.default', map.default) : undefined;
  const missing: string[] = [];
  for (let j = 0; j < N; j++) {
    const c = columns[j];
    if (Object.hasOwn(map, c)) out[j] = checkBps(fn, name, `.${c}`, map[c]);
    else if (dflt !== undefined) out[j] = dflt;
    else missing.push(c);
  }
  if (missing.length) {
    throw new InputError(`${fn}: ${name} has no value for ${missing.map((k) => `'${k}'`).join(', ')}; give each asset or a 'default'`);
  }
  return out;
}

/**
 * The cost rates of a backtest on `columns`: rate_j = (fees_j + slippage_j) / 1e4, with
 * the scalar fast path (feeRates null) when every rate is equal. O(N).
 */
export function costRates(fn: string, feesBps: CostBps, slippageBps: CostBps, columns: readonly string[]): CostRates {
  if (typeof feesBps === 'number' && typeof slippageBps === 'number') {
    return { feeRate: (checkBps(fn, 'feesBps', '', feesBps) + checkBps(fn, 'slippageBps', '', slippageBps)) / 1e4, feeRates: null };
  }
  const f = costPerAsset(fn, 'feesBps', feesBps, columns);
  const s = costPerAsset(fn, 'slippageBps', slippageBps, columns);
  const rates = new Float64Array(columns.length);
  for (let j = 0; j < rates.length; j++) rates[j] = (f[j] + s[j]) / 1e4;
  if (rates.every((r) => r === rates[0])) return { feeRate: rates.length ? rates[0] : 0, feeRates: null };
  return { feeRate: NaN, feeRates: rates };
}

/** A cost option scaled by `k` (the grid's `feesScale`): every number of a map or a one-row panel times k. */
export function scaleCostBps(value: CostBps, k: number, columns: readonly string[]): CostBps {
  if (k === 1) return value;
  if (typeof value === 'number') return value * k;
  const per = costPerAsset('grid', 'feesBps', value, columns);
  const out: Record<string, number> = {};
  for (let j = 0; j < columns.length; j++) out[columns[j]] = per[j] * k;
  return out;
}

/**
 * A cost map written as text, `BTC=5,ETH=8,default=10` (`;` separates as well as `,`; the
 * grid writes `;` since its commas separate values). Errors quote the text and name the
 * bad item. Returns the map; values are checked >= 0 and finite.
 */
export function parseCostMap(fn: string, name: string, text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const items = text.split(/[,;]/).map((s) => s.trim());
  for (const item of items) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(item);
    const v = m ? Number(m[2]) : NaN;
    if (!m || m[2] === '' || !Number.isFinite(v) || v < 0) {
      throw new InputError(`${fn}: ${name} '${text}': '${item}' is not ASSET=bps with bps a number >= 0 (e.g. BTC=5,ETH=8,default=10)`);
    }
    if (Object.hasOwn(out, m[1])) throw new InputError(`${fn}: ${name} '${text}': asset '${m[1]}' is given twice`);
    out[m[1]] = v;
  }
  return out;
}

/** The grid's canonical text of a cost map: `ASSET=bps` items joined by `;`, in the given order. */
export function costMapText(map: Readonly<Record<string, number>>): string {
  return Object.entries(map).map(([k, v]) => `${k}=${v}`).join(';');
}
