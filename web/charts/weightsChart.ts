/** Held weights over time as stacked areas (longs up, shorts down). */
import { M, niceTicks, PALETTE, timeTicks, xValues, escapeXml } from './axes.js';

/**
 * Weights over time as stacked areas: long weights stack upward from 0 in column
 * order, short weights downward. Rows are averaged per pixel column (the area shows
 * the mean holding over that span).
 */
export function weightsChart(el: HTMLElement, dates: ArrayLike<number>, weights: Float64Array, columns: readonly string[], height: number): void {
  const width = Math.max(320, el.clientWidth || 640);
  const N = columns.length;
  const T = N ? weights.length / N : 0;
  const innerW = width - M.left - M.right;
  const innerH = height - M.top - M.bottom;
  const B = Math.max(1, Math.min(T, Math.floor(innerW / 2)));
  // Bucket means: mean[b * N + j].
  const mean = new Float64Array(B * N);
  const count = new Float64Array(B);
  for (let t = 0; t < T; t++) {
    const b = Math.min(B - 1, Math.floor((t * B) / T));
    count[b]++;
    for (let j = 0; j < N; j++) {
      const w = weights[t * N + j];
      if (w === w) mean[b * N + j] += w;
    }
  }
  for (let b = 0; b < B; b++) for (let j = 0; j < N; j++) mean[b * N + j] /= count[b] || 1;
  let top = 0;
  let bottom = 0;
  for (let b = 0; b < B; b++) {
    let up = 0;
    let down = 0;
    for (let j = 0; j < N; j++) {
      const w = mean[b * N + j];
      if (w > 0) up += w;
      else down += w;
    }
    top = Math.max(top, up);
    bottom = Math.min(bottom, down);
  }
  if (top === bottom) top = 1;
  const yPx = (v: number) => M.top + (innerH * (top - v)) / (top - bottom);
  const X = xValues(dates, T);
  const xAt = (b: number) => {
    const t = Math.min(T - 1, Math.round(((b + 0.5) * T) / B - 0.5));
    return M.left + (T > 1 ? (innerW * (X[t] - X[0])) / (X[T - 1] - X[0]) : innerW / 2);
  };
  const parts: string[] = [];
  for (const v of niceTicks(bottom, top, 4)) {
    const y = yPx(v).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${y}" y2="${y}" class="grid${v === 0 ? ' zero' : ''}"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${Math.round(v * 100)}%</text>`);
  }
  if (dates.length === T && T > 1) {
    for (const t of timeTicks(X[0], X[T - 1])) {
      const x = (M.left + (innerW * (t.at - X[0])) / (X[T - 1] - X[0])).toFixed(1);
      parts.push(`<text x="${x}" y="${height - 6}" class="tick" text-anchor="middle">${t.label}</text>`);
    }
  }
  const upBase = new Float64Array(B);
  const downBase = new Float64Array(B);
  for (let j = 0; j < N; j++) {
    for (const side of [1, -1]) {
      const base = side > 0 ? upBase : downBase;
      let any = false;
      const lower: string[] = [];
      const upper: string[] = [];
      for (let b = 0; b < B; b++) {
        const w = mean[b * N + j];
        const h = side > 0 ? Math.max(w, 0) : Math.min(w, 0);
        if (h !== 0) any = true;
        const x = xAt(b).toFixed(1);
        lower.push(`${x},${yPx(base[b]).toFixed(1)}`);
        base[b] += h;
        upper.push(`${x},${yPx(base[b]).toFixed(1)}`);
      }
      if (!any) continue;
      const color = PALETTE[j % PALETTE.length];
      parts.push(`<polygon points="${upper.join(' ')} ${lower.reverse().join(' ')}" fill="${color}" fill-opacity="${j >= PALETTE.length ? 0.55 : 0.85}"><title>${escapeXml(columns[j])}</title></polygon>`);
    }
  }
  el.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join('')}</svg>`;
}
