import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { ewmMean } from '../kernels/ewm.js';
import { rollingStd } from '../kernels/rolling.js';
import { checkBool, checkInt, checkNumber } from '../validate.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, checkedByStrategy } from '../schema/shared.js';
import { checkLookback } from '../inputs/index.js';
import { withPrices, type PriceInput } from '../inputs/index.js';

export interface BazOptions extends BackendOption {
  /** (short, long) EWMA lengths n; each EWMA has alpha = 1/n. Default (8,24), (16,48), (32,96). */
  pairs?: readonly (readonly [number, number])[];
  /** Weight of each pair's response u in the signal. Default equal (1/3 each); the seed's are 0.2, 0.5, 0.3. */
  weights?: readonly number[];
  /** Window (rows) of the rolling std of the PRICE that normalises x (default 63, three months). */
  priceStdWindow?: number;
  /** Window (rows) of the rolling std of y that normalises it (default 252, a year). */
  signalStdWindow?: number;
  /** pandas `ewm(adjust=)` of the EWMAs (default true, pandas' default). */
  adjust?: boolean;
}

/** Defaults of `bazSignal` / `fxTrend` (one place). */
export const BAZ_DEFAULTS = {
  pairs: [[8, 24], [16, 48], [32, 96]] as readonly (readonly [number, number])[],
  weights: null as readonly number[] | null,
  priceStdWindow: 63,
  signalStdWindow: 252,
  adjust: true,
  /** The response u = z exp(-z^2/4) / responseScale (Baz et al.'s 0.89). */
  responseScale: 0.89,
} as const;

/** The seed's weights of the (8,24), (16,48), (32,96) responses. */
export const BAZ_SEED_WEIGHTS: readonly number[] = [0.2, 0.5, 0.3];

/**
 * The options of `bazSignal` (and the signal options of `fxTrend`): what they validate, and
 * what the grid, the CLI and the web form offer. pairs and weights are checked together
 * by `bazOnPanel`.
 */
export const BAZ_PARAMS: readonly ParamSchema[] = Object.freeze([
  {
    name: 'pairs', type: 'periodPairs', min: 1, default: BAZ_DEFAULTS.pairs, description: 'short:long EWMA lengths', gridable: true, check: checkedByStrategy,
    form: { label: 'EWMA pairs (short:long)' },
  },
  {
    name: 'weights', type: 'numberList', description: 'weight per pair (default equal; the seed: 0.2,0.5,0.3)', gridable: true, check: checkedByStrategy,
    form: { label: 'Pair weights', hint: `blank = equal; the seed's: ${BAZ_SEED_WEIGHTS.join(', ')}` },
  },
  { name: 'priceStdWindow', type: 'period', min: 2, default: BAZ_DEFAULTS.priceStdWindow, description: 'window of the price std', gridable: true, form: { label: 'Price std window' } },
  { name: 'signalStdWindow', type: 'period', min: 2, default: BAZ_DEFAULTS.signalStdWindow, description: 'window of the signal std', gridable: true, form: { label: 'Signal std window' } },
  { name: 'adjust', type: 'boolean', default: BAZ_DEFAULTS.adjust, description: 'pandas ewm adjust', gridable: true, form: { label: 'EWMA adjust (pandas)' } },
  backendOption,
]);

/** Everything `bazSignal` computes; every Panel has the prices' shape. The caller frees them. */
export interface BazSignal {
  /** sum_k weights[k] u[k], accumulated in pair order: ((w0 u0 + w1 u1) + w2 u2). */
  signal: Panel;
  /** Per pair, in the order of `pairs` (default (8,24), (16,48), (32,96)): x = EWMA_S - EWMA_L. */
  x: Panel[];
  /** y = x / (rolling std of the price over priceStdWindow). */
  y: Panel[];
  /** z = y / (rolling std of y over signalStdWindow). */
  z: Panel[];
  /** u = z exp(-z^2 / 4) / 0.89. */
  u: Panel[];
}

/**
 * The trend signal of Baz, Granger, Harvey, Le Roux & Rattray (2015), "Dissecting
 * investment strategies in the cross section and time series" (seed 001), on every
 * column of a price panel. For each (S, L) in `pairs`:
 *   x = EWMA_S(P) - EWMA_L(P), EWMA_n = pandas `P.ewm(alpha=1/n, adjust).mean()` (decay
 *       (n-1)/n, NOT span n: span n would be alpha 2/(n+1));
 *   y = x / P.rolling(priceStdWindow).std()   (ddof 1; the paper's 3-month price std);
 *   z = y / y.rolling(signalStdWindow).std()  (ddof 1; one year);
 *   u = z exp(-z^2 / 4) / 0.89               (the response: rises, peaks at |z| = sqrt 2, fades);
 * signal = sum_k weights[k] u_k. Built from the public kernels (ewmMean, rollingStd)
 * and one elementwise pass per step.
 *
 * Warm-up and NaN (pandas semantics, min_periods = window): y is NaN for the first
 * priceStdWindow - 1 rows, z and the signal for the first priceStdWindow +
 * signalStdWindow - 2 rows (313 by default), and after any missing price for as long
 * as a window contains it; a zero rolling std gives +-Infinity / NaN as in pandas.
 * Uses rows <= t only.
 * Errors: unknown options; pairs not integers 1 <= S < L; weights not one finite
 * number per pair; a warm-up (priceStdWindow + signalStdWindow - 2) not shorter than
 * the history; prices <= 0 (column and date named).
 * Complexity O(T N) per pair: two EWMAs, one rolling std of y, three passes.
 */
