/**
 * Strategy parameters on the command line: `--param key=value`, typed by a spec so
 * that `lookback=252` becomes the number 252 and `pairs=8:24,16:48` the pairs
 * [[8, 24], [16, 48]]. Keys match the library's option names (`topN`) and are also
 * accepted in kebab or snake case (`top-n`, `top_n`), case-insensitively.
 */
import { UsageError } from './errors.js';

/** How a parameter's text is read. */
/** How a parameter's text is read (`custom`: by the spec's own `parse`). */
export type ParamType = 'int' | 'number' | 'string' | 'bool' | 'ints' | 'numbers' | 'pairs' | 'enum' | 'custom';

export interface ParamSpec {
  /** The option name of the library function (camelCase). */
  key: string;
  type: ParamType;
  /** Allowed values of an `enum`. */
  values?: readonly string[];
  help: string;
  /** The library default, shown in help (undefined: none / required elsewhere). */
  default?: unknown;
  /** Reads the text of a `custom` parameter (errors become usage errors). */
  parse?: (text: string, flag: string) => unknown;
}

const INT = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `top-n`, `top_n`, `TopN` -> `topn`: the form keys are compared in. */
export function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/** Finds the spec of `key` (any case / separator), or throws listing the valid keys. */
export function findParam(owner: string, specs: readonly ParamSpec[], key: string): ParamSpec {
  const k = normalizeKey(key);
  const spec = specs.find((s) => normalizeKey(s.key) === k);
  if (!spec) {
    throw new UsageError(`unknown parameter '${key}' for ${owner}; valid parameters are ${specs.map((s) => s.key).join(', ') || '(none)'}`);
  }
  return spec;
}

/** Splits `key=value` (the value may itself contain `=`). */
export function splitAssignment(owner: string, text: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new UsageError(`${owner}: expected key=value, got '${text}'`);
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
}

function num(owner: string, key: string, s: string, int: boolean): number {
  if (!(int ? INT : NUMBER).test(s)) {
    throw new UsageError(`${owner}: parameter ${key} must be ${int ? 'an integer' : 'a number'}, got '${s}'`);
  }
  return Number(s);
}

/** Reads the text of one parameter value by its spec's type. */
export function parseParamValue(owner: string, spec: ParamSpec, raw: string): unknown {
  const { key, type } = spec;
  switch (type) {
    case 'int': return num(owner, key, raw, true);
    case 'number': return num(owner, key, raw, false);
    case 'string': return raw;
    case 'bool': {
      if (/^(true|yes|1)$/i.test(raw)) return true;
      if (/^(false|no|0)$/i.test(raw)) return false;
      throw new UsageError(`${owner}: parameter ${key} must be true or false, got '${raw}'`);
    }
    case 'enum': {
      if (!spec.values!.includes(raw)) throw new UsageError(`${owner}: parameter ${key} must be one of ${spec.values!.join(', ')}, got '${raw}'`);
      return raw;
    }
    case 'ints':
    case 'numbers':
      return raw.split(',').map((s) => num(owner, key, s.trim(), type === 'ints'));
    case 'custom':
      try {
        return spec.parse!(raw, key);
      } catch (e) {
        throw new UsageError(`${owner}: parameter ${key}: ${(e as Error).message}`);
      }
    case 'pairs':
      return raw.split(',').map((p) => {
        const parts = p.split(':');
        if (parts.length !== 2) throw new UsageError(`${owner}: parameter ${key} must be short:long pairs separated by commas (e.g. 8:24,16:48,32:96), got '${raw}'`);
        return parts.map((s) => num(owner, key, s.trim(), true));
      });
  }
}

/**
 * `['lookback=90', 'top-n=3']` -> `{ lookback: 90, topN: 3 }`, typed by `specs`. A key
 * given twice is an error (a typo would otherwise silently win or lose).
 */
export function parseParams(owner: string, specs: readonly ParamSpec[], assignments: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of assignments) {
    const [key, raw] = splitAssignment(owner, a);
    const spec = findParam(owner, specs, key);
    if (spec.key in out) throw new UsageError(`${owner}: parameter ${spec.key} is given twice`);
    out[spec.key] = parseParamValue(owner, spec, raw);
  }
  return out;
}

/** Commander collector for a repeatable option (`--param a=1 --param b=2`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
