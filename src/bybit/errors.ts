/**
 * A failed Bybit request. `kind`: `'offline'` (the host cannot be reached: DNS failure,
 * connection refused), `'network'` (retries exhausted on timeouts / resets), `'http'`
 * (an HTTP status that is not retried, or retries exhausted on 429 / 5xx), `'api'`
 * (a non-zero `retCode`), `'data'` (a malformed response). Bad options are
 * InputErrors instead.
 */
export class BybitError extends Error {
  override name = 'BybitError';
  readonly kind: 'offline' | 'network' | 'http' | 'api' | 'data';
  readonly symbol: string | null;
  readonly retCode: number | null;
  readonly status: number | null;

  constructor(message: string, kind: BybitError['kind'], extra: { symbol?: string; retCode?: number; status?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.kind = kind;
    this.symbol = extra.symbol ?? null;
    this.retCode = extra.retCode ?? null;
    this.status = extra.status ?? null;
  }
}
