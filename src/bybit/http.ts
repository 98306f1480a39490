import { BybitError } from './errors.js';

/**
 * How requests are retried and paced. Sources for the rules (Bybit v5 docs):
 * - https://bybit-exchange.github.io/docs/v5/error : HTTP 429 "System level frequency
 *   protection. Please retry"; retCode 10000 "Server Timeout", 10006 "Too many visits.
 *   Exceeded the API Rate Limit", 10016 "Server error". These are retried; HTTP 403
 *   (IP rate limit breached, or a U.S. IP) and every other retCode are not.
 * - https://bybit-exchange.github.io/docs/v5/rate-limit : every response carries
 *   `X-Bapi-Limit-Status` (requests left in the window) and `X-Bapi-Limit-Reset-Timestamp`
 *   (ms when the window resets); the IP limit is 600 requests per 5 s.
 */
export interface RetryPolicy {
  fetch: typeof globalThis.fetch;
  /** Retries after the first attempt (0 = one attempt). */
  maxRetries: number;
  /** First back-off delay; doubles on each retry (exponential back-off). */
  retryBaseMs: number;
  /** Cap on any single wait (back-off, Retry-After, rate-limit reset). */
  maxDelayMs: number;
  /** Minimum spacing between the starts of two requests. */
  minIntervalMs: number;
  /** Per-request timeout (a timeout is retried). */
  timeoutMs: number;
}

/** retCodes worth retrying (transient, server side or rate limit). */
export const RETRY_RET_CODES: ReadonlySet<number> = new Set([10000, 10006, 10016]);

/**
 * Socket / DNS error codes meaning "this machine cannot reach the host at all": no
 * point in a long retry loop; fail fast (after at most one quick retry).
 */
export const OFFLINE_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

/** Paces requests: at least `minIntervalMs` apart, and none before a rate-limit reset. */
export class Throttle {
  #nextAt = 0;

