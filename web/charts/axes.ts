/** Shared pieces of the demo's SVG charts: margins, escaping, ticks, x positions, colours. */

/** Plot margins in px (room for the y tick labels on the left, dates below). */
export const M = { left: 58, right: 14, top: 10, bottom: 24 };

/** Text safe inside SVG / HTML markup. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Round tick values over [lo, hi] (about `count` of them), d3's 1-2-5 steps. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Ticks of a log axis: powers of ten, with 2 and 5 in between when the range is narrow. */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const mult = b - a <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = a; e <= b; e++) for (const m of mult) {
    const v = m * 10 ** e;
    if (v >= lo && v <= hi) out.push(v);
  }
  return out.length >= 2 ? out : niceTicks(lo, hi, 4);
}

const YEAR_MS = 365.25 * 86_400_000;

/** Date ticks: January 1st of every k-th year, or quarter starts for short spans. */
export function timeTicks(t0: number, t1: number): { at: number; label: string }[] {
  const years = (t1 - t0) / YEAR_MS;
  const out: { at: number; label: string }[] = [];
  if (years >= 2) {
    const k = years > 30 ? 5 : years > 12 ? 2 : 1;
    const y0 = new Date(t0).getUTCFullYear();
    for (let y = y0; ; y++) {
      const at = Date.UTC(y, 0, 1);
      if (at > t1) break;
      if (at >= t0 && y % k === 0) out.push({ at, label: String(y) });
    }
  } else {
    const d = new Date(t0);
    for (let y = d.getUTCFullYear(), m = d.getUTCMonth(); ; m++) {
      const at = Date.UTC(y, m, 1);
      if (at > t1) break;
      if (at >= t0 && new Date(at).getUTCMonth() % 3 === 0) out.push({ at, label: new Date(at).toISOString().slice(0, 7) });
    }
  }
  return out;
}

/** x position of each row (time when there are dates, else the row number). */
export function xValues(dates: ArrayLike<number>, n: number): ArrayLike<number> {
  if (dates.length === n) return dates;
  return Float64Array.from({ length: n }, (_, i) => i);
}

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#8c564b'];
