import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkInt, checkNumber, checkOptions } from '../validate.js';
import { dailyCalendar, isoToMs } from './calendar.js';
import { makeRng } from './random.js';
import { regimePath, roundSig, type RegimeSwitching } from './regime.js';

export { syntheticEquities, EQUITIES_DEFAULTS } from './syntheticEquities.js';
export type { EquitiesConfig } from './syntheticEquities.js';

/** One coin of the synthetic crypto market. */
export interface CoinSpec {
  symbol: string;
  /** First date with a price (ISO); NaN before. */
  listed: string;
  /** Price on the listing date. */
  price: number;
  /** Annualised base volatility (log returns), before the regime's scale. */
  vol: number;
  /** Sensitivity to the regime's drift. */
  beta: number;
}

export interface CryptoConfig {
  seed: number;
  /** First and last date (ISO, inclusive) of the 7-day calendar. */
  start: string;
  end: string;
  coins: readonly CoinSpec[];
  /** A stablecoin pegged at 1.0 (Ornstein-Uhlenbeck deviation), or null for none. */
  stablecoin: { symbol: string; sd: number; halfLifeDays: number } | null;
  /** Correlation of any two coins' daily shocks (one common factor). */
  correlation: number;
  regimes: RegimeSwitching;
}

/**
 * crypto12: 11 coins plus USDT on a 7-day calendar 2018-01-01 .. 2024-12-31. Listing
 * dates and first prices follow the real coins roughly; vols are annualised on 365 days.
 */
export const CRYPTO12_DEFAULTS: CryptoConfig = Object.freeze<CryptoConfig>({
  seed: 20180101,
  start: '2018-01-01',
  end: '2024-12-31',
  coins: [
    { symbol: 'BTC', listed: '2018-01-01', price: 13500, vol: 0.7, beta: 1.0 },
    { symbol: 'ETH', listed: '2018-01-01', price: 770, vol: 0.85, beta: 1.15 },
    { symbol: 'SOL', listed: '2020-04-10', price: 0.95, vol: 1.1, beta: 1.5 },
    { symbol: 'BNB', listed: '2018-01-01', price: 8.5, vol: 0.9, beta: 1.1 },
    { symbol: 'XRP', listed: '2018-01-01', price: 2.3, vol: 1.0, beta: 1.1 },
    { symbol: 'ADA', listed: '2018-01-01', price: 0.72, vol: 1.0, beta: 1.2 },
    { symbol: 'AVAX', listed: '2020-09-22', price: 4.8, vol: 1.05, beta: 1.4 },
    { symbol: 'DOT', listed: '2020-08-20', price: 2.9, vol: 1.0, beta: 1.3 },
    { symbol: 'MATIC', listed: '2019-04-26', price: 0.004, vol: 1.2, beta: 1.4 },
    { symbol: 'LINK', listed: '2018-01-01', price: 0.75, vol: 1.05, beta: 1.3 },
    { symbol: 'ATOM', listed: '2019-03-14', price: 7.0, vol: 0.95, beta: 1.2 },
  ],
  stablecoin: { symbol: 'USDT', sd: 0.002, halfLifeDays: 3 },
  correlation: 0.55,
  regimes: {
    bull: { drift: 1.3, volScale: 0.85, meanBars: 300 },
    bear: { drift: -0.9, volScale: 1.15, meanBars: 220 },
    initial: 'bear',
  },
});

/**
 * A synthetic crypto market as a dated Panel (7-day calendar, one column per coin, the
 * stablecoin last). Model: correlated geometric Brownian motion with regime-switching
 * drift and volatility. With dt = 1/365, shock_i = sqrt(rho) f + sqrt(1 - rho) e_i
 * (f, e_i iid N(0,1)), and the regime's drift mu and scale k:
 *   ln(P_t / P_{t-1}) = beta_i mu dt - (k vol_i)^2 dt / 2 + k vol_i sqrt(dt) shock_i.
 * A coin is NaN before its listing date. The stablecoin is 1 + x_t with x an AR(1)
 * (Ornstein-Uhlenbeck) of stationary sd `sd` and the given half-life. Every shock is
 * drawn every day for every coin, listed or not, so the stream does not depend on the
 * listing dates. Prices are rounded to 8 significant digits (state kept unrounded).
 * Deterministic: same config, same panel, bit for bit.
 */
export function syntheticCrypto(config: Partial<CryptoConfig> = {}): Panel {
  const fn = 'syntheticCrypto';
  checkOptions(fn, config, Object.keys(CRYPTO12_DEFAULTS));
  const c: CryptoConfig = { ...CRYPTO12_DEFAULTS, ...config };
  const rho = checkNumber(fn, 'correlation', c.correlation, { lo: 0, hi: 1 });
  const dates = dailyCalendar(isoToMs(fn, 'start', c.start), isoToMs(fn, 'end', c.end), 7);
  if (dates.length < 2) throw new InputError(`${fn}: end must be after start`);
  const coins = c.coins;
  const N = coins.length + (c.stablecoin ? 1 : 0);
  const T = dates.length;
  const rng = makeRng(checkInt(fn, 'seed', c.seed, 0));
  const regime = regimePath(rng, c.regimes, T);
  const listed = coins.map((coin) => isoToMs(fn, `listing date of ${coin.symbol}`, coin.listed));
  const dt = 1 / 365;
  const logP = coins.map((coin) => Math.log(coin.price));
  const out = new Panel(T, N, { columns: [...coins.map((x) => x.symbol), ...(c.stablecoin ? [c.stablecoin.symbol] : [])], index: dates });
  const v = out.values;
  let peg = 0;
  const phi = c.stablecoin ? 2 ** (-1 / c.stablecoin.halfLifeDays) : 0;
  for (let t = 0; t < T; t++) {
    const s = regime[t];
    const f = rng.normal();
    coins.forEach((coin, i) => {
      const shock = Math.sqrt(rho) * f + Math.sqrt(1 - rho) * rng.normal();
      const vol = s.volScale * coin.vol;
      if (dates[t] < listed[i]) {
        v[t * N + i] = NaN;
        return;
      }
      if (dates[t] > listed[i]) logP[i] += coin.beta * s.drift * dt - 0.5 * vol * vol * dt + vol * Math.sqrt(dt) * shock;
      v[t * N + i] = roundSig(Math.exp(logP[i]), 8);
    });
    if (c.stablecoin) {
      peg = phi * peg + c.stablecoin.sd * Math.sqrt(1 - phi * phi) * rng.normal();
      v[t * N + N - 1] = roundSig(1 + peg, 8);
    }
  }
  return out;
}

