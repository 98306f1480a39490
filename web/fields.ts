/**
 * The demo's form fields: one list per strategy, generated from the strategy registry
 * (`strategyEntries()`: each parameter schema's label, default, bounds and hint), and the
 * parsing of each field into the option the package expects. The library is passed in
 * (the page imports it dynamically, after starting its worker).
 */
import type * as Xmom from '../src/browser.js';
import type { StrategyName } from './protocol.js';

export type FieldKind = 'int' | 'number' | 'intList' | 'numberList' | 'pairs' | 'select' | 'column' | 'bool';

export interface Field {
  key: string;
  label: string;
  kind: FieldKind;
  /** Initial value as shown in the form ('' = blank). */
  initial: string | boolean;
  /** A blank optional field is left out (the package default applies). */
  optional?: boolean;
  choices?: readonly string[];
  hint?: string;
  min?: number;
  step?: number;
}

export interface StrategyForm {
  label: string;
  fields: Field[];
  /** Default grid: two numeric parameters and their values. */
  grid: { x: string; xs: number[]; y: string; ys: number[] };
}

const int = (key: string, label: string, initial: number | string, extra: Partial<Field> = {}): Field => ({ key, label, kind: 'int', initial: String(initial), min: 0, step: 1, ...extra });
const num = (key: string, label: string, initial: number | string, extra: Partial<Field> = {}): Field => ({ key, label, kind: 'number', initial: String(initial), step: 0.01, ...extra });
const list = (v: readonly (number | readonly number[])[]): string => v.map((x) => (Array.isArray(x) ? x.join(':') : String(x))).join(', ');

const LOOKBACKS = [30, 60, 90, 180, 252, 365];

/** The fields of volatility targeting (`volTarget` options), defaults from VOL_TARGET_DEFAULTS. */
export function volTargetFields(x: typeof Xmom): Field[] {
  const D = x.VOL_TARGET_DEFAULTS;
  return [
    { key: 'target', label: 'Target vol (annual)', kind: 'number', initial: String(D.target), step: 0.05 },
    { key: 'window', label: 'Window (bars)', kind: 'int', initial: String(D.window), min: 2, step: 1 },
    { key: 'cap', label: 'Cap (max scale)', kind: 'number', initial: String(D.cap), step: 0.5 },
    { key: 'mode', label: 'Mode', kind: 'select', initial: D.mode, choices: ['asset', 'portfolio'] },
  ];
}

