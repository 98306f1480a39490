/** The parameter-grid heatmap. */
import { escapeXml } from './axes.js';

export interface HeatmapOptions {
  xName: string;
  yName: string;
  xs: readonly number[];
  ys: readonly number[];
  /** value(x index, y index): a number, null (pending) or an error message. */
  cell: (i: number, k: number) => number | null | { error: string };
  format: (v: number) => string;
  /** True when a larger value is better (colours run from worse to better). */
  higherIsBetter: boolean;
  label: string;
}

/** Worse -> better: a red-yellow-green ramp (ColorBrewer RdYlGn). */
const RAMP = ['#d73027', '#f46d43', '#fdae61', '#fee08b', '#d9ef8b', '#a6d96a', '#66bd63', '#1a9850'];

function rampColor(u: number): string {
  const x = Math.min(1, Math.max(0, u)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = (h: string, k: number) => parseInt(h.slice(1 + 2 * k, 3 + 2 * k), 16);
  const mix = [0, 1, 2].map((k) => Math.round(c(RAMP[i], k) * (1 - f) + c(RAMP[i + 1], k) * f));
  return `rgb(${mix.join(',')})`;
}

/** A grid heatmap: one cell per (x, y) with its value printed, the best cell outlined. */
export function heatmap(el: HTMLElement, o: HeatmapOptions): void {
  const left = 76;
  // Cells share the container's width, between 40 and 80 px each.
  const cw = Math.max(40, Math.min(80, Math.floor(((el.clientWidth || 480) - left - 12) / Math.max(1, o.xs.length))));
  const ch = 30;
  const topPad = 8;
  const width = left + cw * o.xs.length + 12;
  const height = topPad + ch * o.ys.length + 46;
  let lo = Infinity;
  let hi = -Infinity;
  let best: [number, number] | null = null;
  o.ys.forEach((_, k) => o.xs.forEach((_, i) => {
    const v = o.cell(i, k);
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
    const b = best ? (o.cell(best[0], best[1]) as number) : NaN;
    if (best === null || (o.higherIsBetter ? v > b : v < b)) best = [i, k];
  }));
  const parts: string[] = [];
  o.ys.forEach((y, k) => {
    const top = topPad + ch * (o.ys.length - 1 - k);
    parts.push(`<text x="${left - 8}" y="${top + ch / 2}" class="tick" text-anchor="end" dominant-baseline="middle">${y}</text>`);
    o.xs.forEach((x, i) => {
      const v = o.cell(i, k);
      const xPos = left + cw * i;
      let fill = '#eee';
      let text = '…';
      let title = `${o.xName} ${x}, ${o.yName} ${y}: pending`;
      if (v !== null && typeof v === 'object') {
        fill = '#ddd';
        text = '×';
        title = `${o.xName} ${x}, ${o.yName} ${y}: ${v.error}`;
      } else if (typeof v === 'number') {
        const u = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        fill = Number.isFinite(v) ? rampColor(o.higherIsBetter ? u : 1 - u) : '#ddd';
        text = o.format(v);
        title = `${o.xName} ${x}, ${o.yName} ${y}: ${o.label} ${text}`;
      }
      const isBest = best !== null && best[0] === i && best[1] === k;
      parts.push(`<g><rect x="${xPos + 1}" y="${top + 1}" width="${cw - 2}" height="${ch - 2}" rx="3" fill="${fill}"${isBest ? ' stroke="#111" stroke-width="2"' : ''}/>`
        + `<text x="${xPos + cw / 2}" y="${top + ch / 2}" class="cell" text-anchor="middle" dominant-baseline="middle">${escapeXml(text)}</text><title>${escapeXml(title)}</title></g>`);
    });
  });
  o.xs.forEach((x, i) => {
    parts.push(`<text x="${left + cw * i + cw / 2}" y="${topPad + ch * o.ys.length + 16}" class="tick" text-anchor="middle">${x}</text>`);
  });
  parts.push(`<text x="${left + (cw * o.xs.length) / 2}" y="${height - 6}" class="axis" text-anchor="middle">${escapeXml(o.xName)}</text>`);
  parts.push(`<text x="14" y="${topPad + (ch * o.ys.length) / 2}" class="axis" text-anchor="middle" transform="rotate(-90 14 ${topPad + (ch * o.ys.length) / 2})">${escapeXml(o.yName)}</text>`);
  el.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join('')}</svg>`;
}