/** One currency of the synthetic FX market, quoted foreign/USD. */
export interface FxPairSpec {
  symbol: string;
  price: number;
  /** Annualised volatility (252 days). */
  vol: number;
}

export interface FxConfig {
  seed: number;
  start: string;
  end: string;
  pairs: readonly FxPairSpec[];
  /** Correlation of any two pairs' daily shocks (a common dollar factor). */
  correlation: number;
  /** Persistent trends: each pair's annual drift is an AR(1) with this stationary sd and half-life. */
  trend: { sd: number; halfLifeDays: number };
  /** Pull of the log price back to its start, per year (a PPP-like anchor; 0 for none). */
  anchor: number;
}

/** fx10: the seed's ten currencies as foreign/USD, 5-day calendar 2000-01-03 .. 2024-12-31. */
export const FX10_DEFAULTS: FxConfig = Object.freeze<FxConfig>({
  seed: 20000103,
  start: '2000-01-03',
  end: '2024-12-31',
  pairs: [
    { symbol: 'EURUSD', price: 1.01, vol: 0.09 },
    { symbol: 'JPYUSD', price: 0.0097, vol: 0.1 },
    { symbol: 'GBPUSD', price: 1.62, vol: 0.085 },
    { symbol: 'CHFUSD', price: 0.63, vol: 0.1 },
    { symbol: 'CADUSD', price: 0.69, vol: 0.08 },
    { symbol: 'AUDUSD', price: 0.66, vol: 0.11 },
    { symbol: 'NZDUSD', price: 0.52, vol: 0.12 },
    { symbol: 'NOKUSD', price: 0.125, vol: 0.1 },
    { symbol: 'SEKUSD', price: 0.117, vol: 0.1 },
    { symbol: 'ZARUSD', price: 0.165, vol: 0.12 },
  ],
  correlation: 0.45,
  trend: { sd: 0.05, halfLifeDays: 250 },
  anchor: 0.15,
});

/**
 * A synthetic FX market as a dated Panel (Monday..Friday, no holidays), one column per
 * pair quoted foreign/USD. Model: GBM with a slowly mean-reverting drift (trends that
 * persist for months, what Baz et al.'s trend signal exploits). With dt = 1/252:
 *   mu_i,t = phi mu_i,t-1 + sd sqrt(1 - phi^2) n_i,t   (phi = 2^(-1 / halfLifeDays))
 *   ln(P_t / P_{t-1}) = (mu_i,t - anchor ln(P_t-1 / P_0)) dt - vol_i^2 dt / 2
 *                       + vol_i sqrt(dt) (sqrt(rho) f + sqrt(1 - rho) e_i).
 * The anchor keeps 25 years of trends within a realistic range of the start level.
 * mu starts at a draw from its stationary law. Prices rounded to 8 significant digits.
 * Deterministic: same config, same panel, bit for bit.
 */
export function syntheticFx(config: Partial<FxConfig> = {}): Panel {
  const fn = 'syntheticFx';
  checkOptions(fn, config, Object.keys(FX10_DEFAULTS));
  const c: FxConfig = { ...FX10_DEFAULTS, ...config };
  const rho = checkNumber(fn, 'correlation', c.correlation, { lo: 0, hi: 1 });
  const dates = dailyCalendar(isoToMs(fn, 'start', c.start), isoToMs(fn, 'end', c.end), 5);
  if (dates.length < 2) throw new InputError(`${fn}: end must be after start`);
  const T = dates.length;
  const N = c.pairs.length;
  const rng = makeRng(checkInt(fn, 'seed', c.seed, 0));
  const dt = 1 / 252;
  const phi = 2 ** (-1 / c.trend.halfLifeDays);
  const mu = c.pairs.map(() => c.trend.sd * rng.normal());
  const logP0 = c.pairs.map((p) => Math.log(p.price));
  const logP = [...logP0];
  const out = new Panel(T, N, { columns: c.pairs.map((p) => p.symbol), index: dates });
  const v = out.values;
  for (let t = 0; t < T; t++) {
    const f = rng.normal();
    c.pairs.forEach((p, i) => {
      const shock = Math.sqrt(rho) * f + Math.sqrt(1 - rho) * rng.normal();
      mu[i] = phi * mu[i] + c.trend.sd * Math.sqrt(1 - phi * phi) * rng.normal();
      if (t > 0) logP[i] += (mu[i] - c.anchor * (logP[i] - logP0[i])) * dt - 0.5 * p.vol * p.vol * dt + p.vol * Math.sqrt(dt) * shock;
      v[t * N + i] = roundSig(Math.exp(logP[i]), 8);
    });
  }
  return out;
}
