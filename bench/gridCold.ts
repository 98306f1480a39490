// A grid run from a cold process, for bench/grid.ts: loads a price panel from an Arrow IPC
// file, runs the grid given as tokens writing results.arrow / .csv / .json / summary.txt
// while the points finish (grid's outDir; no heatmap unless --heatmap; --no-write writes
// nothing), and prints one JSON line with timings and the peak memory (VmHWM) of the run,
// writing included.
// bench/grid.ts bundles it with esbuild into build/grid/gridCold.mjs (next to the worker
// bundle build/grid/worker.mjs) so that no TypeScript is compiled at start-up.
//   node build/grid/gridCold.mjs <prices.arrow> <outDir> <workers | auto> [--force] [--heatmap] token...
// (auto: grid's default, as many workers as the work needs).
import { readFileSync, writeFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
// Narrow imports (not the package root): the root also loads the Parquet reader, the
// Bybit client and the report renderer, none of which a grid run needs at start-up.
import { initNode } from '../src/engine/node.js';
import { Panel } from '../src/panel.js';
import { grid } from '../src/grid/grid.js';

initNode();

const [file, outDir, workersText, ...rest] = process.argv.slice(2);
const flags = new Set(rest.filter((a) => a.startsWith('--')));
const tokens = rest.filter((a) => !a.startsWith('--'));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);

/** Peak resident set (VmHWM, kB) since the process started or since the last `resetPeak`. */
const peakKb = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
/** Linux: writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS (a no-op elsewhere). */
const resetPeak = (): void => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the write-phase peak then includes the grid phase
  }
};

const prices = Panel.fromArrow(tableFromIPC(readFileSync(file)));
const write = !flags.has('--no-write');
const tGrid = performance.now();
const r = await grid(tokens, prices, {
  workers: workersText === 'auto' ? undefined : Number(workersText), force: flags.has('--force'), progress: false, ...(write ? { outDir, heatmap: flags.has('--heatmap') } : {}),
});
// Rows are written while the points finish; what remains after the run: the last rows, the footer, the summary.
const writeMs = performance.now() - tGrid - r.stats.elapsedMs;
const gridPeakKb = peakKb();
const gridPeakSampledKb = Math.round(peakRss / 1024);
resetPeak();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(JSON.stringify({
  points: r.points, completed: r.completed, failed: r.failed, uptimeMs: performance.now(), writeMs,
  stats: r.stats, best: r.best,
  // VmHWM of the load + grid phase (workers included: they are threads), then of the write phase alone.
  vmHwmKb: gridPeakKb, writePeakKb: peakKb(), gridPeakSampledKb, peakRssSampledKb: Math.round(peakRss / 1024),
}));
