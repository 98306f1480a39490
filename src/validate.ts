import { InputError } from './errors.js';

/**
 * Rejects option names a function does not know, listing the valid ones
 * (a misspelt `minPeriod` must not silently fall back to a default).
 */
export function checkOptions(fn: string, opts: object | undefined, allowed: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  if (typeof opts !== 'object') throw new InputError(`${fn}: options must be an object, got ${typeof opts}`);
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      throw new InputError(`${fn}: unknown option '${key}'; valid options are ${allowed.join(', ')}`);
    }
  }
}

/** An integer >= `min` (windows, periods, counts). */
export function checkInt(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InputError(`${fn}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  if (value < min) throw new InputError(`${fn}: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** A finite number within [lo, hi] (bounds optional; `open` excludes them). */
export function checkNumber(
  fn: string, name: string, value: unknown,
  range: { lo?: number; hi?: number; loOpen?: boolean; hiOpen?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`${fn}: ${name} must be a finite number, got ${String(value)}`);
  }
  const { lo, hi, loOpen, hiOpen } = range;
  const bad = (lo !== undefined && (loOpen ? value <= lo : value < lo)) || (hi !== undefined && (hiOpen ? value >= hi : value > hi));
  if (bad) {
    const l = lo === undefined ? '(-inf' : `${loOpen ? '(' : '['}${lo}`;
    const h = hi === undefined ? 'inf)' : `${hi}${hiOpen ? ')' : ']'}`;
    throw new InputError(`${fn}: ${name} must be in ${l}, ${h}, got ${value}`);
  }
  return value;
}

export function checkBool(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InputError(`${fn}: ${name} must be true or false, got ${String(value)}`);
  return value;
}

export function checkEnum<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InputError(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}
