/**
 * Stopping a grid early: SIGINT (Ctrl-C) and the caller's AbortSignal both abort one
 * controller whose signal the runners watch between tasks; the grid then resolves with
 * the points that finished (`partial: true`).
 */

export interface Interrupt {
  /** Aborted on SIGINT (when handled) or when the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** Removes the SIGINT handler and the listener on the caller's signal. */
  dispose(): void;
}

/** Listens for SIGINT (unless `handleSigint` is false) and for `signal` until `dispose`. */
export function listenForInterrupt(signal: AbortSignal | undefined, handleSigint: boolean | undefined): Interrupt {
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  const forward = (): void => abort.abort();
  signal?.addEventListener('abort', forward);
  if (signal?.aborted) abort.abort();
  if (handleSigint !== false) process.on('SIGINT', onSigint);
  return {
    signal: abort.signal,
    dispose(): void {
      process.off('SIGINT', onSigint);
      signal?.removeEventListener('abort', forward);
    },
  };
}