export function bazSignal(prices: PriceInput, options: BazOptions = {}): BazSignal {
  const fn = 'bazSignal';
  resolveParams(BAZ_PARAMS, options, fn);
  return withPrices(fn, prices, (p) => bazOnPanel(fn, p, options ?? {}));
}

/** `bazSignal` on a validated price panel (shared with `fxTrend`). */
export function bazOnPanel(fn: string, p: Panel, o: BazOptions): BazSignal {
  const pairs = checkPairs(fn, o.pairs ?? BAZ_DEFAULTS.pairs);
  const weights = checkWeights(fn, o.weights ?? pairs.map(() => 1 / pairs.length), pairs.length);
  const wP = checkInt(fn, 'priceStdWindow', o.priceStdWindow ?? BAZ_DEFAULTS.priceStdWindow, 2);
  const wY = checkInt(fn, 'signalStdWindow', o.signalStdWindow ?? BAZ_DEFAULTS.signalStdWindow, 2);
  const adjust = checkBool(fn, 'adjust', o.adjust ?? BAZ_DEFAULTS.adjust);
  checkLookback(fn, `the warm-up priceStdWindow + signalStdWindow - 2 = ${wP} + ${wY} - 2`, wP + wY - 2, p.nRows);
  const backend = o.backend;
  const scale = BAZ_DEFAULTS.responseScale;
  const made: Panel[] = [];
  const keep = <T extends Panel>(x: T): T => (made.push(x), x);
  try {
    const priceStd = rollingStd(p, wP, { backend });
    made.push(priceStd);
    const out: BazSignal = { signal: keep(p.like()), x: [], y: [], z: [], u: [] };
    out.signal.values.fill(0);
    pairs.forEach(([S, L], k) => {
      const fast = keep(ewmMean(p, { alpha: 1 / S, adjust, backend }));
      const slow = keep(ewmMean(p, { alpha: 1 / L, adjust, backend }));
      const x = keep(p.like());
      zip(x, fast, slow, (a, b) => a - b);
      const y = keep(p.like());
      zip(y, x, priceStd, (a, b) => a / b);
      const yStd = keep(rollingStd(y, wY, { backend }));
      const z = keep(p.like());
      zip(z, y, yStd, (a, b) => a / b);
      const u = keep(p.like());
      zip(u, z, z, (a) => (a * Math.exp(-(a * a) / 4)) / scale);
      zip(out.signal, out.signal, u, (s, b) => s + weights[k] * b);
      for (const tmp of [fast, slow, yStd]) tmp.free();
      out.x.push(x);
      out.y.push(y);
      out.z.push(z);
      out.u.push(u);
    });
    priceStd.free();
    return out;
  } catch (e) {
    for (const x of made) x.free(); // free() is idempotent

    throw e;
  }
}

/** out[i] = f(a[i], b[i]) over two panels of out's shape (views taken after every allocation). */
function zip(out: Panel, a: Panel, b: Panel, f: (x: number, y: number) => number): void {
  const o = out.values;
  const av = a.values;
  const bv = b.values;
  for (let i = 0; i < o.length; i++) o[i] = f(av[i], bv[i]);
}

function checkPairs(fn: string, pairs: unknown): [number, number][] {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new InputError(`${fn}: pairs must be a non-empty array of [short, long] EWMA lengths, e.g. [[8, 24], [16, 48], [32, 96]]`);
  return pairs.map((pair: unknown, k) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new InputError(`${fn}: pairs[${k}] must be [short, long], got ${JSON.stringify(pair)}`);
    const S = checkInt(fn, `pairs[${k}][0]`, pair[0], 1);
    const L = checkInt(fn, `pairs[${k}][1]`, pair[1], 1);
    if (S >= L) throw new InputError(`${fn}: pairs[${k}] = [${S}, ${L}]: the short length must be below the long one`);
    return [S, L];
  });
}

function checkWeights(fn: string, weights: unknown, n: number): number[] {
  if (!Array.isArray(weights) || weights.length !== n) throw new InputError(`${fn}: weights must be an array of ${n} numbers (one per pair), got ${JSON.stringify(weights)}`);
  return weights.map((w, k) => checkNumber(fn, `weights[${k}]`, w));
}
