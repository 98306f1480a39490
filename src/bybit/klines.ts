import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkBool, checkEnum, checkInt, checkOptions } from '../validate.js';
import { isoDate, parseDate } from '../data/dates.js';
import { writePanelFile, type WritePanelFileOptions } from '../io/panelFile.js';
import { BybitError } from './errors.js';
import { getBybitResult, Throttle, type RetryPolicy } from './http.js';
import { candleEnd, intervalMs, KLINE_INTERVALS, type KlineInterval } from './intervals.js';

export const KLINE_CATEGORIES = ['spot', 'linear'] as const;
export type KlineCategory = (typeof KLINE_CATEGORIES)[number];

/** A point in time: a Date, epoch milliseconds, or an ISO date / date-time string (UTC). */
export type TimeInput = Date | number | string;

export interface FetchKlinesOptions {
  /** Bybit symbols, uppercase (`BTCUSDT`); one panel column each, in this order. */
  symbols: readonly string[];
  /** `'spot'` (default) or `'linear'` (USDT perpetuals). */
  category?: KlineCategory;
  /** Candle length (default `'D'`): minutes `'1'`..`'720'`, or `'D'`, `'W'`, `'M'`. */
  interval?: KlineInterval;
  /** First candle open time wanted (inclusive). */
  start: TimeInput;
  /** Last candle open time wanted (inclusive); default now. */
  end?: TimeInput;
  baseUrl?: string;
  /** The fetch implementation (default `globalThis.fetch`; tests pass their own). */
  fetch?: typeof globalThis.fetch;
  /** Retries per request after the first attempt (default 5). */
  maxRetries?: number;
  /** Minimum spacing between requests in ms (default 100: 10 per second). */
  minIntervalMs?: number;
  /** First retry delay in ms, doubled on each retry (default 500). */
  retryBaseMs?: number;
  /** Cap on any single wait in ms (default 30 000). */
  maxDelayMs?: number;
  /** Per-request timeout in ms (default 20 000). */
  timeoutMs?: number;
  /**
   * Keep the newest candle while it is still open (its "close" is the last traded
   * price, not a close). Default false: only finished candles.
   */
  includeOpenCandle?: boolean;
  /** Called after each page with the symbol, candles so far and requests made. */
  onProgress?: (p: { symbol: string; candles: number; requests: number }) => void;
}

/** Defaults of `fetchKlines`, in one place. */
export const KLINES_DEFAULTS = {
  category: 'spot' as KlineCategory,
  interval: 'D' as KlineInterval,
  baseUrl: 'https://api.bybit.com',
  maxRetries: 5,
  minIntervalMs: 100,
  retryBaseMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 20_000,
  includeOpenCandle: false,
} as const;

/** Page size: the documented maximum of `limit` ("[1, 1000]. Default: 200"). */
export const KLINE_PAGE_LIMIT = 1000;

const KLINES_OPTIONS = [
  'symbols', 'category', 'interval', 'start', 'end', 'baseUrl', 'fetch', 'maxRetries', 'minIntervalMs',
  'retryBaseMs', 'maxDelayMs', 'timeoutMs', 'includeOpenCandle', 'onProgress',
] as const;

/** Candles of one symbol: open times (ascending, unique), closes, volumes and turnovers. */
export interface SymbolCloses {
  symbol: string;
  times: number[];
  closes: number[];
  /** Traded volume in the base coin (candle field 5); NaN where the candle has no such field. */
  volumes: number[];
  /** Turnover in the quote coin, e.g. USDT (candle field 6): Bybit's dollar volume; NaN where absent. */
  turnovers: number[];
  requests: number;
}

/** `fetchKlinesWithVolume`'s result: three panels on the same calendar and columns. */
export interface KlinePanels {
  close: Panel;
  /** Volume in the base coin (e.g. BTC for BTCUSDT), the candle's `volume` field. */
  volume: Panel;
  /** Turnover in the quote coin (e.g. USDT), the candle's `turnover` field: the traded value. */
  turnover: Panel;
}