  async wait(minIntervalMs: number): Promise<void> {
    const now = Date.now();
    if (this.#nextAt > now) await sleep(this.#nextAt - now);
    this.#nextAt = Date.now() + minIntervalMs;
  }

  /** Holds every later request until `at` (ms since epoch). */
  holdUntil(at: number): void {
    if (at > this.#nextAt) this.#nextAt = at;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** What the request is for, to name it in errors. */
export interface RequestLabel {
  symbol: string;
  /** e.g. `spot D` */
  what: string;
}

/**
 * GET `url` and return the `result` of a Bybit v5 JSON envelope
 * `{ retCode, retMsg, result, retExtInfo, time }`, retrying with exponential back-off
 * (retryBaseMs * 2^attempt, capped) on HTTP 429 / 5xx, timeouts, connection resets,
 * unparsable bodies and the retCodes in RETRY_RET_CODES; on 10006 it also waits for
 * the `X-Bapi-Limit-Reset-Timestamp`. An unreachable host (OFFLINE_CODES) fails after
 * at most one quick retry with a BybitError of kind 'offline'. Bounded: at most
 * `maxRetries + 1` requests.
 */
export async function getBybitResult(url: URL, policy: RetryPolicy, throttle: Throttle, label: RequestLabel): Promise<unknown> {
  const host = url.host;
  const who = `bybit ${label.symbol} (${label.what})`;
  let offlineRetried = false;
  let problem = '';
  let kind: BybitError['kind'] = 'network';
  let status: number | undefined;
  let delay = 0;
  for (let attempt = 0; attempt <= policy.maxRetries; attempt++) {
    if (attempt > 0) await sleep(delay);
    delay = Math.min(policy.retryBaseMs * 2 ** attempt, policy.maxDelayMs);
    await throttle.wait(policy.minIntervalMs);
    let res: Response;
    let body: string;
    try {
      res = await policy.fetch(url, { signal: AbortSignal.timeout(policy.timeoutMs), headers: { accept: 'application/json' } });
      body = await res.text();
    } catch (e) {
      const code = errorCode(e);
      if (code !== null && OFFLINE_CODES.has(code)) {
        if (offlineRetried || attempt === policy.maxRetries) {
          throw new BybitError(`cannot reach ${host}: ${innermost(e)} (xmom needs network access to fetch klines; use --data with a local file)`, 'offline', { symbol: label.symbol, cause: e });
        }
        // One quick retry (a DNS hiccup), not the full back-off schedule.
        offlineRetried = true;
        delay = Math.min(policy.retryBaseMs, 250);
        continue;
      }
      problem = describe(e);
      kind = 'network';
      continue;
    }
    noteRateLimit(res.headers, throttle, policy);
    if (res.status === 429 || res.status >= 500) {
      problem = `HTTP ${res.status} ${res.statusText}`.trim();
      kind = 'http';
      status = res.status;
      holdForRetryAfter(res.headers, throttle, policy);
      continue;
    }
    if (!res.ok) {
      const hint = res.status === 403 ? ' (Bybit answers 403 when the IP exceeded 600 requests per 5 s, for about 10 minutes, or to U.S. IPs)' : '';
      throw new BybitError(`${who}: HTTP ${res.status} ${res.statusText}${hint}: ${body.slice(0, 200)}`, 'http', { symbol: label.symbol, status: res.status });
    }
    let json: { retCode?: unknown; retMsg?: unknown; result?: unknown };
    try {
      json = JSON.parse(body);
    } catch {
      problem = `the response is not JSON: ${JSON.stringify(body.slice(0, 80))}`;
      kind = 'data';
      continue;
    }
    const retCode = json?.retCode;
    if (typeof retCode !== 'number') throw new BybitError(`${who}: the response has no numeric retCode: ${body.slice(0, 200)}`, 'data', { symbol: label.symbol });
    if (retCode === 0) return json.result;
    const retMsg = String(json.retMsg ?? '');
    if (RETRY_RET_CODES.has(retCode)) {
      problem = `retCode ${retCode} "${retMsg}"`;
      kind = 'api';
      if (retCode === 10006) holdForReset(res.headers, throttle, policy);
      continue;
    }
    throw new BybitError(`${who}: retCode ${retCode} "${retMsg}"`, 'api', { symbol: label.symbol, retCode });
  }
  throw new BybitError(`${who}: gave up after ${policy.maxRetries + 1} attempts; last error: ${problem}`, kind, { symbol: label.symbol, status });
}

/** X-Bapi-Limit-Status 0 (no requests left): hold until X-Bapi-Limit-Reset-Timestamp. */
function noteRateLimit(headers: Headers, throttle: Throttle, policy: RetryPolicy): void {
  const left = headers.get('x-bapi-limit-status');
  if (left !== null && Number(left) <= 0) holdForReset(headers, throttle, policy);
}

function holdForReset(headers: Headers, throttle: Throttle, policy: RetryPolicy): void {
  const reset = Number(headers.get('x-bapi-limit-reset-timestamp'));
  if (Number.isFinite(reset) && reset > 0) throttle.holdUntil(Math.min(reset, Date.now() + policy.maxDelayMs));
}

function holdForRetryAfter(headers: Headers, throttle: Throttle, policy: RetryPolicy): void {
  const s = Number(headers.get('retry-after'));
  if (Number.isFinite(s) && s > 0) throttle.holdUntil(Date.now() + Math.min(s * 1000, policy.maxDelayMs));
}

/** The errno-style code of a fetch failure: undici wraps it in `cause`, sometimes an AggregateError. */
export function errorCode(e: unknown): string | null {
  const seen = new Set<unknown>();
  const stack: unknown[] = [e];
  while (stack.length) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    stack.push((x as { cause?: unknown }).cause);
    const errors = (x as { errors?: unknown }).errors;
    if (Array.isArray(errors)) stack.push(...errors);
  }
  return null;
}

/** The message of the innermost cause (`connect ECONNREFUSED 127.0.0.1:80`). */
function innermost(e: unknown): string {
  let x: unknown = e;
  let msg = String(e);
  for (let depth = 0; x instanceof Error && depth < 4; depth++) {
    const errors = (x as { errors?: unknown }).errors;
    msg = x.message || (Array.isArray(errors) && errors[0] instanceof Error ? errors[0].message : '') || (x as { code?: string }).code || x.name;
    x = (x as { cause?: unknown }).cause;
  }
  return msg;
}

/** A one-line description of a fetch failure, innermost cause first. */
function describe(e: unknown): string {
  const parts: string[] = [];
  let x: unknown = e;
  for (let depth = 0; x instanceof Error && depth < 4; depth++) {
    const errors = (x as { errors?: unknown }).errors;
    const msg = x.message || (Array.isArray(errors) && errors[0] instanceof Error ? errors[0].message : '') || (x as { code?: string }).code || x.name;
    if (msg) parts.unshift(msg);
    x = (x as { cause?: unknown }).cause;
  }
  return parts.join(' <- ') || String(e);
}
