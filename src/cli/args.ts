/**
 * Commander argument parsers for numeric flags: a bad value is a usage error (exit 2)
 * naming the flag and what is allowed, before any work starts.
 */
import { InvalidArgumentError } from 'commander';

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
 * `--band`: `0.1` or `abs:0.1` (absolute, weight points), `rel:0.25` (a fraction of the
 * target weight), or both, comma separated (`abs:0.05,rel:0.25`: either exceeded trades).
 * Numbers >= 0; each kind at most once.
 */
export function bandArg(s: string): number | { abs?: number; rel?: number } {
  const text = s.trim();
  const num = numberArg(0);
  if (NUMBER.test(text)) return num(text);
  const out: { abs?: number; rel?: number } = {};
  for (const part of text.split(',')) {
    const m = /^(abs|rel):(.*)$/.exec(part.trim());
    if (!m || (m[1] as 'abs' | 'rel') in out) {
      throw new InvalidArgumentError(`expected a band: 0.1, abs:0.1, rel:0.25 or abs:0.05,rel:0.25 (numbers >= 0), got '${s}'`);
    }
    out[m[1] as 'abs' | 'rel'] = num(m[2].trim());
  }
  return out;
}
