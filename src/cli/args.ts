/**
 * Commander argument parsers for numeric flags: a bad value is a usage error (exit 2)
 * naming the flag and what is allowed, before any work starts.
 */
import { InvalidArgumentError } from 'commander';
import { parseBandText } from '../backtest/settings.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, optionally >= `min`. */
export function numberArg(min = -Infinity): (s: string) => number {
  return (s) => {
    if (!NUMBER.test(s.trim())) throw new InvalidArgumentError(`expected a number, got '${s}'`);
    const x = Number(s);
    if (x < min) throw new InvalidArgumentError(`expected a number >= ${min}, got ${x}`);
    return x;
  };
}

/** An integer >= `min`. */
export function intArg(min = 0): (s: string) => number {
  return (s) => {
    if (!/^[+-]?\d+$/.test(s.trim())) throw new InvalidArgumentError(`expected an integer >= ${min}, got '${s}'`);
    const x = Number(s);
    if (x < min) throw new InvalidArgumentError(`expected an integer >= ${min}, got ${x}`);
    return x;
  };
}

/** One of `allowed`. */
export function choiceArg<T extends string>(allowed: readonly T[]): (s: string) => T {
  return (s) => {
    if (!allowed.includes(s as T)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got '${s}'`);
    return s as T;
  };
}

/**
 * A commander parser from a text reader that throws (a schema's `cli.parse`): its
 * message becomes the usage error.
 */
export function textArg<T>(parse: (s: string) => T): (s: string) => T {
  return (s) => {
    try {
      return parse(s);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

/** `--band`: `parseBandText` of src/backtest/settings.ts (0.1, abs:0.1, rel:0.25, abs:0.05,rel:0.25). */
export const bandArg = textArg(parseBandText);
