import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BybitError, InputError, fetchKlines, fetchKlinesWithVolume, readPanelFile, universe, writeKlinesPanel } from '../src/index.js';

// A local stand-in for api.bybit.com that answers GET /v5/market/kline in the documented
// v5 format (https://bybit-exchange.github.io/docs/v5/market/kline): { retCode, retMsg,
// result: { category, symbol, list } }, list newest first, candles as 7 strings.

interface Reply {
  /** Drop the connection without answering (a reset). */
  destroy?: boolean;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
}
type Handler = (q: URLSearchParams, n: number) => Reply;

const DAY = 86_400_000;
const T0 = Date.UTC(2017, 0, 1);
let server: Server;
let base = '';
let handler: Handler = () => ({ status: 500 });
let log: { q: URLSearchParams; at: number; path: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({ q: url.searchParams, at: Date.now(), path: url.pathname });
    const r = handler(url.searchParams, log.length);
    if (r.destroy) return void req.socket.destroy();
    if (r.hang) return;
    res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
    res.end(r.json === undefined ? '' : JSON.stringify(r.json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  log = [];
});

/** Daily candles from `first` (day index from T0) for `count` days; close = base + k / 100, as a string. */
function candles(first: number, count: number, closeBase: number): [number, string][] {
  return Array.from({ length: count }, (_, k) => [T0 + (first + k) * DAY, (closeBase + k / 100).toFixed(2)]);
}

/** Replays the documented kline endpoint over `data`: [start, end] filter, newest first, `limit` rows. */
function klineServer(data: Record<string, [number, string][]>, opts: { overlap?: number } = {}): Handler {
  return (q) => {
    const rows = data[q.get('symbol')!] ?? [];
    const start = Number(q.get('start'));
    const end = Number(q.get('end')) + (opts.overlap ?? 0);
    const limit = Number(q.get('limit') ?? 200);
    const list = rows
      .filter(([t]) => t >= start && t <= end)
      .sort((a, b) => b[0] - a[0])
      .slice(0, limit)
      .map(([t, c]) => [String(t), c, c, c, c, '1', '1']);
    return { json: { retCode: 0, retMsg: 'OK', result: { category: q.get('category'), symbol: q.get('symbol'), list }, retExtInfo: {}, time: Date.now() } };
  };
}

const fast = { minIntervalMs: 0, retryBaseMs: 1 };

describe('fetchKlines', () => {
  it('fetchKlines pages backwards over 2500 candles of two symbols listed on different dates', async () => {
    const data = { AAAUSDT: candles(0, 2500, 100), BBBUSDT: candles(1200, 1300, 5) };
    handler = klineServer(data);
    const end = T0 + 2499 * DAY + 3600_000;
    const p = await fetchKlines({ symbols: ['AAAUSDT', 'BBBUSDT'], interval: 'D', start: T0 - 10 * DAY, end, baseUrl: base, ...fast });
    // 2500 = 1000 + 1000 + 500, then an empty page (before the listing): stop;
    // 1300 = 1000 + 300, then an empty page.
    expect(log.length).toBe(7);
    expect(log.every((r) => r.path === '/v5/market/kline' && r.q.get('limit') === '1000' && r.q.get('category') === 'spot' && r.q.get('interval') === 'D')).toBe(true);
    expect(log.map((r) => r.q.get('symbol'))).toEqual(['AAAUSDT', 'AAAUSDT', 'AAAUSDT', 'AAAUSDT', 'BBBUSDT', 'BBBUSDT', 'BBBUSDT']);
    // Each next page ends one ms before the oldest candle of the previous one.
    expect(Number(log[1].q.get('end'))).toBe(T0 + 1500 * DAY - 1);
    expect(Number(log[2].q.get('end'))).toBe(T0 + 500 * DAY - 1);
    expect(Number(log[3].q.get('end'))).toBe(T0 - 1);
    expect(Number(log[6].q.get('end'))).toBe(T0 + 1200 * DAY - 1);
    expect(log.every((r) => Number(r.q.get('start')) === T0 - 10 * DAY)).toBe(true);
    expect(p.columns).toEqual(['AAAUSDT', 'BBBUSDT']);
    expect(p.nRows).toBe(2500);
    const dates = p.dates();
    for (let k = 0; k < 2500; k++) expect(dates[k]).toBe(T0 + k * DAY);
    const a = p.column('AAAUSDT');
    const b = p.column('BBBUSDT');
    for (let k = 0; k < 2500; k++) {
      expect(a[k]).toBe(Number((100 + k / 100).toFixed(2)));
      if (k < 1200) expect(b[k]).toBeNaN();
      else expect(b[k]).toBe(Number((5 + (k - 1200) / 100).toFixed(2)));
    }
  });

  it('fetchKlines de-duplicates candles that two pages both return', async () => {
    handler = klineServer({ XUSDT: candles(0, 1500, 10) }, { overlap: DAY });
    const p = await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + 1499 * DAY, baseUrl: base, ...fast });
    expect(log.length).toBe(2);
    expect(p.nRows).toBe(1500);
    const d = p.dates();
    for (let k = 1; k < 1500; k++) expect(d[k] - d[k - 1]).toBe(DAY);
    expect(p.get(1499, 0)).toBe(24.99);
  });

  it('fetchKlines keeps paging when the server caps pages below the requested limit (no silent truncation)', async () => {
    const full = klineServer({ XUSDT: candles(0, 700, 1) });
    handler = (q, n) => {
      const capped = new URLSearchParams(q);
      capped.set('limit', '200');
      return full(capped, n);
    };
    const p = await fetchKlines({ symbols: ['XUSDT'], start: T0 - 5 * DAY, end: T0 + 699 * DAY, baseUrl: base, ...fast });
    expect(p.nRows).toBe(700);
    expect(p.get(0, 0)).toBe(1);
    expect(log.length).toBe(5); // 200 + 200 + 200 + 100, then an empty page
  });

  it('fetchKlines retries an HTTP 429 after an exponential back-off and then succeeds', async () => {
    const ok = klineServer({ XUSDT: candles(0, 3, 1) });
    handler = (q, n) => (n === 1 ? { status: 429, json: { retCode: 10429, retMsg: 'System level frequency protection' } } : ok(q, n));
    const p = await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + 2 * DAY, baseUrl: base, minIntervalMs: 0, retryBaseMs: 40 });
    expect(log.length).toBe(2);
    expect(log[1].at - log[0].at).toBeGreaterThanOrEqual(35);
    expect(Array.from(p.column(0))).toEqual([1, 1.01, 1.02]);
  });

  it('fetchKlines retries a dropped connection and a request that times out', async () => {
    const ok = klineServer({ XUSDT: candles(0, 2, 3) });
    handler = (q, n) => (n === 1 ? { destroy: true } : n === 2 ? { hang: true } : ok(q, n));
    const p = await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + DAY, baseUrl: base, timeoutMs: 150, ...fast });
    expect(log.length).toBe(3);
    expect(log[2].at - log[1].at).toBeGreaterThanOrEqual(140);
    expect(Array.from(p.column(0))).toEqual([3, 3.01]);
  });

  it('fetchKlines retries retCode 10006 and waits for X-Bapi-Limit-Reset-Timestamp', async () => {
    const ok = klineServer({ XUSDT: candles(0, 2, 7) });
    let reset = 0;
    handler = (q, n) => {
      if (n > 1) return ok(q, n);
      reset = Date.now() + 120;
      return { headers: { 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': String(reset) }, json: { retCode: 10006, retMsg: 'Too many visits!', result: {} } };
    };
    const p = await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + DAY, baseUrl: base, ...fast });
    expect(log.length).toBe(2);
    expect(log[1].at).toBeGreaterThanOrEqual(reset - 5);
    expect(Array.from(p.column(0))).toEqual([7, 7.01]);
  });

  it('fetchKlines holds the next page until the reset when X-Bapi-Limit-Status reaches 0', async () => {
    const ok = klineServer({ XUSDT: candles(0, 1200, 1) });
    let reset = 0;
    handler = (q, n) => {
      const r = ok(q, n);
      if (n === 1) {
        reset = Date.now() + 150;
        r.headers = { 'X-Bapi-Limit': '10', 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': String(reset) };
      }
      return r;
    };
    await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + 1199 * DAY, baseUrl: base, ...fast });
    expect(log.length).toBe(2);
    expect(log[1].at).toBeGreaterThanOrEqual(reset - 5);
  });

  it('fetchKlines fails at once on a non-retryable retCode, naming the symbol and retMsg', async () => {
    handler = () => ({ json: { retCode: 10001, retMsg: 'params error: symbol invalid', result: {} } });
    const err = await fetchKlines({ symbols: ['NOPEUSDT'], start: T0, end: T0 + DAY, baseUrl: base, ...fast }).catch((e) => e);
    expect(err).toBeInstanceOf(BybitError);
    expect(err.message).toBe('bybit NOPEUSDT (spot D): retCode 10001 "params error: symbol invalid"');
    expect(err.retCode).toBe(10001);
    expect(log.length).toBe(1);
  });

  it('fetchKlines gives up after maxRetries + 1 attempts on a server that keeps failing', async () => {
    handler = () => ({ status: 503 });
    const err = await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + DAY, baseUrl: base, maxRetries: 3, ...fast }).catch((e) => e);
    expect(err).toBeInstanceOf(BybitError);
    expect(err.message).toMatch(/^bybit XUSDT \(spot D\): gave up after 4 attempts; last error: HTTP 503/);
    expect(log.length).toBe(4);
    handler = () => ({ json: { retCode: 10016, retMsg: 'Server error' } });
    log = [];
    const err2 = await fetchKlines({ symbols: ['XUSDT'], start: T0, end: T0 + DAY, baseUrl: base, maxRetries: 2, ...fast }).catch((e) => e);
    expect(err2.message).toMatch(/gave up after 3 attempts; last error: retCode 10016 "Server error"/);
    expect(log.length).toBe(3);
  });

  it('fetchKlines fails fast with a clear message when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const t0 = Date.now();
    // Default retry settings: the offline path must not run the long back-off schedule.
    const err = await fetchKlines({ symbols: ['BTCUSDT'], start: T0, end: T0 + DAY, baseUrl: `http://127.0.0.1:${port}` }).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(BybitError);
    expect(err.kind).toBe('offline');
    expect(err.message).toMatch(new RegExp(`^cannot reach 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(err.message).toMatch(/\(xmom needs network access to fetch klines; use --data with a local file\)$/);
  });

  it('fetchKlines treats a DNS failure as offline: at most one quick retry, then "cannot reach api.bybit.com"', async () => {
    let calls = 0;
    const dnsFail: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.bybit.com'), { code: 'ENOTFOUND' }) });
    };
    const t0 = Date.now();
    const err = await fetchKlines({ symbols: ['BTCUSDT'], start: T0, end: T0 + DAY, fetch: dnsFail }).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(calls).toBe(2);
    expect(err.message).toBe('cannot reach api.bybit.com: getaddrinfo ENOTFOUND api.bybit.com (xmom needs network access to fetch klines; use --data with a local file)');
  });

  it('fetchKlines drops the still-open newest candle unless includeOpenCandle', async () => {
    const H = 3600_000;
    const open = Math.floor(Date.now() / H) * H;
    handler = klineServer({ XUSDT: [[open - 2 * H, '1'], [open - H, '2'], [open, '3']] });
    const closedOnly = await fetchKlines({ symbols: ['XUSDT'], interval: '60', start: open - 2 * H, baseUrl: base, ...fast });
    expect(Array.from(closedOnly.column(0))).toEqual([1, 2]);
    const all = await fetchKlines({ symbols: ['XUSDT'], interval: '60', start: open - 2 * H, baseUrl: base, includeOpenCandle: true, ...fast });
    expect(Array.from(all.column(0))).toEqual([1, 2, 3]);
  });

  it('fetchKlines rejects bad options with InputError before any request', async () => {
    const o = { symbols: ['BTCUSDT'], start: T0, baseUrl: base, fetch: (() => { throw new Error('no request expected'); }) as typeof fetch };
    await expect(fetchKlines({ ...o, symbols: ['btcusdt'] })).rejects.toThrow(/symbol "btcusdt" is not a Bybit symbol; symbols are uppercase/);
    await expect(fetchKlines({ ...o, symbols: [] })).rejects.toThrow(InputError);
    await expect(fetchKlines({ ...o, symbols: ['A', 'A'] })).rejects.toThrow(/symbol 'A' is listed twice/);
    await expect(fetchKlines({ ...o, interval: '2' as never })).rejects.toThrow(/interval must be one of '1', '3'/);
    await expect(fetchKlines({ ...o, category: 'inverse' as never })).rejects.toThrow(/category must be one of 'spot', 'linear'/);
    await expect(fetchKlines({ ...o, start: '2024-02-01', end: '2024-01-01' })).rejects.toThrow(/start \(2024-02-01\) is after end \(2024-01-01\)/);
    await expect(fetchKlines({ ...o, start: 'yesterday' })).rejects.toThrow(/start must be a Date, epoch milliseconds or an ISO date/);
    await expect(fetchKlines({ ...o, limit: 5 } as never)).rejects.toThrow(/unknown option 'limit'/);
  });

  it('writeKlinesPanel writes the fetched panel, readable back as the same closes', async () => {
    handler = klineServer({ AUSDT: candles(0, 3, 2), BUSDT: candles(1, 2, 9) });
    const p = await fetchKlines({ symbols: ['AUSDT', 'BUSDT'], start: T0, end: T0 + 2 * DAY, baseUrl: base, ...fast });
    const dir = mkdtempSync(join(tmpdir(), 'xmom-bybit-'));
    try {
      writeKlinesPanel(p, join(dir, 'k.parquet'));
      const q = readPanelFile(join(dir, 'k.parquet'));
      expect(q.columns).toEqual(['AUSDT', 'BUSDT']);
      expect(Array.from(q.values)).toEqual([2, NaN, 2.01, 9, 2.02, 9.01]);
      expect(Array.from(q.dates())).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fetchKlinesWithVolume', () => {
  /** Candle k of a symbol: close c_k = base + k, volume k + 1, turnover (k + 1) * c_k; newest first as Bybit sends. */
  function volumeServer(listing: Record<string, [first: number, count: number, base: number]>, bad?: string): Handler {
    return (q) => {
      const [first, count, b] = listing[q.get('symbol')!] ?? [0, 0, 0];
      const start = Number(q.get('start'));
      const end = Number(q.get('end'));
      const list: string[][] = [];
      for (let k = count - 1; k >= 0; k--) {
        const t = T0 + (first + k) * DAY;
        if (t < start || t > end) continue;
        const c = b + k;
        list.push([String(t), String(c), String(c), String(c), String(c), bad ?? String(k + 1), String((k + 1) * c)]);
      }
      return { json: { retCode: 0, retMsg: 'OK', result: { category: 'spot', symbol: q.get('symbol'), list }, retExtInfo: {}, time: Date.now() } };
    };
  }

  it('fetchKlinesWithVolume returns close, volume and turnover panels on one calendar, NaN before a listing', async () => {
    handler = volumeServer({ AUSDT: [0, 5, 10], BUSDT: [2, 3, 100] });
    const { close, volume, turnover } = await fetchKlinesWithVolume({ symbols: ['AUSDT', 'BUSDT'], start: T0, end: T0 + 4 * DAY + 1, baseUrl: base, ...fast });
    expect(Array.from(close.values)).toEqual([10, NaN, 11, NaN, 12, 100, 13, 101, 14, 102]);
    expect(Array.from(volume.values)).toEqual([1, NaN, 2, NaN, 3, 1, 4, 2, 5, 3]);
    expect(Array.from(turnover.values)).toEqual([10, NaN, 22, NaN, 36, 100, 52, 202, 70, 306]);
    expect(Array.from(volume.dates())).toEqual(Array.from(close.dates()));
    expect(volume.columns).toEqual(['AUSDT', 'BUSDT']);
    // The panels feed universe directly: close * volume = turnover, so the top-1 by 1-row
    // dollar volume is A alone on days 0-1, then B (100 > 36, 202 > 52, 306 > 70).
    expect(Array.from(universe(close, { by: 'dollarVolume', window: 1, top: 1, volume }).values)).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 0, 1]);
  });

  it('fetchKlinesWithVolume rejects a candle whose volume is not a number, naming the symbol', async () => {
    handler = volumeServer({ AUSDT: [0, 2, 10] }, 'x');
    const err = await fetchKlinesWithVolume({ symbols: ['AUSDT'], start: T0, end: T0 + DAY + 1, baseUrl: base, ...fast }).catch((e) => e);
    expect(err).toBeInstanceOf(BybitError);
    expect((err as Error).message).toMatch(/bybit AUSDT: malformed candle .*volume must be a number >= 0/);
  });
});
