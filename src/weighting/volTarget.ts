import type { Panel } from '../panel.js';
import { kernelsFor, type BackendOption } from '../kernels/dispatch.js';
import { pctChange } from '../kernels/returns.js';
import { rollingStd } from '../kernels/rolling.js';
import { volScaleWeights } from '../kernels/weights.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, checkedByStrategy } from '../schema/shared.js';
import { checkLookback } from '../inputs/index.js';
import { checkAligned, resolvePeriodsPerYear, withPrices, type PriceInput } from '../inputs/index.js';
import { returnVolatility } from './inverseVol.js';
import { checkWeights } from './selection.js';

export type VolTargetMode = 'asset' | 'portfolio';

export interface VolTargetOptions extends BackendOption {
  /** Annualised volatility aimed at (default 0.30, the seed's crypto target). */
  target?: number;
  /** Bars of returns in the realised volatility (default 30). */
  window?: number;
  /** Largest scale factor applied (default 2.0: at most 2x leverage of each weight). */
  cap?: number;
  /** Bars per year to annualise (default: inferred from the dates; 365 crypto, 252 business days). */
  periodsPerYear?: number;
  /** `'asset'` (default, the seed's rule) scales each asset; `'portfolio'` scales whole rows. */
  mode?: VolTargetMode;
}

/** Defaults of `volTarget` (one place). */
export const VOL_TARGET_DEFAULTS = { target: 0.3, window: 30, cap: 2.0, mode: 'asset' } as const;

const VOL_TARGET_MODES: readonly VolTargetMode[] = ['asset', 'portfolio'];

/**
 * The options of `volTarget`: what it validates, the grid's `volTarget.*` axes and the
 * CLI's `--vol-target`, `--vol-window`, `--vol-cap`, `--vol-mode` flags.
 */
export const VOL_TARGET_PARAMS: readonly ParamSchema[] = Object.freeze([
  {
    name: 'target', type: 'number', min: 0, minOpen: true, default: VOL_TARGET_DEFAULTS.target, gridable: true,
    description: 'volatility targeting: scale weights to this annualised volatility (e.g. 0.3)', cli: { flag: '--vol-target <annual>' },
    form: { label: 'Target vol (annual)', step: 0.05 },
  },
  {
    name: 'window', type: 'period', min: 2, default: VOL_TARGET_DEFAULTS.window, gridable: true,
    description: `bars of returns in the realised volatility (default ${VOL_TARGET_DEFAULTS.window})`, cli: { flag: '--vol-window <bars>' },
    form: { label: 'Window (bars)' },
  },
  {
    name: 'cap', type: 'number', min: 0, minOpen: true, default: VOL_TARGET_DEFAULTS.cap, gridable: true,
    description: `largest vol-target scale factor (default ${VOL_TARGET_DEFAULTS.cap})`, cli: { flag: '--vol-cap <x>' }, form: { label: 'Cap (max scale)', step: 0.5 },
  },
  { name: 'periodsPerYear', type: 'number', min: 0, minOpen: true, description: 'bars per year (default: from the dates)', check: checkedByStrategy, cli: false, form: false },
  {
    name: 'mode', type: 'enum', choices: VOL_TARGET_MODES, default: VOL_TARGET_DEFAULTS.mode, gridable: true,
    description: 'asset (default: each asset) or portfolio (whole book)', cli: { flag: '--vol-mode <mode>' }, form: { label: 'Mode' },
  },
  backendOption,
]);

