/**
 * One parameter schema per strategy (and one for the backtester): name, type, default,
 * bounds, description and whether a grid may vary it. The strategy validates its options
 * with `resolveParams`; the grid's axes (src/grid/params.ts), the CLI's flags and help
 * (src/cli/strategies.ts, src/cli/backtestFlags.ts) and the web form (web/fields.ts) are
 * generated from the same list, so a parameter added here appears in all of them.
 */
import { InputError } from '../errors.js';
import { checkBool, checkEnum, checkInt, checkNumber } from '../validate.js';

/**
 * How a value is read and checked:
 * - `number`: a finite number within [min, max] (`minOpen`: > min);
 * - `integer`: an integer >= min (counts such as topN);
 * - `period`: an integer number of bars >= min (lookbacks, windows);
 * - `boolean`, `enum` (one of `choices`);
 * - `periodList`, `numberList`, `periodPairs`: lists of bars, numbers, [short, long] bar pairs;
 * - `column`: the name of a column of the prices; `string`: free text;
 * - `option`: a library-only option (a Panel, a backend) that is neither a CLI flag, a
 *   grid axis nor a form field.
 */
export type ParamType =
  | 'number' | 'integer' | 'period' | 'boolean' | 'enum'
  | 'periodList' | 'numberList' | 'periodPairs' | 'column' | 'string' | 'option';

export interface ParamSchema {
  /** The option name of the library function (camelCase). */
  name: string;
  type: ParamType;
  /** The library default (undefined: none; the option may be left out). */
  default?: unknown;
  /** Bounds of numbers; `minOpen` excludes min. Integers and periods default to min 0. */
  min?: number;
  minOpen?: boolean;
  max?: number;
  /** Allowed values of an `enum`. */
  choices?: readonly string[];
  /** One line for help texts and docs. */
  description: string;
  /** Whether `grid` may vary it (an axis). */
  gridable?: boolean;
  /** How the grid reads its values when the type alone does not say (`volThreshold`: 0.8q or 0.8). */
  gridKind?: string;
  /**
   * Checks the library value instead of the type's rule (and returns it): for values the
   * strategy checks together with others (horizons with weights) or that also take a
   * series (a riskFree rate per row). The grid and the CLI still use the type.
   */
  check?: (where: string, value: unknown) => unknown;
  /** The command line: `parse` reads the flag's text (default: by type); `default` shown and applied by the CLI only. */
  cli?: false | { parse?: (text: string, flag: string) => unknown; default?: unknown; flag?: string };
  /** The web form: `false` leaves it out; label, hint, initial value (default: `default`), step. */
  form?: false | { label?: string; hint?: string; initial?: unknown; step?: number };
}

/** A parameter the command line, the grid and the form show (not a library-only `option`). */
export const isExposed = (p: ParamSchema): boolean => p.type !== 'option';

const typeRule = (p: ParamSchema, where: string, v: unknown): unknown => {
  switch (p.type) {
    case 'integer':
    case 'period':
      return checkInt(where, p.name, v, p.min ?? 0);
    case 'number':
      return checkNumber(where, p.name, v, { lo: p.min, loOpen: p.minOpen, hi: p.max });
    case 'boolean':
      return checkBool(where, p.name, v);
    case 'enum':
      return checkEnum(where, p.name, v, p.choices ?? []);
    default:
      return v;
  }
};

/** Checks one value of `p` (given, or its default): the schema's `check`, else the type's rule. */
export function checkParam(p: ParamSchema, where: string, value: unknown): unknown {
  return p.check ? p.check(where, value) : typeRule(p, where, value);
}

/**
 * Validates `options` against `schema` and fills defaults: a name the schema does not
 * know is an InputError naming it and listing the known ones (in schema order); every
 * given value, and every default, passes `checkParam`; options left out without a
 * default stay undefined. `where` prefixes errors (the function name). O(parameters).
 */
export function resolveParams<T = Record<string, unknown>>(schema: readonly ParamSchema[], options: object | undefined | null, where: string): T {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw new InputError(`${where}: options must be an object, got ${typeof options}`);
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!schema.some((p) => p.name === key)) {
      throw new InputError(`${where}: unknown option '${key}'; valid options are ${schema.map((p) => p.name).join(', ')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const p of schema) {
    const v = o[p.name] ?? p.default;
    out[p.name] = v === undefined ? undefined : checkParam(p, where, v);
  }
  return out as T;
}

/** A parameter of `schema` by name, or undefined. */
export function findParam(schema: readonly ParamSchema[], name: string): ParamSchema | undefined {
  return schema.find((p) => p.name === name);
}

/** A short description of a parameter's allowed values (help texts, error messages). */
export function describeParam(p: ParamSchema): string {
  switch (p.type) {
    case 'integer':
    case 'period': return `an integer >= ${p.min ?? 0}`;
    case 'number': {
      const lo = p.min === undefined ? '' : `${p.minOpen ? '>' : '>='} ${p.min}`;
      const hi = p.max === undefined ? '' : `<= ${p.max}`;
      return `a number${lo || hi ? ' ' : ''}${[lo, hi].filter(Boolean).join(' and ')}`;
    }
    case 'enum': return `one of ${(p.choices ?? []).join(', ')}`;
    case 'boolean': return 'true or false';
    case 'periodList': return `a list of integers >= ${p.min ?? 0}, e.g. [7,30,90]`;
    case 'numberList': return 'a list of numbers, e.g. [0.3,0.4,0.3]';
    case 'periodPairs': return 'a list of [short, long] integer pairs, e.g. [[8,24],[16,48]]';
    case 'column': return 'a column name of the prices';
    case 'string': return 'text';
    case 'option': return 'a library option';
  }
}

/** The value as the command line spells it: lists comma separated, pairs as short:long. */
export function cliText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? x.join(':') : String(x))).join(',');
  return String(v);
}
