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

const list = (v: readonly (number | readonly number[])[]): string => v.map((x) => (Array.isArray(x) ? x.join(':') : String(x))).join(', ');

/** The form's kind of each schema type (library-only options have no field). */
const KINDS: Partial<Record<Xmom.ParamType, FieldKind>> = {
  integer: 'int', period: 'int', number: 'number', enum: 'select', boolean: 'bool',
  periodList: 'intList', numberList: 'numberList', periodPairs: 'pairs', column: 'column',
};

/** The initial text of a field from a value (lists as `8:24, 16:48`). */
const initialOf = (v: unknown): string | boolean => (v === undefined ? '' : typeof v === 'boolean' ? v : Array.isArray(v) ? list(v) : String(v));

/**
 * The form field of a schema entry: its label, kind, initial value (the form's, else the
 * default; blank and optional when it has neither), bounds and hint.
 */
export function fieldOf(p: Xmom.ParamSchema): Field | null {
  const kind = KINDS[p.type];
  if (kind === undefined || p.form === false) return null;
  const form = p.form ?? {};
  const initial = form.initial ?? p.default;
  const f: Field = { key: p.name, label: form.label ?? p.name, kind, initial: initialOf(initial) };
  if (initial === undefined && kind !== 'bool') f.optional = true;
  if (p.choices) f.choices = p.choices;
  if (form.hint) f.hint = form.hint;
  if (kind === 'int') {
    f.min = p.min ?? 0;
    f.step = form.step ?? 1;
  } else if (kind === 'number') {
    f.step = form.step ?? 0.01;
  }
  return f;
}

/** The fields of a schema (in its order), leaving out what the form does not show. */
export function fieldsOf(schema: readonly Xmom.ParamSchema[]): Field[] {
  return schema.map(fieldOf).filter((f): f is Field => f !== null);
}

/** The fields of volatility targeting: VOL_TARGET_PARAMS, defaults from VOL_TARGET_DEFAULTS. */
export function volTargetFields(x: typeof Xmom): Field[] {
  return fieldsOf(x.VOL_TARGET_PARAMS);
}

/**
 * The fields of every strategy the registry shows in the form (`form`), generated from
 * its parameter schema, with its label and default grid; in the grid's strategy order
 * (dualMomentum first, the page's default), then any other registered one.
 */
export function strategyForms(x: typeof Xmom): Record<StrategyName, StrategyForm> {
  const out: Record<StrategyName, StrategyForm> = {};
  const rank = (name: string): number => {
    const k = x.gridStrategyNames().indexOf(name);
    return k < 0 ? Infinity : k;
  };
  const entries = [...x.strategyEntries()].sort((p, q) => rank(p.name) - rank(q.name));
  for (const e of entries) {
    if (e.form && e.data === 'wide') out[e.name] = { label: e.form.label, fields: fieldsOf(e.params), grid: e.form.grid };
  }
  return out;
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
