/**
 * Parameter values of a grid: range strings from the command line (`20:260:20`,
 * `1..5`, `weekly,monthly`) and JSON values (`[1, 2]`, `{ from, to, step }`, a scalar),
 * each checked against the parameter's definition (kind and bounds).
 */
import { InputError } from '../errors.js';
import { describeParam, volTriggerText, type GridValue, type ParamDef } from './params.js';
import { costMapText, parseCostMap } from '../backtest/costs.js';
import { parseCooloff } from '../backtest/stop.js';

/** A per-asset cost map (JSON object) as the grid's canonical text value, `A=5;B=8;default=10`. */
function costMapValue(name: string, token: string, v: object): string {
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw bad(name, token, `${name}.${k} must be a number >= 0 (bps), got ${JSON.stringify(x)}`);
  }
  if (Object.keys(v).length === 0) throw bad(name, token, 'an empty cost map');
  return costMapText(v as Record<string, number>);
}

/** The accepted forms, quoted by every range error. */
export const RANGE_FORMS =
  'a:b:step (from a to b inclusive, step > 0, e.g. 20:260:20), a..b (integers, e.g. 1..5), ' +
  'a comma list of values or ranges (e.g. weekly,monthly or 5,10:30:10), or one value; ' +
  'list parameters take JSON (e.g. [7,30,90], or [[7,30,90],[14,60,180]] for two values)';

/** Largest number of values one range may expand to (a typo like 1:1e9:1 fails fast). */
export const MAX_AXIS_VALUES = 10_000_000;

const NUM = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const STEP_RANGE = new RegExp(`^(${NUM}):(${NUM}):(${NUM})$`);
const INT_RANGE = /^([-+]?\d+)\.\.([-+]?\d+)$/;

function bad(name: string, token: string, why: string): InputError {
  return new InputError(`grid: bad value for '${name}': '${token}' (${why}); accepted forms: ${RANGE_FORMS}`);
}

/** from, from + step, ... <= to (inclusive, with a 1e-9 step tolerance), rounded to 12 significant digits. */
export function stepRange(name: string, token: string, from: number, to: number, step: number): number[] {
  if (![from, to, step].every(Number.isFinite)) throw bad(name, token, 'bounds and step must be finite numbers');
  if (!(step > 0)) throw bad(name, token, `step must be > 0, got ${step}`);
  if (from > to) throw bad(name, token, `empty range: from ${from} > to ${to}`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_AXIS_VALUES) throw bad(name, token, `${count} values; at most ${MAX_AXIS_VALUES} per parameter`);
  const out = new Array<number>(count);
  for (let k = 0; k < count; k++) out[k] = Number((from + k * step).toPrecision(12));
  return out;
}

function intRange(name: string, token: string, a: number, b: number): number[] {
  if (a > b) throw bad(name, token, `empty range: ${a} > ${b}`);
  if (b - a + 1 > MAX_AXIS_VALUES) throw bad(name, token, `${b - a + 1} values; at most ${MAX_AXIS_VALUES} per parameter`);
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

const isListKind = (d: ParamDef): boolean => d.kind === 'intList' || d.kind === 'numberList' || d.kind === 'pairList';

/** Depth of nesting of a JSON value that is one value of a list parameter. */
const valueDepth = (d: ParamDef): number => (d.kind === 'pairList' ? 2 : 1);

function depth(x: unknown): number {
  return Array.isArray(x) ? 1 + (x.length ? depth(x[0]) : 0) : 0;
}

/** One scalar from text, by kind (numbers must parse completely; enums and columns are names). */
function scalarFromText(name: string, token: string, text: string, d: ParamDef): GridValue {
  if (text === '') throw bad(name, token, 'empty value');
  switch (d.kind) {
    case 'costBps':
    case 'int':
    case 'number': {
      if (d.kind === 'costBps' && text.includes('=')) return costMapText(parseCostMap('grid', name, text));
      if (!new RegExp(`^${NUM}$`).test(text)) throw bad(name, token, `'${text}' is not a number`);
      return Number(text);
    }
    case 'cooloff':
      // Bars are numbers (as in JSON); periods stay text.
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'bool':
      if (text !== 'true' && text !== 'false') throw bad(name, token, `'${text}' is not true or false`);
      return text === 'true';
    default:
      return text;
  }
}

/**
 * The values of parameter `d` given on the command line as `text` (the part after
 * `name=`). Each comma-separated piece is a step range, an integer range or one value;
 * list parameters take one JSON array (one value, or an array of values).
 */
export function parseRangeText(d: ParamDef, text: string): GridValue[] {
  const name = d.name;
  const token = `${name}=${text}`;
  if (isListKind(d)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw bad(name, token, `'${name}' is a list parameter: give JSON, ${describeParam(d)}`);
    }
    return valuesFromJson(d, parsed);
  }
  const pieces = text.split(',').map((s) => s.trim());
  const out: GridValue[] = [];
  // Appended one by one: a spread (`out.push(...values)`) passes every value as a call
  // argument and overflows the stack beyond ~125k values, long before MAX_AXIS_VALUES.
  const append = (values: readonly number[]): void => {
    for (let k = 0; k < values.length; k++) out.push(values[k]);
  };
  for (const piece of pieces) {
    if (piece === '') throw bad(name, token, 'empty item in the list');
    const m = STEP_RANGE.exec(piece);
    if (m) {
      append(stepRange(name, token, Number(m[1]), Number(m[2]), Number(m[3])));
      continue;
    }
    const r = INT_RANGE.exec(piece);
    if (r) {
      append(intRange(name, token, Number(r[1]), Number(r[2])));
      continue;
    }
    if (piece.includes(':') && d.kind !== 'enum' && d.kind !== 'column') throw bad(name, token, `'${piece}' is not a:b:step`);
    if (piece.includes('..') && d.kind !== 'enum' && d.kind !== 'column') throw bad(name, token, `'${piece}' is not a..b with integers a <= b`);
    out.push(scalarFromText(name, token, piece, d));
  }
  return out.map((v) => checkValue(d, v));
}