/** The fields of every strategy, with their defaults from the library `x`. */
export function strategyForms(x: typeof Xmom): Record<StrategyName, StrategyForm> {
  const { BAZ_DEFAULTS, BAZ_SEED_WEIGHTS, CSM_DEFAULTS, DUAL_MOMENTUM_DEFAULTS, FX_TREND_DEFAULTS, MULTI_HORIZON_DEFAULTS, TSM_DEFAULTS } = x;
  return {
    dualMomentum: {
      label: 'Dual momentum (Antonacci)',
      fields: [
        int('lookback', 'Lookback (bars)', DUAL_MOMENTUM_DEFAULTS.lookback, { min: 1 }),
        int('skip', 'Skip (bars)', DUAL_MOMENTUM_DEFAULTS.skip),
        int('topN', 'Top N held', DUAL_MOMENTUM_DEFAULTS.topN, { min: 1 }),
        num('riskFree', 'Risk-free rate (annual)', DUAL_MOMENTUM_DEFAULTS.riskFree, { step: 0.005 }),
        { key: 'defensive', label: 'Empty slots go to', kind: 'column', initial: '', optional: true, hint: 'cash, or a defensive asset (e.g. USDT)' },
      ],
      grid: { x: 'lookback', xs: LOOKBACKS, y: 'topN', ys: [1, 2, 3, 4, 5] },
    },
    tsm: {
      label: 'Time-series momentum',
      fields: [
        int('lookback', 'Lookback (bars)', TSM_DEFAULTS.lookback, { min: 1 }),
        int('skip', 'Skip (bars)', TSM_DEFAULTS.skip),
        num('threshold', 'Threshold return', TSM_DEFAULTS.threshold),
        { key: 'mode', label: 'Mode', kind: 'select', initial: TSM_DEFAULTS.mode, choices: ['long-cash', 'long-short'] },
      ],
      grid: { x: 'lookback', xs: LOOKBACKS, y: 'skip', ys: [0, 1, 7, 30] },
    },
    csm: {
      label: 'Cross-sectional momentum',
      fields: [
        int('lookback', 'Lookback (bars)', CSM_DEFAULTS.lookback, { min: 1 }),
        int('skip', 'Skip (bars)', CSM_DEFAULTS.skip),
        int('topN', 'Top N long', 3, { hint: 'no package default: topN or quantile is required' }),
        int('bottomN', 'Bottom N short', '', { optional: true, hint: 'blank = topN; 0 = long-only' }),
        { key: 'rankMethod', label: 'Ties', kind: 'select', initial: CSM_DEFAULTS.rankMethod, choices: ['first', 'average'] },
      ],
      grid: { x: 'lookback', xs: LOOKBACKS, y: 'topN', ys: [1, 2, 3, 4] },
    },
    multiHorizonMomentum: {
      label: 'Multi-horizon momentum (crypto)',
      fields: [
        { key: 'horizons', label: 'Horizons (bars)', kind: 'intList', initial: list(MULTI_HORIZON_DEFAULTS.horizons) },
        { key: 'weights', label: 'Horizon weights', kind: 'numberList', initial: list(MULTI_HORIZON_DEFAULTS.weights) },
        int('skip', 'Skip (bars)', MULTI_HORIZON_DEFAULTS.skip),
        int('topN', 'Top N held', 3, { min: 1, hint: 'needed for weights (without it the strategy returns scores)' }),
      ],
      grid: { x: 'skip', xs: [0, 1, 3, 7], y: 'topN', ys: [1, 2, 3, 4, 5] },
    },
    fxTrend: {
      label: 'FX trend (Baz et al. 2015)',
      fields: [
        { key: 'pairs', label: 'EWMA pairs (short:long)', kind: 'pairs', initial: list(BAZ_DEFAULTS.pairs) },
        { key: 'weights', label: 'Pair weights', kind: 'numberList', initial: '', optional: true, hint: `blank = equal; the seed's: ${list(BAZ_SEED_WEIGHTS)}` },
        int('priceStdWindow', 'Price std window', BAZ_DEFAULTS.priceStdWindow, { min: 2 }),
        int('signalStdWindow', 'Signal std window', BAZ_DEFAULTS.signalStdWindow, { min: 2 }),
        { key: 'adjust', label: 'EWMA adjust (pandas)', kind: 'bool', initial: BAZ_DEFAULTS.adjust },
        num('leverage', 'Leverage', FX_TREND_DEFAULTS.leverage, { step: 0.5 }),
      ],
      grid: { x: 'priceStdWindow', xs: [21, 42, 63, 126], y: 'signalStdWindow', ys: [126, 252, 504] },
    },
  };
}

/** A form value the user must fix: names the field. */
export class FieldError extends Error {
  override name = 'FieldError';
}

const INT = /^[+-]?\d+$/;

function parseNumber(label: string, s: string, integer: boolean): number {
  const v = Number(s);
  if (s === '' || !Number.isFinite(v) || (integer && !INT.test(s))) {
    throw new FieldError(`${label}: '${s}' is not ${integer ? 'an integer' : 'a number'}`);
  }
  return v;
}

function parseList(label: string, s: string, integer: boolean): number[] {
  const items = s.split(/[\s,;]+/).filter((x) => x !== '');
  if (items.length === 0) throw new FieldError(`${label}: give at least one value`);
  return items.map((x) => parseNumber(label, x, integer));
}

function parsePairs(label: string, s: string): [number, number][] {
  const items = s.split(/[\s,;]+/).filter((x) => x !== '');
  if (items.length === 0) throw new FieldError(`${label}: give at least one short:long pair`);
  return items.map((x) => {
    const m = /^(\d+)[:/](\d+)$/.exec(x);
    if (!m) throw new FieldError(`${label}: '${x}' is not a short:long pair such as 8:24`);
    return [Number(m[1]), Number(m[2])];
  });
}

/**
 * The value of one field as the package option, or undefined for a blank optional
 * field. `raw` is the input's value (checkbox: checked).
 */
export function parseField(f: Field, raw: string | boolean): unknown {
  if (f.kind === 'bool') return raw === true;
  const s = String(raw).trim();
  if (s === '') {
    if (f.optional) return undefined;
    throw new FieldError(`${f.label}: required`);
  }
  switch (f.kind) {
    case 'int': return parseNumber(f.label, s, true);
    case 'number': return parseNumber(f.label, s, false);
    case 'intList': return parseList(f.label, s, true);
    case 'numberList': return parseList(f.label, s, false);
    case 'pairs': return parsePairs(f.label, s);
    default: return s;
  }
}

/** Grid axis values: a list of numbers (integers for integer parameters). */
export function parseAxis(label: string, s: string, integer: boolean): number[] {
  const values = parseList(label, s, integer);
  if (new Set(values).size !== values.length) throw new FieldError(`${label}: values repeat`);
  if (values.length > 12) throw new FieldError(`${label}: at most 12 values (got ${values.length})`);
  return values;
}
