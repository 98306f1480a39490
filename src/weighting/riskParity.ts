import { Panel } from '../panel.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { pctChange } from '../kernels/returns.js';
import { rollingStd } from '../kernels/rolling.js';
import { rollingCorrMatrix } from '../kernels/rollingMatrix.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, selectionOption } from '../schema/shared.js';
import { checkLookback } from '../inputs/index.js';
import { checkAligned, withPrices, type PriceInput } from '../inputs/index.js';
import { checkWeights, spreadLegs } from './selection.js';

export interface RiskParityOptions extends BackendOption {
  /** Bars of returns in the volatility and correlation estimates (default 90). */
  window?: number;
  /** Mean correlation above which an asset is penalised (default 0.7). */
  maxCorrelation?: number;
  /** Assets to weight (nonzero entries, with their sign and leg gross); default: all, summing to 1. */
  selection?: Panel;
}

/** Defaults of `riskParity` (one place). */
export const RISK_PARITY_DEFAULTS = { window: 90, maxCorrelation: 0.7 } as const;

/** The options of `riskParity`: what it validates, and what the CLI offers. */
export const RISK_PARITY_PARAMS: readonly ParamSchema[] = Object.freeze([
  { name: 'window', type: 'period', min: 2, default: RISK_PARITY_DEFAULTS.window, description: 'bars of returns in the estimates' },
  { name: 'maxCorrelation', type: 'number', min: 0, minOpen: true, max: 1, default: RISK_PARITY_DEFAULTS.maxCorrelation, description: 'mean correlation above which an asset is penalised' },
  selectionOption,
  backendOption,
]);

/**
 * Inverse-volatility risk parity with a correlation penalty (seed 000
 * `risk_parity_crypto`, as DOMAIN.md defines it). On each date t, over the last
 * `window` one-bar simple returns:
 * - sigma_i: sample std (ddof 1) of asset i (`rollingStd` kernel, pandas
 *   `r.rolling(window).std()`);
 * - rho_i: the mean of the pairwise correlations of asset i with the OTHER candidate
 *   assets that date (`rollingCorrMatrix` kernel, pandas `r.rolling(window).corr()`,
 *   pairwise-complete; NaN correlations are left out of the mean; no other candidate
 *   with a correlation: no penalty). The seed's `corr_matrix.mean()` averages over all
 *   dates and includes the diagonal 1: that is look-ahead, and is not reproduced;
 * - penalty_i = max(1, rho_i / maxCorrelation);
 * - w_i proportional to 1 / (sigma_i penalty_i).
 * Candidates are the assets with a volatility estimate (sigma finite and > 0) that are
 * selected: every asset when `selection` is absent, and then the weights sum to 1;
 * with a selection, each leg keeps the selection's gross as in `inverseVol` (so
 * `riskParity(p, { selection: csm(p, ...) })` stays +1 / -1; correlations are raw,
 * whatever the leg). Assets without an estimate (warm-up: fewer than `window` returns)
 * get 0; a date with no candidate is all cash. Never NaN. Uses returns up to t only.
 * Errors: unknown options; window not an integer >= 2 or >= rows; maxCorrelation
 * outside (0, 1]; a selection not aligned with the prices; non-positive prices.
 * Complexity O(T N^2) time and memory (the correlation matrices).
 */
export function riskParity(prices: PriceInput, options: RiskParityOptions = {}): Panel {
  const fn = 'riskParity';
  const o = resolveParams<RiskParityOptions & Required<Pick<RiskParityOptions, 'window' | 'maxCorrelation'>>>(RISK_PARITY_PARAMS, options, fn);
  const { window, maxCorrelation: maxCorr } = o;
  return withPrices(fn, prices, (p) => {
    const T = p.nRows;
    const N = p.nCols;
    if (o.selection !== undefined) {
      checkAligned(fn, 'selection', o.selection, p);
      checkWeights(fn, 'selection', o.selection);
    }
    checkLookback(fn, 'window', window, T);
    const ret = pctChange(p, { periods: 1, backend: o.backend });
    let sigma: Panel | null = null;
    let corr: ReturnType<typeof rollingCorrMatrix> | null = null;
    try {
      sigma = rollingStd(ret, window, { backend: o.backend });
      corr = rollingCorrMatrix(ret, window, { backend: o.backend });
      const out = p.like();
      const sel = o.selection ? o.selection.values : new Float64Array(T * N).fill(1);
      const sd = sigma.values;
      const w = out.values;
      const c = corr.values; // T x N x N, row-major matrices; no allocation below
      const score = new Float64Array(N);
      const candidate = new Uint8Array(N);
      for (let t = 0, row = 0; t < T; t++, row += N) {
        for (let j = 0; j < N; j++) {
          const s = sel[row + j];
          candidate[j] = (s > 0 || s < 0) && sd[row + j] > 0 && sd[row + j] < Infinity ? 1 : 0;
        }
        const base = t * N * N;
        for (let i = 0; i < N; i++) {
          if (!candidate[i]) {
            score[i] = NaN;
            continue;
          }
          let sum = 0;
          let n = 0;
          for (let j = 0; j < N; j++) {
            const x = c[base + i * N + j];
            if (j !== i && candidate[j] && x === x) {
              sum += x;
              n++;
            }
          }
          const penalty = n > 0 ? Math.max(1, sum / n / maxCorr) : 1;
          score[i] = 1 / (sd[row + i] * penalty);
        }
        spreadLegs(sel, score, w, row, N, o.selection === undefined);
      }
      return out;
    } finally {
      ret.free();
      sigma?.free();
      corr?.free();
    }
  });
}