/**
 * The values of parameter `d` given in a JSON spec: an array of values, a range
 * `{ from, to, step }`, or one value. For list parameters a single value is itself an
 * array (e.g. horizons [7, 30, 90]) and several values are an array of such arrays.
 */
export function valuesFromJson(d: ParamDef, value: unknown): GridValue[] {
  const name = d.name;
  const token = `${name}=${JSON.stringify(value)}`;
  if (isListKind(d)) {
    if (!Array.isArray(value)) throw bad(name, token, `'${name}' takes ${describeParam(d)}`);
    const k = depth(value);
    const values = k > valueDepth(d) ? value : [value];
    if (values.length === 0) throw bad(name, token, 'empty list');
    return values.map((v) => checkValue(d, v as GridValue));
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw bad(name, token, 'empty list');
    return value.map((v) => checkValue(d, scalarFromJson(name, token, v, d)));
  }
  if (d.kind === 'costBps' && value !== null && typeof value === 'object' && !('from' in value)) {
    return [checkValue(d, costMapValue(name, token, value))];
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const r = value as { from?: unknown; to?: unknown; step?: unknown };
    if (keys.some((k) => k !== 'from' && k !== 'to' && k !== 'step') || typeof r.from !== 'number' || typeof r.to !== 'number') {
      throw bad(name, token, 'a range object is { from, to, step } with numbers');
    }
    const step = r.step === undefined ? 1 : r.step;
    if (typeof step !== 'number') throw bad(name, token, 'step must be a number');
    return stepRange(name, token, r.from, r.to, step).map((v) => checkValue(d, v));
  }
  return [checkValue(d, scalarFromJson(name, token, value, d))];
}

function scalarFromJson(name: string, token: string, v: unknown, d: ParamDef): GridValue {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return d.kind === 'int' || d.kind === 'number' || d.kind === 'bool' || d.kind === 'costBps' ? scalarFromText(name, token, v, d) : v;
  if (d.kind === 'costBps' && v !== null && typeof v === 'object' && !Array.isArray(v)) return costMapValue(name, token, v);
  throw bad(name, token, `${JSON.stringify(v)} is not a value`);
}

/** Checks one value against the definition; returns it. InputError names the parameter and what is allowed. */
export function checkValue(d: ParamDef, v: GridValue): GridValue {
  const fail = (): never => {
    throw new InputError(`grid: ${d.name} = ${JSON.stringify(v)} is not allowed; ${d.name} must be ${describeParam(d)}`);
  };
  const inRange = (x: unknown, int: boolean): boolean => {
    if (typeof x !== 'number' || !Number.isFinite(x) || (int && !Number.isInteger(x))) return false;
    if (d.min !== undefined && (d.minOpen ? x <= d.min : x < d.min)) return false;
    return !(d.max !== undefined && x > d.max);
  };
  switch (d.kind) {
    case 'int': if (!inRange(v, true)) fail(); break;
    case 'number': if (!inRange(v, false)) fail(); break;
    case 'bool': if (typeof v !== 'boolean') fail(); break;
    case 'enum': if (typeof v !== 'string' || !(d.values ?? []).includes(v)) fail(); break;
    case 'column': if (typeof v !== 'string' || v === '') fail(); break;
    case 'volThreshold': if (volTriggerText(v) === null) fail(); break;
    case 'costBps':
      if (typeof v === 'string') {
        try {
          parseCostMap('grid', d.name, v);
        } catch {
          fail();
        }
      } else if (!inRange(v, false)) fail();
      break;
    case 'cooloff':
      try {
        parseCooloff('grid', v);
      } catch {
        fail();
      }
      break;
    case 'intList': if (!Array.isArray(v) || v.length === 0 || !v.every((x) => inRange(x, true))) fail(); break;
    case 'numberList': if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) fail(); break;
    case 'pairList':
      if (!Array.isArray(v) || v.length === 0) fail();
      for (const p of v as unknown[]) {
        if (!Array.isArray(p) || p.length !== 2 || !inRange(p[0], true) || !inRange(p[1], true) || !(p[0] < p[1])) fail();
      }
      break;
  }
  return v;
}