/**
 * Daily (or any interval) closes of several Bybit symbols as a wide Panel: one row per
 * candle open time (UTC) in the union of all symbols' candles, one column per symbol,
 * NaN where a symbol has no candle (before its listing, or a halt).
 *
 * API (Bybit v5, https://bybit-exchange.github.io/docs/v5/market/kline):
 * `GET /v5/market/kline?category&symbol&interval&start&end&limit` answers
 * `{ retCode, retMsg, result: { category, symbol, list } }` where `list` holds up to
 * `limit` (max 1000) candles `[startTime, open, high, low, close, volume, turnover]`,
 * all strings, "sort in reverse by startTime" (newest first). Pagination walks
 * backwards: after a page, `end` = oldest startTime - 1, until a page reaches `start`
 * or comes back empty (no older data: the listing date).
 * Candles are de-duplicated by open time; those outside [start, end] are dropped, and
 * so is the still-open newest candle unless `includeOpenCandle`.
 * Requests are sequential, at least `minIntervalMs` apart, retried as `getBybitResult`
 * says (429 / 5xx / timeouts / retCode 10000, 10006, 10016 with exponential back-off,
 * rate-limit headers honoured); an unreachable host fails fast with "cannot reach ...".
 * Bounded: each page must move back by at least one candle (else a BybitError), so at
 * most (candles in range) + 2 pages per symbol; with full pages, ceil(candles / 1000) + 1.
 */
export async function fetchKlines(options: FetchKlinesOptions): Promise<Panel> {
  const series = await fetchAll('fetchKlines', options);
  return widen(series, (s) => s.closes);
}

/**
 * `fetchKlines` that also keeps each candle's volume and turnover: the close, volume
 * (base coin) and turnover (quote coin, e.g. USDT) panels on one calendar, with NaN
 * where a symbol has no candle. The same requests as `fetchKlines` (no extra cost).
 * For `universe(close, { by: 'dollarVolume', volume })` pass `volume` (the universe
 * multiplies by close) or use `turnover` directly as Bybit's own dollar volume. A
 * candle's volume / turnover that is present but not a number >= 0 is a BybitError
 * (malformed candle); a candle with only 5 fields has NaN volume and turnover.
 */
export async function fetchKlinesWithVolume(options: FetchKlinesOptions): Promise<KlinePanels> {
  const series = await fetchAll('fetchKlinesWithVolume', options);
  return {
    close: widen(series, (s) => s.closes),
    volume: widen(series, (s) => s.volumes),
    turnover: widen(series, (s) => s.turnovers),
  };
}

/** Every symbol's candles, fetched in turn; a BybitError when none has any. */
async function fetchAll(fn: string, options: FetchKlinesOptions): Promise<SymbolCloses[]> {
  const o = resolveOptions(fn, options);
  const throttle = new Throttle();
  const series: SymbolCloses[] = [];
  for (const symbol of o.symbols) series.push(await fetchSymbol(o, symbol, throttle));
  const all = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  if (all.length === 0) {
    throw new BybitError(`${fn}: no ${o.interval} candles for ${o.symbols.join(', ')} (${o.category}) between ${isoDate(o.start)} and ${isoDate(o.end)}`, 'data');
  }
  return series;
}

/** One wide panel (union of candle times x symbols, NaN where a symbol has no candle) of one field. */
function widen(series: SymbolCloses[], pick: (s: SymbolCloses) => number[]): Panel {
  const all = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  const row = new Map(all.map((t, i) => [t, i]));
  const N = series.length;
  const panel = Panel.filled(all.length, N, NaN, { columns: series.map((s) => s.symbol), index: all, indexName: 'date' });
  const v = panel.values;
  series.forEach((s, j) => {
    const x = pick(s);
    for (let i = 0; i < s.times.length; i++) v[row.get(s.times[i])! * N + j] = x[i];
  });
  return panel;
}

