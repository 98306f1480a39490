// Grid scaling from a cold process: `npm run bench:scaling` (issue 16 item 2).
//   node build/scaling/gridScaling.mjs [--workers 1,2,4,8,16,auto] [--reps n] [--quick]
// For each grid (G10k and G100k of bench/grid.ts, dual momentum on fixtures/crypto12.arrow)
// and each worker count, a fresh `node` runs the bundled bench/gridCold.ts without writing
// results (--no-write; bench:grid measures the writing), and reports its wall time, the
// compute phase, and its peak memory (VmHWM, workers included: they are threads). The
// table gives the speedup over one worker (wall and compute) and the peak memory each
// worker past the first adds: targets 2 workers >= 1.9x one on G100k, G10k no slower with
// more workers than with fewer, < 10 MB per extra worker.
// Under tsx it first bundles itself, the cold runner and the grid worker with esbuild into
// build/scaling/ (one bundle per entry, no TypeScript compiled at start-up); that folder,
// with build/*.wasm and fixtures/crypto12.arrow beside it as in the repository, runs on
// another machine with plain `node build/scaling/gridScaling.mjs --workers 1,2,4,8,16,auto`
// (the 16-core figures of the issue). `auto` is grid's default worker count (sized to the work).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundled = import.meta.url.endsWith('.mjs');
const root = join(here, bundled ? '../..' : '..');
const outdir = join(root, 'build', 'scaling');
const arg = (name: string, dflt: string): string => {
  const k = process.argv.indexOf(name);
  return k > 0 && k + 1 < process.argv.length ? process.argv[k + 1] : dflt;
};
const quick = process.argv.includes('--quick');
const counts = arg('--workers', '1,2,auto').split(',').map((w) => w.trim());
const reps = Number(arg('--reps', '1'));
const GRIDS: [string, string][] = [
  ['G10k', 'strategy=dualMomentum lookback=5:400:5 topN=1..5 rebalance=daily,weekly,weekly-fri,monthly-first,monthly feesBps=0,5,10,20,50'],
  ['G100k', 'strategy=dualMomentum lookback=1:400:1 topN=1..5 rebalance=daily,weekly,weekly-fri,monthly-first,monthly feesBps=0,2,5,10,15,20,30,40,50,100'],
];
if (quick) GRIDS[1] = ['G20k', `${GRIDS[1][1]} sample=20000 seed=2`];

if (!bundled) {
  const esbuild = join(root, 'node_modules', '.bin', 'esbuild');
  mkdirSync(outdir, { recursive: true });
  const t0 = performance.now();
  execFileSync(esbuild, [
    join(root, 'bench', 'gridCold.ts'), join(root, 'src', 'grid', 'worker.ts'), join(root, 'bench', 'gridScaling.ts'),
    '--bundle', '--platform=node', '--format=esm', `--outdir=${outdir}`, '--entry-names=[name]', '--out-extension:.js=.mjs',
    '--external:vega', '--external:vega-lite', '--external:parquet-wasm', '--log-level=warning',
    // Bundled ESM has no require(): give it one for the CommonJS dependencies.
    '--banner:js=import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  ], { stdio: 'inherit' });
  console.log(`bundled bench/gridCold.ts, src/grid/worker.ts and bench/gridScaling.ts into build/scaling/ in ${(performance.now() - t0).toFixed(0)} ms`);
}

interface Run {
  wallMs: number;
  computeMs: number;
  startupMs: number;
  workersStarted: number;
  workers: number;
  completed: number;
  peakMb: number;
}

/** One cold run: `node build/scaling/gridCold.mjs` in a fresh process. */
function cold(spec: string, workers: string): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'xmom-scaling-'));
  const data = join(root, 'fixtures', 'crypto12.arrow');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(outdir, 'gridCold.mjs'), data, out, workers, '--no-write', '--force', ...spec.split(' ')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      rmSync(out, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`cold run (${workers} workers) exited with ${code}: ${text}`));
      const r = JSON.parse(text.trim().split('\n').pop()!);
      resolve({ wallMs, computeMs: r.stats.computeMs, startupMs: r.stats.startupMs, workersStarted: r.stats.workersStarted, workers: r.stats.workers, completed: r.completed, peakMb: r.vmHwmKb / 1024 });
    });
  });
}

const best = (runs: Run[]): Run => runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
const load0 = loadavg();
console.log(`${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${load0.map((x) => x.toFixed(2)).join(' ')}; best of ${reps} cold run(s) each`);
const rows: string[][] = [['grid', 'workers', 'started', 'wall s', 'compute s', 'speedup wall', 'speedup compute', 'peak MB', 'MB / extra worker']];
const results: Record<string, Record<string, Run>> = {};
for (const [name, spec] of GRIDS) {
  results[name] = {};
  for (const w of counts) {
    const runs: Run[] = [];
    for (let k = 0; k < reps; k++) runs.push(await cold(spec, w));
    results[name][w] = best(runs);
  }
  const one = results[name]['1'];
  for (const w of counts) {
    const r = results[name][w];
    const extra = r.workers - 1;
    rows.push([
      name, w, String(r.workersStarted), (r.wallMs / 1000).toFixed(2), (r.computeMs / 1000).toFixed(2),
      one ? `${(one.wallMs / r.wallMs).toFixed(2)}x` : '-', one ? `${(one.computeMs / r.computeMs).toFixed(2)}x` : '-',
      r.peakMb.toFixed(1), one && extra > 0 ? ((r.peakMb - one.peakMb) / extra).toFixed(1) : '-',
    ]);
  }
}
const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((x, c) => x.padStart(width[c])).join('  '));
console.log(`load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')} (figures under that load)`);
if (!bundled) {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'grid-scaling.json'), `${JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, loadStart: load0, loadEnd: loadavg(), reps, results }, null, 2)}\n`);
}

