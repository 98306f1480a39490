/** Time-series line chart with min/max decimation per pixel column and a hover readout. */
import { escapeXml, logTicks, M, niceTicks, timeTicks, xValues } from './axes.js';

export interface LineSeries {
  name: string;
  values: ArrayLike<number>;
  color: string;
  width?: number;
}

export interface LineChartOptions {
  /** Epoch ms per row, or empty to plot against the row number. */
  dates: ArrayLike<number>;
  series: LineSeries[];
  height: number;
  log?: boolean;
  /** Formats y-axis ticks and the hover readout. */
  format: (v: number) => string;
  /** Shades the area between the first series and zero (drawdowns). */
  fillFirst?: boolean;
}

/**
 * The points of one line after min/max decimation: per pixel column, the first, the
 * lowest, the highest and the last point, in row order, so peaks and troughs survive.
 * NaN breaks the line (`null`).
 */
function decimate(xs: number[], ys: ArrayLike<number>, n: number): ([number, number] | null)[] {
  const out: ([number, number] | null)[] = [];
  let col = NaN;
  let bucket: [number, number][] = [];
  const flush = () => {
    if (bucket.length <= 4) out.push(...bucket);
    else {
      let lo = bucket[0];
      let hi = bucket[0];
      for (const p of bucket) {
        if (p[1] < lo[1]) lo = p;
        if (p[1] > hi[1]) hi = p;
      }
      const mid = lo[0] <= hi[0] ? [lo, hi] : [hi, lo];
      out.push(bucket[0], ...mid, bucket[bucket.length - 1]);
    }
    bucket = [];
  };
  for (let i = 0; i < n; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      flush();
      if (out.length && out[out.length - 1] !== null) out.push(null);
      col = NaN;
      continue;
    }
    const c = Math.round(xs[i]);
    if (c !== col) {
      flush();
      col = c;
    }
    bucket.push([xs[i], y]);
  }
  flush();
  return out;
}

function pathOf(points: ([number, number] | null)[], yPx: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${p[0].toFixed(1)},${yPx(p[1]).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function fmtDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}

/**
 * Draws a line chart into `el` (replacing its content), as wide as `el`. Log scale
 * needs positive values; it falls back to linear when a value is <= 0.
 */
export function lineChart(el: HTMLElement, o: LineChartOptions): void {
  const width = Math.max(320, el.clientWidth || 640);
  const n = o.series[0]?.values.length ?? 0;
  const X = xValues(o.dates, n);
  const innerW = width - M.left - M.right;
  const innerH = o.height - M.top - M.bottom;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of o.series) for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (o.fillFirst) hi = Math.max(hi, 0);
  const log = o.log === true && lo > 0;
  const tf = (v: number) => (log ? Math.log10(v) : v);
  let a = tf(lo);
  let b = tf(hi);
  if (a === b) {
    a -= 0.5;
    b += 0.5;
  }
  const pad = (b - a) * 0.04;
  a -= o.fillFirst ? 0 : pad;
  b += pad;
  const yPx = (v: number) => M.top + innerH * (1 - (tf(v) - a) / (b - a));
  const x0 = X[0] ?? 0;
  const x1 = X[n - 1] ?? 1;
  const xPx = (v: number) => M.left + (x1 > x0 ? (innerW * (v - x0)) / (x1 - x0) : innerW / 2);
  const xs = Array.from({ length: n }, (_, i) => xPx(X[i]));

  const yTicks = log ? logTicks(10 ** a, 10 ** b) : niceTicks(a, b);
  const parts: string[] = [];
  for (const v of yTicks) {
    const y = yPx(v).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${y}" y2="${y}" class="grid"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${escapeXml(o.format(v))}</text>`);
  }
  if (o.dates.length === n && n > 1) {
    for (const t of timeTicks(X[0], X[n - 1])) {
      const x = xPx(t.at).toFixed(1);
      parts.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${o.height - M.bottom}" class="grid"/>`);
      parts.push(`<text x="${x}" y="${o.height - 6}" class="tick" text-anchor="middle">${t.label}</text>`);
    }
  }
  o.series.forEach((s, k) => {
    const pts = decimate(xs, s.values, n);
    const d = pathOf(pts, yPx);
    if (k === 0 && o.fillFirst && d) {
      const zero = yPx(0).toFixed(1);
      const first = pts.find((p) => p !== null);
      const lastPt = [...pts].reverse().find((p) => p !== null);
      if (first && lastPt) parts.push(`<path d="M${first[0].toFixed(1)},${zero}${d.replace(/^M/, 'L')}L${lastPt[0].toFixed(1)},${zero}Z" fill="${s.color}" opacity="0.18"/>`);
    }
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.5}" stroke-linejoin="round"><title>${escapeXml(s.name)}</title></path>`);
  });
  parts.push(`<line class="cursor" x1="0" x2="0" y1="${M.top}" y2="${o.height - M.bottom}" visibility="hidden"/>`);
  parts.push(`<rect class="hit" x="${M.left}" y="${M.top}" width="${innerW}" height="${innerH}" fill="transparent"/>`);
  el.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${o.height}" viewBox="0 0 ${width} ${o.height}" role="img">${parts.join('')}</svg><div class="readout" hidden></div>`;
  attachReadout(el, o, xs);
}

/** Hover: a vertical cursor and the values of every series at the nearest row. */
function attachReadout(el: HTMLElement, o: LineChartOptions, xs: number[]): void {
  const svg = el.querySelector('svg')!;
  const cursor = svg.querySelector<SVGLineElement>('.cursor')!;
  const readout = el.querySelector<HTMLDivElement>('.readout')!;
  const hit = svg.querySelector('.hit')!;
  hit.addEventListener('mousemove', (ev) => {
    const e = ev as MouseEvent;
    const box = svg.getBoundingClientRect();
    const px = e.clientX - box.left;
    let lo = 0;
    let hi = xs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < px) lo = mid + 1;
      else hi = mid;
    }
    const i = lo > 0 && px - xs[lo - 1] < xs[lo] - px ? lo - 1 : lo;
    cursor.setAttribute('x1', xs[i].toFixed(1));
    cursor.setAttribute('x2', xs[i].toFixed(1));
    cursor.setAttribute('visibility', 'visible');
    const head = o.dates.length === xs.length ? fmtDate(o.dates[i]) : `row ${i}`;
    readout.innerHTML = `<b>${head}</b>` + o.series.map((s) => `<span><i style="background:${s.color}"></i>${escapeXml(s.name)}: ${escapeXml(o.format(s.values[i]))}</span>`).join('');
    readout.hidden = false;
    readout.style.left = `${Math.min(xs[i] + 12, box.width - 230)}px`;
  });
  hit.addEventListener('mouseleave', () => {
    cursor.setAttribute('visibility', 'hidden');
    readout.hidden = true;
  });
}

/** A categorical palette (Tableau 10 plus two), cycled for larger universes. */
