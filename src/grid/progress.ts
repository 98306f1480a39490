/**
 * A one-line progress bar on stderr with the completion rate and an ETA:
 * `grid [##########..........] 5,120/10,000  51%  4,210 pts/s  ETA 1.2s`.
 * Shown only when enabled (default: when stderr is a TTY); redrawn at most 10 times a
 * second; `done()` prints the final line and a newline.
 */
export class ProgressBar {
  readonly #total: number;
  readonly #enabled: boolean;
  readonly #stream: NodeJS.WriteStream;
  readonly #t0 = performance.now();
  #last = 0;
  #drawn = false;

  constructor(total: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = total;
    this.#enabled = enabled;
    this.#stream = stream;
  }

  /** The bar's text for `n` finished points after `ms` milliseconds. */
  static line(n: number, total: number, ms: number, width = 24): string {
    const frac = total > 0 ? Math.min(1, n / total) : 1;
    const fill = Math.round(frac * width);
    const rate = ms > 0 ? (n * 1000) / ms : 0;
    const eta = rate > 0 ? (total - n) / rate : NaN;
    const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
    const etaText = !Number.isFinite(eta) ? '--' : eta < 60 ? `${eta.toFixed(1)}s` : `${Math.floor(eta / 60)}m${Math.round(eta % 60)}s`;
    return `grid [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${fmt(n)}/${fmt(total)} ${(frac * 100).toFixed(0).padStart(3)}%  ${fmt(rate)} pts/s  ETA ${etaText}`;
  }

  update(n: number): void {
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#last < 100 && n < this.#total) return;
    this.#last = now;
    this.#stream.write(`\r${ProgressBar.line(n, this.#total, now - this.#t0)}`);
    this.#drawn = true;
  }

  done(n: number, note = ''): void {
    if (!this.#enabled) return;
    this.#stream.write(`\r${ProgressBar.line(n, this.#total, performance.now() - this.#t0)}${note ? `  ${note}` : ''}\n`);
    this.#drawn = false;
  }

  get drawn(): boolean {
    return this.#drawn;
  }
}
