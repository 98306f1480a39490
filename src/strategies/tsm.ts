import type { Panel } from '../panel.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';
import { kernelsFor, type BackendOption } from '../kernels/dispatch.js';
import type { Kernels } from '../engine/index.js';
import { tsmSignWeights } from '../kernels/weights.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, eligibleOption, lookbackParam, skipParam } from '../schema/shared.js';
import { lookbackReturns } from './lookbackReturns.js';
import { withPrices, type PriceInput } from '../inputs/index.js';

export type TsmMode = 'long-cash' | 'long-short';

export interface TsmOptions extends BackendOption {
  /** Bars over which the momentum return is measured (default 252, one trading year). */
  lookback?: number;
  /** Most recent bars left out of the return (default 0; 21 gives 12-1 momentum). */
  skip?: number;
  /** The return an asset must beat to be long (default 0), in the units of r (not annualised). */
  threshold?: number;
  /** `'long-cash'` (default): long or flat; `'long-short'`: long or short. */
  mode?: TsmMode;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): an
   * asset with 0 on a row has no signal there, so it is not counted in n_t and gets weight 0.
   */
  eligible?: Panel;
}

/** Defaults of `tsm` (one place). */
export const TSM_DEFAULTS = { lookback: 252, skip: 0, threshold: 0, mode: 'long-cash' } as const;

const TSM_MODES: readonly TsmMode[] = ['long-cash', 'long-short'];

/** The options of `tsm`: what it validates, and what the grid, the CLI and the web form offer. */
export const TSM_PARAMS: readonly ParamSchema[] = Object.freeze([
  lookbackParam(TSM_DEFAULTS.lookback),
  skipParam(TSM_DEFAULTS.skip),
  { name: 'threshold', type: 'number', default: TSM_DEFAULTS.threshold, description: 'return to beat (not annualised)', gridable: true, form: { label: 'Threshold return' } },
  { name: 'mode', type: 'enum', choices: TSM_MODES, default: TSM_DEFAULTS.mode, description: 'flat or short below the threshold', gridable: true, form: { label: 'Mode' } },
  eligibleOption,
  backendOption,
]);

type ResolvedTsm = Required<Pick<TsmOptions, 'lookback' | 'skip' | 'threshold' | 'mode'>> & Pick<TsmOptions, 'eligible' | 'backend'>;

/**
 * Time-series momentum (Moskowitz, Ooi & Pedersen 2012; seed 000
 * `time_series_momentum`): each asset against its own past.
 *
 * r = p_{t-skip} / p_{t-skip-lookback} - 1 (pandas `prices.shift(skip).pct_change(lookback)`).
 * Signal s = +1 if r > threshold; if r < threshold, 0 (long-cash) or -1 (long-short);
 * r exactly equal to the threshold is 0 in both modes (the seed's `r > 0` test).
 *
 * Weights: where the seed returns the 0/1 signals, we return target weights
 * w = s / n_t, where n_t is the number of assets with a valid r on date t (those with
 * lookback + skip bars of history and both prices present). So the gross exposure is
 * (assets with a position) / n_t <= 1 and the rest is cash: with 4 valid assets of
 * which 3 are long, each long is 1/4 and 1/4 is cash. Assets without a valid r get 0;
 * a date where no asset has a valid r (warm-up, a universe that is empty that day) is
 * all zeros: all cash. Weights are never NaN.
 *
 * Uses rows <= t only: the weight at t can be traded at the close of t.
 * Errors: unknown options, lookback + skip >= the number of rows, non-positive prices.
 * Complexity O(T N): a shift, a pct_change and one pass.
 */
export function tsm(prices: PriceInput, options: TsmOptions = {}): Panel {
  const fn = 'tsm';
  const o = resolveParams<ResolvedTsm>(TSM_PARAMS, options, fn);
  const { lookback, skip, threshold, mode } = o;
  return withPrices(fn, prices, (p) => {
    checkEligible(fn, p, o.eligible);
    const prepared = prepareTsm(fn, p, { lookback, skip, eligible: o.eligible, backend: o.backend });
    try {
      return tsmWeights(prepared, p, threshold, mode);
    } finally {
      prepared.free();
    }
  });
}

/** The signal parameters of `tsm` (validated), shared by every threshold and mode. */
export interface TsmSignalOptions extends BackendOption {
  lookback: number;
  skip: number;
  /** Checked by `checkEligible`; its 0 cells make r NaN. */
  eligible?: Panel;
}

/** The kernel result `tsmWeights` reads; `free` returns it. */
export interface TsmPrepared {
  /** The lookback returns r (NaN where an asset has no valid r). */
  ret: Panel;
  /** The kernels (backend) that made it, used again by `tsmWeights`. */
  kernels: Kernels;
  free(): void;
}

/**
 * The signal half of `tsm` (internal: the public function and its grid plan): the
 * lookback returns. Errors: lookback + skip >= rows. Kernels: one shift (skip > 0), one
 * pct_change. The caller frees the result.
 */
export function prepareTsm(fn: string, p: Panel, o: TsmSignalOptions): TsmPrepared {
  const kernels = kernelsFor(fn, o.backend);
  const ret = maskIneligible(lookbackReturns(fn, p, o.lookback, o.skip, o.backend), o.eligible);
  return { ret, kernels, free: () => ret.free() };
}

/**
 * The weights half of `tsm` (internal): w = s / n_t with s = sign(r - threshold)
 * (-1 becoming 0 in 'long-cash') and n_t the assets with a valid r on date t: the
 * `tsmSigns` kernel (wasm or its twin). O(T N).
 */
export function tsmWeights(prepared: TsmPrepared, p: Panel, threshold: number, mode: TsmMode): Panel {
  const { ret, kernels } = prepared;
  return tsmSignWeights(kernels, ret, threshold, mode === 'long-short' ? -1 : 0);
}