/** `writePanelFile`: klines panels are ordinary panels (dates x symbols). */
export function writeKlinesPanel(panel: Panel, path: string, options: WritePanelFileOptions = {}): void {
  writePanelFile(panel, path, options);
}

interface Resolved {
  symbols: string[];
  category: KlineCategory;
  interval: KlineInterval;
  start: number;
  end: number;
  base: URL;
  includeOpen: boolean;
  policy: RetryPolicy;
  onProgress: FetchKlinesOptions['onProgress'];
}

function resolveOptions(fn: string, options: FetchKlinesOptions): Resolved {
  if (options === null || typeof options !== 'object') throw new InputError(`${fn}: options must be an object with symbols and start`);
  checkOptions(fn, options, KLINES_OPTIONS);
  const d = KLINES_DEFAULTS;
  const symbols = options.symbols;
  if (!Array.isArray(symbols) || symbols.length === 0) throw new InputError(`${fn}: symbols must be a non-empty array of Bybit symbols such as ['BTCUSDT'] (empty universe)`);
  const seen = new Set<string>();
  for (const s of symbols) {
    if (typeof s !== 'string' || !/^[A-Z0-9][A-Z0-9_-]*$/.test(s)) {
      throw new InputError(`${fn}: symbol ${JSON.stringify(s)} is not a Bybit symbol; symbols are uppercase letters and digits, like 'BTCUSDT'`);
    }
    if (seen.has(s)) throw new InputError(`${fn}: symbol '${s}' is listed twice`);
    seen.add(s);
  }
  const start = toTime(fn, 'start', options.start);
  const end = options.end === undefined ? Date.now() : toTime(fn, 'end', options.end);
  if (!(start <= end)) throw new InputError(`${fn}: start (${isoDate(start)}) is after end (${isoDate(end)})`);
  let base: URL;
  try {
    base = new URL(options.baseUrl ?? d.baseUrl);
  } catch {
    throw new InputError(`${fn}: baseUrl ${JSON.stringify(options.baseUrl)} is not a URL`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new InputError(`${fn}: fetch must be a function (no global fetch in this runtime?)`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new InputError(`${fn}: onProgress must be a function`);
  return {
    symbols: [...symbols],
    category: checkEnum(fn, 'category', options.category ?? d.category, KLINE_CATEGORIES),
    interval: checkEnum(fn, 'interval', options.interval ?? d.interval, KLINE_INTERVALS),
    start,
    end,
    base,
    includeOpen: checkBool(fn, 'includeOpenCandle', options.includeOpenCandle ?? d.includeOpenCandle),
    onProgress: options.onProgress,
    policy: {
      fetch: fetchImpl,
      maxRetries: checkInt(fn, 'maxRetries', options.maxRetries ?? d.maxRetries, 0),
      minIntervalMs: checkInt(fn, 'minIntervalMs', options.minIntervalMs ?? d.minIntervalMs, 0),
      retryBaseMs: checkInt(fn, 'retryBaseMs', options.retryBaseMs ?? d.retryBaseMs, 0),
      maxDelayMs: checkInt(fn, 'maxDelayMs', options.maxDelayMs ?? d.maxDelayMs, 0),
      timeoutMs: checkInt(fn, 'timeoutMs', options.timeoutMs ?? d.timeoutMs, 1),
    },
  };
}

function toTime(fn: string, name: string, x: unknown): number {
  let ms = NaN;
  if (x instanceof Date) ms = x.getTime();
  else if (typeof x === 'number') ms = x;
  else if (typeof x === 'string') ms = parseDate(x.trim(), 'iso');
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new InputError(`${fn}: ${name} must be a Date, epoch milliseconds or an ISO date like '2024-01-31' (UTC), got ${JSON.stringify(x)}`);
  }
  return ms;
}

/** Every candle of one symbol in [start, end], walking pages backwards from `end`. */
async function fetchSymbol(o: Resolved, symbol: string, throttle: Throttle): Promise<SymbolCloses> {
  const closes = new Map<number, [number, number, number]>();
  // Every non-empty page moves `cursor` back by at least one candle (checked below), so
  // there are at most (candles in range) + 1 pages; 1000-candle pages need far fewer.
  const maxPages = Math.ceil((o.end - o.start + 1) / intervalMs(o.interval)) + 2;
  const label = { symbol, what: `${o.category} ${o.interval}` };
  const now = Date.now();
  let cursor = o.end;
  let requests = 0;
  while (cursor >= o.start) {
    if (requests === maxPages) {
      throw new BybitError(`bybit ${symbol}: pagination did not reach ${isoDate(o.start)} after ${maxPages} pages`, 'data', { symbol });
    }
    const url = new URL('/v5/market/kline', o.base);
    url.search = new URLSearchParams({
      category: o.category, symbol, interval: o.interval, start: String(o.start), end: String(cursor), limit: String(KLINE_PAGE_LIMIT),
    }).toString();
    const result = await getBybitResult(url, o.policy, throttle, label);
    requests++;
    const list = (result as { list?: unknown } | null)?.list;
    if (!Array.isArray(list)) throw new BybitError(`bybit ${symbol}: result.list is missing in the response`, 'data', { symbol });
    let oldest = Infinity;
    for (const c of list) {
      const [time, close, volume, turnover] = parseCandle(symbol, c);
      if (time < oldest) oldest = time;
      if (time < o.start || time > o.end) continue;
      if (!o.includeOpen && candleEnd(time, o.interval) > now) continue;
      closes.set(time, [close, volume, turnover]);
    }
    o.onProgress?.({ symbol, candles: closes.size, requests });
    // Stop on an empty page (nothing older: the listing date) or once start is reached.
    // A short page is not taken as the end: a server that caps `limit` below 1000
    // would otherwise truncate the history silently; it costs one more request.
    if (list.length === 0 || oldest <= o.start) break;
    if (oldest > cursor) {
      throw new BybitError(`bybit ${symbol}: a page for end=${cursor} held only newer candles (oldest ${oldest}); cannot paginate`, 'data', { symbol });
    }
    cursor = oldest - 1;
  }
  const times = [...closes.keys()].sort((a, b) => a - b);
  const pick = (k: number): number[] => times.map((t) => closes.get(t)![k]);
  return { symbol, times, closes: pick(0), volumes: pick(1), turnovers: pick(2), requests };
}

/**
 * `[startTime, open, high, low, close, volume, turnover]` (strings) -> [time, close,
 * volume, turnover]; volume and turnover NaN when the candle stops after the close.
 */
function parseCandle(symbol: string, c: unknown): [number, number, number, number] {
  if (!Array.isArray(c) || c.length < 5) throw new BybitError(`bybit ${symbol}: malformed candle ${JSON.stringify(c)}`, 'data', { symbol });
  const time = Number(c[0]);
  const close = Number(c[4]);
  if (!Number.isSafeInteger(time) || !Number.isFinite(close) || c[4] === '' || c[4] === null) {
    throw new BybitError(`bybit ${symbol}: malformed candle ${JSON.stringify(c)} (startTime and close must be numbers)`, 'data', { symbol });
  }
  const amount = (i: number): number => {
    if (c.length <= i) return NaN;
    const x = Number(c[i]);
    if (c[i] === '' || c[i] === null || !(x >= 0) || x === Infinity) {
      throw new BybitError(`bybit ${symbol}: malformed candle ${JSON.stringify(c)} (${i === 5 ? 'volume' : 'turnover'} must be a number >= 0)`, 'data', { symbol });
    }
    return x;
  };
  return [time, close, amount(5), amount(6)];
}
