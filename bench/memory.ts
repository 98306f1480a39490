// Memory benchmarks (`npm run bench:memory`): kernel results that are never freed.
//   loop: 5,000 ewmMean calls on a 2520 x 100 panel in one synchronous loop without
//         free(); completes? peak RSS (process maxRSS), wasm memory, time. Runs in a
//         child process so that its peak RSS is its own.
//   pair: ewmMean on 2520 x 1000 with free() vs without, in one process, alternating
//         batches, best of N batch means (the machine is shared and noisy); once in a
//         synchronous loop (no finaliser can run: every result past the budget is
//         spilled) and once yielding to the event loop after each call (await
//         setImmediate: the FinalizationRegistry frees collected results).
// Writes bench/results/memory.json (memory.quick.json with --quick; --no-loop skips the loop).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Panel, ewmMean, memoryStats } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { setGcPressure } from '../src/engine/residency.js';

const MiB = 2 ** 20;
const args = process.argv.slice(2);
const quick = args.includes('--quick');

function panel(T: number, N: number, seed: number): Panel {
  const p = new Panel(T, N);
  const v = p.values;
  let s = seed;
  for (let i = 0; i < v.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] = 100 + s / 2147483648;
  }
  return p;
}

interface LoopResult { calls: number; ms: number; peakRssMiB: number; wasmMiB: number; spills: number; checksum: number }

/** The child: `calls` ewmMean calls without free(), then its figures as JSON on stdout. */
function loop(calls: number): LoopResult {
  const x = panel(2520, 100, 1);
  const t0 = performance.now();
  let checksum = 0;
  for (let i = 0; i < calls; i++) {
    const r = ewmMean(x, { span: 10 + (i % 50) });
    checksum += r.values[r.size - 1];
  }
  const ms = performance.now() - t0;
  return {
    calls, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, wasmMiB: engine().memory.buffer.byteLength / MiB,
    spills: memoryStats().spills, checksum,
  };
}

/** Mean ms per call over `n` calls, freeing each result or not. */
/** CPU milliseconds of this process (all its threads, the GC's included). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function batch(x: Panel, n: number, free: boolean): number {
  const t0 = cpuMs();
  for (let i = 0; i < n; i++) {
    const r = ewmMean(x, { span: 20 });
    if (free) r.free();
  }
  return (cpuMs() - t0) / n;
}

/** As `batch`, yielding to the event loop after every call. */
async function batchAsync(x: Panel, n: number, free: boolean): Promise<number> {
  let t = 0;
  for (let i = 0; i < n; i++) {
    const t0 = cpuMs();
    const r = ewmMean(x, { span: 20 });
    if (free) r.free();
    t += cpuMs() - t0;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return t / n;
}

interface Pair { withFree: number; withoutFree: number; ratio: number; batches: number; callsPerBatch: number; spills: number }

async function pair(batches: number, n: number, yielding: boolean): Promise<Pair> {
  const run = (x: Panel, k: number, free: boolean): Promise<number> | number => (yielding ? batchAsync(x, k, free) : batch(x, k, free));
  const x = panel(2520, 1000, 2);
  await run(x, 5, true);
  await run(x, 5, false);
  const spills0 = memoryStats().spills;
  let withFree = Infinity;
  let withoutFree = Infinity;
  for (let b = 0; b < batches; b++) {
    withFree = Math.min(withFree, await run(x, n, true));
    withoutFree = Math.min(withoutFree, await run(x, n, false));
  }
  return { withFree, withoutFree, ratio: withoutFree / withFree, batches, callsPerBatch: n, spills: memoryStats().spills - spills0 };
}

if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(loop(Number(args[1]))));
} else {
  const calls = 5000;
  const self = fileURLToPath(import.meta.url);
  const l = args.includes('--no-loop') ? null : JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, '--child', String(calls)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as LoopResult;
  if (l) console.log(`loop: ${l.calls} ewmMean calls on 2520 x 100 without free(): ${(l.ms / 1000).toFixed(2)} s, peak RSS ${l.peakRssMiB.toFixed(0)} MiB `
    + `(target < 1024), wasm memory ${l.wasmMiB.toFixed(0)} MiB, ${l.spills} spills`);
  const pairs: Record<string, Pair> = {};
  for (const [yielding, ballast] of [[false, false], [true, false], [false, true], [true, true]]) {
    setGcPressure(ballast);
    const p = await pair(quick ? 3 : 6, quick ? 20 : 40, yielding);
    const mode = `${yielding ? 'yielding' : 'sync'}${ballast ? '+ballast' : ''}`;
    pairs[mode] = p;
    console.log(`pair (${mode}): ewmMean 2520 x 1000, best of ${p.batches} batches of ${p.callsPerBatch} calls, alternating: with free() ${p.withFree.toFixed(2)} ms, `
      + `without ${p.withoutFree.toFixed(2)} ms, ratio ${p.ratio.toFixed(2)} (target <= 1.3), ${p.spills} spills`);
  }
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(quick ? 'memory.quick.json' : 'memory.json', dir), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loop: l, pairs }, null, 2)}\n`);
}
