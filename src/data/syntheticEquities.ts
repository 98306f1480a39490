import { Dictionary, Float64, Int32, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { InputError } from '../errors.js';
import { checkInt, checkNumber, checkOptions } from '../validate.js';
import { isoToMs, monthEndWeekdays } from './calendar.js';
import { makeRng, type Rng } from './random.js';
import { regimePath, roundSig, type RegimeSwitching } from './regime.js';

export interface EquitiesConfig {
  seed: number;
  /** First and last month (any ISO date inside them); rows sit on each month's last weekday. */
  start: string;
  end: string;
  /** Stocks listed on the first month, and stocks listed later (uniformly over the months). */
  nInitial: number;
  nListings: number;
  /** Monthly probability of a delisting; a close below `delistBelow` also delists. */
  delistRate: number;
  delistBelow: number;
  /** Market factor: monthly log drift (in `drift`) and vol (in `volScale`) per regime. */
  market: RegimeSwitching;
  /** Persistent stock-specific drift: monthly AR(1), stationary sd and persistence (the momentum source). */
  alpha: { sd: number; persistence: number };
  /** Ranges of the uniform draws of beta and monthly idiosyncratic vol. */
  beta: readonly [number, number];
  idioVol: readonly [number, number];
  /** Daily dollar volume = market cap x turnover, turnover uniform in this range, lognormal noise 0.3. */
  turnover: readonly [number, number];
}

/** The `equities` fixture: 900 stocks (about 500 listed at a time) over 2005-01 .. 2024-12, month-end rows. */
export const EQUITIES_DEFAULTS: EquitiesConfig = Object.freeze<EquitiesConfig>({
  seed: 20050131,
  start: '2005-01-31',
  end: '2024-12-31',
  nInitial: 550,
  nListings: 350,
  delistRate: 0.003,
  delistBelow: 1,
  market: {
    bull: { drift: 0.011, volScale: 0.035, meanBars: 48 },
    bear: { drift: -0.02, volScale: 0.06, meanBars: 12 },
    initial: 'bull',
  },
  alpha: { sd: 0.01, persistence: 0.9 },
  beta: [0.6, 1.6],
  idioVol: [0.05, 0.14],
  turnover: [0.002, 0.01],
});

interface Stock {
  symbol: string;
  listMonth: number;
  logP: number;
  shares: number;
  beta: number;
  idio: number;
  alpha: number;
  turnover: number;
  alive: boolean;
}

/**
 * A synthetic US-style equity universe in long format, one row per listed stock per
 * month end: an Arrow Table `date` (timestamp ms, the month's last weekday), `symbol`
 * (dictionary-encoded string), `close`, `market_cap`, `dollar_volume` (average daily
 * dollar volume of the month), sorted by date then by order of listing.
 *
 * Model, monthly: a market factor m_t ~ N(drift_s, volScale_s^2) in a two-state regime
 * (bull / bear); stock i has beta_i, idiosyncratic vol s_i and a persistent drift
 * a_i,t = p a_i,t-1 + sd sqrt(1 - p^2) n (so past winners tend to keep winning:
 * 12-1 momentum exists in this market); ln(P_t / P_t-1) = a_i,t + beta_i m_t
 * - s_i^2 / 2 + s_i e_i,t. Shares outstanding drift by exp(0.01 n) a month;
 * market_cap = close x shares; dollar_volume = market_cap x turnover_i x exp(0.3 n).
 * Listings: `nInitial` on the first month, `nListings` at uniform later months; a stock
 * delists with probability `delistRate` each month, or when it closes below
 * `delistBelow`, and never returns. Values rounded (close 8, market_cap and
 * dollar_volume 6 significant digits). Deterministic: same config, same table.
 */
export function syntheticEquities(config: Partial<EquitiesConfig> = {}): Table {
  const fn = 'syntheticEquities';
  checkOptions(fn, config, Object.keys(EQUITIES_DEFAULTS));
  const c: EquitiesConfig = { ...EQUITIES_DEFAULTS, ...config };
  const months = monthEndWeekdays(isoToMs(fn, 'start', c.start), isoToMs(fn, 'end', c.end));
  if (months.length < 2) throw new InputError(`${fn}: end must be at least one month after start`);
  const nInitial = checkInt(fn, 'nInitial', c.nInitial, 1);
  const nListings = checkInt(fn, 'nListings', c.nListings, 0);
  checkNumber(fn, 'delistRate', c.delistRate, { lo: 0, hi: 1 });
  const rng = makeRng(checkInt(fn, 'seed', c.seed, 0));
  const regime = regimePath(rng, c.market, months.length);
  const names = tickers(rng, nInitial + nListings);
  const stocks: Stock[] = names.map((symbol, k) => newStock(rng, c, symbol, k < nInitial ? 0 : rng.int(1, months.length - 1)));
  stocks.sort((a, b) => a.listMonth - b.listMonth); // stable: listing order

  const date: number[] = [];
  const symbol: string[] = [];
  const close: number[] = [];
  const cap: number[] = [];
  const dv: number[] = [];
  months.forEach((ms, t) => {
    const m = regime[t].drift + regime[t].volScale * rng.normal();
    for (const s of stocks) {
      // Draw for every stock every month so the stream does not depend on listings.
      const e = rng.normal();
      const na = rng.normal();
      const ns = rng.normal();
      const nv = rng.normal();
      const dies = rng.uniform() < c.delistRate;
      if (!s.alive || t < s.listMonth) continue;
      s.alpha = c.alpha.persistence * s.alpha + c.alpha.sd * Math.sqrt(1 - c.alpha.persistence ** 2) * na;
      if (t > s.listMonth) {
        s.logP += s.alpha + s.beta * m - 0.5 * s.idio * s.idio + s.idio * e;
        s.shares *= Math.exp(0.01 * ns);
        if (dies || Math.exp(s.logP) < c.delistBelow) {
          s.alive = false;
          continue;
        }
      }
      const px = roundSig(Math.exp(s.logP), 8);
      const mc = px * s.shares;
      date.push(ms);
      symbol.push(s.symbol);
      close.push(px);
      cap.push(roundSig(mc, 6));
      dv.push(roundSig(mc * s.turnover * Math.exp(0.3 * nv), 6));
    }
  });
  return new Table({
    date: vectorFromArray(date, new TimestampMillisecond()),
    // A fixed dictionary id: Arrow JS otherwise numbers dictionaries from a global
    // counter, and the IPC bytes would depend on how many were made before.
    symbol: vectorFromArray(symbol, new Dictionary(new Utf8(), new Int32(), 0)),
    close: vectorFromArray(close, new Float64()),
    market_cap: vectorFromArray(cap, new Float64()),
    dollar_volume: vectorFromArray(dv, new Float64()),
  });
}

function newStock(rng: Rng, c: EquitiesConfig, symbol: string, listMonth: number): Stock {
  const price = Math.exp(rng.between(1.5, 5)); // ~4.5 .. 150
  const mcap = Math.exp(Math.log(2e9) + 1.5 * rng.normal()); // median 2 bn, ~5% above 40 bn
  return {
    symbol,
    listMonth,
    logP: Math.log(price),
    shares: Math.round(mcap / price),
    beta: rng.between(c.beta[0], c.beta[1]),
    idio: rng.between(c.idioVol[0], c.idioVol[1]),
    alpha: c.alpha.sd * rng.normal(),
    turnover: rng.between(c.turnover[0], c.turnover[1]),
    alive: true,
  };
}

/** `n` distinct tickers of 3 or 4 capital letters. */
function tickers(rng: Rng, n: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < n) {
    const len = rng.int(3, 4);
    let s = '';
    for (let k = 0; k < len; k++) s += String.fromCharCode(65 + rng.int(0, 25));
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}
