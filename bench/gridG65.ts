// The numba anchor's grid, like for like: `npm run bench:grid` runs it as its step 6, and
// `tsx bench/gridG65.ts [--quick]` runs it alone (a minute instead of the whole bench).
//   G65: dual momentum, lookback 20..260 step 20 x topN 1..5, weekly (Monday): 65 points,
//   signals shared per lookback; numba, one thread: 9.3-10.8 ms on 2520 x 12
//   (shared/PERF_NOTES.md). Here `grid(G65, prices, { workers: 0 })`, warm, in this process.
// Then the same grid on seeded GBM panels of 2520 rows x 12, 100 and 500 assets: ms per
// point per asset stays flat when the grid's cost is linear in the number of assets.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { tableFromIPC } from 'apache-arrow';
import { Panel, grid } from '../src/index.js';
import { gbm, toPanel } from './data.js';

export const G65 = 'strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly';
export const NUMBA_G65_MS = '9.3-10.8';
export const TARGET_G65_MS = 10;

export interface G65Run {
  bestMs: number;
  medianMs: number;
  points: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Best and median wall time of `grid(G65, p, { workers: 0 })` over `runs` warm runs (3 warm-up runs first). */
export async function g65(p: Panel, runs: number): Promise<G65Run> {
  let points = 0;
  for (let k = 0; k < 3; k++) points = (await grid(G65, p, { workers: 0, progress: false })).completed;
  const ms: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await grid(G65, p, { workers: 0, progress: false });
    ms.push(performance.now() - t0);
  }
  return { bestMs: Math.min(...ms), medianMs: median(ms), points };
}

export interface Scaling extends G65Run {
  assets: number;
  msPerPointAsset: number;
}

/** G65 on `prices`, then on GBM 2520 x {12, 100, 500}. */
export async function likeForLike(prices: Panel, quick: boolean): Promise<{ like: G65Run; scaling: Scaling[] }> {
  const like = await g65(prices, quick ? 10 : 60);
  const scaling: Scaling[] = [];
  for (const assets of [12, 100, 500]) {
    const g = gbm({ nRows: 2520, nCols: assets, seed: 20180101 + assets });
    const p = toPanel(g.prices, 2520, assets);
    const r = await g65(p, quick ? 3 : assets > 100 ? 10 : 30);
    p.free();
    scaling.push({ assets, ...r, msPerPointAsset: r.bestMs / r.points / assets });
  }
  return { like, scaling };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  const file = fileURLToPath(new URL('../fixtures/crypto12.arrow', import.meta.url));
  const prices = Panel.fromArrow(tableFromIPC(readFileSync(file)));
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const { like, scaling } = await likeForLike(prices, quick);
  console.log(`G65 on fixtures/crypto12.arrow (${prices.nRows} x ${prices.nCols}), main thread, warm: best ${like.bestMs.toFixed(1)} ms, median ${like.medianMs.toFixed(1)} ms; numba 1 thread ${NUMBA_G65_MS} ms, target <= ${TARGET_G65_MS} ms`);
  for (const r of scaling) {
    console.log(`G65 on GBM 2520 x ${r.assets}: best ${r.bestMs.toFixed(1)} ms, median ${r.medianMs.toFixed(1)} ms, ${(r.msPerPointAsset * 1000).toFixed(2)} us per point per asset (x${(r.msPerPointAsset / scaling[0].msPerPointAsset).toFixed(2)} of 12 assets)`);
  }
  console.log(`load average at start ${load}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  prices.free();
}
