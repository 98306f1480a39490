import { InputError } from '../errors.js';
import { applyUnary, type BackendOption, type SeriesInput } from './dispatch.js';
import { checkBool, checkEnum, checkInt, checkNumber, checkOptions } from '../validate.js';

export interface EwmOptions extends BackendOption {
  /** Smoothing factor, 0 < alpha <= 1 (used as pandas does: com = (1 - alpha) / alpha, then 1 / (1 + com)). */
  alpha?: number;
  /** Span s >= 1: com = (s - 1) / 2, alpha = 1 / (1 + com) = 2 / (s + 1). */
  span?: number;
  /** Centre of mass c >= 0: alpha = 1 / (1 + c). */
  com?: number;
  /** Half-life h > 0: com = 1 / (1 - exp(ln 0.5 / h)) - 1, alpha = 1 / (1 + com). */
  halflife?: number;
  /** pandas `adjust` (default true): the weighted-average form; false: the recursion. */
  adjust?: boolean;
  /** pandas `ignore_na` (default false): NaNs still age the weights of earlier values. */
  ignoreNa?: boolean;
  /** Observations required before a value is emitted (default 0, treated as 1). */
  minPeriods?: number;
  /**
   * `'pandas'` (default) seeds at the first valid value as pandas does; `'sma'` seeds
   * TA-Lib style with the simple mean of the first `seedPeriod` observations.
   */
  seed?: 'pandas' | 'sma';
  /** Observations averaged for the `'sma'` seed (default: `span`, required otherwise). */
  seedPeriod?: number;
}

/** Defaults shared by the wrapper and the kernels (one place). */
export const EWM_DEFAULTS = { adjust: true, ignoreNa: false, minPeriods: 0, seed: 'pandas' } as const;

const EWM_OPTIONS = ['alpha', 'span', 'com', 'halflife', 'adjust', 'ignoreNa', 'minPeriods', 'seed', 'seedPeriod', 'backend'] as const;

/**
 * The smoothing factor implied by exactly one of alpha, span, com, halflife, with
 * pandas' validation and pandas' arithmetic: every form is first converted to the centre
 * of mass (`get_center_of_mass`: span s -> (s - 1) / 2; halflife h -> 1 / (1 - exp(ln 0.5 / h)) - 1;
 * alpha a -> (1 - a) / a), and the kernel's alpha is 1 / (1 + com) (aggregations.pyx
 * `ewm`). The round trip can move the last bit: alpha 0.05 becomes 0.05000000000000001,
 * halflife 7 gives 0.09427633573609327 where 1 - exp(ln 0.5 / 7) is ...329; pandas uses
 * the converted value, so this does too. (halflife goes through `Math.exp`, which may
 * differ from numpy's `exp` in the last bit for some inputs.)
 */
export function ewmAlpha(opts: Pick<EwmOptions, 'alpha' | 'span' | 'com' | 'halflife'>, fn = 'ewmMean'): number {
  return 1 / (1 + ewmCom(opts, fn));
}

/** The centre of mass of exactly one of alpha, span, com, halflife (pandas `get_center_of_mass`). */
function ewmCom(opts: Pick<EwmOptions, 'alpha' | 'span' | 'com' | 'halflife'>, fn = 'ewmMean'): number {
  const given = (['alpha', 'span', 'com', 'halflife'] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1) {
    throw new InputError(`${fn}: give exactly one of alpha, span, com, halflife; got ${given.length ? given.join(' and ') : 'none'}`);
  }
  switch (given[0]) {
    case 'alpha': {
      const a = checkNumber(fn, 'alpha', opts.alpha, { lo: 0, hi: 1, loOpen: true });
      return (1 - a) / a;
    }
    case 'span': return (checkNumber(fn, 'span', opts.span, { lo: 1 }) - 1) / 2;
    case 'com': return checkNumber(fn, 'com', opts.com, { lo: 0 });
    default: {
      const decay = 1 - Math.exp(Math.log(0.5) / checkNumber(fn, 'halflife', opts.halflife, { lo: 0, loOpen: true }));
      return 1 / decay - 1;
    }
  }
}

/**
 * Exponentially weighted moving average of every column: pandas
 * `x.ewm(alpha | span | com | halflife, adjust, ignore_na, min_periods).mean()`.
 *
 * Algorithm: pandas' own recursion (aggregations.pyx `ewm`), operation for operation, so
 * the values are bit-identical to pandas: with adjust the weighted average
 * sum (1-a)^i x_{t-i} / sum (1-a)^i, without it y_t = ((1-a) y_{t-1} + a x_t) / 1.
 * NaN rules: leading NaNs stay NaN; the average starts at the first valid value; a NaN
 * input repeats the last average, and (ignoreNa false) still ages earlier weights.
 * Output is NaN until `max(minPeriods, 1)` observations have been seen.
 * With `seed: 'sma'` (TA-Lib EMA): NaN until `seedPeriod` observations, then their
 * mean, then y_t = (x_t - y_{t-1}) a + y_{t-1}; NaNs are skipped.
 * Complexity O(T N) time, O(N) scratch; the wasm kernel runs two columns per SIMD lane.
 */
export function ewmMean<I extends SeriesInput>(x: I, options: EwmOptions): I {
  const fn = 'ewmMean';
  checkOptions(fn, options, EWM_OPTIONS);
  if (options === undefined) throw new InputError(`${fn}: give one of alpha, span, com, halflife`);
  const alpha = ewmAlpha(options, fn);
  const seed = checkEnum(fn, 'seed', options.seed ?? EWM_DEFAULTS.seed, ['pandas', 'sma'] as const);
  if (seed === 'sma') {
    for (const k of ['adjust', 'ignoreNa', 'minPeriods'] as const) {
      if (options[k] !== undefined) throw new InputError(`${fn}: ${k} does not apply with seed 'sma' (TA-Lib seeding)`);
    }
    const periodRaw = options.seedPeriod ?? options.span;
    if (periodRaw === undefined) throw new InputError(`${fn}: seed 'sma' needs seedPeriod (or span)`);
    const period = checkInt(fn, 'seedPeriod', periodRaw, 1);
    return applyUnary(fn, x, options.backend, (k, xp, out, T, N) => k.ewmSmaSeed(xp, out, T, N, alpha, period), (p) => {
      if (period > p.nRows) throw new InputError(`${fn}: seedPeriod ${period} is longer than the data (${p.nRows} rows)`);
    });
  }
  if (options.seedPeriod !== undefined) throw new InputError(`${fn}: seedPeriod applies only with seed 'sma'`);
  const adjust = checkBool(fn, 'adjust', options.adjust ?? EWM_DEFAULTS.adjust);
  const ignoreNa = checkBool(fn, 'ignoreNa', options.ignoreNa ?? EWM_DEFAULTS.ignoreNa);
  const minPeriods = checkInt(fn, 'minPeriods', options.minPeriods ?? EWM_DEFAULTS.minPeriods, 0);
  return applyUnary(fn, x, options.backend, (k, xp, out, T, N) => k.ewmMean(xp, out, T, N, alpha, +adjust, +ignoreNa, minPeriods), (p) => {
    if (minPeriods > p.nRows) throw new InputError(`${fn}: minPeriods ${minPeriods} is longer than the data (${p.nRows} rows)`);
  });
}
