// Weight-construction kernels (issue 16 item 0): wasm vs TypeScript twin through the
// public strategies, on seeded GBM panels. `npm run bench:weights` (`-- --quick` for
// 2520 x 100). Parity first (the two backends must give the same weights bit for bit),
// then best-of-N per backend, alternating in one process, and the twin/wasm ratio.
//   dualMomentum(lookback 120, topN 5)   the absolute filter + top-N kernels
//   multiHorizonMomentum(topN 5)         the same top-N kernels on the blended score
//   tsm(lookback 120, long-short)        the tsm signs kernel
//   volTarget(asset mode, window 20)     the per-asset vol scaling kernel
import { loadavg } from 'node:os';
import { dualMomentum, multiHorizonMomentum, tsm, volTarget, type Backend, type Panel } from '../src/index.js';
import { gbm, toPanel } from './data.js';

const quick = process.argv.includes('--quick');
const [T, N] = quick ? [2520, 100] : [2520, 1000];
const ROUNDS = quick ? 5 : 15;
const g = gbm({ nRows: T, nCols: N, seed: 16 });
const prices = toPanel(g.prices, T, N);
const weights = dualMomentum(prices, { lookback: 60, topN: 20 });

const CASES: { name: string; run: (backend: Backend) => Panel }[] = [
  { name: 'dualMomentum(lookback 120, topN 5)', run: (backend) => dualMomentum(prices, { lookback: 120, topN: 5, backend }) },
  { name: 'multiHorizonMomentum(topN 5)', run: (backend) => multiHorizonMomentum(prices, { topN: 5, backend }) },
  { name: "tsm(lookback 120, 'long-short')", run: (backend) => tsm(prices, { lookback: 120, mode: 'long-short', backend }) },
  { name: "volTarget(asset, window 20)", run: (backend) => volTarget(weights, prices, { target: 0.2, window: 20, mode: 'asset', backend }) },
];

console.log(`weights kernels on seeded GBM ${T} x ${N}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| case | wasm ms (best) | twin ms (best) | twin / wasm |');
console.log('| --- | --- | --- | --- |');
for (const c of CASES) {
  const a = c.run('wasm');
  const b = c.run('js');
  const x = a.values;
  const y = b.values;
  for (let k = 0; k < x.length; k++) {
    if (!Object.is(x[k], y[k])) throw new Error(`parity: ${c.name} differs at cell ${k}: wasm ${x[k]}, twin ${y[k]}`);
  }
  a.free();
  b.free();
  const best: Record<Backend, number> = { wasm: Infinity, js: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    for (const backend of ['wasm', 'js'] as const) {
      const t0 = performance.now();
      const p = c.run(backend);
      best[backend] = Math.min(best[backend], performance.now() - t0);
      p.free();
    }
  }
  console.log(`| ${c.name} | ${best.wasm.toFixed(2)} | ${best.js.toFixed(2)} | ${(best.js / best.wasm).toFixed(2)}x |`);
}
weights.free();
prices.free();
