/**
 * The K best grid points by one metric, kept in a sorted array (K is small). Order: with
 * `ruinedLast` (the grid's default) every solvent point before every ruined one (a point
 * whose book lost everything: see `BacktestResult.ruinedAt`), then the better value first
 * (`direction` +1 = larger is better), ties to the lower point id, so the selection does
 * not depend on which worker finished first. Without `ruinedLast` the metric alone
 * orders. NaN never enters.
 */
export interface TopEntry<T> {
  point: number;
  value: number;
  ruined: boolean;
  payload: T;
}

export class TopK<T> {
  readonly k: number;
  readonly direction: 1 | -1;
  readonly ruinedLast: boolean;
  readonly entries: TopEntry<T>[] = [];

  constructor(k: number, direction: 1 | -1, ruinedLast = true) {
    this.k = k;
    this.direction = direction;
    this.ruinedLast = ruinedLast;
  }

  /** true when (value, point, ruined) ranks before `e`. */
  #before(value: number, point: number, ruined: boolean, e: TopEntry<T>): boolean {
    if (this.ruinedLast && ruined !== e.ruined) return !ruined;
    const a = value * this.direction;
    const b = e.value * this.direction;
    return a > b || (a === b && point < e.point);
  }

  /** Whether a point with this value would be kept now (cheap test before building a payload). */
  wouldKeep(value: number, point: number, ruined = false): boolean {
    if (!(value === value) || this.k === 0) return false;
    if (this.entries.length < this.k) return true;
    return this.#before(value, point, ruined, this.entries[this.entries.length - 1]);
  }

  /** Keeps the entry if it ranks among the K best; returns whether it was kept. */
  offer(point: number, value: number, payload: () => T, ruined = false): boolean {
    if (!this.wouldKeep(value, point, ruined)) return false;
    let i = this.entries.length;
    while (i > 0 && this.#before(value, point, ruined, this.entries[i - 1])) i--;
    this.entries.splice(i, 0, { point, value, ruined, payload: payload() });
    if (this.entries.length > this.k) this.entries.pop();
    return true;
  }
}