/**
 * Volatility targeting: scales target weights so risk is close to `target`
 * (annualised).
 *
 * `mode: 'asset'` (default; seed 000 `volatility_adjusted_weights`): per asset,
 * scale_{t,j} = min(cap, target / (sigma_{t,j} sqrt(periodsPerYear))), where sigma is the
 * sample std (ddof 1) of the asset's last `window` one-bar simple returns (pandas
 * `prices.pct_change().rolling(window).std()`, the `rollingStd` kernel); the result is
 * w_{t,j} * scale_{t,j}. sigma = 0 gives the cap (target / 0 = inf, clipped, as the
 * seed's `clip(upper=cap)`).
 *
 * `mode: 'portfolio'` (Barroso & Santa-Clara 2015, "Momentum has its moments"): one
 * scale per date for the whole book, scale_t = min(cap, target / (sigma^p_t sqrt(ppy))),
 * where sigma^p_t is the std of the input portfolio's realised returns over the last
 * `window` bars: R_s = sum_j w_{s-1,j} r_{s,j} (the weights decided at s-1 earning the
 * returns of s; a held asset with a missing return contributes 0). Every weight of
 * row t is multiplied by scale_t, so proportions are kept. A book that was flat for
 * the whole window has sigma^p = 0 and gets the cap.
 *
 * Warm-up: where sigma is NaN (fewer than `window` returns, in either mode) the
 * weight is 0: no position without a risk estimate. NaN input weights read as 0; the
 * output is never NaN. Uses returns and weights up to t only (the portfolio mode uses
 * the weights of rows < t). Composable: `volTarget(dualMomentum(p), p)`.
 * Errors: unknown options; target <= 0; cap <= 0; window not an integer >= 2 or >= rows;
 * periodsPerYear <= 0 or not inferable from the dates; weights not aligned with the
 * prices or +-Infinity; non-positive prices.
 * Complexity O(T N): one pct_change and one rolling std kernel call.
 */
export function volTarget(weights: Panel, prices: PriceInput, options: VolTargetOptions = {}): Panel {
  const fn = 'volTarget';
  const o = resolveParams<VolTargetOptions & Required<Pick<VolTargetOptions, 'target' | 'window' | 'cap' | 'mode'>>>(VOL_TARGET_PARAMS, options, fn);
  const { target, window, cap, mode } = o;
  return withPrices(fn, prices, (p) => {
    checkAligned(fn, 'weights', weights, p);
    checkWeights(fn, 'weights', weights);
    checkLookback(fn, 'window', window, p.nRows);
    const annual = Math.sqrt(resolvePeriodsPerYear(fn, o.periodsPerYear, p.dates(), 'error'));
    return mode === 'asset'
      ? scalePerAsset(weights, p, window, target, cap, annual, o.backend)
      : scalePortfolio(weights, p, window, target, cap, annual, o.backend);
  });
}

function scalePerAsset(weights: Panel, p: Panel, window: number, target: number, cap: number, annual: number, backend: BackendOption['backend']): Panel {
  const sigma = returnVolatility(p, window, backend);
  try {
    return volScaleWeights(kernelsFor('volTarget', backend), weights, sigma, target, cap, annual);
  } finally {
    sigma.free();
  }
}

function scalePortfolio(weights: Panel, p: Panel, window: number, target: number, cap: number, annual: number, backend: BackendOption['backend']): Panel {
  const T = p.nRows;
  const N = p.nCols;
  const ret = pctChange(p, { periods: 1, backend });
  const book = new Float64Array(T);
  book[0] = NaN;
  const r = ret.values;
  const s = weights.values;
  for (let t = 1; t < T; t++) {
    let sum = 0;
    for (let j = 0, prev = (t - 1) * N, row = t * N; j < N; j++) {
      const x = s[prev + j];
      const y = r[row + j];
      if (x !== 0 && x === x && y === y) sum += x * y;
    }
    book[t] = sum;
  }
  ret.free();
  const sd = rollingStd(book, window, { backend });
  const out = p.like();
  const w = out.values;
  const sw = weights.values;
  for (let t = 0, row = 0; t < T; t++, row += N) {
    const scale = Math.min(cap, target / (sd[t] * annual));
    for (let j = 0; j < N; j++) {
      const x = sw[row + j];
      w[row + j] = x === 0 || !(x === x) || !(scale === scale) ? 0 : x * scale;
    }
  }
  return out;
}
